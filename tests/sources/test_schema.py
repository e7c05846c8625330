"""JSON Schema errors in French: generic messages, and a format's own words where it has them."""

from __future__ import annotations

from typing import Any

import pytest

from hvlab.sources import Vocabulary, schema_problems

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "steps"],
    "properties": {
        "title": {"type": "string", "minLength": 1, "description": "Le titre du TP."},
        "level": {"enum": ["débutant", "intermédiaire", "avancé"]},
        "duration_min": {"type": "integer", "minimum": 1},
        "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
        "weight": {"anyOf": [{"type": "number"}, {"type": "string", "pattern": "^\\d+%$"}]},
    },
    "$defs": {
        "step": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string", "pattern": "^[a-z]+$"}},
        }
    },
}


def _messages(data: Any, vocabulary: Vocabulary | None = None) -> list[tuple[str, tuple[Any, ...]]]:
    return [(p.message, p.path) for p in schema_problems(data, SCHEMA, vocabulary)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"titel": "x", "steps": [{"id": "a"}]},
            [("clé inconnue « titel » (vouliez-vous dire « title » ?)", ("titel",))],
        ),
        (
            {"steps": [{"id": "a"}]},
            [("clé obligatoire « title » manquante : Le titre du TP", ())],
        ),
        (
            {"title": "t", "steps": [{"id": "a"}], "duration_min": "dix"},
            [("type incorrect — attendu : un entier ; lu : le texte « dix »", ("duration_min",))],
        ),
        (
            {"title": "t", "steps": [{"id": "a"}], "level": "debutant"},
            [
                (
                    "valeur « debutant » non permise (vouliez-vous dire « débutant » ?) ; valeurs "
                    "possibles : débutant, intermédiaire, avancé",
                    ("level",),
                )
            ],
        ),
        (
            {"title": "t", "steps": [{"id": "a"}], "duration_min": 0},
            [
                (
                    "valeur hors limites — attendu : supérieur ou égal à 1 ; lu : 0",
                    ("duration_min",),
                )
            ],
        ),
        (
            {"title": "t", "steps": []},
            [("liste trop courte — attendu : au moins 1 élément(s) ; trouvé : 0", ("steps",))],
        ),
        (
            {"title": "", "steps": [{"id": "a"}]},
            [("texte vide : écrivez-le ou retirez la clé", ("title",))],
        ),
        (
            {"title": "t", "steps": [{"id": "a"}], "weight": "dix %"},
            [("valeur « dix % » mal formée : voir le format attendu dans le guide", ("weight",))],
        ),
        (
            {"title": "t", "steps": [{"id": "a"}], "weight": True},
            [
                (
                    "type incorrect — attendu : un nombre ou du texte ; lu : le booléen true (YAML "
                    "lit yes/no/on/off/true/false comme des booléens : mettez le texte entre "
                    "guillemets)",
                    ("weight",),
                )
            ],
        ),
    ],
    ids=["unknown", "required", "type", "enum", "minimum", "minItems", "empty", "anyOf", "bool"],
)
def test_generic_messages(data: Any, expected: list[tuple[str, tuple[Any, ...]]]) -> None:
    assert _messages(data) == expected


def test_vocabulary_words_win_over_the_generic_ones() -> None:
    vocabulary = Vocabulary(
        required={"id": "l'identifiant de l'étape"},
        messages={
            "pattern:steps/*/id": "identifiant d'étape invalide « {raw} »",
            "minItems:*/steps": "un TP a au moins {limit} étape ; trouvé : {count}",
        },
    )
    assert _messages({"title": "t", "steps": [{"id": "A"}, {}]}, vocabulary) == [
        ("identifiant d'étape invalide « A »", ("steps", 0, "id")),
        ("clé obligatoire « id » manquante : l'identifiant de l'étape", ("steps", 1)),
    ]
    assert _messages({"title": "t", "steps": []}, vocabulary) == [
        ("un TP a au moins 1 étape ; trouvé : 0", ("steps",))
    ]


def test_numbers_in_messages_are_french() -> None:
    schema = {"type": "number", "maximum": 2.5}
    [problem] = schema_problems(3.75, schema)
    assert problem.message == "valeur hors limites — attendu : inférieur ou égal à 2,5 ; lu : 3,75"
