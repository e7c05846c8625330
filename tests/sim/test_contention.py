"""Contention: CPU ready, M/M/1 and the ready estimate (REFERENCES.md and hand computations)."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.contention import (
    erlang_c,
    estimate_contention,
    estimate_ready_percent,
    ready_percent,
    ready_status,
    response_time_factor,
)


def test_ready_percent_2000_ms_in_20_s_is_10_percent() -> None:
    assert ready_percent(2000, 20) == pytest.approx(10.0)


@pytest.mark.parametrize(("rho", "factor"), [(0.5, 2), (0.8, 5), (0.9, 10), (0.95, 20)])
def test_mm1_response_time_factor(rho: float, factor: float) -> None:
    assert response_time_factor(rho) == pytest.approx(factor)


@pytest.mark.parametrize("rho", [1.0, 1.2, -0.1])
def test_mm1_refuses_saturation_in_french(rho: float) -> None:
    with pytest.raises(SimulationError, match="file d'attente grandit sans fin"):
        response_time_factor(rho)


@pytest.mark.parametrize(
    ("percent", "verdict"), [(2, "sain"), (7, "à surveiller"), (12, "dégradé")]
)
def test_ready_status_thresholds(percent: float, verdict: str) -> None:
    assert ready_status(percent) == verdict


def test_erlang_c_with_one_server_is_the_utilisation() -> None:
    # M/M/1: the probability of waiting is ρ.
    assert erlang_c(1, 0.5) == pytest.approx(0.5)


def test_erlang_c_two_servers_half_loaded() -> None:
    # c = 2, a = 1: (a²/2!)(c/(c−a)) = 1; Σ_{k<2} a^k/k! = 2 → C = 1 / (2 + 1) = 1/3.
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)


def test_ready_is_zero_when_every_vcpu_has_its_core() -> None:
    assert estimate_ready_percent(demand_cores=7.9, capacity_cores=8, vcpus=8) == 0.0


def test_ready_estimate_hand_case() -> None:
    # 1 core, 2 vCPU, demand 0.5 core: u = 0.25 per vCPU, C(1, 0.5) = 0.5, wait = 0.5 / 0.5 = 1
    # burst → %RDY = 100 × min(0.25 × 1, 1 − 0.25) = 25 %.
    assert estimate_ready_percent(0.5, 1, 2) == pytest.approx(25.0)


def test_ready_at_saturation_is_the_share_of_vcpus_without_a_core() -> None:
    # 48 always-runnable vCPUs on 16 cores: each runs 1/3 of the time, waits 2/3.
    assert estimate_ready_percent(20.0, 16, 48) == pytest.approx(100 * (1 - 16 / 48))


def test_ready_grows_with_the_load_and_crosses_the_thresholds() -> None:
    loads = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]
    ready = [estimate_ready_percent(16 * load, 16, 48) for load in loads]
    assert ready == sorted(ready)
    assert ready[0] < 5  # 50 %: healthy
    assert ready[-1] > 10  # close to 100 %: the VMs suffer


def test_estimate_contention_bundles_the_figures() -> None:
    estimate = estimate_contention(8.0, 16, 48)
    assert estimate.utilisation == pytest.approx(0.5)
    assert estimate.response_time_factor == pytest.approx(2.0)
    assert estimate.to_dict()["status"] == estimate.status
    assert estimate_contention(20.0, 16, 48).response_time_factor is None


def test_invalid_inputs_are_refused() -> None:
    with pytest.raises(SimulationError):
        ready_percent(-1, 20)
    with pytest.raises(SimulationError):
        ready_percent(10, 0)
    with pytest.raises(SimulationError):
        estimate_ready_percent(-1, 4, 8)
