"""Check the French spelling of what students read: pages, quizzes and labs, with hunspell.

hunspell (Debian's ``hunspell`` and ``hunspell-fr``) reads the visible prose of every page (code,
diagrams, the API reference and passages marked ``{lang=en}`` left out), the texts of every quiz and
the texts of every lab. Words it does not know are spelling mistakes, or technical terms that go in
the course's word list ``docs/mots-techniques.txt`` (one per line, in alphabetical order). Tokens
holding a digit (``G4``, ``1U``) are not checked.
"""

from __future__ import annotations

__all__ = [
    "DICTIONARY",
    "SpellingUnavailable",
    "check_spelling",
    "hunspell_ready",
    "quiz_text",
    "unknown_words",
    "word_order",
]

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from hvlab.authoring.course import Course
from hvlab.authoring.ordering import misplaced
from hvlab.authoring.problem import Problem
from hvlab.labs.loader import LAB_FILE

DICTIONARY = "fr_FR"
_CHECK = "spelling"
#: Pages whose text is not French prose (English identifiers of the API reference).
_SKIPPED_PAGES = ("reference/",)
#: Quiz fields a student reads (quiz texts are drawn by JavaScript, so the pages do not hold them).
_QUIZ_TEXT_FIELDS = frozenset(
    {"title", "description", "prompt", "text", "feedback", "hints", "explanation"}
    | {"left", "right", "items", "distractors"}
)
_QUIZ_MARKUP = (
    (re.compile(r"`[^`]*`"), " "),  # code
    (re.compile(r"\{[^}]*\}"), " "),  # parameters {servers}, {util:.0%}, attribute lists
    (re.compile(r"\b\w*_\w*\b"), " "),  # formula names: V_mem, ready_ms
    (re.compile(r"https?://\S+"), " "),
    (re.compile(r"[*_#>\[\]()|]"), " "),  # Markdown punctuation
)
#: Lab fields a student reads on the lab's page (the step instructions are files of their own).
_LAB_TEXT_FIELDS = frozenset({"title", "summary", "objectives", "prerequisites", "hints"})
#: French elisions (l', d', qu'…): hunspell knows them before its own words, not before the words
#: of the project list (« l'IQR »), so they are taken off before checking.
_ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’](?=\w)", re.IGNORECASE)


class SpellingUnavailable(Exception):
    """hunspell or its French dictionary is missing (the message says how to install them)."""


def word_order(word: str) -> tuple[str, str]:
    """Order of the word list: case-insensitive, then capitals first (« Worker », « worker »)."""
    return (word.casefold(), word)


def hunspell_ready() -> bool:
    """True when hunspell and its fr_FR dictionary are installed."""
    if shutil.which("hunspell") is None:
        return False
    probe = subprocess.run(
        ["hunspell", "-d", DICTIONARY, "-l"],
        input="bonjour",
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.returncode == 0 and "Can't open" not in probe.stderr


def unknown_words(text: str, word_list: Path) -> list[str]:
    """Words of ``text`` that hunspell (fr_FR + ``word_list``) does not know, sorted.

    Raises:
        SpellingUnavailable: hunspell or its French dictionary is missing.
    """
    if not hunspell_ready():
        raise SpellingUnavailable(
            "hunspell et son dictionnaire français sont introuvables : installez-les "
            "(« apt-get install hunspell hunspell-fr »)."
        )
    text = _ELISION.sub("", text)
    command = ["hunspell", "-d", DICTIONARY, "-i", "utf-8", "-l"]
    if word_list.is_file():
        command[1:1] = ["-p", str(word_list)]
    result = subprocess.run(
        command, input=text, capture_output=True, text=True, encoding="utf-8", check=True
    )
    words = {word.rstrip(".") for word in result.stdout.split()}
    return sorted(word for word in words if word and not any(c.isdigit() for c in word))


def quiz_text(data: object, key: str | None = None) -> str:
    """The student-visible texts of a quiz (parsed YAML), Markdown code and parameters left out."""
    if isinstance(data, dict):
        return "\n".join(quiz_text(value, str(name)) for name, value in data.items())
    if isinstance(data, list):
        return "\n".join(quiz_text(value, key) for value in data)
    if isinstance(data, str) and key in _QUIZ_TEXT_FIELDS:
        text = data
        for pattern, replacement in _QUIZ_MARKUP:
            text = pattern.sub(replacement, text)
        return text
    return ""


def _lab_texts(data: object, key: str | None = None) -> list[str]:
    if isinstance(data, dict):
        return [t for name, value in data.items() for t in _lab_texts(value, str(name))]
    if isinstance(data, list):
        return [t for value in data for t in _lab_texts(value, key)]
    if isinstance(data, str) and key in _LAB_TEXT_FIELDS:
        return [data]
    return []


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError, RecursionError):
        return None  # the quiz and lab checks report unreadable files


def _texts(course: Course) -> list[tuple[Path, str]]:
    """``(source file, visible text)`` of every page, quiz, lab file and lab instruction."""
    texts = []
    for path in course.pages():
        if not course.page_name(path).startswith(_SKIPPED_PAGES):
            texts.append((path, course.rendered(path).text))
    for path in course.quiz_files():
        texts.append((path, quiz_text(_read_yaml(path))))
    for folder in course.lab_folders():
        source = folder / LAB_FILE
        data = _read_yaml(source) if source.is_file() else None
        if not isinstance(data, dict):
            continue
        shown = [course.renderer.embedded(text).text for text in _lab_texts(data)]
        texts.append((source, "\n".join(shown)))
        for step in data.get("steps") or []:
            instructions = step.get("instructions") if isinstance(step, dict) else None
            file = folder / instructions if isinstance(instructions, str) else None
            if file is not None and file.suffix == ".md" and file.is_file():
                texts.append((file, course.renderer.embedded(course.read(file)).text))
    return texts


def _word_list_problems(course: Course) -> list[Problem]:
    path = course.word_list
    if not path.is_file():
        return []
    problems = []
    where = course.relative(path)
    lines = course.read(path).splitlines()
    seen: dict[str, int] = {}
    unique: list[tuple[str, int]] = []
    for number, word in enumerate(lines, start=1):
        if not word:
            continue
        if word != word.strip() or " " in word:
            problems.append(
                Problem(_CHECK, where, number, f"« {word} » : un seul mot par ligne, sans espace.")
            )
        if word in seen:
            problems.append(
                Problem(
                    _CHECK,
                    where,
                    number,
                    f"« {word} » figure déjà ligne {seen[word]} : retirez-le.",
                )
            )
            continue
        seen[word] = number
        unique.append((word, number))
    order = [word_order(word) for word, _ in unique]
    for index, before in misplaced(["\0".join(key) for key in order]).items():
        word, number = unique[index]
        place = f"placez-le avant « {unique[before][0]} »" if before < len(unique) else "à la fin"
        problems.append(
            Problem(
                _CHECK,
                where,
                number,
                f"« {word} » n'est pas à sa place : la liste est dans l'ordre alphabétique, sans "
                f"tenir compte des majuscules ; {place}.",
            )
        )
    return problems


def check_spelling(course: Course) -> list[Problem]:
    """Unknown words of the course, one problem per word and file, at its first line.

    Raises:
        SpellingUnavailable: hunspell or its French dictionary is missing.
    """
    texts = _texts(course)
    unknown = set(unknown_words("\n".join(text for _, text in texts), course.word_list))
    problems = _word_list_problems(course)
    list_name = course.relative(course.word_list)
    for path, text in texts:
        cleaned = _ELISION.sub("", text)
        found = [w for w in sorted(unknown) if _word(w).search(cleaned)]
        if not found:
            continue
        source = course.read(path)
        for word in found:
            lines = _lines_of(source, word)
            more = f" (aussi ligne{'s' if len(lines) > 2 else ''} " if len(lines) > 1 else ""
            if more:
                more += ", ".join(map(str, lines[1:6])) + (", …" if len(lines) > 6 else "") + ")"
            problems.append(
                Problem(
                    _CHECK,
                    course.relative(path),
                    lines[0] if lines else 1,
                    f"mot inconnu du correcteur : « {word} »{more} — corrigez la faute ou, pour "
                    f"un terme technique, ajoutez-le à {list_name} (ou écrivez un terme "
                    "anglais *en italique*{lang=en}).",
                )
            )
    return problems


def _word(word: str) -> re.Pattern[str]:
    """``word`` as hunspell cuts words: « Node » is not in « Node.js » nor in « k-ième »."""
    return re.compile(rf"(?<![\w.-]){re.escape(word)}(?![\w-]|\.\w)")


def _lines_of(source: str, word: str) -> list[int]:
    pattern = _word(word)
    return [
        number for number, line in enumerate(source.splitlines(), start=1) if pattern.search(line)
    ]
