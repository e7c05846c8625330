"""Hostile or careless inputs to the simulator: a French refusal, at once, never a hang.

Each case gives the input and the French message expected; ``tests.hang.no_hang`` only catches a
hang (no duration is asserted: the test machine is shared and loaded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hvlab.errors import ScenarioError, SimulationError
from hvlab.sim import (
    RACK_1U,
    VM,
    Host,
    VirtualNic,
    bursty,
    closed_form,
    compare,
    constant,
    diurnal,
    erlang_c,
    generate_fleet,
    precopy,
    qemu_precopy,
    scenario_from_dict,
)
from hvlab.sim.dynamic.cloudsim import cloudsim_scenario, planetlab_scenario
from hvlab.sim.world.network import VmkernelPort
from tests.hang import no_hang

CASES: list[tuple[str, Callable[[], Any], str]] = [
    ("fleet of 10^18 servers", lambda: generate_fleet(10**18), "entre 1 et 100\u202f000"),
    ("comparison of 10^9 servers", lambda: compare(10**9), "entre 1 et 100\u202f000"),
    ("M/M/c with 10^18 cores", lambda: erlang_c(10**18, 5.0), "File M/M/c trop grande"),
    ("workload of 10^9 samples", lambda: constant(0.5, samples=10**9), "Trop d'échantillons"),
    ("diurnal of 10^9 samples", lambda: diurnal(samples=10**9), "Trop d'échantillons"),
    ("bursty of 10^9 samples", lambda: bursty(samples=10**9), "Trop d'échantillons"),
    (
        "pre-copy of 10^9 rounds",
        lambda: precopy(1000, 125, 200, max_rounds=10**9),
        "Nombre maximal de tours invalide",
    ),
    (
        "QEMU pre-copy of 10^9 rounds",
        lambda: qemu_precopy(1000, 125, 200, max_rounds=10**9),
        "Nombre maximal de tours invalide",
    ),
    (
        "closed form of 10^12 rounds",
        lambda: closed_form(1000, 125, 200, max_rounds=10**12),
        "Nombre maximal de tours invalide",
    ),
    ("VM of 10^12 vCPUs", lambda: VM("x", vcpus=10**12), "entre 1 et 768"),
    ("VM of 1 PiB", lambda: VM("x", ram_mib=2**30), "24 Tio"),
    (
        "VM of 512 vCPUs on a 32-core host",
        lambda: Host("esx1", RACK_1U).add_vm(VM("gros", vcpus=512)),
        "a 512 vCPU, l'hôte « esx1 » n'a que 32 cœurs",
    ),
    (
        "VM NIC with IP 999.1.2.3/99",
        lambda: VirtualNic("nic0", "Prod", ip="999.1.2.3/99"),
        "Adresse IP invalide pour la carte réseau nic0 : « 999.1.2.3/99 »",
    ),
    (
        "VMkernel port with IP 999.1.2.3/99",
        lambda: VmkernelPort("vmk1", "vMotion", "999.1.2.3/99"),
        "Adresse IP invalide pour le port VMkernel vmk1",
    ),
    (
        "dynamic datacentre of 10^9 hosts",
        lambda: cloudsim_scenario([[0.5] * 4], hosts=10**9),
        "Nombre de serveurs invalide",
    ),
    (
        "PlanetLab day scaled 10^6 times",
        lambda: planetlab_scenario("inutile.csv", scale=10**6),
        "Facteur d'échelle invalide",
    ),
]


@pytest.mark.parametrize(("label", "call", "message"), CASES, ids=[c[0] for c in CASES])
def test_absurd_inputs_are_refused_in_french_at_once(
    label: str, call: Callable[[], Any], message: str
) -> None:
    with no_hang(label), pytest.raises(SimulationError) as error:
        call()
    assert message in str(error.value)


def _scenario(vcpus: int, ip: str) -> dict[str, Any]:
    return {
        "name": "limites",
        "hosts": [
            {
                "name": "esx01",
                "nics": [{"name": "vmnic0", "speed_gbps": 10}],
                "vswitches": [
                    {
                        "name": "vSwitch0",
                        "uplinks": ["vmnic0"],
                        "port_groups": [{"name": "Prod", "vlan": 20}],
                    }
                ],
            }
        ],
        "vms": [
            {
                "name": "gros",
                "host": "esx01",
                "vcpus": vcpus,
                "nics": [{"port_group": "Prod", "ip": ip}],
            }
        ],
    }


def test_a_scenario_vm_with_more_vcpus_than_its_host_has_cores_is_refused() -> None:
    with pytest.raises(ScenarioError) as error:
        scenario_from_dict(_scenario(512, "10.0.20.5"))
    (problem,) = error.value.problems
    assert problem.path == "vms[0].vcpus"
    assert "512 vCPU sur esx01, qui n'a que 32 cœurs" in problem.message


def test_a_scenario_vm_ip_out_of_range_is_refused() -> None:
    with pytest.raises(ScenarioError) as error:
        scenario_from_dict(_scenario(4, "999.1.2.3/99"))
    (problem,) = error.value.problems
    assert problem.path == "vms[0].nics[0].ip"
    assert "doit être une adresse IP" in problem.message and "999.1.2.3/99" in problem.message


def test_a_scenario_vm_ip_with_or_without_prefix_is_accepted() -> None:
    for ip in ("10.0.20.5", "10.0.20.5/24", "2001:db8::5/64"):
        assert scenario_from_dict(_scenario(4, ip)).vms["gros"].nics[0].ip == ip
