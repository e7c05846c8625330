"""The checker's side: checks judge data, call the student's functions only as declared."""

from __future__ import annotations

from typing import Any

import pytest

from hvlab.labs.judge import call_plan, judge, run_checks
from hvlab.labs.student import run_student

CHECKS = '''
from hvlab.labs.checks import declare_calls, expect_var

APPELS = declare_calls("double", (2,), (5,))


def check_double(ns):
    """double(2) et double(5)"""
    double = expect_var(ns, "double")
    assert callable(double), "double devrait être une fonction."
    assert double(2) == 4, f"double(2) vaut {double(2)!r}, on attend 4."
    assert double(5) == 10, f"double(5) vaut {double(5)!r}, on attend 10."
'''


def test_declared_calls_are_made_on_the_student_side_and_answered_from_data() -> None:
    assert run_checks("def double(n):\n    return 2 * n\n", CHECKS, step_id="s").passed
    report = run_checks("def double(n):\n    return n + 2\n", CHECKS, step_id="s")
    assert report.results[0].message == "double(5) vaut 7, on attend 10."


def test_an_error_in_the_student_function_is_explained_with_its_line() -> None:
    code = "def double(n):\n    return 2 * n / (n - 2)\n"
    report = run_checks(code, CHECKS, step_id="s")
    message = report.results[0].message
    assert message.startswith(
        "Votre fonction « double » a levé une erreur quand la vérification l'a appelée :\n"
        "Erreur ligne 2 : ZeroDivisionError: division by zero"
    )


def test_a_value_that_is_not_a_function_fails_the_check_clearly() -> None:
    report = run_checks("double = 4\n", CHECKS, step_id="s")
    assert report.results[0].message == "double devrait être une fonction."


def test_calls_depending_on_the_students_values_are_asked_in_later_rounds() -> None:
    checks = CHECKS + (
        "\n\ndef check_n(ns):\n"
        "    n = expect_var(ns, 'n')\n"
        "    assert ns['double'](n) == 2 * n, 'double(n) est faux.'\n"
        "    assert ns['double'](n + 1) == 2 * n + 2, 'double(n + 1) est faux.'\n"
    )
    code = "n = 7\ndef double(n):\n    return 2 * n\n"
    assert run_checks(code, checks, step_id="s").passed
    report = run_checks(code.replace("2 * n", "n + n + (n == 8)"), checks, step_id="s")
    assert [r.message for r in report.results] == ["", "double(n + 1) est faux."]


def test_checks_that_keep_asking_for_new_calls_stop_after_the_last_round() -> None:
    checks = (
        "import itertools\n"
        "def check_sans_fin(ns):\n"
        "    for i in itertools.count():\n"
        "        ns['f'](i)\n"
    )
    report = run_checks("def f(i):\n    return i\n", checks, step_id="s")
    assert not report.passed
    assert report.message == (
        "Les vérifications ont demandé trop d'appels à vos fonctions (20 allers-retours) : "
        "signalez-le à votre enseignant."
    )


def test_the_plan_is_data_and_the_calls_happen_after_the_code() -> None:
    plan = call_plan(CHECKS)
    assert list(plan["calls"]) == ["double"]
    data = run_student("calls = []\ndef double(n):\n    calls.append(n)\n    return 2 * n\n", plan)
    assert len(data["calls"]["double"]) == 2
    # the values were exported after the calls: the checks see what the calls changed
    assert judge(CHECKS, data, step_id="s").passed


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"run": "ok"},
        {"run": {"ok": True}, "namespace": [1]},
        {"run": {"ok": True}, "namespace": {"$": "namespace", "vars": [["x", {"$": "?"}]]}},
        {"run": {"ok": True, "error": {"line": "deux"}}},
        {"run": {"ok": True}, "namespace": {"$": "namespace", "vars": []}, "calls": {"double": 3}},
    ],
    ids=repr,
)
def test_malformed_student_data_gives_a_french_report_not_an_exception(data: Any) -> None:
    report = judge(CHECKS, data, step_id="s")
    assert not report.passed
    assert report.message
