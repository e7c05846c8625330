"""Scenario files: validation with paths, the example scenarios, report, Mermaid, CLI, fuzzing."""

from __future__ import annotations

import copy
import doctest
import importlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hvlab.cli import main
from hvlab.errors import ScenarioError, SimulationError
from hvlab.sim.display import MermaidDiagram
from hvlab.sim.world.scenario import Scenario, load_scenario, scenario_from_dict
from tests.hang import no_hang

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "labs" / "scenarios"
EXAMPLES = sorted(SCENARIOS.glob("*.yaml"))


def _schema() -> dict[str, Any]:
    text = (
        resources.files("hvlab.sim")
        .joinpath("world/schema/scenario.schema.json")
        .read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def _example(name: str) -> Scenario:
    return load_scenario(SCENARIOS / f"{name}.yaml")


def _minimal() -> dict[str, Any]:
    return {
        "name": "mini",
        "hosts": [
            {
                "name": "esx01",
                "nics": [{"name": "vmnic0", "speed_gbps": 10}],
                "vswitches": [
                    {
                        "name": "vSwitch0",
                        "uplinks": ["vmnic0"],
                        "port_groups": [{"name": "Production", "vlan": 20}],
                    }
                ],
            }
        ],
        "datastores": [{"name": "ds1", "type": "local", "capacity_gib": 100, "hosts": ["esx01"]}],
        "vms": [
            {
                "name": "web1",
                "host": "esx01",
                "disks": [{"name": "web1.vmdk", "datastore": "ds1", "size_gib": 40}],
                "nics": [{"port_group": "Production"}],
            }
        ],
    }


def _problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as error:
        scenario_from_dict(data)
    return [(p.path, p.message) for p in error.value.problems]


def test_there_are_example_scenarios() -> None:
    assert {p.stem for p in EXAMPLES} >= {"cluster-production", "pannes-reseau", "stockage-plein"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_scenario_loads_and_reports(path: Path) -> None:
    scenario = load_scenario(path)
    report = scenario.report()
    json.dumps(report.to_dict())
    assert len(report.reachability) == len(scenario.vms) * (len(scenario.vms) - 1) // 2
    assert len(report.vmotion) == len(scenario.vms) * (len(scenario.hosts) - 1)
    assert scenario.to_mermaid().startswith("flowchart LR\n")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_scenario_follows_the_json_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.validate(data, _schema())
    assert isinstance(scenario_from_dict(data), Scenario)


def test_json_schema_is_a_valid_schema_that_rejects_a_bad_scenario() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    bad = _minimal()
    bad["hosts"][0]["nics"][0]["speed_gbps"] = "dix"
    bad["vms"][0]["colour"] = "bleu"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bad))
    assert len(errors) == 2


def test_minimal_dict_builds_a_scenario() -> None:
    scenario = scenario_from_dict(_minimal())
    assert scenario.host_of("web1") == "esx01"
    assert scenario.storage.used_gib("ds1") == 0
    assert scenario.hosts["esx01"].hypervisor.name == "VMware ESXi"


def test_malformed_scenario_reports_every_problem_with_its_path() -> None:
    data = _minimal()
    data["hosts"].append(
        {
            "name": "esx02",
            "nics": [{"name": "vmnic0", "speed_gbps": 10}, {"name": "vmnic1", "speed_gbps": -1}],
            "vswitches": [{"name": "vSwitch0", "uplinks": ["vmnic7"]}],
        }
    )
    data["hosts"].append({"name": "esx03", "nics": [{"name": "vmnic0", "speed": 10}]})
    data["datastores"][0]["type"] = "vmfs"
    data["vms"][0]["host"] = "esx9"
    data["vms"][0]["nics"][0]["guest_vlan"] = 30
    data["vms"].append({"name": "web1", "host": "esx01"})
    problems = _problems(data)
    paths = [path for path, _ in problems]
    assert paths == [
        "hosts[1].nics[1].speed_gbps",
        "hosts[1].vswitches[0].uplinks[0]",
        "hosts[2].nics[0]",
        "hosts[2].nics[0].speed",
        "datastores[0].type",
        "vms[0].host",
        "vms[1].name",
    ]
    messages = dict(problems)
    assert messages["hosts[1].nics[1].speed_gbps"] == (
        "doit être un nombre strictement positif (reçu : -1)."
    )
    assert messages["hosts[2].nics[0].speed"] == (
        "clé inconnue « speed » (vouliez-vous dire « speed_gbps » ?) ; clés possibles : name, "
        "speed_gbps, link."
    )
    assert messages["hosts[2].nics[0]"] == "la clé « speed_gbps » est obligatoire."
    assert messages["hosts[1].vswitches[0].uplinks[0]"].startswith(
        "la carte réseau « vmnic7 » n'existe pas"
    )
    assert messages["datastores[0].type"] == (
        "valeur 'vmfs' non reconnue : valeurs possibles : local, nfs, iscsi, fc."
    )
    assert messages["vms[0].host"] == (
        "l'hôte « esx9 » n'existe pas ; connus : esx01, esx02, esx03."
    )
    assert messages["vms[1].name"] == "La VM « web1 » est déjà défini (vms[0])."


def test_reference_problems_are_found() -> None:
    data = _minimal()
    data["hosts"][0]["vmkernel"] = [
        {"name": "vmk1", "port_group": "vMotion", "ip": "10.0.40.300/24", "services": ["vmotoin"]}
    ]
    data["datastores"].append(
        {"name": "nfs", "type": "nfs", "capacity_gib": 10, "hosts": ["esx01", "esx05"]}
    )
    data["vms"][0]["nics"][0]["guest_vlan"] = 30
    data["vms"][0]["disks"][0]["provisioning"] = "thick-eager"
    data["vms"][0]["disks"].append(
        {"name": "d2.vmdk", "datastore": "nfs", "size_gib": 5, "used_gib": 8}
    )
    data["physical_switches"] = [
        {"name": "sw", "ports": [{"host": "esx01", "nic": "vmnic3", "allowed_vlans": [20, "9-3"]}]}
    ]
    problems = dict(_problems(data))
    assert set(problems) == {
        "hosts[0].vmkernel[0].ip",
        "hosts[0].vmkernel[0].port_group",
        "hosts[0].vmkernel[0].services[0]",
        "datastores[1].hosts[1]",
        "physical_switches[0].ports[0].allowed_vlans",
        "physical_switches[0].ports[0].nic",
        "vms[0].disks[1].used_gib",
        "vms[0].nics[0].guest_vlan",
    }
    assert problems["vms[0].nics[0].guest_vlan"] == (
        "seul un groupe de ports trunk (VLAN 4095) laisse l'invité étiqueter ses trames ; "
        "« Production » est en VLAN 20."
    )
    assert "vouliez-vous dire « vmotion » ?" in problems["hosts[0].vmkernel[0].services[0]"]


def test_thick_disks_larger_than_the_datastore_are_reported() -> None:
    data = _minimal()
    data["vms"][0]["disks"] = [
        {"name": "a.vmdk", "datastore": "ds1", "size_gib": 80, "provisioning": "thick-lazy"},
        {"name": "b.vmdk", "datastore": "ds1", "size_gib": 500, "used_gib": 30},
    ]
    assert _problems(data) == [
        (
            "datastores[0].capacity_gib",
            "les disques placés sur ds1 occupent 110 Gio (les disques épais comptent en entier, "
            "les disques fins et les snapshots pour leur espace utilisé) pour une capacité de "
            "100 Gio : agrandissez le datastore ou déplacez des disques.",
        )
    ]


def test_disk_on_a_datastore_its_host_cannot_see_is_reported() -> None:
    data = _minimal()
    data["hosts"].append({"name": "esx02", "nics": [{"name": "vmnic0", "speed_gbps": 1}]})
    data["vms"][0]["host"] = "esx02"
    data["vms"][0]["nics"] = []
    assert _problems(data) == [
        (
            "vms[0].disks[0].datastore",
            "l'hôte esx02 de la VM ne voit pas le datastore ds1 (vu par : esx01).",
        )
    ]


@pytest.mark.parametrize("data", [None, [], "texte", 3, {"name": "x"}, {"name": "x", "hosts": []}])
def test_degenerate_documents_raise_scenario_error(data: Any) -> None:
    with pytest.raises(ScenarioError):
        scenario_from_dict(data)


def test_yaml_problems_carry_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: test\n"
        "hosts:\n"
        "  - name: esx01\n"
        "    nics:\n"
        "      - {name: vmnic0, speed_gbps: dix}\n"
        "  - name: esx02\n"
        "    nics: []\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    found = [(p.path, p.line, p.column) for p in error.value.problems]
    assert found == [("hosts[0].nics[0].speed_gbps", 5, 24), ("hosts[1].nics", 7, 5)]
    assert str(error.value.problems[0]).startswith(
        f"{path}:5:24: hosts[0].nics[0].speed_gbps : doit être un nombre strictement positif"
    )
    # The line itself, with a caret under the column, follows the message.
    assert str(error.value.problems[0]).endswith("^")


def test_a_repeated_key_is_refused_by_the_reader_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "twice-host.yaml"
    path.write_text(
        "name: test\nhosts:\n  - name: esx01\n    nics: []\n    name: esx03\n", encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    (problem,) = error.value.problems
    assert (problem.line, problem.column) == (5, 5)
    assert "clé « name » répétée (déjà ligne 3)" in problem.message


def test_deep_nesting_is_refused_in_french_at_once(tmp_path: Path) -> None:
    path = tmp_path / "profond.yaml"
    path.write_text("name: profond\nhosts: " + "[" * 100_000 + "]" * 100_000 + "\n")
    with no_hang("load_scenario"), pytest.raises(ScenarioError) as error:
        load_scenario(path)
    (problem,) = error.value.problems
    assert problem.message.startswith("document trop imbriqué : 50 niveaux")


def test_a_huge_scenario_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "enorme.yaml"
    path.write_text("name: enorme\ndescription: " + "x" * (3 * 1024 * 1024) + "\n")
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    assert "Mio" in error.value.problems[0].message


def test_yaml_syntax_error_is_a_scenario_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: test\nhosts:\n  - name: [esx01\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    (problem,) = error.value.problems
    assert problem.message.startswith("YAML invalide : liste entre crochets mal fermée")
    assert problem.line == 4


def test_recursive_yaml_anchor_is_a_scenario_error(tmp_path: Path) -> None:
    path = tmp_path / "loop.yaml"
    path.write_text("name: boucle\nhosts: &a\n  - *a\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    assert [p.path for p in error.value.problems] == ["hosts n° 1"]
    assert error.value.problems[0].line > 0


def test_repeated_yaml_key_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    text = (SCENARIOS / "stockage-plein.yaml").read_text(encoding="utf-8")
    path.write_text(text + "name: encore\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    (problem,) = error.value.problems
    assert problem.message.startswith("clé « name » répétée")
    assert problem.line == text.count("\n") + 1


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="fichier introuvable"):
        load_scenario(tmp_path / "absent.yaml")


def test_cluster_production_outcomes() -> None:
    scenario = _example("cluster-production")
    assert scenario.reachability("web1", "web2").reachable
    assert scenario.reachability("web1", "bdd1").reasons == (
        "La VM web1 (VLAN 20) et la VM bdd1 (VLAN 30) sont dans des VLAN différents : "
        "il faut un routeur.",
    )
    assert scenario.reachability("web1", "outils1").path == "local : vSwitch0 de esx01, VLAN 20"
    assert scenario.check_vmotion("web1", "esx02").eligible
    refused = scenario.check_vmotion("outils1", "esx02")
    assert refused.needs_storage_vmotion
    assert "local-esx01" in refused.reasons[0]
    report = scenario.report()
    san = next(d for d in report.datastores if d.name == "san-prod")
    # thin 12 + thin 10 + thick 40 + thick 200 = 262 used; 40 + 40 + 40 + 200 = 320 provisioned.
    assert (san.used_gib, san.provisioned_gib, san.shared) == (262, 320, True)


def test_cluster_production_vmotion_after_storage_vmotion_feeds_the_migration_model() -> None:
    scenario = _example("cluster-production")
    with pytest.raises(SimulationError, match="vMotion de outils1 vers esx02 impossible"):
        scenario.vmotion("outils1", "esx02")
    scenario.storage_vmotion("outils1", "san-prod")
    assert scenario.check_vmotion("outils1", "esx02").eligible
    assert scenario.vmotion_bandwidth_mb_s("esx01", "esx02") == pytest.approx(1250.0)
    result = scenario.vmotion("outils1", "esx02", dirty_rate_mb_s=0)
    # 2048 MiB = 2147.48 MB at 1250 MB/s with nothing dirtied: one round of 1.718 s.
    assert result.bandwidth_mb_s == pytest.approx(1250.0)
    assert result.transferred_mb == pytest.approx(2048 * 1.048576)
    assert scenario.host_of("outils1") == "esx02"
    assert scenario.reachability("outils1", "web2").path.startswith("local : vSwitch0 de esx02")


def test_pannes_reseau_outcomes_and_repair() -> None:
    scenario = _example("pannes-reseau")
    assert scenario.reachability("web1", "web2").reasons == (
        "Le commutateur physique n'autorise pas le VLAN 20 sur le port relié à vmnic1 de esx02 : "
        "ajoutez-le aux VLAN autorisés de ce trunk.",
    )
    assert scenario.reachability("sonde", "bdd1").reachable
    assert scenario.reachability("test1", "test2").reasons == (
        "La VM test1 (non étiqueté, VLAN natif 1) et la VM test2 (non étiqueté, VLAN natif 99) "
        "sont dans des VLAN différents : il faut un routeur.",
    )
    to_esx03 = scenario.check_vmotion("web1", "esx03")
    assert len(to_esx03.reasons) == 3
    assert scenario.check_vmotion("web1", "esx02").eligible
    warnings = scenario.report().warnings
    assert (
        "esx03 monte le datastore nfs-partage (NFS) sans port VMkernel de stockage IP : le trafic "
        "de stockage partage le réseau de gestion." in warnings
    )
    assert not [w for w in warnings if w.startswith(("esx01 monte", "esx02 monte"))]
    assert (
        "vSwitch0 de esx03 n'a qu'un lien montant (vmnic0) : aucune redondance si ce lien tombe."
        in warnings
    )
    scenario.set_link("esx02", "vmnic0", up=True, at_s=60)
    assert scenario.reachability("web1", "web2").reachable
    assert scenario.reachability("test1", "test2").reachable


def test_stockage_plein_pauses_thin_vms_and_resumes_after_freeing_space() -> None:
    scenario = _example("stockage-plein")
    report = scenario.report()
    nfs = next(d for d in report.datastores if d.name == "nfs-dev")
    # Used: 150 + 120 + 60 thin + 100 thick + 25 snapshot delta = 455.
    # Provisioned: 200 + 200 + 150 + 100 + 25 = 675, ratio 675 / 500 = 1.35.
    assert (nfs.used_gib, nfs.provisioned_gib, nfs.free_gib) == (455, 675, 45)
    assert nfs.overcommit_ratio == pytest.approx(1.35)
    assert report.warnings == (
        "Le datastore nfs-dev sera plein si les disques fins atteignent leur taille provisionnée : "
        "675 Gio provisionnés pour 500 Gio de capacité (ratio 1,35).",
        "Le datastore nfs-dev est rempli à 91 % : il reste 45,0 Gio.",
        "La VM dev1 tourne sur 1 snapshot(s) (avant-migration-php ; 25,0 Gio de deltas) : un "
        "snapshot n'est pas une sauvegarde, supprimez-le dès qu'il ne sert plus, son delta grossit "
        "à chaque écriture.",
    )
    assert scenario.storage.disks_of("dev1")[0].read_chain == ("dev1-000001.vmdk", "dev1.vmdk")
    # dev2 (thin, 120 of 200 written) needs 80 new GiB, only 45 are free: 45 written, 35 pending.
    written = scenario.write("dev2", 80, at_s=100)
    assert (written.paused, written.written_gib) == (True, pytest.approx(45))
    assert not scenario.write("ci1", 50, new_data=False, at_s=110).paused
    assert scenario.storage.paused_vms == ("dev2",)
    assert scenario.storage.delete_snapshot("dev1", "avant-migration-php", at_s=150) == 25
    assert scenario.storage.paused_vms == ("dev2",)  # 25 free < 35 pending
    scenario.storage_vmotion("dev3", "san-secours", at_s=200)
    assert scenario.storage.paused_vms == ()
    assert scenario.storage.used_gib("nfs-dev") == pytest.approx(500 - 50)
    kinds = [(e.time_s, e.kind, getattr(e, "vm", None)) for e in scenario.events]
    assert kinds == [
        (100, "vm-paused", "dev2"),
        (150, "snapshot-deleted", "dev1"),
        (200, "storage-vmotion", "dev3"),
        (200, "vm-resumed", "dev2"),
    ]


def test_scenario_snapshot_problems_are_reported() -> None:
    data = _minimal()
    data["vms"][0]["snapshots"] = [
        {"name": "s1", "delta_gib": 50},
        {"name": "s1", "delta_gib": 5},
    ]
    data["vms"].append({"name": "vide", "host": "esx01", "snapshots": [{"name": "s"}]})
    assert _problems(data) == [
        (
            "vms[0].snapshots[0].delta_gib",
            "50 Gio de delta pour 40 Gio de disques : un delta ne peut pas dépasser la taille des "
            "disques de la VM.",
        ),
        ("vms[0].snapshots[1].name", "Le snapshot « s1 » est déjà défini (vms[0].snapshots[0])."),
        ("vms[1].snapshots", "une VM sans disque ne peut pas avoir de snapshot."),
    ]


def test_to_datacenter_hands_hosts_and_vms_to_the_core_model() -> None:
    datacenter = _example("cluster-production").to_datacenter()
    (cluster,) = datacenter.clusters
    assert [h.name for h in cluster.hosts] == ["esx01", "esx02"]
    assert cluster.hosts[0].model.name == "Hôte de virtualisation 2 U (2 processeurs)"
    assert cluster.locate("bdd1").name == "esx02"
    bdd1 = cluster.hosts[1].vm("bdd1")
    assert (bdd1.vcpus, bdd1.ram_mib) == (4, 16384)
    assert [(d.name, d.size_gib, d.datastore) for d in bdd1.disks] == [
        ("bdd1.vmdk", 40, "san-prod"),
        ("bdd1-donnees.vmdk", 200, "san-prod"),
    ]
    assert [n.port_group for n in bdd1.nics] == ["Bases de données"]


def test_report_tables_and_unknown_section() -> None:
    report = _example("stockage-plein").report()
    titles = [t.title for t in report.tables()]
    assert titles == [
        "Datastores",
        "Matrice de joignabilité",
        "Joignabilité entre VM (couche 2)",
        "Éligibilité à vMotion",
        "Avertissements",
    ]
    assert report.to_table("vmotion").rows[0][:4] == ("dev1", "esx01", "esx02", True)
    with pytest.raises(SimulationError, match="Section de rapport inconnue"):
        report.to_table("cpu")


def test_reachability_matrix_of_the_production_cluster() -> None:
    matrix = _example("cluster-production").report().to_table("matrix")
    assert matrix.columns == ("VM", "web1", "web2", "bdd1", "outils1")
    assert matrix.rows == (
        ("web1", "—", "oui", "non", "oui"),
        ("web2", "oui", "—", "non", "oui"),
        ("bdd1", "non", "non", "—", "non"),
        ("outils1", "oui", "oui", "non", "—"),
    )


def test_mermaid_draws_switches_port_groups_uplinks_and_vms() -> None:
    diagram = _example("pannes-reseau").to_mermaid()
    assert isinstance(diagram, MermaidDiagram)
    assert '  subgraph h_esx01["esx01 · VMware ESXi"]' in diagram
    assert 'pg_esx01_Trunk_supervision["Trunk supervision<br/>VLAN 4095 (trunk)"]' in diagram
    assert 'vm_sonde -- "VLAN 30" --- pg_esx01_Trunk_supervision' in diagram
    assert 'up_esx02_vmnic0[["vmnic0 · 10 Gbit/s<br/>actif · coupé"]]' in diagram
    assert "up_esx02_vmnic0 -. coupé .- sw_sw_acces" in diagram
    assert 'vmk_esx01_vmk1{{"vmk1 · vMotion<br/>10.0.40.11/24"}}' in diagram


def test_mermaid_shows_uplink_roles_link_down_and_a_vswitch_without_active_uplink() -> None:
    diagram = _example("pannes-reseau").to_mermaid()
    # esx01: vmnic0 active, vmnic1 standby (teaming of vSwitch0), both links up.
    assert 'up_esx01_vmnic0[["vmnic0 · 10 Gbit/s<br/>actif"]]' in diagram
    assert 'up_esx01_vmnic1[["vmnic1 · 10 Gbit/s<br/>en attente"]]' in diagram
    assert "vs_esx01_vSwitch0 -.- up_esx01_vmnic1" in diagram  # standby: dotted
    # esx02: vmnic0 is down, the standby vmnic1 took over.
    assert 'up_esx02_vmnic1[["vmnic1 · 10 Gbit/s<br/>en attente · en service"]]' in diagram
    assert "vs_esx02_vSwitch0 --- up_esx02_vmnic1" in diagram
    # esx03: its only uplink is down: the vSwitch has no active uplink.
    assert 'subgraph vs_esx03_vSwitch0["vSwitch0 · aucun lien actif"]' in diagram
    classes = {
        line.split()[-1]: set(line.split()[1].split(","))
        for line in diagram.splitlines()
        if line.startswith("  class ")
    }
    assert classes["noActive"] == {"vs_esx03_vSwitch0"}
    assert classes["upDown"] == {"up_esx02_vmnic0", "up_esx03_vmnic0"}
    assert classes["upStandby"] == {"up_esx01_vmnic1", "up_esx02_vmnic1"}
    assert "  classDef upDown fill:#fdecea,stroke:#c62828,color:#b71c1c" in diagram


def test_mermaid_lists_the_roles_of_a_port_group_overriding_the_teaming() -> None:
    data = yaml.safe_load((SCENARIOS / "pannes-reseau.yaml").read_text(encoding="utf-8"))
    pg = next(p for p in data["hosts"][0]["vswitches"][0]["port_groups"] if p["name"] == "Web")
    pg["teaming"] = {"policy": "port-id", "active": ["vmnic1"], "standby": ["vmnic0"]}
    scenario = scenario_from_dict(data)
    diagram = scenario.to_mermaid()
    assert 'pg_esx01_Web["Web<br/>VLAN 20<br/>actif : vmnic1 · en attente : vmnic0"]' in diagram
    # The vSwitch's own policy is unchanged, so the other port groups list nothing.
    assert 'pg_esx01_Gestion["Gestion<br/>VLAN 10"]' in diagram


def test_cli_prints_the_report_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "scenario", str(SCENARIOS / "cluster-production.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Scénario : Cluster de production\n")
    assert "Éligibilité à vMotion" in out
    assert "il faut un routeur" in out


def test_cli_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "scenario", str(SCENARIOS / "pannes-reseau.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "Pannes réseau"
    pair = next(r for r in data["reachability"] if (r["source"], r["target"]) == ("bdd1", "sonde"))
    assert pair["reachable"] is True


def test_cli_prints_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "scenario", str(SCENARIOS / "stockage-plein.yaml"), "--mermaid"]) == 0
    assert capsys.readouterr().out.startswith("flowchart LR\n")


def test_cli_reports_a_malformed_file_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nhosts:\n  - name: esx01\n    nics: oui\n", encoding="utf-8")
    assert main(["sim", "scenario", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Erreur : 1 problème trouvé :")
    assert f"{path}:4:5: hosts[0].nics : doit être une liste" in err
    assert "Traceback" not in err


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_JSON)
def test_fuzz_arbitrary_json_returns_or_raises_scenario_error(data: Any) -> None:
    try:
        result = scenario_from_dict(data)
    except ScenarioError as error:
        assert error.problems
    else:
        assert isinstance(result, Scenario)


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaf_paths(v, (*path, k))] or [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaf_paths(v, (*path, i))] or [path]
    return [path]


_BASE = yaml.safe_load((SCENARIOS / "pannes-reseau.yaml").read_text(encoding="utf-8"))
_LEAVES = _leaf_paths(_BASE)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_LEAVES), _JSON, st.booleans())
def test_fuzz_mutated_example_returns_or_raises_scenario_error(
    leaf: tuple[Any, ...], value: Any, drop: bool
) -> None:
    data = copy.deepcopy(_BASE)
    target = data
    for key in leaf[:-1]:
        target = target[key]
    if drop and isinstance(target, dict):
        del target[leaf[-1]]
    else:
        target[leaf[-1]] = value
    try:
        scenario = scenario_from_dict(data)
    except ScenarioError:
        return
    scenario.report()
    scenario.to_mermaid()
    scenario.to_datacenter()


def test_ip_hash_without_etherchannel_is_warned() -> None:
    data = _minimal()
    host = data["hosts"][0]
    host["nics"].append({"name": "vmnic1", "speed_gbps": 10})
    host["vswitches"][0]["uplinks"] = ["vmnic0", "vmnic1"]
    host["vswitches"][0]["teaming"] = {"policy": "ip-hash"}
    warning = (
        "« Production » (vSwitch0 de esx01) répartit selon le hachage IP : ses liens montants "
        "(vmnic0, vmnic1) doivent former un même EtherChannel statique sur le commutateur physique."
    )
    assert warning in scenario_from_dict(data).report().warnings
    data["physical_switches"] = [
        {
            "name": "sw",
            "ports": [
                {"host": "esx01", "nic": "vmnic0", "port_channel": "Po1"},
                {"host": "esx01", "nic": "vmnic1", "port_channel": "Po1"},
            ],
        }
    ]
    assert warning not in scenario_from_dict(data).report().warnings


@pytest.mark.parametrize("module", ["hvlab.sim.world.storage", "hvlab.sim.world.scenario"])
def test_docstring_examples_run(module: str) -> None:
    failures, attempted = doctest.testmod(importlib.import_module(module), raise_on_error=False)
    assert (failures, attempted > 0) == (0, True)


def test_reference_page_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "reference" / "sim-stockage-reseau.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, flags=re.DOTALL)
    assert blocks
    monkeypatch.chdir(ROOT)
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, "sim-stockage-reseau.md", "exec"), namespace)
    scenario = namespace["sc"]
    assert scenario.reachability("web1", "web2").reachable
    assert len(scenario.check_vmotion("web1", "esx03").reasons) == 3


_VALIDATOR = jsonschema.Draft202012Validator(_schema())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_LEAVES), _JSON | st.sampled_from(["1-5", "²-5", 10.0, "all"]))
def test_fuzz_what_the_validator_accepts_the_json_schema_accepts(
    leaf: tuple[Any, ...], value: Any
) -> None:
    data = copy.deepcopy(_BASE)
    target = data
    for key in leaf[:-1]:
        target = target[key]
    target[leaf[-1]] = value
    try:
        scenario_from_dict(data)
    except ScenarioError:
        return
    assert list(_VALIDATOR.iter_errors(data)) == []
