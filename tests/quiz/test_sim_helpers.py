"""The simulator helpers of answer expressions are bounded: a hostile quiz file cannot hang.

Issue 15: ``placement_lower_bound(10**18, …)`` built a list of 10¹⁸ VMs. Each helper now refuses
in French an argument out of its bounds, and ends at the largest values it accepts (the guard
below only catches a hang; speed is not measured by the tests).
"""

from __future__ import annotations

import pytest

from hvlab.errors import ValidationError
from hvlab.quiz._sim_helpers import COUNT_LIMITS, HELPER_NAMES
from hvlab.quiz.loader import quiz_from_dict
from hvlab.quiz.variants import ExpressionError, evaluate, functions
from tests.hang import no_hang


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            "placement_lower_bound(10**18, 1, 4, 16, 64)",
            "« vm_count » vaut 1\u202f000\u202f000\u202f000\u202f000\u202f000\u202f000 : un nombre "
            "entre −10¹⁵ et 10¹⁵ est attendu",
        ),
        (
            "placement_lower_bound(2000000, 1, 4, 16, 64)",
            "« vm_count » vaut 2\u202f000\u202f000 : un nombre entier entre 0 et "
            "1\u202f000\u202f000",
        ),
        ("placement_lower_bound(2.5, 1, 4, 16, 64)", "« vm_count » vaut 2,5 : un nombre entier"),
        (
            "mmc_response_factor(10**12, 0.5)",
            "« servers » vaut 1\u202f000\u202f000\u202f000\u202f000",
        ),
        ("energy_kwh(1e300, 2)", "« power_w » vaut 1 × 10³⁰⁰ : un nombre entre −10¹⁵ et 10¹⁵"),
        ("precopy_rounds(True, 100, 10)", "« memory_mb » doit être un nombre"),
        ("placement_lower_bound(1, 2)", "placement_lower_bound attend les arguments (vm_count,"),
    ],
)
def test_helper_out_of_bounds_is_refused_in_french(expression: str, message: str) -> None:
    with no_hang(expression), pytest.raises(ExpressionError) as error:
        evaluate(expression, {})
    assert str(error.value).startswith(f"calcul impossible dans « {expression} »")
    assert message in str(error.value)


@pytest.mark.parametrize(("name", "limits"), sorted(COUNT_LIMITS.items()))
def test_helper_at_its_largest_counts_ends(name: str, limits: dict[str, int]) -> None:
    calls = {
        "placement_lower_bound": f"placement_lower_bound({limits.get('vm_count')}, 1, 4, 16, 64)",
        "mmc_response_factor": f"mmc_response_factor({limits.get('servers')}, 0.5)",
        "n_plus_one_usable_fraction": "n_plus_one_usable_fraction(100000, 1)",
    }
    with no_hang(calls[name]):
        value = evaluate(calls[name], {})
    assert isinstance(value, (int, float))


def test_identical_vms_bound_is_unchanged() -> None:
    # 50 VMs of 2 vCPU / 8 GiB on 32 cores / 128 GiB hosts at 80 %: CPU 100 / 25.6 → 4 hosts,
    # RAM 400 / 102.4 → 4 hosts.
    assert evaluate("placement_lower_bound(50, 2, 8, 32, 128, 0.8)", {}) == 4
    # RAM decides: 10 VMs of 64 GiB on 256 GiB hosts at 100 % → 3 hosts.
    assert evaluate("placement_lower_bound(10, 1, 64, 64, 256, 1)", {}) == 3
    assert evaluate("placement_lower_bound(0, 1, 4, 16, 64)", {}) == 0


def test_every_offered_helper_is_bounded() -> None:
    offered = {name: f for name, f in functions().items() if name in HELPER_NAMES}
    assert offered, "no simulator helper offered"
    for name, helper in offered.items():
        with pytest.raises(ValueError, match=f"^{name} "):
            helper(*([float("inf")] * 8))


def test_quiz_with_a_hostile_parameter_range_fails_validation() -> None:
    data = {
        "id": "piege",
        "title": "Piège",
        "questions": [
            {
                "id": "bombe",
                "type": "numeric",
                "params": {"n": {"range": [1, 1000]}},
                "prompt": "Combien d'hôtes pour {n} VM ?",
                "answer": "placement_lower_bound(n * 10**15, 1, 4, 16, 64)",
            }
        ],
    }
    with no_hang("quiz_from_dict"), pytest.raises(ValidationError) as error:
        quiz_from_dict(data)
    assert "échoue pour n=1" in str(error.value)
    assert "un nombre entier entre 0 et 1\u202f000\u202f000 est attendu" in str(error.value)
