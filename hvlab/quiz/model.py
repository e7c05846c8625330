"""The quiz model: a quiz, its questions and their parts, as frozen dataclasses.

The model mirrors the YAML authoring format field for field (see ``docs/reference/quiz.md``);
:func:`hvlab.quiz.loader.quiz_from_dict` builds it after validation, and
:meth:`Question.to_dict` gives the YAML-shaped dict back (defaults omitted).
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_HINT_PENALTY",
    "QUESTION_TYPES",
    "Option",
    "Pair",
    "Param",
    "Question",
    "QuestionType",
    "Quiz",
]

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

QuestionType = Literal[
    "single", "multiple", "true_false", "numeric", "text", "matching", "ordering"
]

#: Every question type, in the order the documentation presents them.
QUESTION_TYPES: tuple[str, ...] = (
    "single",
    "multiple",
    "true_false",
    "numeric",
    "text",
    "matching",
    "ordering",
)

#: Fraction of the question's points that each hint used costs, unless the question says otherwise.
DEFAULT_HINT_PENALTY = 0.25


@dataclass(frozen=True)
class Option:
    """One option of a ``single`` or ``multiple`` question.

    Attributes:
        text: the option as shown (Markdown).
        correct: whether choosing it is right.
        feedback: shown when the student chose this option (French, optional).
    """

    text: str
    correct: bool = False
    feedback: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The option as written in YAML (defaults omitted)."""
        data: dict[str, Any] = {"text": self.text}
        if self.correct:
            data["correct"] = True
        if self.feedback:
            data["feedback"] = self.feedback
        return data


@dataclass(frozen=True)
class Pair:
    """One pair of a ``matching`` question: ``left`` must be matched with ``right``."""

    left: str
    right: str

    def to_dict(self) -> dict[str, Any]:
        """The pair as written in YAML."""
        return {"left": self.left, "right": self.right}


@dataclass(frozen=True)
class Param:
    """A parameter of a parametrised question, drawn per variant.

    Either a range of numbers (``low`` to ``high`` inclusive, every ``step``) or a list of choices.

    Attributes:
        name: the name used in the prompt (``{servers}``) and in the answer expression.
        low: lower bound of the range (None for choices).
        high: upper bound of the range, inclusive (None for choices).
        step: spacing of the values in the range (1 for an integer range).
        choices: the possible values (empty for a range).
    """

    name: str
    low: float | None = None
    high: float | None = None
    step: float = 1
    choices: tuple[Any, ...] = ()

    @property
    def count(self) -> int:
        """How many values the parameter can take."""
        if self.choices:
            return len(self.choices)
        assert self.low is not None and self.high is not None
        return math.floor((self.high - self.low) / self.step + 1e-9) + 1

    def value(self, index: int) -> Any:
        """The ``index``-th possible value (0-based), integers kept as ``int``."""
        if self.choices:
            return self.choices[index]
        assert self.low is not None
        raw = self.low + index * self.step
        if all(isinstance(v, int) for v in (self.low, self.step)):
            return int(raw)
        return round(raw, 10)

    def draw(self, rng: random.Random) -> Any:
        """Draw one value with ``rng`` (uniform over the possible values)."""
        return self.value(rng.randrange(self.count))

    def to_dict(self) -> dict[str, Any]:
        """The parameter's definition as written in YAML."""
        if self.choices:
            return {"choices": list(self.choices)}
        data: dict[str, Any] = {"range": [self.low, self.high]}
        if self.step != 1:
            data["step"] = self.step
        return data


@dataclass(frozen=True)
class Question:
    """One question of a quiz. Only the fields of its ``type`` are meaningful.

    Attributes:
        id: unique within the quiz (letters, digits, ``-`` and ``_``).
        type: one of :data:`QUESTION_TYPES`.
        prompt: the question (Markdown); with ``params``, ``{name}`` / ``{name:.1f}`` are replaced.
        points: the marks the question is worth (> 0).
        explanation: shown after answering (Markdown).
        hints: hints the student may ask for, in order.
        hint_penalty: fraction of ``points`` each hint used costs (default 0.25).
        shuffle_options: present options (single, multiple) in random order.
        options: the options (single, multiple).
        answer: true_false: a bool; numeric: a number, or an expression over ``params``.
        tolerance: numeric: absolute (a number) or relative (``"10%"``).
        unit: numeric: the unit of the answer (accepted after the number).
        units: numeric: other accepted units → factor to the answer's unit (``{"Mo": 0.001}``).
        accept: text: the accepted answers.
        case_sensitive: text: compare case (default: no).
        ignore_accents: text: ``é`` counts as ``e`` (default: no).
        pairs: matching: the right pairs.
        distractors: matching: extra wrong right-hand choices.
        items: ordering: the items in the right order.
        all_or_nothing: ordering: all points only if the whole order is right (default: share of
            items in the right position).
        params: the parameters of a parametrised question.
    """

    id: str
    type: QuestionType
    prompt: str
    points: float = 1.0
    explanation: str = ""
    hints: tuple[str, ...] = ()
    hint_penalty: float = DEFAULT_HINT_PENALTY
    shuffle_options: bool = False
    options: tuple[Option, ...] = ()
    answer: bool | float | str | None = None
    tolerance: float | str = 0.0
    unit: str = ""
    units: Mapping[str, float] = field(default_factory=dict, hash=False)
    accept: tuple[str, ...] = ()
    case_sensitive: bool = False
    ignore_accents: bool = False
    pairs: tuple[Pair, ...] = ()
    distractors: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    all_or_nothing: bool = False
    params: tuple[Param, ...] = ()

    @property
    def is_parametrised(self) -> bool:
        """Whether the question draws parameters (its answer depends on a seed)."""
        return bool(self.params)

    @property
    def correct_indexes(self) -> tuple[int, ...]:
        """Indexes (source order) of the correct options of a single/multiple question."""
        return tuple(i for i, option in enumerate(self.options) if option.correct)

    def to_dict(self) -> dict[str, Any]:
        """The question as written in YAML (fields of other types and defaults omitted)."""
        data: dict[str, Any] = {"id": self.id, "type": self.type, "prompt": self.prompt}
        if self.points != 1:
            data["points"] = self.points
        if self.params:
            data["params"] = {p.name: p.to_dict() for p in self.params}
        if self.type in ("single", "multiple"):
            data["options"] = [o.to_dict() for o in self.options]
            if self.shuffle_options:
                data["shuffle_options"] = True
        elif self.type in ("true_false", "numeric"):
            data["answer"] = self.answer
        if self.type == "numeric":
            if self.tolerance:
                data["tolerance"] = self.tolerance
            if self.unit:
                data["unit"] = self.unit
            if self.units:
                data["units"] = dict(self.units)
        elif self.type == "text":
            data["accept"] = list(self.accept)
            if self.case_sensitive:
                data["case_sensitive"] = True
            if self.ignore_accents:
                data["ignore_accents"] = True
        elif self.type == "matching":
            data["pairs"] = [p.to_dict() for p in self.pairs]
            if self.distractors:
                data["distractors"] = list(self.distractors)
        elif self.type == "ordering":
            data["items"] = list(self.items)
            if self.all_or_nothing:
                data["all_or_nothing"] = True
        if self.hints:
            data["hints"] = list(self.hints)
            if self.hint_penalty != DEFAULT_HINT_PENALTY:
                data["hint_penalty"] = self.hint_penalty
        if self.explanation:
            data["explanation"] = self.explanation
        return data


@dataclass(frozen=True)
class Quiz:
    """A quiz: a titled list of questions.

    Attributes:
        id: the quiz's identifier (the file is ``quizzes/<id>.yaml``; used to embed it).
        title: shown above the quiz.
        questions: the questions, in source order.
        description: introduction (Markdown).
        pass_mark: fraction of the points needed to pass (None: no pass mark).
        shuffle: present the questions in random order.
        category: Moodle question-bank category for exports (default: the title).
        file: the file it was loaded from ("" when built from a dict).
    """

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    pass_mark: float | None = None
    shuffle: bool = False
    category: str = ""
    file: str = ""

    @property
    def max_score(self) -> float:
        """The total of the questions' points."""
        return float(sum(q.points for q in self.questions))

    def question(self, question_id: str) -> Question:
        """The question with this id.

        Raises:
            KeyError: no question has this id.
        """
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def to_dict(self) -> dict[str, Any]:
        """The quiz as written in YAML (defaults omitted)."""
        data: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.description:
            data["description"] = self.description
        if self.pass_mark is not None:
            data["pass_mark"] = self.pass_mark
        if self.shuffle:
            data["shuffle"] = True
        if self.category:
            data["category"] = self.category
        data["questions"] = [q.to_dict() for q in self.questions]
        return data
