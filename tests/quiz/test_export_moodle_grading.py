"""The marks Moodle gives to our exports, against the marks hvlab gives (issue 20).

Every export is read back with the mirror of Moodle's importers (:mod:`tests.quiz.moodle_import`),
saved and graded with the mirror of Moodle's question classes (:mod:`tests.quiz.moodle_grading`);
the mirror itself is first held to the expectations of Moodle's own unit tests. Then each case of
the issue is graded in both, and every course question is probed: no wrong answer may get marks
in Moodle, and where a right answer gets fewer marks in Moodle, the export's notes must say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from hvlab.quiz import Question, Quiz, grade_question, load_quiz, quiz_from_dict
from hvlab.quiz.export import ExportResult, export_gift, export_moodle_xml
from hvlab.quiz.export._common import strip_accents, tolerance_abs
from hvlab.quiz.variants import variant
from tests.conftest import ROOT
from tests.quiz.moodle_grading import (
    ENGLISH,
    FRENCH,
    UNITGRADEDOUTOFMARK,
    UNITGRADEDOUTOFMAX,
    UNITINPUT,
    UNITNONE,
    UNITOPTIONAL,
    UNITSELECT,
    AnswerProcessor,
    Language,
    NumericalAnswer,
    NumericalQuestion,
    ShortAnswerQuestion,
    compare_string_with_wildcard,
    finish,
    saved_numerical,
    saved_shortanswer,
)
from tests.quiz.moodle_import import Imported, check_import, read_gift, read_moodle_xml

VARIANTS = 3
SAMPLE = ROOT / "quizzes" / "exemple-tous-types.yaml"

Exporter = Callable[..., ExportResult]
Reader = Callable[[str], list[Imported]]
FORMATS: dict[str, tuple[Exporter, Reader]] = {
    "xml": (export_moodle_xml, read_moodle_xml),
    "gift": (export_gift, read_gift),
}


# ---------------------------------------------------------------------------------------------
# The mirror against Moodle's own unit tests
# ---------------------------------------------------------------------------------------------

_SPEED = {"m/s": 1.0, "c": 3.3356409519815e-9, "mph": 2.2369362920544}


@pytest.mark.parametrize(
    ("units", "unitsbefore", "language", "typed", "separate", "expected"),
    [
        # answerprocessor_test::apply_units_provider (units m/s, c, mph; '.' and ',').
        (_SPEED, False, ENGLISH, "3x10^8 m/s", None, (3e8, "m/s", 1)),
        (_SPEED, False, ENGLISH, "3x10^8", None, (3e8, "", None)),
        (_SPEED, False, ENGLISH, "1c", None, (1, "c", 299792458)),
        (_SPEED, False, ENGLISH, "0001.000 mph", None, (1, "mph", 0.44704)),
        (_SPEED, False, ENGLISH, "1 frogs", None, (1, "frogs", None)),
        (_SPEED, False, ENGLISH, ". m/s", None, (None, None, None)),
        (_SPEED, False, ENGLISH, None, None, (None, None, None)),
        (_SPEED, False, ENGLISH, "", None, (None, None, None)),
        (_SPEED, False, ENGLISH, "    ", None, (None, None, None)),
        # answerprocessor_test::apply_units_provider_with_units (a unit chosen separately).
        (_SPEED, False, ENGLISH, "3x10^8", "m/s", (3e8, "m/s", 1)),
        (_SPEED, False, ENGLISH, "3x10^8", "", (3e8, "", None)),
        (_SPEED, False, ENGLISH, "1", "c", (1, "c", 299792458)),
        (_SPEED, False, ENGLISH, "0001.000", "mph", (1, "mph", 0.44704)),
        (_SPEED, False, ENGLISH, "1", "frogs", (1, "frogs", None)),
        (_SPEED, False, ENGLISH, ".", "m/s", (None, None, None)),
        # answerprocessor_test::euro_provider (',' decimal, ' ' thousands).
        ({}, False, Language("euro", ",", " "), "-1 000", None, (-1000, "", None)),
        ({}, False, Language("euro", ",", " "), "3,14159", None, (3.14159, "", None)),
        # answerprocessor_test::percent_provider.
        ({"%": 100.0}, False, ENGLISH, "3%", None, (3, "%", 0.01)),
        ({"%": 100.0}, False, ENGLISH, "1e-6 %", None, (1e-6, "%", 0.01)),
        ({"%": 100.0}, False, ENGLISH, "100", None, (100, "", None)),
        # answerprocessor_test::currency_provider (units before the number).
        ({"$": 1.0, "£": 1.0}, True, ENGLISH, "£1,234.56", None, (1234.56, "£", 1)),
        ({"$": 1.0, "£": 1.0}, True, ENGLISH, "$100", None, (100, "$", 1)),
        ({"$": 1.0, "£": 1.0}, True, ENGLISH, "$100.", None, (100, "$", 1)),
        ({"$": 1.0, "£": 1.0}, True, ENGLISH, "$100.00", None, (100, "$", 1)),
        ({"$": 1.0, "£": 1.0}, True, ENGLISH, "100", None, (100, "", None)),
        ({"$": 1.0, "£": 1.0}, True, ENGLISH, "frog 100", None, (100, "frog", None)),
    ],
)
def test_mirror_apply_units_meets_moodles_tests(
    units: dict[str, float],
    unitsbefore: bool,
    language: Language,
    typed: str | None,
    separate: str | None,
    expected: tuple[float | None, str | None, float | None],
) -> None:
    """question/type/numerical/tests/answerprocessor_test.php, its data providers verbatim."""
    value, unit, multiplier = AnswerProcessor(units, unitsbefore, language).apply_units(
        typed, separate
    )
    want_value, want_unit, want_multiplier = expected
    assert unit == want_unit
    for got, want in ((value, want_value), (multiplier, want_multiplier)):
        if want is None:
            assert got is None
        else:
            assert got == pytest.approx(want, abs=1e-4)


def _pi(unitgradingtype: int) -> NumericalQuestion:
    """``qtype_numerical_test_helper::make_numerical_question_pi`` with the units of
    ``question_test::test_grading_with_units``: m and cm, '.' decimals."""
    return NumericalQuestion(
        answers=[
            NumericalAnswer("3.14", 1.0, 0),
            NumericalAnswer("3.142", 0.0, 0.005),
            NumericalAnswer("3.1", 0.0, 0.05),
            NumericalAnswer("3", 0.0, 0.5),
            NumericalAnswer("*", 0.0, 0),
        ],
        unitdisplay=UNITOPTIONAL,
        unitgradingtype=unitgradingtype,
        unitpenalty=0.2,
        ap=AnswerProcessor({"m": 1, "cm": 100}),
    )


_UNIT_QUESTION = NumericalQuestion(
    answers=[
        NumericalAnswer("1.25", 1.0, 0),
        NumericalAnswer("1.25", 0.5, 0.05),
        NumericalAnswer("*", 0.0, 0),
    ],
    unitdisplay=UNITSELECT,
    unitgradingtype=UNITGRADEDOUTOFMARK,
    unitpenalty=0.5,
    ap=AnswerProcessor({"m": 1, "cm": 100}),
)
_CURRENCY_QUESTION = NumericalQuestion(
    answers=[NumericalAnswer("1332", 1.0, 0), NumericalAnswer("*", 0.0, 0)],
    unitdisplay=UNITINPUT,
    unitgradingtype=UNITGRADEDOUTOFMAX,
    unitpenalty=0.2,
    ap=AnswerProcessor({"$": 1}, unitsbefore=True),
)


@pytest.mark.parametrize(
    ("question", "response", "fraction"),
    [
        # question_test::test_grading (pi, no units).
        (_pi(UNITOPTIONAL), {"answer": "1.0"}, 0),
        (_pi(UNITOPTIONAL), {"answer": "3.14"}, 1),
        # question_test::test_grading_with_units: units optional, no deduction.
        (_pi(UNITOPTIONAL), {"answer": "3.14 frogs"}, 1),
        (_pi(UNITOPTIONAL), {"answer": "3.14"}, 1),
        (_pi(UNITOPTIONAL), {"answer": "3.14 m"}, 1),
        (_pi(UNITOPTIONAL), {"answer": "314cm"}, 1),
        (_pi(UNITOPTIONAL), {"answer": "314000000x10^-8m"}, 1),
        # question_test::test_grading_with_units_graded: 20 % off a missing or unknown unit.
        (_pi(UNITGRADEDOUTOFMARK), {"answer": "3.14 frogs"}, 0.8),
        (_pi(UNITGRADEDOUTOFMARK), {"answer": "3.14"}, 0.8),
        (_pi(UNITGRADEDOUTOFMARK), {"answer": "3.14 m"}, 1),
        (_pi(UNITGRADEDOUTOFMARK), {"answer": "314cm"}, 1),
        (_pi(UNITGRADEDOUTOFMARK), {"answer": "314000000x10^-8m"}, 1),
        (_pi(UNITGRADEDOUTOFMARK), {"answer": "3.14 cm"}, 0.8),
        (_pi(UNITGRADEDOUTOFMARK), {"answer": "314 m"}, 0),
        # question_test::test_grading_unit (make_numerical_question_unit: a menu of units).
        (_UNIT_QUESTION, {"answer": "2", "unit": "m"}, 0),
        (_UNIT_QUESTION, {"answer": "2", "unit": "cm"}, 0),
        (_UNIT_QUESTION, {"answer": "2", "unit": ""}, 0),
        (_UNIT_QUESTION, {"answer": "1.25", "unit": "m"}, 1),
        (_UNIT_QUESTION, {"answer": "125", "unit": "cm"}, 1),
        (_UNIT_QUESTION, {"answer": "1.25", "unit": ""}, 0.5),
        (_UNIT_QUESTION, {"answer": "1.23", "unit": "m"}, 0.5),
        (_UNIT_QUESTION, {"answer": "123", "unit": "cm"}, 0.5),
        (_UNIT_QUESTION, {"answer": "1.23", "unit": ""}, 0.25),
        # question_test::test_grading_currency (unit before the number, 0.2 off the maximum).
        (_CURRENCY_QUESTION, {"answer": "$1332"}, 1),
        (_CURRENCY_QUESTION, {"answer": "$ 1332"}, 1),
        (_CURRENCY_QUESTION, {"answer": "frog 1332"}, 0.8),
        (_CURRENCY_QUESTION, {"answer": "1332"}, 0.8),
        (_CURRENCY_QUESTION, {"answer": " 1332"}, 0.8),
        (_CURRENCY_QUESTION, {"answer": "1332 $"}, 0),
        (_CURRENCY_QUESTION, {"answer": "1332 frogs"}, 0),
        (_CURRENCY_QUESTION, {"answer": "$1"}, 0),
    ],
)
def test_mirror_numerical_grading_meets_moodles_tests(
    question: NumericalQuestion, response: dict[str, str], fraction: float
) -> None:
    """question/type/numerical/tests/question_test.php with the questions of its helper.php."""
    assert question.grade_response(response) == pytest.approx(fraction)


@pytest.mark.parametrize(
    ("string", "pattern", "ignorecase", "matches"),
    [
        ("Frog", "Frog", False, True),
        ("Frog", "frog", False, False),
        ("   Frog   ", "Frog", False, True),
        ("Frogs", "Frog", False, False),
        ("Frog", "frog", True, True),
        ("   FROG   ", "Frog", True, True),
        ("Frogs", "Frog", True, False),
        ("Frog", "F*og", False, True),
        ("Fog", "F*og", False, True),
        ("   Fat dog   ", "F*og", False, True),
        ("Frogs", "F*og", False, False),
        ("Fg", "F*og", False, False),
        ("frog", "F*og", False, False),
        ("   fat dog   ", "F*og", False, False),
        ("frog", "F*og", True, True),
        ("   fat dog   ", "F*og", True, True),
        ("   *   ", "\\*", False, True),
        ("*", "\\*", False, True),
        ("Frog*toad", "Frog\\*toad", False, True),
        ("a", "[a-z]", False, False),
        ("[a-z]", "[a-z]", False, True),
        ("\\{}/", "\\{}/", True, True),
        ("ITÁLIE", "Itálie", True, True),
        ("départ", "DÉPART", True, True),
        ("départ", "DÉPART", False, False),
        ("d\u00e9part", "de\u0301part", False, True),
        ("d\u00e9part", "DE\u0301PART", True, True),
        ("0", "*0*", False, True),
        ("<em></em>", "*" * 35 + "<em>" + "*" * 35 + "</em>", False, True),
    ],
)
def test_mirror_wildcard_meets_moodles_tests(
    string: str, pattern: str, ignorecase: bool, matches: bool
) -> None:
    """question/type/shortanswer/tests/question_test.php: test_compare_string_with_wildcard,
    test_compare_0_with_wildcard, test_compare_string_with_wildcard_many_stars."""
    assert compare_string_with_wildcard(string, pattern, ignorecase) is matches


def test_mirror_shortanswer_grading_meets_moodles_tests() -> None:
    """question_test::test_grading with ``make_shortanswer_question_frogtoad`` (frog 100 %,
    toad 80 %, * 0 %) and test_is_gradable_response."""
    question = ShortAnswerQuestion([("frog", 1.0), ("toad", 0.8), ("*", 0.0)])
    assert question.grade_response({"answer": "x"}) == 0
    assert question.grade_response({"answer": "frog"}) == 1
    assert question.grade_response({"answer": "toad"}) == 0.8
    assert not question.is_gradable_response({"answer": ""})
    assert question.is_gradable_response({"answer": "0"})


# ---------------------------------------------------------------------------------------------
# Exports, read, saved and graded
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    """One Moodle question of an export, with its source and the notes of the export."""

    label: str
    question: Question
    seed: int | None
    imported: Imported
    notes: tuple[str, ...]

    def notes_say(self, text: str) -> bool:
        return any(note.startswith(f"{self.label} : ") and text in note for note in self.notes)


def _exported(quizzes: list[Quiz], fmt: str, variants: int = VARIANTS) -> list[Exported]:
    exporter, reader = FORMATS[fmt]
    export = exporter(quizzes, variants=variants)
    imported = reader(export.text)
    check_import(imported)
    found = []
    for item in imported:
        if item.qtype == "category":
            continue
        quiz_id, name = item["idnumber"].split("/", 1)
        quiz = next(q for q in quizzes if q.id == quiz_id)
        match = re.fullmatch(r"(.+)-v(\d+)", name)
        question = next(
            q
            for q in quiz.questions
            if q.id == name or (match and q.params and q.id == match.group(1))
        )
        seed = int(match.group(2)) if match and question.params else None
        found.append(
            Exported(f"{quiz.id}/{question.id}", question, seed, item, tuple(export.notes))
        )
    return found


def _moodle(exported: Exported, response: dict[str, str], language: Language = FRENCH) -> float:
    """The fraction Moodle records for ``response`` at the end of the attempt."""
    if exported.imported.qtype == "numerical":
        return finish(saved_numerical(exported.imported, language), response)
    assert exported.imported.qtype == "shortanswer"
    return finish(saved_shortanswer(exported.imported), response)


def _hvlab(exported: Exported, typed: str) -> float:
    response: Any = typed if exported.seed is None else {"seed": exported.seed, "value": typed}
    return grade_question(exported.question, response).fraction


def _answer(exported: Exported) -> float:
    shown = variant(exported.question, exported.seed)
    return float(shown.answer)


def _text(value: float) -> str:
    """A number as a student types it: plain decimals, no exponent."""
    text = format(Decimal(repr(value)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@pytest.fixture(scope="module")
def course() -> list[Quiz]:
    return [load_quiz(path) for path in sorted((ROOT / "quizzes").glob("*.yaml"))]


@pytest.fixture(scope="module")
def sample() -> Quiz:
    return load_quiz(SAMPLE)


def _one(exported: list[Exported], question_id: str) -> Exported:
    return next(e for e in exported if e.question.id == question_id)


# ---------------------------------------------------------------------------------------------
# The cases of the issue
# ---------------------------------------------------------------------------------------------


def test_xml_wrong_unit_gets_nothing_for_24_go(sample: Quiz) -> None:
    """« 24 Mo » and « 24 To » for 24 Go: nothing in Moodle, as in hvlab.

    question/type/numerical/question.php: ``grade_response`` reads the unit chosen in the menu
    (``has_separate_unit_field`` with ``showunits`` 2); ``get_matching_answer`` tries 24 × 1/1000
    (Mo), misses, then the bare 24, which matches with ``unitisright`` false;
    ``apply_unit_penalty`` with ``unitgradingtype`` 1 (``UNITGRADEDOUTOFMARK``) and
    ``unitpenalty`` 1 takes 1 × 1 off: 0. The previous export (units optional, ``unitgradingtype``
    0) gave 1 here. A declared conversion is still right; a right number with no unit chosen gets
    0 (the menu's empty choice is an unknown unit), which the notes announce.
    """
    memory = _one(_exported([sample], "xml"), "memoire-hotes")
    assert memory.imported["showunits"] == UNITSELECT
    for number, unit, typed in [
        ("24", "Mo", "24 Mo"),
        ("24", "To", "24 To"),
        ("24 Mo", "", "24 Mo"),
        ("24 xyz", "", "24 xyz"),
    ]:
        assert _moodle(memory, {"answer": number, "unit": unit}) == 0
        assert _hvlab(memory, typed) == 0
    for number, unit, typed in [
        ("24", "Go", "24 Go"),
        ("24000", "Mo", "24000 Mo"),
        ("0,024", "To", "0,024 To"),
        ("25,2", "Go", "25,2 Go"),
    ]:
        assert _moodle(memory, {"answer": number, "unit": unit}) == 1
        assert _hvlab(memory, typed) == 1
    assert _moodle(memory, {"answer": "24", "unit": ""}) == 0
    assert _hvlab(memory, "24") == 1
    assert memory.notes_say("une réponse juste sans unité choisie y est comptée fausse")


def test_xml_unknown_unit_gets_nothing_on_every_course_question_with_a_unit(
    course: list[Quiz],
) -> None:
    """« 80 xyz »: 0 in hvlab (unit not recognised) and in Moodle on every question with a unit.

    question/type/numerical/questiontype.php, ``qtype_numerical_answer_processor::apply_units``:
    an unknown unit has no multiplier; question.php ``get_matching_answer`` then matches the bare
    number with ``unitisright`` false, and ``apply_unit_penalty`` (unitgradingtype 1, penalty 1)
    leaves 0. The same number with the right unit from the menu gets everything.
    """
    with_unit = [e for e in _exported(course, "xml") if e.question.unit]
    assert len({e.label for e in with_unit}) >= 30
    for exported in with_unit:
        number = _text(_answer(exported)).replace(".", ",")
        assert _moodle(exported, {"answer": f"{number} xyz", "unit": ""}) == 0
        assert _hvlab(exported, f"{number} xyz") == 0
        assert _moodle(exported, {"answer": number, "unit": exported.question.unit}) == 1
        assert _hvlab(exported, f"{number} {exported.question.unit}") == 1


def test_numeric_without_unit_reads_a_typed_unit_as_the_bare_number(sample: Quiz) -> None:
    """A question without unit: Moodle grades « 3 xyz » as 3 (announced), hvlab refuses it.

    With no unit, the import sets ``showunits`` 3 (``UNITNONE``, question/format/xml/format.php
    ``import_numerical``); ``is_complete_response`` refuses a typed unit, which only makes the
    response invalid on « Vérifier »; at the end of the attempt ``process_finish`` grades it
    (``is_gradable_response``), ``apply_units`` reads 3, and ``apply_unit_penalty`` with
    ``unitgradingtype`` 0 deducts nothing. No setting avoids it: with a graded unit, the bare
    number itself would lose its marks (no unit is ever known), so the notes say it.
    """
    for fmt in FORMATS:
        hosts = next(e for e in _exported([sample], fmt) if e.question.id == "hotes-necessaires")
        number = _text(_answer(hosts))
        saved = saved_numerical(hosts.imported, FRENCH)
        assert saved.unitdisplay == UNITNONE
        assert not saved.is_complete_response({"answer": f"{number} xyz"})
        assert _moodle(hosts, {"answer": f"{number} xyz"}) == 1
        assert _hvlab(hosts, f"{number} xyz") == 0
        assert hosts.notes_say("comme le nombre seul")


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_extra_spaces_are_wrong_in_moodle_and_announced(sample: Quiz, fmt: str) -> None:
    """« VMware  vMotion »: right in hvlab (spaces collapsed), wrong in Moodle.

    question/type/shortanswer/question.php ``compare_string_with_wildcard``: the response is only
    trimmed (``PARAM_RAW_TRIMMED``, then ``trim``), the pattern must match all of it; PHP's
    ``trim`` keeps a no-break space. Only a ``*`` could absorb the extra space, and it would
    accept any text there, so the export does not use it and its notes say so.
    """
    vmotion = _one(_exported([sample], fmt), "migration-a-chaud")
    assert _moodle(vmotion, {"answer": "  vmware vmotion "}) == 1
    assert _hvlab(vmotion, "  vmware vmotion ") == 1
    for spaced in ("VMware  vMotion", "VMware\u00a0vMotion", "VMware\tvMotion"):
        assert _moodle(vmotion, {"answer": spaced}) == 0
        assert _hvlab(vmotion, spaced) == 1
    assert vmotion.notes_say("espaces en trop")


def _accents_quiz() -> Quiz:
    return quiz_from_dict(
        {
            "id": "acc",
            "title": "Accents",
            "questions": [
                {
                    "id": "hote",
                    "type": "text",
                    "prompt": "?",
                    "accept": ["migration à chaud de l'hôte"],
                    "ignore_accents": True,
                }
            ],
        }
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_text_accents_ignored_cover_partly_accented_answers(fmt: str) -> None:
    """``ignore_accents``: every partly accented form is an answer, a different accent is not.

    ``compare_string_with_wildcard`` compares NFC strings, ignoring case only: each accepted
    form must be written. The export writes every combination of accented and plain letters
    (2 accented letters here: 4 forms) and both apostrophes; « ó » for « ô » stays wrong in
    Moodle (right in hvlab), which the notes say.
    """
    exported = _exported([_accents_quiz()], fmt)[0]
    for typed in [
        "migration à chaud de l'hôte",
        "migration a chaud de l'hote",
        "Migration à chaud de l'hote",
        "migration a chaud de l'hôte",
        "MIGRATION À CHAUD DE L’HÔTE",
        "migration a chaud de l’hote",
    ]:
        assert _moodle(exported, {"answer": typed}) == 1, typed
        assert _hvlab(exported, typed) == 1
    assert _moodle(exported, {"answer": "migration à chaud de l'hóte"}) == 0
    assert _hvlab(exported, "migration à chaud de l'hóte") == 1
    assert _moodle(exported, {"answer": "migration à froid de l'hôte"}) == 0
    assert exported.notes_say("pas un autre accent")
    assert exported.notes_say("apostrophes")


def test_decimal_comma_needs_the_french_language_pack(sample: Quiz) -> None:
    """« 7,5 »: right in hvlab; in Moodle only for a student whose language is French.

    ``qtype_numerical_answer_processor`` takes ``decsep`` and ``thousandssep`` from the
    student's language pack (lang/en/langconfig.php: '.' and ','; French: ',' and a space).
    ``apply_units`` with English removes ',' as a thousands separator: « 7,5 » is 75. With
    French, ',' is the decimal separator, and « 7.5 » is still read 7.5 (a '.' makes every ','
    a thousands separator). The export says once to impose French on the course.
    """
    exported = _exported([sample], "xml")
    utilisation = _one(exported, "utilisation-avant")
    unit = utilisation.question.unit
    for typed in ("7,5", "7.5", "5,0", "9,99"):
        assert _moodle(utilisation, {"answer": typed, "unit": unit}, FRENCH) == 1, typed
        assert _hvlab(utilisation, f"{typed} {unit}") == 1
    assert _moodle(utilisation, {"answer": "7,5", "unit": unit}, ENGLISH) == 0
    assert _moodle(utilisation, {"answer": "7.5", "unit": unit}, ENGLISH) == 1
    memory = _one(exported, "memoire-hotes")
    assert _moodle(memory, {"answer": "24 000", "unit": "Mo"}, FRENCH) == 1
    assert _hvlab(memory, "24 000 Mo") == 1
    assert any(n.startswith("questions numériques") and "français" in n for n in exported[0].notes)


@pytest.mark.parametrize("fmt", FORMATS)
def test_answer_plus_tolerance_exactly_is_right_on_every_course_variant(
    course: list[Quiz], fmt: str
) -> None:
    """The bounds ``answer ± tolerance``: right in hvlab and in Moodle; a little beyond, wrong.

    Moodle stores the answer and the tolerance as PHP floats turned into text with 14
    significant digits (questiontype.php ``save_question_options`` / ``apply_unit``), then
    accepts ``tolerance + 10⁻¹⁴ × max(tolerance, |answer|)`` around the stored answer
    (question.php ``qtype_numerical_answer::get_tolerance_interval``, nominal). The export writes
    both so that this interval contains hvlab's.
    """
    checked = 0
    for exported in _exported(course, fmt):
        if exported.imported.qtype != "numerical":
            continue
        answer = _answer(exported)
        tolerance = tolerance_abs(exported.question, answer)
        unit = {"unit": exported.question.unit} if fmt == "xml" and exported.question.unit else {}
        for bound, beyond in [
            (answer + tolerance, answer + tolerance + 1e-6 * max(1.0, abs(answer))),
            (answer - tolerance, answer - tolerance - 1e-6 * max(1.0, abs(answer))),
        ]:
            for value, right in ((bound, 1), (beyond, 0)):
                typed = _text(value)
                assert _hvlab(exported, typed) == right, (exported.label, typed)
                assert _moodle(exported, {"answer": typed, **unit}) == right, (
                    exported.label,
                    typed,
                )
                checked += 1
    assert checked >= 4 * 48


def test_gift_announces_the_unit_it_cannot_store(course: list[Quiz]) -> None:
    """GIFT numeric questions have no unit: every question with one says so in the notes.

    question/format/gift/format.php ``readquestion`` (numerical) sets no unit field, so
    ``qtype_numerical::save_unit_options`` takes the legacy path: no unit with multiplier 1,
    ``showunits`` 3, ``unitgradingtype`` 0. ``apply_units`` then ignores whatever follows the
    number: « 24 Mo » gets the marks of 24, and 24000 Mo gets nothing.
    """
    exported = _exported(course, "gift")
    with_unit = {e.label: e for e in exported if e.question.unit}
    assert len(with_unit) >= 30
    for item in with_unit.values():
        assert item.notes_say(f"GIFT n'enregistre pas l'unité ({item.question.unit})")
    memory = with_unit["exemple-tous-types/memoire-hotes"]
    assert _moodle(memory, {"answer": "24 Mo"}) == 1
    assert _moodle(memory, {"answer": "24000 Mo"}) == 0
    assert memory.notes_say("les conversions (Mo, To) sont perdues")


def test_xml_ordering_keeps_show_number_correct(course: list[Quiz]) -> None:
    """« Afficher le nombre de réponses correctes » stays on for every ordering question.

    question/type/ordering/questiontype.php ``import_from_xml`` reads the *text* of
    ``<shownumcorrect>`` (``getpath(..., null)``) and ``save_combined_feedback_helper`` keeps
    ``!empty()`` of it: the empty ``<shownumcorrect/>`` that qformat_xml reads as « on » for
    multichoice and matching turned it off here; the export writes ``1``.
    """
    orderings = [e for e in _exported(course, "xml") if e.imported.qtype == "ordering"]
    assert len(orderings) >= 12
    assert all(e.imported["shownumcorrect"] for e in orderings)
    others = [e for e in _exported(course, "xml") if e.imported.qtype in ("multichoice", "match")]
    assert others and all(e.imported["shownumcorrect"] for e in others)


def test_gift_announces_every_loss(sample: Quiz) -> None:
    """Points, hints (so a single try in interactive mode), option order, units and
    conversions, ordering as matching and its all-or-nothing: each one noted per question.

    question/format/gift/format.php ``readquestion`` starts from
    ``qformat_default::defaultquestion()`` (question/format.php: ``defaultmark`` 1, ``penalty``
    0.3333333, the site's ``shuffleanswers``) and reads no hint, unit or ordering (a ``{>…}``
    ordering needs the ordering plugin's GIFT hook, so the export writes a matching question);
    question/behaviour/interactive/behaviour.php allows one try more than the number of hints.
    """
    notes = export_gift([sample]).notes
    expected = {
        "apports": ["pas de points", "pas d'indices", "ordre des options"],
        "memoire-hotes": ["l'unité (Go)", "conversions (Mo, To)"],
        "utilisation-avant": ["pas d'indices", "l'unité (%)"],
        "deploiement-avant": ["pas de remise en ordre", "élément par élément comme ici"],
        "couches-esxi": ["pas de remise en ordre", "« tout ou rien »"],
    }
    for question, phrases in expected.items():
        said = [n for n in notes if n.startswith(f"exemple-tous-types/{question} : ")]
        for phrase in phrases:
            assert any(phrase in n for n in said), (question, phrase)
    assert any("qu'un essai" in n for n in notes)


# ---------------------------------------------------------------------------------------------
# Every course question, probed
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """A response, as Moodle receives it and as the same student types it in hvlab.

    ``announced`` is the phrase of the export's note that covers a different mark ("" when the
    marks must be equal).
    """

    moodle: dict[str, str]
    hvlab: str
    announced: str = ""


def _numeric_probes(exported: Exported, fmt: str) -> list[Probe]:
    question = exported.question
    answer = _answer(exported)
    number = _text(answer)
    wrong = _text(answer * 2 + 1)
    probes = [Probe({"answer": number.replace(".", ",")}, number)]
    if not question.unit:
        return [
            *probes,
            Probe({"answer": wrong}, wrong),
            Probe({"answer": f"{number} xyz"}, f"{number} xyz", "comme le nombre seul"),
        ]
    unit = question.unit
    conversions = {n: f for n, f in question.units.items() if n != unit}
    if fmt == "gift":
        probes += [
            Probe({"answer": f"{number} {unit}"}, f"{number} {unit}"),
            Probe({"answer": f"{wrong} {unit}"}, f"{wrong} {unit}"),
            Probe({"answer": f"{number} xyz"}, f"{number} xyz", "n'importe quelle unité"),
        ]
        for name, factor in conversions.items():
            converted = _text(answer / factor)
            probes += [
                Probe({"answer": f"{number} {name}"}, f"{number} {name}", "n'importe quelle"),
                Probe({"answer": f"{converted} {name}"}, f"{converted} {name}", "conversions"),
            ]
        return probes
    probes = [
        Probe({"answer": number, "unit": unit}, f"{number} {unit}"),
        Probe({"answer": wrong, "unit": unit}, f"{wrong} {unit}"),
        Probe({"answer": number, "unit": ""}, number, "sans unité choisie"),
        Probe({"answer": f"{number} {unit}", "unit": ""}, f"{number} {unit}", "sans unité choisie"),
        Probe({"answer": f"{number} xyz", "unit": ""}, f"{number} xyz"),
    ]
    for name, factor in conversions.items():
        converted = _text(answer / factor)
        probes += [
            Probe({"answer": converted, "unit": name}, f"{converted} {name}"),
            Probe({"answer": number, "unit": name}, f"{number} {name}"),
        ]
    return probes


def _text_probes(exported: Exported) -> list[Probe]:
    question = exported.question
    probes = []
    for accepted in question.accept:
        typed = accepted if question.case_sensitive else accepted.swapcase()
        probes += [
            Probe({"answer": f"  {typed} "}, f"  {typed} "),
            Probe({"answer": f"{accepted}x"}, f"{accepted}x"),
        ]
        if " " in accepted.strip():
            doubled = accepted.replace(" ", "  ")
            probes.append(Probe({"answer": doubled}, doubled, "espaces en trop"))
        if question.ignore_accents:
            plain = strip_accents(accepted)
            probes.append(Probe({"answer": plain}, plain))
    return probes


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_wrong_answer_gets_marks_and_every_difference_is_announced(
    course: list[Quiz], fmt: str
) -> None:
    """Every numeric and text question of the course, every variant exported, probed with right,
    wrong, converted, unit-less, unknown-unit, spaced, case-changed and accent-free responses.

    The marks must be equal, except where a note of the export announces the difference for that
    question; with Moodle XML, a response wrong in hvlab gets nothing in Moodle, except a number
    followed by a unit on a question without unit (Moodle cannot refuse it, announced).
    """
    differences = 0
    for exported in _exported(course, fmt):
        if exported.imported.qtype == "numerical":
            probes = _numeric_probes(exported, fmt)
        elif exported.imported.qtype == "shortanswer":
            probes = _text_probes(exported)
        else:
            continue
        for probe in probes:
            moodle = _moodle(exported, probe.moodle)
            hvlab = _hvlab(exported, probe.hvlab)
            where = (exported.label, probe)
            if moodle == pytest.approx(hvlab):
                continue
            differences += 1
            assert probe.announced, where
            assert exported.notes_say(probe.announced), where
            if fmt == "xml" and probe.announced != "comme le nombre seul":
                assert moodle < hvlab, where
    assert differences > 0
