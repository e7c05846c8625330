"""Moodle exports: GIFT parsed back by the independent parser gift-pegjs; Moodle XML well-formed
and using only Moodle's allowed grade fractions."""

from __future__ import annotations

import doctest
import importlib
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from hvlab.errors import ValidationError
from hvlab.quiz import Quiz, load_quiz, quiz_from_dict, variant
from hvlab.quiz.export import MOODLE_FRACTIONS, export_gift, export_moodle_xml, nearest_fraction
from hvlab.quiz.export._common import inline_html
from hvlab.quiz.export.gift import escape_gift
from hvlab.quiz.export.moodle_xml import cdata
from tests.conftest import ROOT, require

SAMPLE = ROOT / "quizzes" / "exemple-tous-types.yaml"
ALLOWED = {round(f, 5) for f in MOODLE_FRACTIONS} | {round(-f, 5) for f in MOODLE_FRACTIONS}


def _parse_gift(text: str) -> list[dict[str, Any]]:
    require(shutil.which("node") is not None, "node is not installed")
    require((ROOT / "node_modules" / "gift-pegjs").is_dir(), "npm package gift-pegjs missing")
    script = (
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{"
        "process.stdout.write(JSON.stringify(require('gift-pegjs').parse(s)))})"
    )
    done = subprocess.run(
        ["node", "-e", script], input=text, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


@pytest.fixture(scope="module")
def sample() -> Quiz:
    return load_quiz(SAMPLE)


@pytest.fixture(scope="module")
def gift(sample: Quiz) -> dict[str, dict[str, Any]]:
    export = export_gift([sample], variants=4)
    parsed = _parse_gift(export.text)
    questions = [q for q in parsed if q["type"] != "Category"]
    assert len(questions) == export.question_count
    return {q["title"]: q for q in questions}


def test_nearest_fraction() -> None:
    assert nearest_fraction(100 / 3) == (33.33333, False)
    assert nearest_fraction(-50) == (-50.0, False)
    assert nearest_fraction(100 / 11) == (10.0, True)
    assert nearest_fraction(-100 / 6) == (-16.66667, False)
    assert nearest_fraction(42) == (40.0, True)


def test_gift_escaping_round_trip() -> None:
    tricky = "a ~ b = c # d { e } f : g \\ h"
    assert escape_gift(tricky) == "a \\~ b \\= c \\# d \\{ e \\} f \\: g \\\\ h"
    quiz = quiz_from_dict(
        {
            "id": "echap",
            "title": "Échappement",
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "prompt": "Que vaut {x} ?",
                    "options": [
                        {"text": "x = 1 : oui ~ peut-être # non", "correct": True},
                        {"text": "{vide}", "feedback": "a = b"},
                    ],
                },
                {"id": "t", "type": "text", "prompt": "p", "accept": ["C:\\temp", "x=y"]},
            ],
        }
    )
    parsed = {q["title"]: q for q in _parse_gift(export_gift([quiz]).text) if "stem" in q}
    assert parsed["q"]["stem"]["text"] == "<p>Que vaut {x} ?</p>"
    texts = [c["text"]["text"] for c in parsed["q"]["choices"]]
    assert texts == ["x = 1 : oui ~ peut-être # non", "{vide}"]
    assert parsed["q"]["choices"][1]["feedback"]["text"] == "<p>a = b</p>"
    assert [c["text"]["text"] for c in parsed["t"]["choices"]] == ["C:\\temp", "x=y"]


def test_gift_single_choice(sample: Quiz, gift: dict[str, dict[str, Any]]) -> None:
    question = sample.question("type-esxi")
    parsed = gift["type-esxi"]
    assert parsed["type"] == "MC"
    assert parsed["stem"]["format"] == "html"
    assert [c["isCorrect"] for c in parsed["choices"]] == [o.correct for o in question.options]
    assert [c["text"]["text"] for c in parsed["choices"]] == [
        inline_html(o.text) for o in question.options
    ]
    assert parsed["choices"][1]["feedback"]["text"] == f"<p>{question.options[1].feedback}</p>"
    assert parsed["globalFeedback"]["text"].startswith("<p>Un hyperviseur de type 1")


def test_gift_multiple_weights(gift: dict[str, dict[str, Any]]) -> None:
    weights = [c["weight"] for c in gift["apports"]["choices"]]
    # 3 right options: 100/3 each; 2 wrong ones: -100/2 each
    assert weights == [33.33333, 33.33333, 33.33333, -50, -50]


def test_gift_true_false_numeric_text(gift: dict[str, dict[str, Any]]) -> None:
    assert gift["type2-sans-hote"]["type"] == "TF"
    assert gift["type2-sans-hote"]["isTrue"] is False
    assert gift["utilisation-avant"]["choices"] == {"type": "range", "number": 7.5, "range": 2.5}
    # relative tolerance 5 % of 24 Go = 1.2
    assert gift["memoire-hotes"]["choices"] == {"type": "range", "number": 24, "range": 1.2}
    short = gift["synonyme-hyperviseur"]
    assert short["type"] == "Short"
    assert [c["text"]["text"] for c in short["choices"]] == ["VMM", "Virtual Machine Monitor"]


def test_gift_parametrised_as_fixed_variants(sample: Quiz, gift: dict[str, dict[str, Any]]) -> None:
    question = sample.question("hotes-necessaires")
    names = sorted(name for name in gift if name.startswith("hotes-necessaires-v"))
    assert 1 < len(names) <= 4
    for name in names:
        shown = variant(question, int(name.rsplit("-v", 1)[1]))
        assert gift[name]["choices"]["number"] == shown.answer
        assert f"{shown.params['servers']} serveurs" in gift[name]["stem"]["text"]


def test_gift_matching_with_distractor(sample: Quiz, gift: dict[str, dict[str, Any]]) -> None:
    parsed = gift["types-produits"]
    assert parsed["type"] == "Matching"
    pairs = [(p["subquestion"]["text"], p["subanswer"]) for p in parsed["matchPairs"]]
    expected = [(p.left, p.right) for p in sample.question("types-produits").pairs]
    assert pairs == [*expected, ("", "Ni l'un ni l'autre")]


def test_gift_ordering_as_matching_on_ranks(sample: Quiz, gift: dict[str, dict[str, Any]]) -> None:
    parsed = gift["deploiement-avant"]
    assert parsed["type"] == "Matching"
    pairs = [(p["subquestion"]["text"], p["subanswer"]) for p in parsed["matchPairs"]]
    items = sample.question("deploiement-avant").items
    assert pairs == [(item, str(rank)) for rank, item in enumerate(items, start=1)]


def test_gift_notes_what_it_cannot_express(sample: Quiz) -> None:
    notes = export_gift([sample]).notes
    assert any("couches-esxi" in n and "tout ou rien" in n for n in notes)
    assert any("memoire-hotes" in n and "l'unité (Go)" in n for n in notes)
    assert any("apports" in n and "points" in n for n in notes)


def _xml(quizzes: list[Quiz], variants: int = 3) -> ET.Element:
    return ET.fromstring(export_moodle_xml(quizzes, variants=variants).text)


def _by_name(root: ET.Element) -> dict[str, ET.Element]:
    return {
        q.findtext("name/text", ""): q for q in root.iter("question") if q.get("type") != "category"
    }


def test_xml_well_formed_and_only_allowed_fractions(sample: Quiz) -> None:
    root = _xml([sample])
    assert root.tag == "quiz"
    for question in root.iter("question"):
        if question.get("type") == "ordering":
            continue
        for answer in question.iter("answer"):
            if "fraction" in answer.attrib:
                assert round(float(answer.attrib["fraction"]), 5) in ALLOWED


def test_xml_question_types_points_hints_and_category(sample: Quiz) -> None:
    root = _xml([sample])
    categories = [
        q.findtext("category/text") for q in root.iter("question") if q.get("type") == "category"
    ]
    assert categories[0] == "$course$/top/Virtualisation/Exemple"
    assert "$course$/top/Virtualisation/Exemple/hotes-necessaires" in categories
    questions = _by_name(root)
    assert questions["type-esxi"].get("type") == "multichoice"
    assert questions["type-esxi"].findtext("single") == "true"
    assert questions["apports"].findtext("single") == "false"
    assert questions["apports"].findtext("defaultgrade") == "2"
    assert questions["apports"].findtext("penalty") == "0.2"
    assert questions["apports"].findtext("hint/text") == "<p>Il y a trois bonnes réponses.</p>"
    assert questions["type2-sans-hote"].get("type") == "truefalse"
    assert questions["migration-a-chaud"].get("type") == "shortanswer"
    assert questions["migration-a-chaud"].findtext("usecase") == "0"
    assert questions["types-produits"].get("type") == "matching"


def test_xml_numeric_units_with_moodle_multipliers(sample: Quiz) -> None:
    question = _by_name(_xml([sample]))["memoire-hotes"]
    assert question.get("type") == "numerical"
    assert question.findtext("answer/text") == "24"
    assert question.findtext("answer/tolerance") == "1.2"
    units = {u.findtext("unit_name"): u.findtext("multiplier") for u in question.iter("unit")}
    # 1 Go = 1000 Mo = 0.001 To: Moodle multiplies the answer in the first unit
    assert units == {"Go": "1", "Mo": "1000", "To": "0.001"}


def test_xml_ordering_question(sample: Quiz) -> None:
    questions = _by_name(_xml([sample]))
    ordering = questions["deploiement-avant"]
    assert ordering.get("type") == "ordering"
    assert ordering.findtext("gradingtype") == "ABSOLUTE_POSITION"
    items = [a.findtext("text") for a in ordering.iter("answer")]
    assert items == list(sample.question("deploiement-avant").items)
    assert [a.get("fraction") for a in ordering.iter("answer")] == ["1", "2", "3", "4"]
    assert questions["couches-esxi"].findtext("gradingtype") == "ALL_OR_NOTHING"


def test_xml_matching_distractor_is_an_empty_subquestion(sample: Quiz) -> None:
    question = _by_name(_xml([sample]))["types-produits"]
    subs = [
        (s.findtext("text") or "", s.findtext("answer/text")) for s in question.iter("subquestion")
    ]
    assert subs[-1] == ("", "Ni l'un ni l'autre")
    assert len(subs) == 5


def test_xml_parametrised_variants_and_ignore_accents() -> None:
    quiz = quiz_from_dict(
        {
            "id": "p",
            "title": "P",
            "questions": [
                {
                    "id": "n",
                    "type": "numeric",
                    "params": {"a": {"range": [1, 3]}},
                    "prompt": "{a} × 2 ?",
                    "answer": "a * 2",
                },
                {
                    "id": "t",
                    "type": "text",
                    "prompt": "?",
                    "accept": ["été"],
                    "ignore_accents": True,
                },
            ],
        }
    )
    questions = _by_name(_xml([quiz], variants=10))
    variants = sorted(name for name in questions if name.startswith("n-v"))
    assert len(variants) == 3  # only three distinct values of a
    answers = sorted(float(questions[name].findtext("answer/text") or "0") for name in variants)
    assert answers == [2.0, 4.0, 6.0]
    # Every partly accented form too (compare_string_with_wildcard only ignores case).
    assert [a.findtext("text") for a in questions["t"].iter("answer")] == [
        "été",
        "éte",
        "eté",
        "ete",
    ]


def _multiple_quiz(right: int, wrong: int) -> Quiz:
    options = [{"text": f"bon {i}", "correct": True} for i in range(right)]
    options += [{"text": f"faux {i}"} for i in range(wrong)]
    return quiz_from_dict(
        {
            "id": "r",
            "title": "R",
            "questions": [{"id": "m", "type": "multiple", "prompt": "?", "options": options}],
        }
    )


def test_xml_multiple_with_eleven_right_options_still_adds_up_to_100() -> None:
    # qtype_multichoice refuses a multiple-answer question whose positive fractions do not add up
    # to 100 % (round(total, 2) != 1 -> errfractionsaddwrong): 11 x 10 % = 110 % would be refused.
    # 100/11 is not an allowed fraction, so 9 x 10 % + 2 x 5 % = 100 %.
    export = export_moodle_xml([_multiple_quiz(11, 1)])
    fractions = [a.get("fraction") for a in ET.fromstring(export.text).iter("answer")]
    assert fractions == ["10"] * 9 + ["5"] * 2 + ["-100"]
    assert any("9 × 10 % + 2 × 5 %" in note for note in export.notes)


@pytest.mark.parametrize("right", range(1, 21))
def test_multiple_right_fractions_always_add_up_to_100(right: int) -> None:
    export = export_moodle_xml([_multiple_quiz(right, 2)])
    positives = [
        float(a.get("fraction", "0"))
        for a in ET.fromstring(export.text).iter("answer")
        if float(a.get("fraction", "0")) > 0
    ]
    assert len(positives) == right
    assert round(sum(positives) / 100, 2) == 1
    assert all(round(f, 5) in ALLOWED for f in positives)


def test_multiple_with_21_right_options_is_refused_in_french() -> None:
    with pytest.raises(ValidationError, match="20 bonnes options au plus"):
        export_moodle_xml([_multiple_quiz(21, 1)])


def test_cdata_splits_the_end_marker() -> None:
    wrapped = cdata("a ]]> b")
    element = ET.fromstring(f"<t>{wrapped}</t>")
    assert element.text == "a ]]> b"


def test_xml_escapes_markup_in_names_and_texts() -> None:
    quiz = quiz_from_dict(
        {
            "id": "x",
            "title": "A & B <c>",
            "questions": [
                {"id": "t", "type": "text", "prompt": "1 < 2 && ]]> ?", "accept": ["<b>&"]},
            ],
        }
    )
    root = _xml([quiz])
    question = _by_name(root)["t"]
    assert question.findtext("answer/text") == "<b>&"
    assert (question.findtext("questiontext/text") or "") == "<p>1 &lt; 2 &amp;&amp; ]]&gt; ?</p>"
    assert root.find("question/category/text") is not None
    assert root.findtext("question/category/text") == "$course$/top/A & B <c>"


def test_every_course_quiz_exports_to_parsable_gift_and_valid_xml() -> None:
    quizzes = [load_quiz(path) for path in sorted((ROOT / "quizzes").glob("*.yaml"))]
    gift_export = export_gift(quizzes, variants=3)
    parsed = [q for q in _parse_gift(gift_export.text) if q["type"] != "Category"]
    assert len(parsed) == gift_export.question_count
    root = _xml(quizzes)
    for question in root.iter("question"):
        if question.get("type") in ("category", "ordering"):
            continue
        for answer in question.findall("answer"):
            assert round(float(answer.attrib["fraction"]), 5) in ALLOWED


@pytest.mark.parametrize(
    "name",
    ["hvlab.quiz.export._common", "hvlab.quiz.export._numerical", "hvlab.quiz.export._shortanswer"],
)
def test_export_helpers_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failures, tried = doctest.testmod(module)
    assert tried and failures == 0
