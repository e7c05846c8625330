"""Loading and validation: every problem at once, in French, with its line and column."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from hvlab.errors import ValidationError, ValidationProblem
from hvlab.quiz import QUESTION_TYPES, check_quiz_file, load_quiz, quiz_from_dict, schema
from tests.conftest import ROOT

HEADER = """\
# yaml-language-server: $schema=../hvlab/quiz/schema/quiz.schema.json
id: essai
title: Essai
questions:
"""


def _problems(tmp_path: Path, questions: str, *, header: str = HEADER) -> list[ValidationProblem]:
    """Problems of a quiz whose questions (dedented, so starting at column 1) follow HEADER.

    HEADER takes 4 lines: the first question starts on line 5.
    """
    path = tmp_path / "essai.yaml"
    path.write_text(header + textwrap.dedent(questions), encoding="utf-8")
    return check_quiz_file(path)


def _only(problems: list[ValidationProblem]) -> ValidationProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_sample_quiz_loads_with_every_type() -> None:
    quiz = load_quiz(ROOT / "quizzes" / "exemple-tous-types.yaml")
    assert quiz.id == "exemple-tous-types"
    assert {q.type for q in quiz.questions} == set(QUESTION_TYPES)
    assert any(q.params for q in quiz.questions)
    assert any(q.hints for q in quiz.questions)
    assert quiz.max_score == 14


def test_sample_quiz_starts_with_the_schema_line() -> None:
    first = (
        (ROOT / "quizzes" / "exemple-tous-types.yaml").read_text(encoding="utf-8").split("\n")[0]
    )
    assert first == "# yaml-language-server: $schema=../hvlab/quiz/schema/quiz.schema.json"


def test_schema_is_shipped_and_a_valid_draft_2020_12_schema() -> None:
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(schema())
    assert "0.25" in schema()["$defs"]["question"]["properties"]["hint_penalty"]["description"]


@pytest.mark.parametrize("path", sorted((ROOT / "quizzes").glob("*.yaml")), ids=lambda p: p.name)
def test_every_quiz_of_the_course_is_valid(path: Path) -> None:
    assert [str(p) for p in check_quiz_file(path)] == []


def test_unknown_type_with_suggestion_and_position(tmp_path: Path) -> None:
    problem = _only(_problems(tmp_path, "  - {id: a, type: singel, prompt: p}\n"))
    assert problem.message.startswith("type de question inconnu « singel »")
    assert "vouliez-vous dire « single » ?" in problem.message
    assert (problem.line, problem.column) == (5, 17)
    assert str(problem).startswith(f"{tmp_path / 'essai.yaml'}:5:17: ")


def test_unknown_key_points_at_the_key_with_suggestion(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            """\
              - id: a
                type: true_false
                promt: p
                prompt: p
                answer: true
            """,
        )
    )
    assert problem.message == "clé inconnue « promt » (vouliez-vous dire « prompt » ?)"
    assert (problem.line, problem.column) == (7, 3)
    assert problem.path == "questions n° 1 › promt"


def test_duplicate_question_id(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            """\
              - {id: a, type: true_false, prompt: p, answer: true}
              - {id: a, type: true_false, prompt: q, answer: false}
            """,
        )
    )
    assert "identifiant de question « a » déjà utilisé par la question n° 1" in problem.message
    assert problem.line == 6


@pytest.mark.parametrize(
    ("options", "found"),
    [
        ("[{text: x, correct: true}, {text: y, correct: true}]", "trouvé : 2 (options n° 1, 2)"),
        ("[{text: x}, {text: y}]", "trouvé : aucune"),
    ],
)
def test_single_needs_exactly_one_correct_option(tmp_path: Path, options: str, found: str) -> None:
    problem = _only(
        _problems(tmp_path, f"  - {{id: a, type: single, prompt: p, options: {options}}}\n")
    )
    assert "exactement une bonne option" in problem.message
    assert found in problem.message
    assert problem.path == "questions n° 1 › options"


def test_multiple_needs_a_correct_option(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path, "  - {id: a, type: multiple, prompt: p, options: [{text: x}, {text: y}]}\n"
        )
    )
    assert "au moins une bonne option" in problem.message


def test_negative_tolerance_and_non_positive_points(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, "  - {id: a, type: numeric, prompt: p, answer: 3, tolerance: -1, points: 0}\n"
    )
    messages = sorted(p.message for p in problems)
    assert len(messages) == 2
    assert messages[0].startswith("les points doivent être strictement positifs ; valeur lue : 0")
    assert messages[1].startswith("tolérance négative (-1)")


def test_bad_relative_tolerance(tmp_path: Path) -> None:
    problem = _only(
        _problems(tmp_path, "  - {id: a, type: numeric, prompt: p, answer: 3, tolerance: dix%}\n")
    )
    assert problem.message.startswith("tolérance invalide « dix% »")


def test_parameter_used_but_not_defined(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            """\
              - id: a
                type: numeric
                params: {n: {range: [1, 5]}}
                prompt: "{n} serveurs à {util:.0%}"
                answer: "n * 2"
            """,
        )
    )
    assert problem.message.startswith(
        "le paramètre « util » est utilisé dans l'énoncé mais n'est pas défini sous params"
    )
    assert (problem.line, problem.column) == (8, 11)


def test_answer_expression_failing_for_some_variant_names_it(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            """\
              - id: a
                type: numeric
                params: {n: {range: [1, 5]}}
                prompt: "{n} ?"
                answer: "10 / (n - 3)"
            """,
        )
    )
    assert problem.message == (
        "l'expression de la réponse échoue pour n=3 : division par zéro dans « 10 / (n - 3) »"
    )
    assert problem.path == "questions n° 1 › answer"
    assert problem.line == 9


def test_answer_expression_failing_on_a_sample_of_a_large_range(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            """\
              - id: a
                type: numeric
                params: {n: {range: [0, 100000]}, m: {range: [0, 100000]}}
                prompt: "{n} {m}"
                answer: "sqrt(n - 50000)"
            """,
        )
    )
    assert problem.message.startswith("l'expression de la réponse échoue pour n=0, m=0")
    assert "hors du domaine" in problem.message


@pytest.mark.parametrize(
    ("expression", "fragment"),
    [
        (
            "n.__class__",
            "construction interdite dans une expression de réponse : l'accès à un attribut",
        ),
        ("__import__('os')", "nom inconnu « __import__ »"),
        ("(lambda: 1)()", "expression de réponse : les fonctions lambda"),
        ("n[0]", "expression de réponse : l'indexation (a[i])"),
        ("n +", "erreur de syntaxe"),
    ],
)
def test_unsafe_answer_expression_rejected(tmp_path: Path, expression: str, fragment: str) -> None:
    problems = _problems(
        tmp_path,
        f"""\
          - id: a
            type: numeric
            params: {{n: {{range: [1, 5]}}}}
            prompt: "{{n}}"
            answer: {expression!r}
        """,
    )
    assert any(fragment in p.message for p in problems), [p.message for p in problems]
    assert all(p.path == "questions n° 1 › answer" for p in problems)


def test_format_spec_not_fitting_a_text_parameter(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            """\
              - id: a
                type: numeric
                params: {os: {choices: [Linux, Windows]}}
                prompt: "{os:.0%}"
                answer: 1
            """,
        )
    )
    assert problem.message.startswith("texte impossible à composer pour os='Linux'")


def test_matching_duplicate_left(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path,
            """\
              - id: a
                type: matching
                prompt: p
                pairs:
                  - {left: ESXi, right: Type 1}
                  - {left: ESXi, right: Type 2}
            """,
        )
    )
    assert problem.message.startswith("élément de gauche « ESXi » en double")
    assert (problem.line, problem.column) == (10, 14)


def test_ordering_needs_two_items(tmp_path: Path) -> None:
    problem = _only(_problems(tmp_path, "  - {id: a, type: ordering, prompt: p, items: [seul]}\n"))
    assert problem.message == (
        "une question ordering doit avoir au moins 2 éléments à ordonner ; trouvé : 1"
    )


def test_key_of_another_type(tmp_path: Path) -> None:
    problem = _only(
        _problems(
            tmp_path, "  - {id: a, type: true_false, prompt: p, answer: true, tolerance: 1}\n"
        )
    )
    assert problem.message.startswith(
        "la clé « tolerance » ne s'applique pas à une question « true_false »"
    )


def test_missing_required_key_says_what_it_is(tmp_path: Path) -> None:
    problem = _only(_problems(tmp_path, "  - {id: a, type: text, prompt: p}\n"))
    assert problem.message.startswith("clé obligatoire « accept » manquante")
    assert "(obligatoire pour une question « text »)" in problem.message


def test_yes_read_as_boolean_is_explained(tmp_path: Path) -> None:
    problem = _only(_problems(tmp_path, "  - {id: a, type: text, prompt: p, accept: [yes]}\n"))
    assert "le booléen true" in problem.message
    assert "guillemets" in problem.message


def test_invalid_yaml_reports_the_error_position(tmp_path: Path) -> None:
    problem = _only(
        _problems(tmp_path, "  - id: a\n    prompt: Oui : il s'exécute sur le matériel\n")
    )
    assert problem.message.startswith("YAML invalide : « : » inattendu")
    assert (problem.line, problem.column) == (6, 15)


def test_repeated_key_reported(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path, "  - {id: a, type: true_false, prompt: p, prompt: q, answer: true}\n"
    )
    assert [p.message for p in problems] == [
        "clé « prompt » répétée (déjà ligne 5) : une seule occurrence est permise ; supprimez ou "
        "renommez l'une des deux."
    ]


def test_file_name_must_match_the_id(tmp_path: Path) -> None:
    path = tmp_path / "autre.yaml"
    path.write_text(HEADER + "  - {id: a, type: true_false, prompt: p, answer: true}\n", "utf-8")
    problem = _only(check_quiz_file(path))
    assert "ne correspond pas au nom du fichier « autre.yaml »" in problem.message


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "vide.yaml").write_text("# rien\n", encoding="utf-8")
    assert _only(check_quiz_file(tmp_path / "vide.yaml")).message.startswith("fichier vide")
    assert _only(check_quiz_file(tmp_path / "absent.yaml")).message.startswith(
        "fichier introuvable"
    )


def test_all_problems_reported_at_once_in_document_order(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """\
          - {id: a, type: singel, prompt: p}
          - {id: b, type: numeric, prompt: p, answer: 1, tolerance: -2}
          - {id: c, type: ordering, prompt: p, items: [x]}
          - {id: b, type: true_false, prompt: p, answer: true}
        """,
    )
    assert len(problems) == 4
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    assert [p.line for p in problems] == [5, 6, 7, 8]


def test_load_quiz_raises_validation_error_listing_everything(tmp_path: Path) -> None:
    path = tmp_path / "essai.yaml"
    path.write_text(HEADER + "  - {id: a, type: x, prompt: p}\n  - {id: a, type: y, prompt: p}\n")
    with pytest.raises(ValidationError) as error:
        load_quiz(path)
    assert len(error.value.problems) == 3
    assert str(error.value).startswith("3 problèmes trouvés :")


def test_quiz_from_dict_reports_paths_without_positions() -> None:
    with pytest.raises(ValidationError) as error:
        quiz_from_dict({"id": "Mauvais Id", "title": "t", "questions": []})
    messages = {p.path: p.message for p in error.value.problems}
    assert messages["id"].startswith("identifiant de quiz invalide « Mauvais Id »")
    assert messages["questions"].startswith("liste trop courte")
    assert all(p.line == 0 for p in error.value.problems)


def test_true_false_answer_must_be_a_boolean(tmp_path: Path) -> None:
    problem = _only(_problems(tmp_path, "  - {id: a, type: true_false, prompt: p, answer: vrai}\n"))
    assert problem.message.startswith(
        "une question true_false attend true ou false comme réponse ; lu : 'vrai'"
    )
    assert problem.path == "questions n° 1 › answer"


def test_model_values_are_hashable_and_round_trip_to_dict() -> None:
    quiz = load_quiz(ROOT / "quizzes" / "exemple-tous-types.yaml")
    assert len(set(quiz.questions)) == len(quiz.questions)
    assert quiz_from_dict(quiz.to_dict()) == dataclasses.replace(quiz, file="")


def test_a_misspelt_key_gives_one_message_not_a_cascade(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """\
          - {id: a, type: numeric, prompt: "{n}", answer: "n", params: {n: {rang: [1, 5]}}}
          - {id: b, type: single, prompt: p, options: [{text: x, corect: true}, {text: y}]}
        """,
    )
    assert [p.message for p in problems] == [
        "clé inconnue « rang » (vouliez-vous dire « range » ?)",
        "clé inconnue « corect » (vouliez-vous dire « correct » ?)",
    ]


def test_misspelt_required_key_is_not_also_reported_missing(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """\
          - {id: a, type: true_false, promt: p, answer: true}
          - {id: b, type: matching, prompt: p, pair: [], params: {}}
        """,
    )
    assert [p.message for p in problems] == [
        "clé inconnue « promt » (vouliez-vous dire « prompt » ?)",
        "clé inconnue « pair » (vouliez-vous dire « pairs » ?)",
    ]
