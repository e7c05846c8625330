"""The YAML reader: positions, French errors with the line and a caret, hints, and its limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvlab.sources import Limits, human_path, read_yaml, read_yaml_file
from tests.hang import no_hang
from tests.reads import files_opened


def _only(text: str) -> tuple[str, int, int, str]:
    document = read_yaml(text, file="q.yaml")
    assert len(document.problems) == 1, [str(p) for p in document.problems]
    problem = document.problems[0]
    return problem.message, problem.line, problem.column, problem.excerpt


def test_positions_of_values_and_keys_are_one_based() -> None:
    document = read_yaml("id: q\nquestions:\n  - id: a\n    prompt: Pourquoi ?\n")
    assert document.data == {"id": "q", "questions": [{"id": "a", "prompt": "Pourquoi ?"}]}
    assert document.marks[("questions", 0, "prompt")] == (4, 13)
    assert document.key_marks[("questions", 0, "prompt")] == (4, 5)
    assert document.position(("questions", 0, "absent")) == (3, 5)
    assert not document.problems


@pytest.mark.parametrize(
    ("text", "line", "column", "what", "hint"),
    [
        ("id: q\n\tprompt: x\n", 2, 1, "tabulation interdite en YAML", "indentez avec des espaces"),
        (
            "prompt: Rôle : tout\n",
            1,
            14,
            "« : » inattendu",
            "un texte qui contient « : » suivi d'une espace se met entre guillemets",
        ),
        (
            "questions:\n  - id: a\n    prompt: x\n   - id: b\n",
            4,
            4,
            "élément mal indenté",
            "les « - » d'une même liste commencent à la même colonne",
        ),
        (
            'id: q\nprompt: "Pourquoi\ntitle: t\n',
            2,
            9,
            "fin de fichier inattendue",
            "un guillemet ouvert n'est pas refermé",
        ),
        ("items: [a, b\nid: x\n", 2, 3, "liste entre crochets mal fermée", "fermez avec « ] »"),
    ],
    ids=["tab", "colon-in-text", "indentation", "unclosed-quote", "flow-list"],
)
def test_syntax_error_in_french_with_line_caret_and_hint(
    text: str, line: int, column: int, what: str, hint: str
) -> None:
    message, found_line, found_column, shown = _only(text)
    assert message.startswith(f"YAML invalide : {what} — ")
    assert hint in message
    assert (found_line, found_column) == (line, column)
    source = text.splitlines()[line - 1].replace("\t", "→")
    assert shown == f"    {line} | {source}\n      | {' ' * (column - 1)}^"


def test_english_never_reaches_the_author() -> None:
    for text in ("a: [\n", "a: {b\n", "? [a]\n: b\n", "a: *nope\n", "%YAML 9\n---\na: b\n", "@x\n"):
        for problem in read_yaml(text).problems:
            assert "expected" not in problem.message and "found" not in problem.message, problem


def test_duplicate_key_names_the_first_line() -> None:
    message, line, column, _ = _only("id: q\ntitle: a\nid: r\n")
    assert message == (
        "clé « id » répétée (déjà ligne 1) : une seule occurrence est permise ; supprimez ou "
        "renommez l'une des deux."
    )
    assert (line, column) == (3, 1)


def test_text_cut_by_a_hash_is_reported() -> None:
    message, line, column, _ = _only("prompt: Le port #1 est coupé\npoints: 2 # un commentaire\n")
    assert message.startswith("texte coupé avant « #1 est coupé » : en YAML, « # » après une")
    assert (line, column) == (1, 9)


def test_empty_document_has_no_data_and_no_problem() -> None:
    document = read_yaml("# rien\n")
    assert document.data is None and not document.problems


def test_items_are_numbered_from_one_for_a_person() -> None:
    assert human_path(("questions", 4, "options", 0, "text")) == (
        "questions n° 5 › options n° 1 › text"
    )
    document = read_yaml("a:\n  - x\n  - .inf\n", file="q.yaml")
    assert str(document.problems[0]).startswith("q.yaml:3:5: a n° 2 : nombre non fini (inf)")


def _billion_laughs(levels: int = 9) -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(levels):
        name, previous = chr(98 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_stops_at_the_alias_limit() -> None:
    with no_hang("read_yaml d'une bombe d'alias"):
        document = read_yaml(_billion_laughs(), file="tp.yaml")
    assert document.data is None
    [problem] = document.problems
    assert "les alias (*nom) répètent trop de valeurs : plus de 10\u202f000 au total" in str(
        problem
    )


def test_recursive_alias_is_a_problem() -> None:
    message, *_ = _only("a: &a [1, *a]\n")
    assert message.startswith("alias récursif")


@pytest.mark.parametrize("brackets", [60, 5000, 100_000])
def test_deep_nesting_names_the_limit(brackets: int) -> None:
    with no_hang(f"read_yaml de {brackets} crochets imbriqués"):
        message, *_ = _only("a: " + "[" * brackets + "]" * brackets + "\n")
    assert message.startswith("document trop imbriqué : 50 niveaux")


def test_too_many_values_names_the_limit() -> None:
    text = "a: [" + ", ".join(["0"] * 1001) + "]\n"
    document = read_yaml(text, limits=Limits(max_values=1000))
    assert document.data is None
    assert (
        document.problems[0].message
        == "document trop volumineux : plus de 1\u202f000 valeurs ; découpez-le."
    )


def test_a_50_mb_file_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "quiz.yaml"
    with huge.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)
    opened = files_opened(monkeypatch)
    document = read_yaml_file(huge, file="quizzes/quiz.yaml")
    assert huge.resolve() not in opened, "the file was opened: its size is checked first"
    [problem] = document.problems
    assert str(problem) == (
        "quizzes/quiz.yaml: fichier trop volumineux : 50\u202fMio pour 2\u202fMio au plus (la "
        "limite d'un fichier de cours) ; découpez-le, ou vérifiez que c'est le bon fichier."
    )


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    latin = tmp_path / "q.yaml"
    latin.write_bytes("id: q\ntitle: Quiz du réseau\n".encode("latin-1"))
    [problem] = read_yaml_file(latin).problems
    assert problem.line == 2
    assert "il n'est pas en UTF-8 (octet 0xe9) ; enregistrez-le en UTF-8" in problem.message


def test_a_folder_or_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    assert read_yaml_file(tmp_path).problems[0].message.startswith("c'est un dossier")
    assert read_yaml_file(tmp_path / "x.yaml").problems[0].message.startswith("fichier introuvable")
