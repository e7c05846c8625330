"""Test helper: what Moodle's importers read from our exports, re-implemented in Python.

No Moodle server is available to the tests, so this module re-reads an export the way Moodle's own
PHP code does, function by function, and applies the checks that make Moodle refuse a question at
import time. Every function names the Moodle source it mirrors (``moodle/moodle``, main branch as
stored by the code search, plus ``question/type/ordering`` of Moodle ≥ 4.4 / ``qtype_ordering``):

* ``question/format/xml/format.php`` — ``qformat_xml``: ``trans_format``, ``trans_single``,
  ``getpath``, ``import_text_with_files``, ``import_headers``, ``import_answer``,
  ``import_combined_feedback``, ``import_hint(s)``, ``import_multichoice``, ``import_truefalse``,
  ``import_shortanswer``, ``import_numerical``, ``import_match``, ``import_category``;
* ``question/type/ordering/questiontype.php`` — ``qtype_ordering::import_from_xml``;
* ``question/format/gift/format.php`` — ``qformat_gift::readquestion`` (``escapedchar_pre/post``,
  ``parse_text_with_format``, ``commentparser``, ``answerweightparser``, the answer-weight regex)
  and ``extract_idnumber_and_tags_from_comment``;
* ``question/format.php`` — ``qformat_default::readquestions`` (questions separated by blank
  lines), ``importprocess`` (grade check, idnumber rule), ``split_category_path``;
* ``lib/questionlib.php`` — ``match_grade_options`` (``'error'`` mode: ``|Δ| < 0.00001``);
* ``question/engine/bank.php`` — ``question_bank::fraction_options_full`` (the allowed grades);
* the checks that refuse a question: ``qtype_multichoice`` (``errfractionsnomax``,
  ``errfractionsaddwrong``: ``round(total, 2) != 1``), ``qtype_match`` edit form (at least 2
  questions and 3 answers), ``qtype_ordering::save_question_options`` (at least 2 items).

What it does not do: HTML cleaning (``clean_param(PARAM_TEXT)`` is approximated by removing tags),
file handling, tags, and question types we never export.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

#: ``question_bank::fraction_options_full()`` (question/engine/bank.php): the raw fractions and
#: their negatives, plus 0, 1 and −1.
_RAW_FRACTIONS = (
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
)
FRACTION_OPTIONS_FULL = (0.0, 1.0, *_RAW_FRACTIONS, *(-f for f in _RAW_FRACTIONS), -1.0)

# qtype_numerical constants (question/type/numerical/questiontype.php).
UNITINPUT = 0
UNITNONE = 3
UNITOPTIONAL = 0


class MoodleImportError(AssertionError):
    """Moodle would refuse the file or a question in it (the message says which check)."""


@dataclass
class Imported:
    """One question (or category switch) as Moodle's importer builds it before saving."""

    qtype: str
    data: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def match_grade_options(grade: float) -> float | None:
    """``match_grade_options($gradeoptionsfull, $grade, 'error')`` (lib/questionlib.php)."""
    for value in FRACTION_OPTIONS_FULL:
        if abs(grade - value) < 0.00001:
            return value
    return None


def _clean_text(text: str) -> str:
    """``clean_param($text, PARAM_TEXT)``, approximated: tags removed."""
    return re.sub(r"<[^>]*>", "", text)


def split_category_path(path: str) -> list[str]:
    """``qformat_default::split_category_path`` (question/format.php)."""
    raw = re.split(r"(?<!/)/(?!/)", path)
    return [_clean_text(name.replace("//", "/").strip()) for name in raw]


def clean_question_name(name: str) -> str:
    """``qformat_default::clean_question_name``: PARAM_TEXT, trimmed, at most 255 characters."""
    cleaned = _clean_text(name).strip()
    if len(cleaned) > 255:
        raise MoodleImportError(f"question name longer than 255 characters: {cleaned!r}")
    return cleaned


# ---------------------------------------------------------------------------------------------
# Moodle XML (question/format/xml/format.php)
# ---------------------------------------------------------------------------------------------


def _trans_format(name: str) -> str:
    name = name.strip()
    known = {"moodle_auto_format", "html", "plain_text", "wiki_like", "markdown"}
    return name if name in known else "html"


def _trans_single(name: str) -> int:
    name = name.strip()
    return 0 if name == "false" or not name or name == "0" else 1


def _path_text(element: ET.Element | None, path: str, default: str | None) -> str | None:
    """``getpath($xml, [...path..., '#'], $default, true)``: the trimmed text, or the default."""
    if element is None:
        return default
    found = element.find(path)
    if found is None:
        return default
    return (found.text or "").strip()


def _text_with_files(element: ET.Element | None, default_format: str = "html") -> dict[str, str]:
    """``import_text_with_files``: ``<text>`` (trimmed) and the ``format`` attribute."""
    if element is None:
        return {"text": "", "format": _trans_format(default_format)}
    return {
        "text": _path_text(element, "text", "") or "",
        "format": _trans_format(element.get("format", default_format)),
    }


def _answer(answer: ET.Element, with_files: bool) -> dict[str, Any]:
    """``import_answer``: the text (HTML with files, or plain), feedback and fraction / 100."""
    if with_files:
        text = _text_with_files(answer)
    else:
        text = {"text": _path_text(answer, "text", "") or "", "format": "plain_text"}
    return {
        "answer": text,
        "feedback": _text_with_files(answer.find("feedback")),
        "fraction": float(answer.get("fraction", "0")) / 100,
    }


def _headers(question: ET.Element) -> dict[str, Any]:
    """``import_headers``: name (required), texts, defaultmark, penalty, idnumber."""
    name = _path_text(question, "name/text", None)
    if name is None:
        raise MoodleImportError("xmlimportnoname: a question has no <name><text>")
    penalty = float(_path_text(question, "penalty", "0.3333333") or 0)
    if abs(penalty - 0.3333333) < 0.005:
        penalty = 0.3333333
    return {
        "name": clean_question_name(name),
        "questiontext": _text_with_files(question.find("questiontext")),
        "generalfeedback": _text_with_files(question.find("generalfeedback")),
        "defaultmark": float(_path_text(question, "defaultgrade", "1") or 1),
        "penalty": penalty,
        "idnumber": _path_text(question, "idnumber", None),
    }


def _combined_feedback(question: ET.Element, data: dict[str, Any], with_parts: bool) -> None:
    """``import_combined_feedback``: ``shownumcorrect`` is true when the element exists."""
    for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        data[name] = _text_with_files(question.find(name))
    if with_parts:
        data["shownumcorrect"] = question.find("shownumcorrect") is not None


def _hints(question: ET.Element, data: dict[str, Any], with_parts: bool) -> None:
    """``import_hints`` / ``import_hint``: text; ``shownumcorrect``/``clearwrong`` by presence."""
    data["hint"] = []
    data["hintshownumcorrect"] = []
    data["hintclearwrong"] = []
    for hint in question.findall("hint"):
        data["hint"].append(_text_with_files(hint))
        if with_parts:
            data["hintshownumcorrect"].append(hint.find("shownumcorrect") is not None)
            data["hintclearwrong"].append(hint.find("clearwrong") is not None)


def _import_xml_question(question: ET.Element) -> Imported:
    kind = question.get("type", "")
    if kind == "category":
        info = question.find("info")
        return Imported(
            "category",
            {
                "category": _path_text(question, "category/text", "") or "",
                "info": _text_with_files(info, "moodle_auto_format"),
            },
        )
    if kind not in ("multichoice", "truefalse", "shortanswer", "numerical", "matching", "ordering"):
        raise MoodleImportError(f"xmltypeunsupported: {kind!r}")
    data = _headers(question)
    answers = question.findall("answer")
    if kind == "multichoice":
        data["single"] = _trans_single(_path_text(question, "single", "true") or "")
        data["shuffleanswers"] = _trans_single(
            _path_text(question, "shuffleanswers", "false") or ""
        )
        data["answernumbering"] = _path_text(question, "answernumbering", "abc") or "abc"
        parsed = [_answer(a, with_files=True) for a in answers]
        data["answer"] = [p["answer"] for p in parsed]
        data["fraction"] = [p["fraction"] for p in parsed]
        data["feedback"] = [p["feedback"] for p in parsed]
        _combined_feedback(question, data, with_parts=True)
        _hints(question, data, with_parts=True)
    elif kind == "truefalse":
        # import_truefalse: matches on the answer text 'true' / 'false' and fraction == 100.
        for answer in answers:
            text = _path_text(answer, "text", "")
            if text not in ("true", "false"):
                raise MoodleImportError(f"truefalse answer text is {text!r}, not true/false")
            fraction = float(answer.get("fraction", "0"))
            data["correctanswer"] = (fraction == 100) if text == "true" else (fraction != 100)
            data["feedback" + text] = _text_with_files(answer.find("feedback"))
        _hints(question, data, with_parts=False)
    elif kind == "shortanswer":
        data["usecase"] = int(_path_text(question, "usecase", "0") or 0)
        parsed = [_answer(a, with_files=False) for a in answers]
        data["answer"] = [p["answer"]["text"] for p in parsed]
        data["fraction"] = [p["fraction"] for p in parsed]
        _hints(question, data, with_parts=False)
    elif kind == "numerical":
        parsed = [_answer(a, with_files=False) for a in answers]
        data["answer"] = [p["answer"]["text"] for p in parsed]
        data["fraction"] = [p["fraction"] for p in parsed]
        data["tolerance"] = [_path_text(a, "tolerance", "0") for a in answers]
        data["unit"] = []
        data["multiplier"] = []
        for unit in question.findall("units/unit"):
            data["multiplier"].append(_path_text(unit, "multiplier", "1"))
            data["unit"].append(_path_text(unit, "unit_name", ""))
        data["unitgradingtype"] = int(_path_text(question, "unitgradingtype", "0") or 0)
        data["unitpenalty"] = float(_path_text(question, "unitpenalty", "0.1") or 0)
        showunits = _path_text(question, "showunits", None)
        if showunits is None:
            data["showunits"] = UNITNONE if not data["unit"] else UNITOPTIONAL
        else:
            data["showunits"] = int(showunits)
        data["unitsleft"] = int(_path_text(question, "unitsleft", "0") or 0)
        _hints(question, data, with_parts=False)
    elif kind == "matching":
        kind = "match"
        data["shuffleanswers"] = _trans_single(_path_text(question, "shuffleanswers", "1") or "")
        data["subquestions"] = []
        data["subanswers"] = []
        for sub in question.findall("subquestion"):
            data["subquestions"].append(_text_with_files(sub))
            data["subanswers"].append(_path_text(sub, "answer/text", "") or "")
        _combined_feedback(question, data, with_parts=True)
        _hints(question, data, with_parts=True)
    else:
        # qtype_ordering::import_from_xml (question/type/ordering/questiontype.php).
        data["layouttype"] = _path_text(question, "layouttype", "VERTICAL")
        data["selecttype"] = _path_text(question, "selecttype", "RANDOM")
        data["selectcount"] = _path_text(question, "selectcount", "6")
        data["gradingtype"] = _path_text(question, "gradingtype", "RELATIVE")
        data["showgrading"] = _path_text(question, "showgrading", "1")
        data["numberingstyle"] = _path_text(question, "numberingstyle", None)
        data["answer"] = [_answer(a, with_files=True)["answer"] for a in answers]
        data["fraction"] = [1.0] * len(answers)  # "Will be reset later in save_question_options()"
        # import_combined_feedback($newquestion, $data) without the parts option, then the text
        # of <shownumcorrect> (null when absent: option on); save_combined_feedback_helper keeps
        # it as !empty(...), so an empty <shownumcorrect/> turns the option off.
        _combined_feedback(question, data, with_parts=False)
        shown = _path_text(question, "shownumcorrect", None)
        data["shownumcorrect"] = shown is None or shown not in ("", "0")
        _hints(question, data, with_parts=True)
    return Imported(kind, data)


def read_moodle_xml(text: str) -> list[Imported]:
    """``qformat_xml::readquestions``: parse, then ``import_question`` for each ``<question>``."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise MoodleImportError(f"xml_format_exception: {error}") from error
    if root.tag != "quiz":
        raise MoodleImportError(f"root element is <{root.tag}>, not <quiz>")
    return [_import_xml_question(q) for q in root.findall("question")]


# ---------------------------------------------------------------------------------------------
# GIFT (question/format/gift/format.php)
# ---------------------------------------------------------------------------------------------

_ESCAPED = ["\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n"]
_PLACEHOLDERS = ["&&058;", "&&035;", "&&061;", "&&123;", "&&125;", "&&126;", "&&010"]
_CHARACTERS = [":", "#", "=", "{", "}", "~", "\n"]
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")


def _escapedchar_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in zip(_ESCAPED, _PLACEHOLDERS, strict=True):
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _escapedchar_post(text: str) -> str:
    for placeholder, character in zip(_PLACEHOLDERS, _CHARACTERS, strict=True):
        text = text.replace(placeholder, character)
    return text


def _text_with_format(text: str, default: str = "moodle") -> dict[str, str]:
    """``parse_text_with_format``: a leading ``[html]`` (etc.) sets the format."""
    result = {"text": text, "format": default}
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end]
        if name in ("moodle", "html", "plain", "markdown"):
            result["format"] = name
            result["text"] = text[end + 1 :]
    result["text"] = _escapedchar_post(result["text"]).strip()
    return result


def _comment_parser(answer: str, default: str) -> tuple[dict[str, str], dict[str, str]]:
    bits = answer.split("#", 1)
    feedback = _text_with_format(bits[1].strip(), default) if len(bits) > 1 else {"text": ""}
    return _text_with_format(bits[0].strip(), default), feedback


def _weight(answer: str) -> tuple[float, str]:
    """``answerweightparser``: ``%50%rest`` → (0.5, ``rest``)."""
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def _extract_idnumber(comments: str) -> str:
    """``extract_idnumber_and_tags_from_comment`` (idnumber part)."""
    match = re.search(r"\[id:((?:\\]|[^\]\[\x00-\x1f\x7f])+)]", comments)
    return match.group(1).strip().replace("\\]", "]") if match else ""


def _gift_question(lines: list[str]) -> Imported | None:
    """``qformat_gift::readquestion`` for the types we export (no plugin hooks)."""
    comments = ""
    kept = []
    for line in lines:
        line = line.strip()
        if line.startswith("//"):
            comments += line + "\n"
            kept.append(" ")
        else:
            kept.append(line)
    text = "\n".join(kept).strip()
    if not text:
        return None
    text = _escapedchar_pre(text)
    if text.startswith("$CATEGORY:"):
        return Imported("category", {"category": text[10:].strip()})
    data: dict[str, Any] = {"name": None, "idnumber": _extract_idnumber(comments)}
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            data["name"] = clean_question_name(_escapedchar_post(text[:end]))
            text = text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 or finish < 0:
        raise MoodleImportError(f"braceerror: {text[:80]!r}")
    answertext = text[start + 1 : finish].strip()
    if text.endswith("}"):
        questiontext = text[:start] + text[finish + 1 :]
    else:
        questiontext = text[:start] + "_____" + text[finish + 1 :]
    generalfeedback = ""
    separator = answertext.rfind("####")
    if separator >= 0:
        generalfeedback = answertext[separator + 4 :]
        answertext = answertext[:separator].strip()
    data["questiontext"] = _text_with_format(questiontext)
    fmt = data["questiontext"]["format"]
    data["generalfeedback"] = _text_with_format(generalfeedback, fmt)
    if answertext == "":
        return Imported("essay", data)
    if answertext.startswith("#"):
        kind = "numerical"
    elif "~" in answertext:
        kind = "multichoice"
    elif "=" in answertext and "->" in answertext:
        kind = "match"
    else:
        check = answertext
        if answertext.find("#") > 0:
            check = answertext[: answertext.find("#")].strip()
        kind = "truefalse" if check in ("T", "TRUE", "F", "FALSE") else "shortanswer"
    if kind == "multichoice":
        data["single"] = 0 if "=" not in answertext else 1
        answers = answertext.replace("=", "~=").split("~")
        answers[0] = answers[0].strip()
        if not answers[0]:
            answers.pop(0)
        if len(answers) < 2:
            raise MoodleImportError("importminerror: fewer than 2 answers")
        data["answer"], data["fraction"], data["feedback"] = [], [], []
        for answer in answers:
            answer = answer.strip()
            if answer.startswith("="):
                weight, answer = 1.0, answer[1:]
            elif _WEIGHT.match(answer):
                weight, answer = _weight(answer)
            else:
                weight = 0.0
            text_part, feedback = _comment_parser(answer, fmt)
            data["answer"].append(text_part)
            data["feedback"].append(feedback)
            data["fraction"].append(weight)
    elif kind == "match":
        answers = answertext.split("=")
        answers[0] = answers[0].strip()
        if not answers[0]:
            answers.pop(0)
        if len(answers) < 2:
            raise MoodleImportError("importminerror: fewer than 2 pairs")
        data["subquestions"], data["subanswers"] = [], []
        for answer in answers:
            answer = answer.strip()
            if "->" not in answer:
                raise MoodleImportError(f"giftmatchingformat: {answer!r}")
            marker = answer.index("->")
            data["subquestions"].append(_text_with_format(answer[:marker], fmt))
            data["subanswers"].append(_escapedchar_post(answer[marker + 2 :]).strip())
    elif kind == "truefalse":
        bits = answertext.split("#", 2)
        data["correctanswer"] = _text_with_format(bits[0].strip(), fmt)["text"] in ("T", "TRUE")
    elif kind == "shortanswer":
        answers = answertext.split("=")
        answers[0] = answers[0].strip()
        if not answers[0]:
            answers.pop(0)
        data["answer"], data["fraction"] = [], []
        data["usecase"] = 0  # qformat_default::defaultquestion(); GIFT has no way to change it
        for answer in answers:
            answer = answer.strip()
            weight = 1.0
            if _WEIGHT.match(answer):
                weight, answer = _weight(answer)
            text_part, _ = _comment_parser(answer, fmt)
            data["answer"].append(text_part["text"])
            data["fraction"].append(weight)
    else:
        body = answertext[1:]
        if "~" in body:
            body = body[: body.index("~")]
        answers = body.split("=")
        answers[0] = answers[0].strip()
        if not answers[0]:
            answers.pop(0)
        data["answer"], data["tolerance"], data["fraction"] = [], [], []
        for answer in answers:
            answer = answer.strip()
            weight = 1.0
            if _WEIGHT.match(answer):
                weight, answer = _weight(answer)
            value = _comment_parser(answer, fmt)[0]["text"]
            if value.find("..") > 0:
                low, high = value.split("..", 1)
                number, tolerance = (float(high) + float(low)) / 2, str(float(high) - float(low))
                value = str(number)
            elif value.find(":") > 0:
                value, tolerance = value.split(":", 1)
            else:
                tolerance = "0"
            if not (_is_numeric(value.strip()) and _is_numeric(tolerance.strip())):
                raise MoodleImportError(f"errornotnumbers: {answer!r}")
            data["answer"].append(value.strip())
            data["tolerance"].append(tolerance.strip())
            data["fraction"].append(weight)
    if data["name"] is None:
        data["name"] = clean_question_name(data["questiontext"]["text"][:80])
    return Imported(kind, data)


def _is_numeric(text: str) -> bool:
    """PHP ``is_numeric`` for the plain decimal numbers we write."""
    return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text) is not None


def read_gift(text: str) -> list[Imported]:
    """``qformat_default::readquestions`` (blank-line separated), ``qformat_gift::readquestion``."""
    questions: list[Imported] = []
    current: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip() == "":
            if current:
                question = _gift_question(current)
                if question is not None:
                    questions.append(question)
                current = []
        else:
            current.append(line)
    return questions


# ---------------------------------------------------------------------------------------------
# The checks that make Moodle refuse an import
# ---------------------------------------------------------------------------------------------


def check_import(questions: list[Imported]) -> None:
    """Raise :class:`MoodleImportError` for anything Moodle's import would refuse.

    Mirrors ``qformat_default::importprocess`` (every fraction must be an allowed grade; a
    duplicate idnumber in a category is silently dropped, which we also refuse here so that no
    idnumber is lost), ``qtype_multichoice`` (single: a 100 % answer; multiple: positive fractions
    adding up to 100 %, ``round(total, 2)``), the ``qtype_match`` edit-form rule (2 questions,
    3 answers), ``qtype_ordering::save_question_options`` (2 items), and the idnumber column
    (100 characters).
    """
    category = ""
    idnumbers: set[tuple[str, str]] = set()
    for question in questions:
        data = question.data
        if question.qtype == "category":
            category = data["category"]
            continue
        label = f"{category} / {data['name']}"
        for fraction in data.get("fraction", []):
            if match_grade_options(fraction) is None:
                raise MoodleImportError(f"invalidgrade {fraction} in {label}")
        if question.qtype == "multichoice":
            fractions = data["fraction"]
            if len(fractions) < 2:
                raise MoodleImportError(f"notenoughanswers in {label}")
            if data["single"]:
                if max(fractions) != 1:
                    raise MoodleImportError(f"errfractionsnomax in {label}")
            else:
                total = round(sum(f for f in fractions if f > 0), 2)
                if total != 1:
                    raise MoodleImportError(f"errfractionsaddwrong ({total * 100} %) in {label}")
        if question.qtype == "match":
            asked = sum(1 for s in data["subquestions"] if s["text"].strip())
            rows = sum(
                1
                for s, a in zip(data["subquestions"], data["subanswers"], strict=True)
                if s["text"].strip() or a.strip()
            )
            if asked < 2 or rows < 3:
                raise MoodleImportError(f"notenoughqsandas ({asked} q, {rows} a) in {label}")
        if question.qtype == "ordering" and len(data["answer"]) < 2:
            raise MoodleImportError(f"notenoughanswers in {label}")
        idnumber = data.get("idnumber")
        if idnumber:
            if len(idnumber) > 100:
                raise MoodleImportError(f"idnumber longer than 100 characters in {label}")
            if (category, idnumber) in idnumbers:
                raise MoodleImportError(f"duplicate idnumber {idnumber!r} in {category}")
            idnumbers.add((category, idnumber))
