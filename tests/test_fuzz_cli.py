"""Property test (hypothesis): random and mutated YAML and JSON given to every loader and every
command that reads a file — never a traceback, never an internal error, never a hang.

Each example starts from a real file of the project (a quiz, a lab, a scenario, a results file, a
responses file, mkdocs.yml) and breaks it as an editor slip or an attacker would: deleted or
duplicated lines, stray ``:``, ``-``, tabs, quotes, anchors and aliases, Python tags, huge numbers,
deep brackets. The command runs in this process (``main([...])``); what it prints is captured.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvlab.cli import main
from hvlab.labs.loader import validate_lab
from hvlab.quiz.loader import check_quiz_file
from hvlab.sources import read_json, read_yaml
from tests.conftest import ROOT
from tests.hang import no_hang

pytestmark = pytest.mark.slow

#: Examples per target; HVLAB_FUZZ_EXAMPLES=1000 for a longer hunt.
EXAMPLES = int(os.environ.get("HVLAB_FUZZ_EXAMPLES", "40"))
_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_TOKENS = [
    ":",
    ": ",
    "- ",
    "\t",
    "  ",
    "    ",
    "#",
    " #x",
    "&a ",
    "*a",
    "<<: *a",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "\n",
    "\n---\n",
    "!!python/object/apply:os.system ['true']",
    "!!binary",
    "1e308",
    "-1",
    "99999999999999999999999999",
    ".nan",
    "null",
    "~",
    "yes",
    "é«»",
    "\x00",
    "[" * 200,
    "%",
    "@",
    "`",
    "?",
    "|",
    ">",
    '=HYPERLINK("x")',
]


@st.composite
def mutated(draw: st.DrawFn, seed: str) -> str:
    """``seed`` with one to five random edits."""
    text = seed
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "indent"]))
        lines = text.splitlines(keepends=True) or [""]
        if kind == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(_TOKENS)) + text[at:]
        elif kind == "delete" and text:
            at = draw(st.integers(0, len(text) - 1))
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "duplicate":
            at = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: at + 1] + lines[at:])
        elif kind == "swap" and len(lines) > 1:
            a, b = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[a], lines[b] = lines[b], lines[a]
            text = "".join(lines)
        elif kind == "indent":
            at = draw(st.integers(0, len(lines) - 1))
            lines[at] = draw(st.sampled_from([" ", "  ", "\t", ""])) + lines[at].lstrip(" ")
            text = "".join(lines)
    return text


def _any_text() -> st.SearchStrategy[str]:
    alphabet = st.sampled_from(list("abc: -[]{},'\"#&*!|>%@`\n\t?=~0123456789.éà«»\\") + _TOKENS)
    return st.lists(alphabet, max_size=80).map("".join)


def _yaml_or_mutant(seed: str) -> st.SearchStrategy[str]:
    return st.one_of(mutated(seed), _any_text())


def _json_values() -> st.SearchStrategy[object]:
    leaves = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**30), 10**30),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
    )
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    )


def _json_or_mutant(seed: str) -> st.SearchStrategy[str]:
    return st.one_of(
        mutated(seed),
        _json_values().map(json.dumps),
        st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
    )


def _read(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


QUIZ = _read("quizzes/hyperviseur.yaml")
LAB = _read("tests/labs/fixtures/mini/lab.yaml")
SCENARIO = _read("labs/scenarios/tp-reseau.yaml")
MKDOCS = _read("mkdocs.yml")
RESULTS = json.dumps(
    {
        "format": "hvlab-quiz-results",
        "version": 1,
        "quiz": "hyperviseur",
        "title": "L'hyperviseur",
        "student": "Ada",
        "date": "2026-12-01T10:00:00",
        "score": 1,
        "max": 1,
        "questions": [
            {
                "id": "definition",
                "score": 1,
                "max": 1,
                "correct": True,
                "response": 0,
                "seed": None,
                "hints_used": 0,
            }
        ],
    },
    indent=2,
)
RESPONSES = json.dumps({"definition": 0, "isolation": False, "alias-vmm": "VMM"}, indent=2)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="hvlab-fuzz-") as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "tests" / "labs" / "fixtures" / "mini", root / "labs" / "mini")
        yield root


def _command(*argv: str) -> None:
    """Run ``hvlab argv``: exit 0 or 1, French, no traceback, no internal error, no hang."""
    out, err = io.StringIO(), io.StringIO()
    with (
        no_hang("hvlab " + " ".join(argv)),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse: usage errors only
            code = exit_.code if isinstance(exit_.code, int) else 2
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text, text[-2000:]
    assert "Erreur interne" not in text, text[-2000:]
    assert code in (0, 1), (code, text[-2000:])


@_SETTINGS
@given(text=_yaml_or_mutant(QUIZ))
def test_quiz_loader_and_quiz_check(workdir: Path, text: str) -> None:
    path = workdir / "hyperviseur.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for problem in check_quiz_file(path):
        assert problem.message
    read_yaml(text)
    _command("quiz", "check", str(path))


@_SETTINGS
@given(text=_yaml_or_mutant(LAB))
def test_lab_loader_lab_validate_and_list(workdir: Path, text: str) -> None:
    folder = workdir / "labs" / "mini"
    (folder / "lab.yaml").write_text(text, encoding="utf-8")
    for problem in validate_lab(folder):
        assert problem.message
    _command("lab", "validate", str(folder))
    _command("lab", "list", "--labs-dir", str(workdir / "labs"))


@_SETTINGS
@given(text=_yaml_or_mutant(SCENARIO))
def test_sim_scenario(workdir: Path, text: str) -> None:
    path = workdir / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    _command("sim", "scenario", str(path))


@_SETTINGS
@given(text=_json_or_mutant(RESULTS))
def test_quiz_report(workdir: Path, text: str) -> None:
    path = workdir / "resultats.json"
    path.write_text(text, encoding="utf-8")
    read_json(text)
    _command("quiz", "report", str(path))


@_SETTINGS
@given(text=_json_or_mutant(RESPONSES))
def test_quiz_grade(workdir: Path, text: str) -> None:
    path = workdir / "reponses.json"
    path.write_text(text, encoding="utf-8")
    _command("quiz", "grade", str(ROOT / "quizzes" / "hyperviseur.yaml"), "--responses", str(path))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated(MKDOCS))
def test_check_nav_on_a_broken_mkdocs_yml(workdir: Path, text: str) -> None:
    course = workdir / "cours"
    if not course.exists():
        course.mkdir()
        shutil.copytree(ROOT / "docs", course / "docs")
        shutil.copytree(ROOT / "quizzes", course / "quizzes")
        (course / "labs").mkdir()
    (course / "mkdocs.yml").write_text(text, encoding="utf-8")
    _command("check", "--root", str(course), "--only", "nav")
