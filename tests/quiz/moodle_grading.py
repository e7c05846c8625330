"""Test helper: how Moodle saves and grades the questions our exports create, in Python.

The companion of :mod:`tests.quiz.moodle_import` (which reads an export the way Moodle's importers
do): this module takes what the importers built, saves it the way the question types save it, and
grades a student's response the way Moodle's question classes grade it. No Moodle server is
available to the tests; every function names the Moodle 4.5 source it mirrors (``moodle/moodle``;
these functions are unchanged on the main branch):

* ``question/type/numerical/questiontype.php`` — ``qtype_numerical::save_question_options``,
  ``save_units``, ``save_unit_options``, ``apply_unit``, ``get_question_options``,
  ``get_default_numerical_unit``, ``initialise_question_instance``, and
  ``qtype_numerical_answer_processor`` (``apply_units``, ``is_known_unit``,
  ``contains_thousands_seaparator``);
* ``question/type/numerical/question.php`` — ``qtype_numerical_question``
  (``is_gradable_response``, ``is_complete_response``, ``get_matching_answer``,
  ``apply_unit_penalty``, ``grade_response``, ``has_separate_unit_field``) and
  ``qtype_numerical_answer`` (``get_tolerance_interval``, ``within_tolerance``);
* ``question/type/shortanswer/question.php`` — ``qtype_shortanswer_question``
  (``compare_string_with_wildcard``, ``is_complete_response``) graded by
  ``question_first_matching_answer_grading_strategy`` (``question/type/questionbase.php``);
* ``question/behaviour/deferredfeedback/behaviour.php`` — ``process_finish``: a response that is
  not gradable gives up (no mark), any other one is graded by ``grade_response``, even one that
  ``is_complete_response`` would have refused (interactive mode only warns on « Vérifier »);
* ``lang/en/langconfig.php`` and the French language pack's ``langconfig.php`` — the decimal and
  thousands separators ``qtype_numerical_answer_processor`` reads for the student's language;
* PHP itself: a float stored in the database is converted to text with ``precision`` = 14
  significant digits (``php.ini`` default), and ``trim`` strips only `` \\t\\n\\r\\0\\x0B``.

The expectations of Moodle's own unit tests (``question/type/numerical/tests/*_test.php``,
``question/type/shortanswer/tests/question_test.php``) are run against this mirror by
``tests/quiz/test_export_moodle_grading.py``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tests.quiz.moodle_import import Imported

# qtype_numerical constants (question/type/numerical/questiontype.php).
UNITINPUT = 0
UNITRADIO = 1
UNITSELECT = 2
UNITNONE = 3
UNITOPTIONAL = 0
UNITGRADEDOUTOFMARK = 1
UNITGRADEDOUTOFMAX = 2

#: ``ini_get('precision')`` with PHP's default php.ini.
PHP_PRECISION = 14

_PHP_TRIM = " \t\n\r\0\x0b"


def php_trim(text: str) -> str:
    """PHP's ``trim()``: only space, tab, line breaks, NUL and vertical tab (not U+00A0)."""
    return text.strip(_PHP_TRIM)


def php_float_text(value: float) -> str:
    """``(string) $float``: ``%.14G`` (``precision`` = 14); an integral float without ``.0``."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.{PHP_PRECISION}G}"


def php_empty(value: Any) -> bool:
    """PHP's ``empty()`` for the scalars we meet: ``''``, ``'0'``, ``0``, ``None``, ``False``."""
    return value in (None, "", "0", 0, False)


@dataclass(frozen=True)
class Language:
    """The separators of a language pack (``langconfig.php``: ``decsep``, ``thousandssep``)."""

    name: str
    decsep: str
    thousandssep: str


#: ``lang/en/langconfig.php``: ``decsep`` '.', ``thousandssep`` ','.
ENGLISH = Language("en", ".", ",")
#: The French language pack's ``langconfig.php``: ``decsep`` ',', ``thousandssep`` a space.
FRENCH = Language("fr", ",", " ")

_EXPONENT = re.compile(r"(?:e|E|(?:x|\*|×)10(?:\^|\*\*))([+-]?[0-9]+)")
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?"


class AnswerProcessor:
    """``qtype_numerical_answer_processor`` (question/type/numerical/questiontype.php).

    Args:
        units: unit name → multiplier (the answer's unit has 1; ``Mo`` has 1000 when the answer
            is in ``Go``), in the order of the question's units.
        unitsbefore: ``unitsleft`` (the unit comes before the number).
        language: the student's language, whose separators the constructor reads with
            ``get_string('decsep'|'thousandssep', 'langconfig')``.
    """

    def __init__(
        self, units: dict[str, float], unitsbefore: bool = False, language: Language = ENGLISH
    ) -> None:
        self.units = dict(units)
        self.unitsbefore = unitsbefore
        self.decsep = language.decsep
        self.thousandssep = language.thousandssep

    def is_known_unit(self, unit: str | None) -> bool:
        """``is_known_unit``: ``array_key_exists($unit, $this->units)`` (exact, case included)."""
        return unit is not None and unit in self.units

    def contains_thousands_separator(self, value: str) -> bool:
        """``contains_thousands_seaparator``: a ``.`` or ``,`` thousands separator is typed."""
        return self.thousandssep in (".", ",") and self.thousandssep in value

    def apply_units(
        self, response: str | None, separateunit: str | None = None
    ) -> tuple[float | None, str | None, float | None]:
        """``apply_units``: ``(value, unit, multiplier)``; the multiplier is ``1 / units[unit]``
        for a known unit and None otherwise (no unit, or one Moodle does not know).

        Spaces are removed (they may group thousands, and this also glues the unit to the
        number); if a ``.`` is present, or several ``,``, every ``,`` is a thousands separator;
        otherwise the language's thousands separator is removed and its decimal separator, and
        any ``,``, become ``.`` (``str_replace`` with arrays, applied one pair after the other).
        The number is read at the start (at the end with ``unitsbefore``), the rest is the unit.
        """
        if response is None or php_trim(response) == "":
            return None, None, None
        text = response.replace(" ", "")
        text = _EXPONENT.sub(r"e\1", text)
        if "." in text or text.count(",") > 1:
            text = text.replace(",", "")
        else:
            for search, replace in ((self.thousandssep, ""), (self.decsep, "."), (",", ".")):
                if search:
                    text = text.replace(search, replace)
        match = re.search(f"{_NUMBER}$", text) if self.unitsbefore else re.match(_NUMBER, text)
        if match is None:
            return None, None, None
        number = match.group(0)
        unit = text[: match.start()] if self.unitsbefore else text[match.end() :]
        if separateunit is not None:
            unit = separateunit
        multiplier = 1 / self.units[unit] if self.is_known_unit(unit) else None
        return float(number), unit, multiplier


@dataclass(frozen=True)
class NumericalAnswer:
    """``qtype_numerical_answer``: the answer as stored (text), its fraction and tolerance."""

    answer: str
    fraction: float
    tolerance: float

    def tolerance_interval(self) -> tuple[float, float]:
        """``get_tolerance_interval`` for ``tolerancetype`` 2 (nominal, the only one used):
        ``tolerance + ε × max(|tolerance|, |answer|, ε)`` with ``ε = 10^-precision``."""
        epsilon = 10.0**-PHP_PRECISION
        answer = float(self.answer)
        tolerance = abs(self.tolerance)
        margin = tolerance + epsilon * max(tolerance, abs(answer), epsilon)
        return answer - margin, answer + margin

    def within_tolerance(self, value: float) -> bool:
        """``within_tolerance``: ``*`` matches everything."""
        if self.answer == "*":
            return True
        low, high = self.tolerance_interval()
        return low <= value <= high


@dataclass
class NumericalQuestion:
    """``qtype_numerical_question``, as ``initialise_question_instance`` builds it."""

    answers: list[NumericalAnswer]
    unitdisplay: int
    unitgradingtype: int
    unitpenalty: float
    ap: AnswerProcessor

    def has_separate_unit_field(self) -> bool:
        """The unit is chosen with radio buttons or a menu, beside the number."""
        return self.unitdisplay in (UNITRADIO, UNITSELECT)

    def is_gradable_response(self, response: dict[str, str]) -> bool:
        """Something was typed in the number field (``'0'`` counts)."""
        return bool(response.get("answer"))

    def is_complete_response(self, response: dict[str, str]) -> bool:
        """What « Vérifier » accepts: a number; a unit typed in the field only with
        ``UNITINPUT``; a unit chosen when there is a menu; no ``.``/``,`` thousands separator."""
        if not self.is_gradable_response(response):
            return False
        value, unit, _ = self.ap.apply_units(response["answer"])
        if value is None:
            return False
        if self.unitdisplay != UNITINPUT and unit:
            return False
        if self.has_separate_unit_field() and not response.get("unit"):
            return False
        return not self.ap.contains_thousands_separator(response["answer"])

    def get_matching_answer(
        self, value: float | None, multiplier: float | None
    ) -> tuple[NumericalAnswer, bool] | None:
        """``get_matching_answer``: ``(answer, unitisright)``.

        The value converted by the unit's multiplier is tried first (unit right when the unit
        is known); then, for the same answer, the bare number (unit wrong) — which is how
        « 24 Mo » matches an answer of 24 Go.
        """
        if value is None:
            return None
        scaled = value * multiplier if multiplier is not None else value
        for answer in self.answers:
            if answer.within_tolerance(scaled):
                return answer, multiplier is not None
            if answer.within_tolerance(value):
                return answer, False
        return None

    def apply_unit_penalty(self, fraction: float, unitisright: bool) -> float:
        """``apply_unit_penalty``: no deduction with ``unitgradingtype`` 0 (units optional)."""
        if unitisright:
            return fraction
        if self.unitgradingtype == UNITGRADEDOUTOFMARK:
            fraction -= self.unitpenalty * fraction
        elif self.unitgradingtype == UNITGRADEDOUTOFMAX:
            fraction -= self.unitpenalty
        return max(fraction, 0.0)

    def grade_response(self, response: dict[str, str]) -> float:
        """``grade_response``: the fraction earned (the menu's unit replaces a typed one)."""
        selected = response.get("unit", "") if self.has_separate_unit_field() else None
        value, _, multiplier = self.ap.apply_units(response.get("answer"), selected)
        matched = self.get_matching_answer(value, multiplier)
        if matched is None:
            return 0.0
        answer, unitisright = matched
        return self.apply_unit_penalty(answer.fraction, unitisright)


def _apply_unit(text: str, units: dict[str, float], unitsleft: bool) -> float | None:
    """``qtype_numerical::apply_unit``: the number, converted when it carries a known unit.

    It runs with the language of the teacher who imports; our exports write plain ``.``
    decimals, which every language reads the same way.
    """
    value, _, multiplier = AnswerProcessor(units, unitsleft).apply_units(text)
    if value is not None and multiplier is not None:
        value *= multiplier
    return value


def saved_numerical(imported: Imported, language: Language = ENGLISH) -> NumericalQuestion:
    """A numerical question once saved, loaded back and started by a student of ``language``.

    ``save_units`` drops a unit without name or multiplier (``empty()``) and a repeated name, and
    stores the multiplier through ``apply_unit``; ``save_question_options`` stores each answer
    and tolerance as ``apply_unit``'s float, i.e. with 14 significant digits; ``save_unit_options``
    keeps ``unitpenalty`` (1 when the import sets none, as GIFT), ``showunits`` and
    ``unitgradingtype`` from a Moodle XML import, or for a legacy import (GIFT: no ``showunits``)
    shows a unit field only when a unit has multiplier 1, with ``unitgradingtype`` 0;
    ``get_question_options`` strips the default unit from the end of a stored answer.
    """
    data = imported.data
    unitsleft = not php_empty(data.get("unitsleft"))
    units: dict[str, float] = {}
    for name, multiplier in zip(data.get("unit", []), data.get("multiplier", []), strict=True):
        if php_empty(multiplier) or php_empty(name) or name in units:
            continue
        stored = _apply_unit(str(multiplier), {}, False)
        units[name] = float(php_float_text(stored)) if stored is not None else 0.0
    answers = []
    for text, fraction, tolerance in zip(
        data["answer"], data["fraction"], data["tolerance"], strict=True
    ):
        if php_trim(str(text)) == "" and fraction == 0:
            continue
        if php_trim(str(text)) == "*":
            stored_answer = "*"
        else:
            value = _apply_unit(str(text), units, unitsleft)
            stored_answer = php_float_text(value) if value is not None else ""
        if php_trim(str(tolerance)) == "":
            stored_tolerance = 0.0
        else:
            value = _apply_unit(str(tolerance), units, unitsleft)
            stored_tolerance = float(php_float_text(value)) if value is not None else 0.0
        answers.append(NumericalAnswer(stored_answer, float(fraction), stored_tolerance))
    unitpenalty = float(data["unitpenalty"]) if "unitpenalty" in data else 1.0
    unitgradingtype = 0
    if data.get("showunits") is not None:
        showunits = int(data["showunits"])
        if data.get("unitgradingtype") is not None:
            unitgradingtype = int(data["unitgradingtype"])
    else:
        showunits = UNITINPUT if 1.0 in units.values() else UNITNONE
    default = next((name for name, m in units.items() if abs(m - 1.0) < 1e-14), None)
    if default:
        answers = [
            NumericalAnswer(a.answer[: -len(default)], a.fraction, a.tolerance)
            if a.answer.endswith(default)
            else a
            for a in answers
        ]
    return NumericalQuestion(
        answers=answers,
        unitdisplay=showunits,
        unitgradingtype=unitgradingtype,
        unitpenalty=unitpenalty,
        ap=AnswerProcessor(units, unitsleft, language),
    )


def compare_string_with_wildcard(string: str, pattern: str, ignorecase: bool) -> bool:
    """``qtype_shortanswer_question::compare_string_with_wildcard``.

    Both strings in Unicode NFC; the pattern split on runs of unescaped ``*`` (each run matches
    anything), ``\\*`` a literal star; the whole trimmed response must match, case-insensitively
    (PCRE ``/iu``) unless the question uses case.
    """
    pattern = unicodedata.normalize("NFC", pattern)
    string = unicodedata.normalize("NFC", string)
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    flags = re.IGNORECASE if ignorecase else 0
    return re.fullmatch(regexp, php_trim(string), flags) is not None


@dataclass
class ShortAnswerQuestion:
    """``qtype_shortanswer_question``: answers (patterns) with fractions, ``usecase``."""

    answers: list[tuple[str, float]] = field(default_factory=list)
    usecase: bool = False

    def is_gradable_response(self, response: dict[str, str]) -> bool:
        """``is_complete_response``: a non-empty answer (``'0'`` counts)."""
        return bool(response.get("answer"))

    def grade_response(self, response: dict[str, str]) -> float:
        """The fraction of the first answer the response matches
        (``question_first_matching_answer_grading_strategy``), else 0."""
        typed = response.get("answer")
        if typed is None:
            return 0.0
        for pattern, fraction in self.answers:
            if compare_string_with_wildcard(typed, pattern, not self.usecase):
                return fraction
        return 0.0


def saved_shortanswer(imported: Imported) -> ShortAnswerQuestion:
    """A short-answer question once saved: blank answers dropped, ``usecase`` from the import
    (``qformat_default::defaultquestion`` sets 0, which GIFT keeps)."""
    data = imported.data
    answers = [
        (php_trim(text), float(fraction))
        for text, fraction in zip(data["answer"], data["fraction"], strict=True)
        if php_trim(text) != ""
    ]
    return ShortAnswerQuestion(answers, bool(int(data.get("usecase", 0) or 0)))


def finish(question: NumericalQuestion | ShortAnswerQuestion, response: dict[str, str]) -> float:
    """The fraction Moodle records when the attempt is submitted (``process_finish`` of the
    deferred-feedback behaviour, the quiz default, and of the interactive one): the response is
    cleaned as ``PARAM_RAW_TRIMMED``; not gradable → no mark, otherwise ``grade_response``."""
    cleaned = {key: php_trim(value) for key, value in response.items()}
    if not question.is_gradable_response(cleaned):
        return 0.0
    return question.grade_response(cleaned)
