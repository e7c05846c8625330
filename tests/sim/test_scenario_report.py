"""The scenario report at size: the summary by class agrees with the full list, 10,000 VMs end."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from hvlab.cli import main
from hvlab.sim.world.report import FULL_PAIRS_MAX_VMS
from hvlab.sim.world.scenario import scenario_from_dict
from tests.hang import no_hang


def _generated(hosts: int, vms: int, *, varied: bool = True) -> dict[str, Any]:
    """Hosts trunked to one fabric, VMs over three VLANs; ``varied`` adds what breaks reachability.

    The variations: esx00 has an internal vSwitch (no uplink) some of its VMs sit on; esx01's
    vmnic0 is plugged into a trunk that carries only VLANs 10 and 40 (its VLAN 20 and 30 VMs
    whose port leaves through vmnic0 are cut off); esx01 also has a trunk port group (4095) where
    some guests tag VLAN 20; one VM has no NIC; esx02's VLAN 30 is untagged (native VLAN 1).
    """
    names = [f"esx{index:02d}" for index in range(hosts)]
    host_docs: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        port_groups: list[dict[str, Any]] = [{"name": f"VLAN{v}", "vlan": v} for v in (10, 20, 30)]
        if varied and index == 2:
            port_groups[2] = {"name": "VLAN30", "vlan": 0}
        if varied and index == 1:
            port_groups.append({"name": "Trunk", "vlan": 4095})
        vswitches: list[dict[str, Any]] = [
            {"name": "vSwitch0", "uplinks": ["vmnic0", "vmnic1"], "port_groups": port_groups}
        ]
        if varied and index == 0:
            vswitches.append({"name": "vSwitch1", "port_groups": [{"name": "Interne"}]})
        host_docs.append(
            {
                "name": name,
                "nics": [
                    {"name": "vmnic0", "speed_gbps": 10},
                    {"name": "vmnic1", "speed_gbps": 10},
                ],
                "vswitches": vswitches,
            }
        )
    vm_docs: list[dict[str, Any]] = []
    for index in range(vms):
        host = index % hosts
        nics: list[dict[str, Any]] = [{"port_group": f"VLAN{(10, 20, 30)[index % 3]}"}]
        if varied and host == 0 and index % 7 == 0:
            nics = [{"port_group": "Interne"}]
        if varied and host == 1 and index % 5 == 0:
            nics = [{"port_group": "Trunk", "guest_vlan": 20}]
        if varied and index == 4:
            nics = []
        vm_docs.append({"name": f"vm{index:05d}", "host": names[host], "nics": nics})
    data: dict[str, Any] = {"name": "généré", "hosts": host_docs, "vms": vm_docs}
    if varied:
        data["physical_switches"] = [
            {
                "name": "sw1",
                "ports": [{"host": "esx01", "nic": "vmnic0", "allowed_vlans": [10, 40]}],
            }
        ]
    return data


def test_summary_agrees_with_the_full_list_at_the_threshold() -> None:
    scenario = scenario_from_dict(_generated(7, FULL_PAIRS_MAX_VMS))
    report = scenario.report()
    summary = report.reachability_summary
    assert summary is not None and summary.listed
    # Brute force, pair by pair, with the per-pair answer of the scenario.
    names = list(scenario.vms)
    answers = {
        frozenset((a, b)): scenario.reachability(a, b).reachable for a, b in combinations(names, 2)
    }
    reachable = sum(answers.values())
    assert len(report.reachability) == len(answers) == summary.pairs
    assert sum(r.reachable for r in report.reachability) == reachable == summary.reachable_pairs
    assert summary.unreachable_pairs == len(answers) - reachable
    assert sum(u.pairs for u in summary.unreachable) == len(answers) - reachable
    # The variations do cut some pairs off and leave others, across several classes.
    assert 0 < reachable < len(answers) and len(summary.classes) > 3
    # Every VM of a class reaches as many VMs as the class says, and exactly those of the
    # classes the summary pairs it with.
    assert sum(c.vms for c in summary.classes) == len(names)
    together = {frozenset(pair) for pair in summary.reachable_classes}
    for cls in summary.classes:
        for member in cls.examples:
            count = sum(answers[frozenset((member, other))] for other in names if other != member)
            assert count == cls.reaches, cls
    for pair in summary.unreachable:
        a, b = pair.example
        assert not answers[frozenset((a, b))]
        assert pair.reasons == scenario.reachability(a, b).reasons
        assert frozenset((pair.first, pair.second)) not in together


def test_past_the_threshold_the_report_gives_the_summary_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = _generated(7, FULL_PAIRS_MAX_VMS + 1)
    report = scenario_from_dict(data).report()
    summary = report.reachability_summary
    assert summary is not None and not summary.listed and report.summarised
    assert report.reachability == ()
    n = FULL_PAIRS_MAX_VMS + 1
    assert summary.pairs == n * (n - 1) // 2
    titles = [t.title for t in report.tables()]
    assert "Classes de VM (joignabilité identique)" in titles
    assert "Matrice de joignabilité entre classes de VM" in titles
    unreachable = report.to_table("reachability")
    assert unreachable.columns == ("Classe A", "Classe B", "Paires de VM", "Exemple", "Raison")
    assert sum(row[2] for row in unreachable.rows) == summary.unreachable_pairs
    as_dict = report.to_dict()
    assert as_dict["reachability"] == []
    assert as_dict["reachability_summary"]["listed"] is False
    assert as_dict["reachability_summary"]["pairs"] == summary.pairs
    # The CLI, in French, with a narrow no-break space in thousands.
    path = tmp_path / "grand.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["sim", "scenario", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Joignabilité : 20\u202f100 paires de VM : " in out
    assert f"au-delà de {FULL_PAIRS_MAX_VMS} VM, le rapport les résume par classe de VM" in out
    assert "il faut un routeur" in out


@pytest.mark.slow
def test_ten_thousand_vms_report_completes() -> None:
    vms, hosts = 10_000, 16
    with no_hang("le rapport d'un scénario de 10 000 VM"):
        scenario = scenario_from_dict(_generated(hosts, vms, varied=False))
        report = scenario.report()
    summary = report.reachability_summary
    assert summary is not None and not summary.listed
    assert summary.pairs == vms * (vms - 1) // 2
    # Every VM is trunked: two VMs reach each other exactly when they share a VLAN.
    sizes = [len(range(start, vms, 3)) for start in range(3)]
    assert summary.reachable_pairs == sum(s * (s - 1) // 2 for s in sizes)
    assert sorted(c.vms for c in summary.classes) == sorted(sizes)
    assert len(report.vmotion) == vms * (hosts - 1)
    assert report.reachability == ()
