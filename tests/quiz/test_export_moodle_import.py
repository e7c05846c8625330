"""Every course quiz, exported, read back the way Moodle's importers read it, and compared with its
YAML (tests/quiz/moodle_import.py mirrors qformat_xml, qformat_gift and qtype_ordering)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

import pytest

from hvlab.quiz import Question, Quiz, load_quiz, quiz_from_dict, variant
from hvlab.quiz.export import export_gift, export_moodle_xml
from hvlab.quiz.export._common import inline_html, markdown_to_html, strip_accents, tolerance_abs
from tests.conftest import ROOT
from tests.quiz.moodle_grading import finish, saved_shortanswer
from tests.quiz.moodle_import import (
    Imported,
    MoodleImportError,
    check_import,
    read_gift,
    read_moodle_xml,
    split_category_path,
)

VARIANTS = 3


@pytest.fixture(scope="module")
def course() -> list[Quiz]:
    return [load_quiz(path) for path in sorted((ROOT / "quizzes").glob("*.yaml"))]


def _source(quizzes: list[Quiz], idnumber: str) -> tuple[Quiz, Question, int | None]:
    quiz_id, name = idnumber.split("/", 1)
    quiz = next(q for q in quizzes if q.id == quiz_id)
    match = re.fullmatch(r"(.+)-v(\d+)", name)
    for question in quiz.questions:
        if question.id == name:
            return quiz, question, None
        if match and question.params and question.id == match.group(1):
            return quiz, question, int(match.group(2))
    raise AssertionError(f"no source question for {idnumber}")


def _number(text: str) -> Decimal:
    return Decimal(text)


def _check_common(imported: Imported, quiz: Quiz, question: Question, seed: int | None) -> None:
    shown = variant(question, seed) if seed is not None else variant(question)
    data = imported.data
    expected_type = {
        "single": "multichoice",
        "multiple": "multichoice",
        "true_false": "truefalse",
        "numeric": "numerical",
        "text": "shortanswer",
        "matching": "match",
        "ordering": "ordering",
    }[question.type]
    assert imported.qtype == expected_type
    if question.type in ("single", "multiple"):
        texts = [a["text"] for a in data["answer"]]
        assert texts == [inline_html(t) for t in shown.options]
        assert data["single"] == (1 if question.type == "single" else 0)
        for option, fraction in zip(question.options, data["fraction"], strict=True):
            if question.type == "single":
                assert fraction == (1.0 if option.correct else 0.0)
            else:
                assert (fraction > 0) == option.correct
    elif question.type == "true_false":
        assert data["correctanswer"] == bool(shown.answer)
    elif question.type == "numeric":
        answer = float(shown.answer)
        assert data["fraction"] == [1.0]
        assert float(_number(data["answer"][0])) == pytest.approx(answer, rel=1e-12)
        assert float(_number(data["tolerance"][0])) == pytest.approx(
            tolerance_abs(question, answer), rel=1e-9, abs=1e-12
        )
    elif question.type == "text":
        # Each accepted answer is one of Moodle's (compare_string_with_wildcard: NFC, trimmed,
        # case ignored unless usecase), and so is its accent-free form when accents are ignored.
        assert data["fraction"] == [1.0] * len(data["answer"])
        saved = saved_shortanswer(imported)
        forms = [*question.accept, *(strip_accents(a) for a in question.accept)]
        for form in forms if question.ignore_accents else question.accept:
            assert finish(saved, {"answer": form}) == 1, form
        assert finish(saved, {"answer": f"{question.accept[0]}!"}) == 0
    elif question.type == "matching":
        lefts = [s["text"] for s in data["subquestions"]]
        assert lefts == [inline_html(p.left) for p in question.pairs] + [""] * len(
            question.distractors
        )
        assert data["subanswers"] == [p.right for p in question.pairs] + list(question.distractors)


def test_course_xml_imports_in_moodle(course: list[Quiz]) -> None:
    export = export_moodle_xml(course, variants=VARIANTS)
    imported = read_moodle_xml(export.text)
    check_import(imported)
    questions = [q for q in imported if q.qtype != "category"]
    assert len(questions) == export.question_count
    categories = [q["category"] for q in imported if q.qtype == "category"]
    for path in categories:
        names = split_category_path(path)
        assert names[:2] == ["$course$", "top"] and all(names)
    for item in questions:
        data = item.data
        quiz, question, seed = _source(course, data["idnumber"])
        shown = variant(question, seed) if seed is not None else variant(question)
        assert data["questiontext"] == {
            "text": markdown_to_html(shown.prompt).strip(),
            "format": "html",
        }
        assert data["defaultmark"] == question.points
        assert data["penalty"] == pytest.approx(question.hint_penalty)
        assert [h["text"] for h in data["hint"]] == [
            markdown_to_html(h).strip() for h in shown.hints
        ]
        # import_hint reads these options from the presence of <shownumcorrect/>, <clearwrong/>.
        assert not any(data["hintshownumcorrect"]) and not any(data["hintclearwrong"])
        if shown.explanation:
            assert data["generalfeedback"]["text"] == markdown_to_html(shown.explanation).strip()
        _check_common(item, quiz, question, seed)
        if question.type == "numeric" and question.unit:
            assert data["unit"][0] == question.unit and data["multiplier"][0] == "1"
            # A menu of units, graded, a wrong or missing unit costing the whole mark.
            assert data["showunits"] == 2 and data["unitgradingtype"] == 1
            assert data["unitpenalty"] == 1
        if question.type == "text":
            assert data["usecase"] == (1 if question.case_sensitive else 0)
        if question.type == "ordering":
            assert [a["text"] for a in data["answer"]] == [inline_html(i) for i in question.items]
            assert data["selecttype"] == "ALL"
            assert data["layouttype"] == "VERTICAL"
            assert data["gradingtype"] == (
                "ALL_OR_NOTHING" if question.all_or_nothing else "ABSOLUTE_POSITION"
            )
            assert data["shownumcorrect"] is True


def test_course_gift_imports_in_moodle(course: list[Quiz]) -> None:
    export = export_gift(course, variants=VARIANTS)
    imported = read_gift(export.text)
    check_import(imported)
    questions = [q for q in imported if q.qtype != "category"]
    assert len(questions) == export.question_count
    for item in questions:
        data = item.data
        quiz, question, seed = _source(course, data["idnumber"])
        shown = variant(question, seed) if seed is not None else variant(question)
        assert data["questiontext"]["format"] == "html"
        assert data["questiontext"]["text"].startswith(markdown_to_html(shown.prompt).strip())
        if shown.explanation:
            assert data["generalfeedback"]["text"] == markdown_to_html(shown.explanation).strip()
        if question.type == "ordering":
            assert item.qtype == "match"
            assert data["subanswers"] == [str(r) for r in range(1, len(question.items) + 1)]
            continue
        _check_common(item, quiz, question, seed)


def _one(question: Mapping[str, object], title: str = "T") -> Quiz:
    return quiz_from_dict({"id": "q", "title": title, "questions": [question]})


def test_shortanswer_star_is_literal_not_a_wildcard() -> None:
    quiz = _one({"id": "s", "type": "text", "prompt": "?", "accept": ["a*b"]})
    xml = [q for q in read_moodle_xml(export_moodle_xml([quiz]).text) if q.qtype != "category"]
    gift = [q for q in read_gift(export_gift([quiz]).text) if q.qtype != "category"]
    # compare_string_with_wildcard treats an unescaped * as ".*": "aXXb" would be accepted.
    assert xml[0]["answer"] == ["a\\*b"]
    assert gift[0]["answer"] == ["a\\*b"]


def test_check_import_refuses_what_moodle_refuses() -> None:
    bad_sum = Imported(
        "multichoice", {"name": "m", "single": 0, "fraction": [0.5, 0.5, 0.5], "idnumber": None}
    )
    with pytest.raises(MoodleImportError, match="errfractionsaddwrong"):
        check_import([bad_sum])
    bad_grade = Imported(
        "multichoice", {"name": "m", "single": 1, "fraction": [1.0, 0.33], "idnumber": None}
    )
    with pytest.raises(MoodleImportError, match="invalidgrade"):
        check_import([bad_grade])


def test_gift_keeps_code_block_indentation_and_blank_lines() -> None:
    prompt = "Que fait ce code ?\n\n    for vm in hote:\n        vm.stop()\n\n    print(1)\n"
    quiz = _one({"id": "s", "type": "text", "prompt": prompt, "accept": ["x"]})
    text = export_gift([quiz]).text
    question = next(q for q in read_gift(text) if q.qtype != "category")
    # escapedchar_post turns each \n back into a line break; nothing else may change.
    assert question["questiontext"]["text"] == markdown_to_html(prompt).strip()
    assert "hote:\n    vm.stop()\n\nprint(1)" in question["questiontext"]["text"]


def test_slash_in_a_title_stays_in_one_category_name() -> None:
    quiz = _one(
        {
            "id": "n",
            "type": "numeric",
            "params": {"a": {"range": [1, 2]}},
            "prompt": "{a} ?",
            "answer": "a",
        },
        title="Entrées/sorties",
    )
    for imported in (
        read_moodle_xml(export_moodle_xml([quiz]).text),
        read_gift(export_gift([quiz]).text),
    ):
        paths = [split_category_path(q["category"]) for q in imported if q.qtype == "category"]
        # qformat_default::split_category_path splits on single slashes only; "//" is one "/".
        assert paths[0] == ["$course$", "top", "Entrées/sorties"]
        assert paths[1] == ["$course$", "top", "Entrées/sorties", "n"]


def test_category_field_slash_still_nests() -> None:
    quiz = quiz_from_dict(
        {
            "id": "c",
            "title": "T",
            "category": "Virtualisation/Réseau",
            "questions": [{"id": "t", "type": "true_false", "prompt": "?", "answer": True}],
        }
    )
    imported = read_moodle_xml(export_moodle_xml([quiz]).text)
    assert split_category_path(imported[0]["category"]) == [
        "$course$",
        "top",
        "Virtualisation",
        "Réseau",
    ]


def _matching(pairs: int, distractors: int) -> Quiz:
    return _one(
        {
            "id": "m",
            "type": "matching",
            "prompt": "?",
            "pairs": [{"left": f"g{i}", "right": f"d{i}"} for i in range(pairs)],
            "distractors": [f"x{i}" for i in range(distractors)],
        }
    )


def test_matching_note_follows_moodle_rule_two_questions_three_answers() -> None:
    # edit_match_form::validation: questions >= 2 and rows (pairs + distractors) >= 3.
    assert any("au moins 2 paires" in n for n in export_moodle_xml([_matching(2, 0)]).notes)
    assert not any("au moins 2 paires" in n for n in export_moodle_xml([_matching(2, 1)]).notes)
    assert not any("au moins 2 paires" in n for n in export_moodle_xml([_matching(3, 0)]).notes)
    with pytest.raises(MoodleImportError, match="notenoughqsandas"):
        check_import(read_moodle_xml(export_moodle_xml([_matching(2, 0)]).text))
    check_import(read_moodle_xml(export_moodle_xml([_matching(2, 1)]).text))


def test_numeric_small_unit_multiplier_keeps_every_digit() -> None:
    quiz = _one(
        {
            "id": "u",
            "type": "numeric",
            "prompt": "?",
            "answer": 2048,
            "unit": "Gio",
            "units": {"Mio": 1 / 1024, "Pio": 1048576},
        }
    )
    question = next(
        q for q in read_moodle_xml(export_moodle_xml([quiz]).text) if q.qtype != "category"
    )
    multipliers = dict(zip(question["unit"], question["multiplier"], strict=True))
    assert multipliers == {"Gio": "1", "Mio": "1024", "Pio": "0.00000095367431640625"}
    # qtype_numerical_answer_processor::apply_units: value in the first unit = value / multiplier.
    # 2048 Gio = 2048 / 1048576 Pio = 0.001953125 Pio, read back exactly.
    assert Decimal("0.001953125") / Decimal(multipliers["Pio"]) == Decimal(2048)


def test_gift_text_starting_like_a_weight_is_not_read_as_one() -> None:
    quiz = quiz_from_dict(
        {
            "id": "w",
            "title": "W",
            "questions": [
                {
                    "id": "c",
                    "type": "single",
                    "prompt": "?",
                    "options": [{"text": "bon", "correct": True}, {"text": "%50% du temps"}],
                },
                {"id": "t", "type": "text", "prompt": "?", "accept": ["%10%"]},
            ],
        }
    )
    imported = [q for q in read_gift(export_gift([quiz]).text) if q.qtype != "category"]
    check_import(imported)
    # qformat_gift: '/^%\-*([0-9]{1,2})\.?([0-9]*)%/' at the start of an answer is its weight.
    assert imported[0]["fraction"] == [1.0, 0.0]
    assert imported[0]["answer"][1]["text"] == "&#37;50% du temps"
    assert imported[1]["answer"] == ["%10%"]
    assert imported[1]["fraction"] == [1.0]


def test_gift_small_matching_and_two_item_ordering_are_noted() -> None:
    assert any("au moins 2 paires" in n for n in export_gift([_matching(2, 0)]).notes)
    assert not any("au moins 2 paires" in n for n in export_gift([_matching(2, 1)]).notes)
    two = _one({"id": "o", "type": "ordering", "prompt": "?", "items": ["a", "b"]})
    # GIFT writes an ordering as a matching question item -> rank: 2 items = 2 answers only.
    assert any("au moins 2 paires" in n for n in export_gift([two]).notes)
    with pytest.raises(MoodleImportError, match="notenoughqsandas"):
        check_import(read_gift(export_gift([two]).text))
    three = _one({"id": "o", "type": "ordering", "prompt": "?", "items": ["a", "b", "c"]})
    assert not any("au moins 2 paires" in n for n in export_gift([three]).notes)


def test_gift_notes_fixed_option_order_it_cannot_keep() -> None:
    fixed = {
        "id": "f",
        "type": "single",
        "prompt": "?",
        "options": [{"text": "a", "correct": True}, {"text": "Aucune des réponses"}],
    }
    assert any("ordre des options" in n for n in export_gift([_one(fixed)]).notes)
    shuffled = {**fixed, "shuffle_options": True}
    assert not any("ordre des options" in n for n in export_gift([_one(shuffled)]).notes)
    # The XML keeps it: import_multichoice reads <shuffleanswers>.
    question = next(
        q for q in read_moodle_xml(export_moodle_xml([_one(fixed)]).text) if q.qtype != "category"
    )
    assert question["shuffleanswers"] == 0
