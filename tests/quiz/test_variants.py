"""Parametrised questions: seeded draws, French rendering, the safe expression evaluator."""

from __future__ import annotations

import pytest

from hvlab.quiz import ExpressionError, evaluate, question_from_dict, variant
from hvlab.quiz.variants import check_expression, functions, placeholders, render

QUESTION = question_from_dict(
    {
        "id": "ratio",
        "type": "numeric",
        "params": {"servers": {"range": [10, 50]}, "util": {"choices": [0.05, 0.08, 0.1]}},
        "prompt": "Un parc de {servers} serveurs utilisés à {util:.0%}",
        "answer": "ceil(servers * util / 0.8)",
        "hints": ["{servers} × {util}"],
    }
)


def test_variant_is_deterministic_per_seed_and_varies_across_seeds() -> None:
    assert variant(QUESTION, 7) == variant(QUESTION, 7)
    drawn = {tuple(variant(QUESTION, seed).params.values()) for seed in range(30)}
    assert len(drawn) > 10


def test_variant_renders_french_and_computes_the_answer() -> None:
    for seed in range(20):
        shown = variant(QUESTION, seed)
        servers, util = shown.params["servers"], shown.params["util"]
        assert isinstance(servers, int) and 10 <= servers <= 50
        assert util in (0.05, 0.08, 0.1)
        percent = {0.05: "5", 0.08: "8", 0.1: "10"}[util]
        assert shown.prompt == f"Un parc de {servers} serveurs utilisés à {percent}\u00a0%"
        assert shown.hints == (f"{servers} × {str(util).replace('.', ',')}",)
        # the answer is the fewest hosts filled at 80 % that hold the load
        hosts = shown.answer
        assert hosts == int(hosts)
        assert hosts * 0.8 >= servers * util - 1e-9
        assert (hosts - 1) * 0.8 < servers * util
    # seed 3: 49 servers at 8 % → 3.92 servers' worth of load → 3.92 / 0.8 = 4.9 → 5 hosts
    assert variant(QUESTION, 3).answer == 5


def test_variant_of_a_plain_question_has_no_seed() -> None:
    plain = question_from_dict({"id": "t", "type": "true_false", "prompt": "{x}", "answer": True})
    shown = variant(plain, 5)
    assert shown.seed is None
    assert shown.prompt == "{x}"
    assert shown.answer is True


def test_range_with_float_step_enumerates_clean_values() -> None:
    question = question_from_dict(
        {
            "id": "u",
            "type": "numeric",
            "params": {"u": {"range": [0.1, 0.9], "step": 0.1}},
            "prompt": "{u}",
            "answer": "u * 10",
        }
    )
    param = question.params[0]
    assert param.count == 9
    assert [param.value(i) for i in range(9)] == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]


def test_render_french_numbers() -> None:
    assert render("{x:.2f}", {"x": 1234.5}) == "1234,50"
    assert render("{x:,.1f}", {"x": 1234.5}) == "1\u202f234,5"
    assert render("{x:.0%}", {"x": 0.08}) == "8\u00a0%"
    assert render("{x} et {{x}}", {"x": "Linux"}) == "Linux et {x}"


def test_render_refuses_huge_widths() -> None:
    with pytest.raises(ValueError, match="trop large"):
        render("{x:999999999}", {"x": 1})


def test_placeholders_and_unbalanced_braces() -> None:
    assert placeholders("{a} {b:.1f} {{c}}") == ["a", "b"]
    with pytest.raises(ValueError, match="accolades non appariées"):
        placeholders("{a")


@pytest.mark.parametrize(
    ("expression", "params", "value"),
    [
        ("ceil(servers * util / 0.8)", {"servers": 49, "util": 0.08}, 5),
        ("max(a, b) - min(a, b)", {"a": 3, "b": 10}, 7),
        ("round(2.345, 2)", {}, 2.35),
        ("a if a > b else b", {"a": 1, "b": 2}, 2),
        ("sqrt(16) + log10(1000)", {}, 7.0),
        ("2 ** 10", {}, 1024),
        ("ceil(24 * 0.1 / 0.8)", {}, 3),  # 3.0000000000000004 in floating point
        ("floor(0.29 * 100)", {}, 29),  # 28.999999999999996 in floating point
        ("linear_power_w(175, 250, 0.5)", {}, 212.5),  # REFERENCES.md: 212.5 W
        ("spec_power_w('HP_ML110_G4', 0.25)", {}, 94.3),  # hvlab.sim.core.power docstring
        ("mm1_response_factor(0.8)", {}, 5.0),  # 1 / (1 - 0.8)
        ("cpu_ready_percent(2000, 20)", {}, 10.0),  # REFERENCES.md: 2000 ms in 20 s = 10 %
        ("n_plus_one_usable_fraction(5)", {}, 0.8),  # REFERENCES.md: N+1 on 5 hosts
        # 50 VMs × 2 cores = 100 / (32 × 0.8) = 3.9; 50 × 8 GiB = 400 / (128 × 0.8) = 3.9 → 4
        ("placement_lower_bound(50, 2, 8, 32, 128, 0.8)", {}, 4),
        # λ = 25/125 = 0.2; rounds n = ⌈log_0.2(1/1000)⌉ = 5; V = 1000 (1 − 0.2⁶) / 0.8
        ("precopy_transferred_mb(1000, 125, 25, 1)", {}, 1249.92),
        ("precopy_total_time_s(1000, 125, 25, 1)", {}, 1249.92 / 125),
        ("precopy_downtime_ms(1000, 125, 25, 1)", {}, 1000 * 0.2**5 / 125 * 1000),
        ("cloudsim_migration_time_s(870, 1000)", {}, 13.92),  # REFERENCES.md
    ],
)
def test_evaluate_allowed_expressions(
    expression: str, params: dict[str, float], value: float
) -> None:
    assert evaluate(expression, params) == pytest.approx(value)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("().__class__", "attribut"),
        ("__import__('os').system('true')", "appel interdit"),
        ("__import__('os')", "nom inconnu « __import__ »"),
        ("open('/etc/passwd')", "nom inconnu « open »"),
        ("(lambda: 1)()", "lambda"),
        ("[x for x in (1, 2)]", "compréhensions"),
        ("10 ** 10 ** 10", "exposant trop grand"),
        ("'a' * 10", "texte"),
        ("1 / 0", "division par zéro"),
        ("sqrt(-1)", "hors du domaine"),
        ("exp(1000)", "trop grand"),
        ("{1: 2}", "dictionnaires"),
        ("x := 3", "syntaxe"),
    ],
)
def test_evaluate_rejects_unsafe_or_failing(expression: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message):
        evaluate(expression, {})


def test_check_expression_lists_unknown_names() -> None:
    problems = check_expression("a + b + c", ["a"])
    assert len(problems) == 2
    assert "« b »" in problems[0] and "« c »" in problems[1]


def test_functions_offer_math_and_available_sim_helpers() -> None:
    names = functions()
    assert {"ceil", "floor", "sqrt", "log", "pi", "linear_power_w", "energy_kwh"} <= set(names)
    assert {"mm1_response_factor", "placement_lower_bound", "precopy_downtime_ms"} <= set(names)
    assert "open" not in names and "eval" not in names
