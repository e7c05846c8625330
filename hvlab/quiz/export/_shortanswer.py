"""Text questions for Moodle: the short-answer patterns to export, and what still differs.

hvlab compares a text answer after normalising it (spaces trimmed and collapsed, typographic
apostrophes read as ``'``, case ignored unless asked, accents ignored on request). Moodle's short
answer (``qtype_shortanswer_question::compare_string_with_wildcard``) only trims the response,
puts both strings in NFC and ignores case unless ``usecase``; every other variation must be an
answer of its own. The export writes, for each accepted answer, the forms that cover the common
cases: with and without each accent when accents are ignored (every combination while there are
at most :data:`MAX_ACCENTED` accented letters), and with straight and curly apostrophes.
:func:`text_notes` names what still differs.
"""

from __future__ import annotations

import itertools

from hvlab.quiz.export._common import strip_accents
from hvlab.quiz.model import Question

#: Up to this many accented letters, every partly accented form of an answer is exported
#: (2 ** 4 = 16 forms); beyond, only the accented and the accent-free forms.
MAX_ACCENTED = 4

#: The apostrophes hvlab reads as ``'`` (``hvlab.quiz.normalize``), and the two exported forms.
_APOSTROPHES = "'\u2019\u2018\u02bc\u00b4"
_EXPORTED_APOSTROPHES = ("'", "\u2019")


def _accent_forms(text: str) -> list[str]:
    """``text`` with each accented letter kept or stripped (all combinations, or both ends)."""
    accented = [i for i, char in enumerate(text) if strip_accents(char) != char]
    if len(accented) > MAX_ACCENTED:
        return [text, strip_accents(text)]
    forms = []
    for stripped in itertools.product((False, True), repeat=len(accented)):
        chars = list(text)
        for index, strip in zip(accented, stripped, strict=True):
            if strip:
                chars[index] = strip_accents(chars[index])
        forms.append("".join(chars))
    return forms


def _apostrophe_forms(text: str) -> list[str]:
    """``text`` with its apostrophes all straight, and all curly (when it has any)."""
    if not any(char in _APOSTROPHES for char in text):
        return [text]
    return [
        "".join(mark if char in _APOSTROPHES else char for char in text)
        for mark in _EXPORTED_APOSTROPHES
    ]


def shortanswer_answers(question: Question) -> list[str]:
    """The answers of a ``text`` question as Moodle short-answer patterns.

    Each accepted answer, then its forms (accents, apostrophes), without duplicates (ignoring
    case unless the question uses it). Moodle reads ``*`` in a short answer as a wildcard
    (``compare_string_with_wildcard`` splits the pattern on unescaped ``*``), so a literal ``*``
    is written ``\\*``.

    Example:
        >>> from hvlab.quiz import quiz_from_dict
        >>> quiz = quiz_from_dict({"id": "q", "title": "T", "questions": [{"id": "t",
        ...     "type": "text", "prompt": "?", "accept": ["été", "l'hôte"],
        ...     "ignore_accents": True}]})
        >>> shortanswer_answers(quiz.questions[0])
        ['été', "l'hôte", 'éte', 'eté', 'ete', 'l’hôte', "l'hote", 'l’hote']
    """
    forms: list[str] = list(question.accept)
    for accepted in question.accept:
        accents = _accent_forms(accepted) if question.ignore_accents else [accepted]
        forms += [form for text in accents for form in _apostrophe_forms(text)]
    unique: dict[str, str] = {}
    for form in forms:
        unique.setdefault(form if question.case_sensitive else form.lower(), form)
    return [form.replace("*", "\\*") for form in unique.values()]


def text_notes(question: Question, label: str, notes: list[str]) -> None:
    """Note what Moodle grades differently on a text question."""
    spaced = next((a for a in question.accept if " " in a.strip()), "")
    if spaced:
        doubled = spaced.strip().replace(" ", "  ", 1)
        notes.append(
            f"{label} : Moodle compte fausse une réponse avec des espaces en trop entre les mots "
            f"(« {doubled} ») ; ici, les espaces en trop sont ignorés."
        )
    accented = [a for a in question.accept if strip_accents(a) != a]
    if question.ignore_accents and accented:
        many = any(sum(strip_accents(c) != c for c in a) > MAX_ACCENTED for a in question.accept)
        partly = (
            "les formes accentuées et sans accents"
            if many
            else "les formes accentuées, sans accents et partiellement accentuées"
        )
        notes.append(
            f"{label} : accents ignorés ici ; Moodle accepte {partly} exportées, mais pas un "
            "autre accent (« è » pour « é »)."
        )
    if any(char in _APOSTROPHES for accepted in question.accept for char in accepted):
        notes.append(
            f"{label} : Moodle accepte les apostrophes ' et ’ exportées, mais pas ‘, ʼ ni ´ "
            "(lues ' ici)."
        )
