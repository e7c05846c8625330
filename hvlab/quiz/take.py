"""Taking a quiz in the terminal (``hvlab quiz take``): questions asked, answers read forgivingly.

Answers are read line by line from any text stream, so the quiz works with a keyboard, a pipe or a
file (``hvlab quiz take quiz.yaml < reponses.txt``):

* options (single, multiple): letters or numbers, ``a``, ``B``, ``2``, ``a c``, ``a,c``, ``ac``;
* true_false: ``oui``/``non``, ``vrai``/``faux``, ``v``/``f``, ``o``/``n``, ``true``/``false``;
* numeric and text: as typed (``7,5 %``, ``12 000 Mo``);
* matching: one letter per left-hand item, in order (``b a a``, ``baa``) or pairs (``1b 2a 3a``);
* ordering: the letters of the items in the right order (``c a b``);
* ``?`` (or ``indice``) shows the next hint; an empty line skips the question; end of input stops.
"""

from __future__ import annotations

__all__ = ["UnreadableAnswer", "parse_answer", "run_quiz"]

import random
import re
import string
from typing import Any, TextIO

from hvlab.errors import HvlabError
from hvlab.quiz.grading import QuizResult, grade_question
from hvlab.quiz.model import Question, Quiz
from hvlab.quiz.variants import Variant, variant

_LETTERS = string.ascii_lowercase
_TRUE = {"oui", "o", "vrai", "v", "true", "t", "yes", "y", "1"}
_FALSE = {"non", "n", "faux", "f", "false", "no", "0"}
_HINT = {"?", "indice", "aide"}


class UnreadableAnswer(HvlabError):
    """The line cannot be read as an answer to the question (message in French)."""


def _choice_tokens(text: str, count: int) -> list[int]:
    """``"a c"`` / ``"a,c"`` / ``"ac"`` / ``"1 3"`` → 0-based positions."""
    cleaned = text.strip().lower()
    tokens = [t for t in re.split(r"[\s,;/]+", cleaned) if t]
    if len(tokens) == 1 and tokens[0].isalpha() and len(tokens[0]) > 1:
        tokens = list(tokens[0])
    positions = []
    for token in tokens:
        token = token.rstrip(").")
        if token.isdigit():
            position = int(token) - 1
        elif len(token) == 1 and token in _LETTERS:
            position = _LETTERS.index(token)
        else:
            raise UnreadableAnswer(f"« {token} » n'est ni une lettre ni un numéro d'option.")
        if not 0 <= position < count:
            raise UnreadableAnswer(f"« {token} » : il n'y a que {count} choix.")
        positions.append(position)
    return positions


def parse_answer(question: Question, shown: Variant, order: list[int], text: str) -> Any:
    """Turn a typed line into a response for :func:`~hvlab.quiz.grading.grade_question`.

    Args:
        question: the question.
        shown: the variant shown.
        order: the displayed order (display position → source index) of options (single,
            multiple), right-hand choices (matching) or items (ordering).
        text: the line typed (not empty).

    Raises:
        UnreadableAnswer: the line cannot be read (French message).
    """
    kind = question.type
    if kind == "single":
        positions = _choice_tokens(text, len(order))
        if len(positions) != 1:
            raise UnreadableAnswer("Une seule réponse est attendue (une lettre).")
        return order[positions[0]]
    if kind == "multiple":
        return sorted({order[p] for p in _choice_tokens(text, len(order))})
    if kind == "true_false":
        word = text.strip().lower().rstrip(".!")
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise UnreadableAnswer("Répondez par « vrai » ou « faux » (ou « oui » / « non »).")
    if kind in ("numeric", "text"):
        return text.strip()
    if kind == "matching":
        lefts = [pair.left for pair in question.pairs]
        rights = _rights(question)
        pairs = re.findall(r"(\d+)\s*[-=:>]*\s*([a-z])", text.lower())
        if pairs:
            mapping: dict[str, str] = {}
            for number, letter in pairs:
                left_index, right_index = int(number) - 1, _LETTERS.index(letter)
                if not 0 <= left_index < len(lefts) or right_index >= len(order):
                    raise UnreadableAnswer(f"« {number}{letter} » ne correspond à aucun choix.")
                mapping[lefts[left_index]] = rights[order[right_index]]
            return mapping
        positions = _choice_tokens(text, len(order))
        if len(positions) != len(lefts):
            raise UnreadableAnswer(
                f"Donnez une lettre pour chacun des {len(lefts)} éléments, dans l'ordre."
            )
        return {left: rights[order[p]] for left, p in zip(lefts, positions, strict=True)}
    positions = _choice_tokens(text, len(order))
    if sorted(positions) != list(range(len(order))):
        raise UnreadableAnswer(
            f"Donnez les {len(order)} lettres, chacune une fois, dans le bon ordre."
        )
    return [question.items[order[p]] for p in positions]


def _rights(question: Question) -> list[str]:
    return list(dict.fromkeys([*(p.right for p in question.pairs), *question.distractors]))


def _display_order(question: Question, rng: random.Random) -> list[int]:
    kind = question.type
    if kind in ("single", "multiple"):
        order = list(range(len(question.options)))
        if question.shuffle_options:
            rng.shuffle(order)
        return order
    if kind in ("matching", "ordering"):
        # The source order is the answer (ordering) or mirrors it (matching): never show it.
        count = len(_rights(question)) if kind == "matching" else len(question.items)
        order = list(range(count))
        while count > 1 and order == sorted(order):
            rng.shuffle(order)
        return order
    return []


def _show(question: Question, shown: Variant, order: list[int], number: int, total: int) -> str:
    points = "1 point" if question.points == 1 else f"{question.points:g} points"
    lines = [f"Question {number}/{total} ({points})", shown.prompt.strip()]
    kind = question.type
    if kind in ("single", "multiple"):
        lines += [f"  {_LETTERS[i]}) {shown.options[j]}" for i, j in enumerate(order)]
        lines.append(
            "Votre réponse (une lettre) :"
            if kind == "single"
            else "Votre réponse (les lettres des bonnes options, ex. « a c ») :"
        )
    elif kind == "true_false":
        lines.append("Vrai ou faux ?")
    elif kind == "numeric":
        unit = f" (en {question.unit})" if question.unit else ""
        lines.append(f"Votre réponse{unit} :")
    elif kind == "text":
        lines.append("Votre réponse :")
    elif kind == "matching":
        rights = _rights(question)
        lines += [f"  {i}. {pair.left}" for i, pair in enumerate(question.pairs, start=1)]
        lines.append("Choix :")
        lines += [f"  {_LETTERS[i]}) {rights[j]}" for i, j in enumerate(order)]
        lines.append("Une lettre par élément, dans l'ordre (ex. « b a a ») :")
    else:
        lines += [f"  {_LETTERS[i]}) {question.items[j]}" for i, j in enumerate(order)]
        lines.append("Les lettres dans le bon ordre (ex. « c a b ») :")
    return "\n".join(lines)


def _format_score(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def run_quiz(quiz: Quiz, stdin: TextIO, stdout: TextIO, *, seed: int | None = None) -> QuizResult:
    """Ask every question of ``quiz`` on ``stdout``, read the answers from ``stdin``.

    Args:
        quiz: the quiz.
        stdin: where answers are read, one line each (a TTY, a pipe, a file).
        stdout: where questions, feedback and the score are written.
        seed: seed of the question order and of the variants (random when None).

    Returns:
        The quiz's result (the score is also printed as « Score : X / Y »).
    """
    rng = random.Random(seed)
    questions = list(quiz.questions)
    if quiz.shuffle:
        rng.shuffle(questions)
    out = stdout.write
    out(f"{quiz.title}\n{'=' * len(quiz.title)}\n")
    if quiz.description:
        out(quiz.description.strip() + "\n")
    out("Tapez « ? » pour un indice, une ligne vide pour passer la question.\n")
    results = {}
    finished = False
    for number, question in enumerate(questions, start=1):
        if finished:
            break
        shown = variant(question, rng.randrange(1000) if question.params else None)
        order = _display_order(question, rng)
        out("\n" + _show(question, shown, order, number, len(questions)) + "\n")
        hints_used = 0
        response: Any = None
        while not finished:
            stdout.flush()
            line = stdin.readline()
            if not line:
                finished = True
                break
            text = line.strip()
            if not text:
                break
            if text.lower() in _HINT:
                if hints_used < len(shown.hints):
                    hints_used += 1
                    out(f"Indice {hints_used}/{len(shown.hints)} : {shown.hints[hints_used - 1]}\n")
                else:
                    out("Pas d'autre indice pour cette question.\n")
                continue
            try:
                response = parse_answer(question, shown, order, text)
            except UnreadableAnswer as error:
                out(f"{error} Réessayez :\n")
                continue
            break
        if shown.seed is not None and response is not None:
            response = {"seed": shown.seed, "value": response}
        elif shown.seed is not None:
            response = {"seed": shown.seed, "value": None}
        result = grade_question(question, response, hints_used=hints_used)
        results[question.id] = result
        out(f"→ {result.feedback}\n")
        if result.explanation:
            out(f"Explication : {result.explanation.strip()}\n")
        out(f"Points : {_format_score(result.score)} / {_format_score(result.max)}\n")
    ordered = tuple(
        results[q.id] if q.id in results else grade_question(q, None) for q in quiz.questions
    )
    total = QuizResult(quiz=quiz.id, questions=ordered, pass_mark=quiz.pass_mark)
    out(f"\nScore : {_format_score(total.score)} / {_format_score(total.max)}\n")
    if total.passed is not None:
        out("Quiz réussi, bravo !\n" if total.passed else "Seuil de réussite non atteint.\n")
    stdout.flush()
    return total
