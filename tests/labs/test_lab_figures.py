"""The figures the course labs quote in their text still hold in the simulator.

Each lab's instructions, closing question or answer quote a few figures (« 31 VM », « 94,3 W »,
« 800 Gio sur un datastore de 500 Gio », « 34 s contre 3,4 s »…). Every test below recomputes
some of them with `hvlab.sim` — or takes them from the lab's reference solution and checks them
against a hand computation — and checks that the sentence quoting them is still in the text: if
a change of the simulator moves a figure, the failing test names the sentence to rewrite.
(`tests/labs/test_consolidation_lab.py` does the same for the consolidation lab.)
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from hvlab.labs.loader import load_lab
from hvlab.labs.model import Lab
from hvlab.labs.runner import run_code
from hvlab.sim import (
    ENTRY_1U,
    HP_ML110_G4,
    HP_ML110_G5,
    HYPERVISORS,
    RACK_1U,
    RACK_2U,
    VM,
    Cluster,
    Host,
    HostFailuresPolicy,
    LinearPowerModel,
    compare,
    generate_fleet,
    maintenance_downtime,
    physical_provisioning,
    virtual_provisioning,
)
from hvlab.sim.core.units import gib_to_mb, mib_to_mb
from hvlab.sim.migration import closed_form, cold_migration
from tests.conftest import ROOT


def _lab(lab_id: str) -> Lab:
    return load_lab(ROOT / "labs" / lab_id)


def _flat(text: str) -> str:
    """The text on one line (Markdown and folded YAML break lines anywhere)."""
    return " ".join(text.split())


def _text(lab: Lab) -> str:
    """Everything a student or a teacher reads in the lab, on one line."""
    parts = [lab.summary, lab.question, lab.answer]
    for step in lab.steps:
        parts += [step.instructions_md, *step.hints]
    return _flat("\n".join(parts))


def _namespace(lab: Lab, step: int) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    result = run_code(lab.step(step).solution, namespace=namespace)
    assert result.ok, result.error
    return namespace


# --- parc-physique ----------------------------------------------------------------------------


def test_parc_physique_fleet_under_10_percent_fits_on_two_machines() -> None:
    lab = _lab("parc-physique")
    fleet = generate_fleet(20, seed=2)
    loads = [s.workload.mean_cpu for s in fleet.servers]
    assert sum(loads) / len(loads) < 0.10
    assert math.ceil(sum(loads)) == 2
    text = _text(lab)
    assert "des serveurs occupés à moins de 10 %" in text
    assert "Le travail réel des vingt serveurs tiendrait sur deux machines" in text


def test_parc_physique_power_and_maintenance_figures() -> None:
    lab = _lab("parc-physique")
    text = _text(lab)
    # ENTRY_1U: linear from 60 W idle to 150 W at full load.
    assert (ENTRY_1U.power_w(0.0), ENTRY_1U.power_w(1.0)) == (60.0, 150.0)
    assert "60 W à vide à 150 W à pleine charge" in text
    # 15 days to order a server (360 h); 3 interventions of 4 h on 20 servers = 240 h a year.
    assert physical_provisioning().steps[0].duration_h == 15 * 24
    assert "15 jours de la commande à la livraison" in text
    assert virtual_provisioning().total_h < 24
    downtime = maintenance_downtime(20, interventions_per_year=3, duration_h=4)
    assert downtime.total_downtime_h == 20 * 3 * 4
    assert downtime.availability == pytest.approx(1 - 12 / 8760)
    assert "trois interventions par serveur et par an, de 4 heures chacune" in text


# --- energie-cout -----------------------------------------------------------------------------


def test_energie_cout_power_models_quoted_in_step_1() -> None:
    lab = _lab("energie-cout")
    text = _flat(lab.steps[0].instructions_md)
    # SPECpower tables at 25 %: halfway between the 20 % and 30 % measurements.
    g4 = HP_ML110_G4.watts
    assert HP_ML110_G4.power_w(0.25) == pytest.approx((g4[2] + g4[3]) / 2)
    assert round(HP_ML110_G4.power_w(0.25), 1) == 94.3
    assert round(HP_ML110_G5.power_w(0.25), 1) == 103.0
    assert "on attend 94,3 W et 103,0 W" in text
    # 250 W at full load, 70 % of it idle: 175 + 75 × 0.5 = 212.5 W at 50 %.
    assert LinearPowerModel.from_idle_fraction(250, 0.7).power_w(0.5) == pytest.approx(212.5)
    assert "on attend 212,5 W" in text
    assert (g4[0], g4[-1]) == (86.0, 117.0)
    assert "(86 W et 117 W)" in text


def test_energie_cout_hundred_applications_on_six_hosts() -> None:
    lab = _lab("energie-cout")
    report = compare(100, seed=1)
    assert report.before.servers == 100
    assert report.after.servers == 6  # 5 active hosts + 1 spare (N+1)
    assert report.placement.spare_hosts == 1
    assert (RACK_2U.cores, RACK_2U.ram_gib) == (64, 512)
    assert "Ne pas acheter 94 serveurs" in _text(lab)
    assert "(`RACK_2U` : 64 cœurs, 512 Gio)" in _flat(lab.steps[2].instructions_md)


# --- types-hyperviseurs -----------------------------------------------------------------------


def _accepted(hypervisor: str, ram_gib: float) -> int:
    host = Host("h", RACK_1U, hypervisor=HYPERVISORS[hypervisor])
    vms = [VM.with_ram_gib(f"vm{i}", vcpus=1, ram_gib=ram_gib) for i in range(40)]
    Cluster("c", [host]).place_vms(vms, target=1.0)
    return len(host.vms)


def test_types_hyperviseurs_same_server_takes_31_then_28_vms() -> None:
    lab = _lab("types-hyperviseurs")
    # 32 cores × 0.97 = 31.04 → 31 VMs of 1 vCPU; × 0.90 = 28.8 → 28. Memory would take more
    # than 60: (256 − 2) / (4 + 64/1024) = 62.5.
    assert _accepted("esxi", 4) == 31
    assert _accepted("virtualbox", 4) == 28
    assert math.floor((256 - 2) / (4 + 64 / 1024)) > 60
    assert len(HYPERVISORS) == 9
    assert "Le simulateur connaît neuf hyperviseurs" in _text(lab)
    assert (RACK_1U.cores, RACK_1U.ram_gib) == (32, 256)
    assert "(`RACK_1U` : 32 cœurs, 256 Gio)" in _flat(lab.steps[1].instructions_md)


def test_types_hyperviseurs_step_3_formula_matches_the_placement() -> None:
    lab = _lab("types-hyperviseurs")
    # 16 GiB VMs: ESXi ⌊254 / 16.0625⌋ = 15, VirtualBox ⌊252 / 16.0625⌋ = 15: the gap vanishes.
    assert _accepted("esxi", 16) == math.floor((256 - 2) / (16 + 64 / 1024)) == 15
    assert _accepted("virtualbox", 16) == math.floor((256 - 4) / (16 + 64 / 1024)) == 15
    text = _flat(lab.steps[2].instructions_md)
    assert "chaque VM coûte sa mémoire plus un petit surcoût (64 Mio)" in text
    assert "Pourquoi l'écart disparaît-il pour les grosses VM ?" in text


# --- migration-a-chaud ------------------------------------------------------------------------


def test_migration_a_chaud_reference_precopy_of_step_1() -> None:
    lab = _lab("migration-a-chaud")
    # M = 1000 MB, R = 125 MB/s, D = 25 MB/s, V_thd = 1 MB: λ = 0.2,
    # n = ⌈log_0.2(0.001)⌉ = ⌈4.29⌉ = 5, V = 1000 × (1 − 0.2⁶) / 0.8 = 1249.92 MB,
    # downtime = 1000 × 0.2⁵ / 125 s = 2.56 ms.
    result = closed_form(1000, 125, 25, stop_threshold_mb=1)
    assert result.rounds == 5
    assert result.transferred_mb == pytest.approx(1249.92)
    assert result.downtime_ms == pytest.approx(2.56)
    text = _flat(lab.steps[0].instructions_md)
    assert "**M = 1 000 Mo**" in text and "**R = 125 Mo/s**" in text and "**D = 25 Mo/s**" in text


def test_migration_a_chaud_answer_figures() -> None:
    lab = _lab("migration-a-chaud")
    answer = _flat(lab.answer)
    # Four migrations share 125 MB/s: 31.25 MB/s each, λ = 40 / 31.25 = 1.28; a forced stop
    # sends the 8000 MB at 31.25 MB/s (256 s); a cold migration alone takes 8000 / 125 = 64 s.
    assert pytest.approx(1.28) == 40 / (125 / 4)
    assert cold_migration(8000, 125 / 4).total_time_s == pytest.approx(256)
    assert cold_migration(8000, 125).total_time_s == pytest.approx(64)
    assert "λ = 40 / 31,25 = 1,28 > 1" in answer
    assert "8 000 / 31,25 ≈ 256 s" in answer and "(64 s)" in answer
    # On 10 Gbit/s (1250 MB/s): λ = 0.032 alone, 0.128 for four.
    assert pytest.approx(0.032) == 40 / 1250 and pytest.approx(0.128) == 40 / (1250 / 4)
    assert "(0,032 pour une seule migration, 0,128 pour quatre)" in answer


# --- maintenance-ha ---------------------------------------------------------------------------


def test_maintenance_ha_cluster_load_quoted_in_step_1() -> None:
    lab = _lab("maintenance-ha")
    ns = _namespace(lab, 1)
    cluster = ns["cluster"]
    assert isinstance(cluster, Cluster)
    vms = cluster.vms
    assert len(vms) == 20
    assert sum(vm.vcpus for vm in vms) == 62
    assert sum(vm.ram_gib for vm in vms) == 512
    # 512 GiB on 4 × 256 GiB = 50 %; on the 3 hosts left during maintenance, 2/3.
    assert ns["charge_moyenne"] == pytest.approx(0.5)
    assert ns["charge_sur_3"] == pytest.approx(2 / 3)
    assert not ns["placement"].unplaced
    assert "pour 62 vCPU et 512 Gio de mémoire en tout" in _flat(lab.steps[0].instructions_md)


def test_maintenance_ha_n_plus_1_fractions_of_the_question() -> None:
    lab = _lab("maintenance-ha")
    five = Cluster("c", [Host(f"esx{i}", RACK_1U) for i in range(1, 6)])
    four = Cluster("c", [Host(f"esx{i}", RACK_1U) for i in range(1, 5)])
    assert HostFailuresPolicy(1).usable_fraction(five) == pytest.approx(0.8)
    assert HostFailuresPolicy(1).usable_fraction(four) == pytest.approx(0.75)
    assert min(n for n in range(2, 50) if 1 / n < 0.10) == 11
    text = _text(lab)
    assert "un cluster de quatre hôtes N+1 n'utilise que 75 % de sa capacité" in text
    assert "elle passe sous 10 % à partir de n = 11 hôtes" in text


def test_maintenance_ha_interruptions_of_steps_2_and_4() -> None:
    lab = _lab("maintenance-ha")
    maintenance = _namespace(lab, 2)["rapport"]
    # « quelques dizaines de millisecondes par service »: stop-and-copy + 50 ms of resume.
    assert 0.05 < maintenance.max_downtime_s < 0.1
    failure = _namespace(lab, 4)["panne"]
    # 15 s of detection + 90 s of boot for the first VM; « près de deux minutes » at worst.
    assert min(o.outage_s for o in failure.outages if o.outage_s is not None) == 15 + 90
    assert 105 <= failure.max_outage_s < 120
    assert "quelques dizaines de millisecondes par service" in _flat(lab.question)
    assert "certaines VM près de deux minutes" in _flat(lab.question)


# --- stockage ---------------------------------------------------------------------------------


def test_stockage_overcommit_of_nfs_dev() -> None:
    lab = _lab("stockage")
    sc = _namespace(lab, 1)["sc"]
    # Thin 200 + 200 + 200 (100, 80, 60 written), thick 100 + 100 on a 500 GiB NFS share.
    assert sc.storage.provisioned_gib("nfs-dev") == 800
    assert sc.storage.capacity_gib("nfs-dev") == 500
    assert sc.storage.used_gib("nfs-dev") == 100 + 80 + 60 + 100 + 100
    assert sc.storage.free_gib("nfs-dev") == 60
    thin = [d for d in sc.storage.disks_on("nfs-dev") if d.provisioning == "thin"]
    assert sum(d.size_gib - d.written_gib for d in thin) == 360
    text = _text(lab)
    assert "promettre 800 Gio sur un datastore de 500 Gio" in text
    assert "ici 360 Gio promis mais jamais écrits" in text
    assert "`nfs-dev` n'a plus que 60 Gio libres" in text


def test_stockage_full_datastore_pauses_two_vms_and_the_copy_time() -> None:
    lab = _lab("stockage")
    assert sorted(_namespace(lab, 2)["en_pause"]) == ["dev2", "dev3"]
    assert "il a suffi d'une journée chargée pour figer deux VM" in _flat(lab.question)
    moved = _namespace(lab, 4)["deplacement"]
    # 100 GiB at 200 MB/s: 100 × 1,073.741824 / 200 = 536.870912 s.
    assert moved.duration_s == pytest.approx(gib_to_mb(100) / 200)
    assert moved.duration_s == pytest.approx(536.870912)
    assert "1 Gio = 1 073,741824 Mo" in _flat(lab.steps[3].instructions_md)


# --- reseau -----------------------------------------------------------------------------------


def test_reseau_seven_vms_make_21_pairs() -> None:
    lab = _lab("reseau")
    ns = _namespace(lab, 1)
    vms = list(ns["sc"].vms)
    assert len(vms) * (len(vms) - 1) // 2 == 21
    assert len(ns["rapport"].reachability) == 21
    assert "Combien de paires se joignent sur 21 ?" in _flat(lab.steps[0].instructions_md)


def test_reseau_first_copy_on_1_and_10_gbit() -> None:
    lab = _lab("reseau")
    ns = _namespace(lab, 4)
    # esx03 has 1 Gbit/s NICs: 125 MB/s; 4 GiB = 4,096 × 1.048576 MB → 34.36 s, 3.44 s at 10×.
    assert ns["debit_mb_s"] == pytest.approx(125)
    assert ns["premiere_copie_s"] == pytest.approx(mib_to_mb(4096) / 125)
    assert round(mib_to_mb(4096) / 125) == 34
    assert round(mib_to_mb(4096) / 1250, 1) == 3.4
    assert "la seule première copie de 4 Gio prend 34 s, contre 3,4 s à 10 Gbit/s" in _flat(
        lab.answer
    )
    assert ns["migration"].rounds >= 1
