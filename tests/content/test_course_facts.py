"""Facts, figures and quiz keys of the course, held to sources independent of our own code.

Each test names where its expected value comes from: a vendor's documented rule (vMotion's
bandwidth, vSphere HA's detection time), a closed form from queueing theory (M/M/2), a direct
evaluation of the Erlang C sum (written here, apart from `hvlab.sim.contention`), or
REFERENCES.md. When a quiz key or a figure quoted in a chapter drifts from its source, the failing
test names the question or the sentence to rewrite (issue 13).
"""

from __future__ import annotations

import math
import re

import pytest

from hvlab.quiz import Question, grade_question, load_quiz
from hvlab.quiz.variants import all_parameter_sets, answer_for
from hvlab.sim import TYPE_1_OVERHEAD, TYPE_2_OVERHEAD
from tests.conftest import ROOT

QUIZZES = ROOT / "quizzes"
CHAPTERS = ROOT / "docs" / "chapitres"


def _question(quiz_id: str, question_id: str) -> Question:
    quiz = load_quiz(QUIZZES / f"{quiz_id}.yaml")
    return next(q for q in quiz.questions if q.id == question_id)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _chapter(name: str) -> str:
    return _flat((CHAPTERS / name).read_text(encoding="utf-8"))


def erlang_c_by_sum(servers: int, load: float) -> float:
    """Erlang C from its textbook sum (Kleinrock 1975), not from the simulator's recursion."""
    rho = load / servers
    head = sum(load**k / math.factorial(k) for k in range(servers))
    tail = load**servers / math.factorial(servers) / (1 - rho)
    return tail / (head + tail)


def mmc_factor(servers: int, rho: float) -> float:
    """R / S of an M/M/c queue: 1 + C / (c (1 − ρ))."""
    return 1 + erlang_c_by_sum(servers, rho * servers) / (servers * (1 - rho))


# --- queueing (chapter 2, quiz apports-virtualisation) ------------------------------------------


def test_erlang_c_sum_matches_the_closed_forms_of_mm1_and_mm2() -> None:
    # M/M/1: R = S / (1 − ρ); M/M/2: R = S / (1 − ρ²).
    for rho in (0.5, 0.8, 0.9):
        assert mmc_factor(1, rho) == pytest.approx(1 / (1 - rho))
        assert mmc_factor(2, rho) == pytest.approx(1 / (1 - rho**2))


@pytest.mark.parametrize(
    ("cores", "row"),
    [
        (1, ("2", "5", "10", "20")),
        (8, ("1,01", "1,29", "1,88", "3,11")),
        (32, ("1,00", "1,03", "1,14", "1,43")),
    ],
)
def test_chapter_2_queueing_table_is_erlang_c(cores: int, row: tuple[str, ...]) -> None:
    for rho, shown in zip((0.5, 0.8, 0.9, 0.95), row, strict=True):
        digits = 0 if cores == 1 else 2
        assert f"{mmc_factor(cores, rho):.{digits}f}".replace(".", ",") == shown
    text = _chapter("02-ce-que-change-la-virtualisation.md")
    assert "| 80 % | 5 × S | 1,29 × S | 1,03 × S |" in text
    assert "**R = S × (1 + C / (c × (1 − ρ)))**" in text


def test_chapter_2_no_longer_promises_80_percent_without_loss() -> None:
    for name in ("02-ce-que-change-la-virtualisation.md",):
        assert "sans perte de performances" not in _chapter(name)
    assert "4/5 = 80 %" in _chapter("02-ce-que-change-la-virtualisation.md")


def test_quiz_mmc_question_matches_erlang_c() -> None:
    question = _question("apports-virtualisation", "mmc-facteur")
    for params in all_parameter_sets(question):
        expected = mmc_factor(int(params["coeurs"]), float(params["rho"]))
        assert answer_for(question, params) == pytest.approx(expected, rel=1e-9)


def test_quiz_keys_on_the_80_percent_target_no_longer_say_without_loss() -> None:
    for quiz_id, question_id in (
        ("apports-virtualisation", "taux-cible"),
        ("evaluation-finale", "cible-utilisation"),
    ):
        question = _question(quiz_id, question_id)
        assert "sans perte" not in question.prompt
        assert "N+1" in question.explanation


def test_admission_control_distractor_is_not_true_of_a_five_host_cluster() -> None:
    # With N+1 on 5 equal hosts, vSphere's admission control does refuse VMs past 80 %: the
    # distractor may only claim it of a lone hypervisor.
    question = _question("apports-virtualisation", "pourquoi-pas-100")
    wrong = [o.text for o in question.options if not o.correct]
    assert not any(
        t.startswith("L'hyperviseur refuse de démarrer une VM au-delà de 80 %") for t in wrong
    )
    assert any("isolé, sans cluster" in t for t in wrong)


# --- vMotion and HA (chapters 6 and 7; quizzes reseau, migration-ha, evaluation-finale) ----------


def test_vmotion_bandwidth_key_is_max_of_1_gbit_and_250_mbit_per_migration() -> None:
    # VMware: a vMotion network of at least 1 GbE and 250 Mbit/s per concurrent vMotion.
    question = _question("reseau", "vmotion-debit")
    seen = set()
    for params in all_parameter_sets(question):
        n = int(params["migrations"])
        seen.add(n)
        assert answer_for(question, params) == max(1000, 250 * n)
    assert {1, 4, 8} <= seen
    assert "**max(1 Gbit/s ; n × 250 Mbit/s)**" in _chapter("06-reseau.md")


@pytest.mark.parametrize(
    ("quiz_id", "question_id"),
    [("migration-ha", "ha-detection"), ("evaluation-finale", "ha-final")],
)
def test_ha_detection_accepts_15_to_18_seconds(quiz_id: str, question_id: str) -> None:
    # vSphere Availability: failure declared after about 15 s, about 18 s with datastore
    # heartbeating (REFERENCES.md, VMware facts).
    question = _question(quiz_id, question_id)
    for seconds in (15, 16, 18):
        assert grade_question(question, seconds).correct, seconds
    for seconds in (10, 12, 20, 30):
        assert not grade_question(question, seconds).correct, seconds


def test_chapter_7_ha_has_five_restart_priorities_and_isolation_response() -> None:
    text = _chapter("07-migration-ha.md")
    assert "cinq niveaux depuis vSphere 6.5" in text
    assert "la plus basse, basse, moyenne (par défaut), haute, la plus haute" in text
    assert "**réponse à l'isolement**" in text
    assert "**pulsations de datastore**" in text


def test_chapter_7_says_which_hypervisor_stops_precopy_how() -> None:
    text = _chapter("07-migration-ha.md")
    assert "Xen arrête la pré-copie après 29 tours" not in text
    assert "ancien code de migration (`xc_linux_save.c`)" in text
    assert "sans limite de tours" in text and "300 ms par défaut" in text
    assert "*Stun During Page Send*{lang=en}, SDPS" in text


def test_chapter_7_dynamic_consolidation_figures_are_the_reference_run() -> None:
    # REFERENCES.md: CloudSim 3.0.3, PlanetLab 20110303, sorted order.
    text = _chapter("07-migration-ha.md")
    for figure in ("**2 410,80 kWh**", "**802,75 kWh**", "**192,62 kWh**", "**26 711 migrations**"):
        assert figure in text
    assert "198,08" not in text and "764,96" not in text


def test_vmotion_encryption_is_opportunistic_by_default() -> None:
    # vSphere API, VirtualMachineConfigSpecEncryptedVMotionModes: opportunistic is the default.
    text = _chapter("06-reseau.md")
    assert "« opportuniste »" in text and "vSphere 6.5" in text
    assert "en clair sauf si le chiffrement de vMotion est activé" not in text


def test_first_copy_of_16_gib_at_1_and_10_gbit() -> None:
    bits = 16 * 2**30 * 8 / 1e9
    assert round(bits) == 137 and round(bits / 10, 1) == 13.7
    text = _chapter("06-reseau.md")
    assert "137 / 1 = **137 s**" in text and "137 / 10 ≈ **13,7 s**" in text


def test_uplink_bandwidth_is_shared_by_the_vms_of_a_link() -> None:
    text = _chapter("06-reseau.md")
    assert "cela donne 10 Gbit/s à chacune des VM" not in text
    assert "se **partagent** ses 10 Gbit/s" in text


def test_frame_path_ends_with_the_destination_vswitch_and_vm() -> None:
    items = list(_question("reseau", "chemin-trame").items)
    assert items[-2] == "Groupe de ports du vSwitch de l'hôte destination"
    assert items[-1].endswith("VM destination")


def test_maintenance_ordering_has_one_defensible_order() -> None:
    items = list(_question("evaluation-finale", "maintenance-final").items)
    assert "mode maintenance" in items[0] and "migre" in items[0]
    assert not any(item.startswith("Migrer ses VM") for item in items)


# --- storage (chapter 5; quizzes stockage, evaluation-finale) ----------------------------------


def test_full_datastore_key_excludes_thick_disks_with_a_snapshot() -> None:
    question = _question("evaluation-finale", "datastore-plein-final")
    assert "sans snapshot" in question.prompt and question.answer is True
    assert "snapshot" in _question("stockage", "datastore-plein").explanation
    assert "**sauf si elles ont un snapshot**" in _chapter("05-stockage.md")


def test_hyper_v_stores_vms_on_smb3_not_nfs() -> None:
    assert "**SMB 3** pour Hyper-V" in _chapter("05-stockage.md")
    glossary = _flat((ROOT / "docs" / "glossaire.md").read_text(encoding="utf-8"))
    assert "en NFS pour les hyperviseurs" not in glossary
    assert "en SMB 3 pour Hyper-V" in glossary


# --- hypervisors (chapters 3 and 4; quiz types-hyperviseurs) -----------------------------------


def test_type_2_overhead_in_the_quiz_is_the_simulators() -> None:
    question = _question("types-hyperviseurs", "overhead-type2")
    assert f"{TYPE_1_OVERHEAD.cpu_fraction:.0%}".replace("%", " %") in question.prompt
    assert f"{TYPE_2_OVERHEAD.cpu_fraction:.0%}".replace("%", " %") in question.prompt
    for params in all_parameter_sets(question):
        cores = int(params["coeurs"])
        expected = cores * (TYPE_2_OVERHEAD.cpu_fraction - TYPE_1_OVERHEAD.cpu_fraction)
        assert answer_for(question, params) == pytest.approx(expected)


def test_type_1_is_a_host_dedicated_to_vms_not_one_without_any_host_os() -> None:
    text = _chapter("04-types-hyperviseurs.md")
    assert "| Accès au matériel | direct |" not in text
    assert "sans objet : pas de système hôte" not in text
    assert "**l'hôte est consacré aux VM**" in text
    for privileged in ("partition parente", "dom0", "noyau Linux"):
        assert privileged in text


def test_chapter_4_landscape_2026() -> None:
    text = _chapter("04-types-hyperviseurs.md")
    for fact in (
        "**VMware appartient à Broadcom** depuis novembre 2023",
        "**perpétuelles**",
        "**gratuits pour tous les usages**",
        "**Hyper-V Server 2019** est la dernière édition gratuite",
        "Oracle Linux Virtualization Manager</span>** (OLVM)",
        "**Oracle VM VirtualBox**",
        "carte SD ou une clé USB",
    ):
        assert fact in text, fact


def test_vmm_is_not_just_a_synonym_of_hypervisor() -> None:
    text = _chapter("03-hyperviseur.md")
    assert "c'est un **synonyme** d'hyperviseur" not in text
    assert "Un hyperviseur contient donc autant de VMM qu'il exécute de VM." in text


# --- chapters 1 and 2: utilisation, idle power, tower server -----------------------------------


def test_barroso_hoelzle_utilisation_range_is_10_to_50_percent() -> None:
    text = _chapter("01-avant-la-virtualisation.md")
    assert "entre 10 et 50 % de leur utilisation maximale" in text
    assert "entre 20 et 30 %" not in text
    assert "entre 10 et 50 %" in _flat((ROOT / "docs" / "sources.md").read_text(encoding="utf-8"))


def test_idle_power_figure_is_dated() -> None:
    text = _chapter("01-avant-la-virtualisation.md")
    assert "en 2007, Barroso et Hölzle constataient" in text
    assert re.search(r"Ryckbosch et al\., 2011", text)


def test_ml110_g4_is_a_tower_server() -> None:
    text = _chapter("02-ce-que-change-la-virtualisation.md")
    assert "et 18 unités de rack libérées." not in text
    assert "serveur **tour**" in text


def test_live_migration_without_shared_storage_exists() -> None:
    text = _chapter("02-ce-que-change-la-virtualisation.md")
    assert "Elles exigent un stockage partagé" not in text
    assert (
        "Sans stockage partagé, les hyperviseurs actuels savent aussi déplacer les disques" in text
    )


# --- chapters 8 to 11 and their labs -----------------------------------------------------------


def test_two_dimensional_page_walk_is_bhargava_s_24_references() -> None:
    # Bhargava et al. (ASPLOS 2008): 24 memory references with 4-level guest and host tables.
    question = _question("au-coeur-de-l-hyperviseur", "marche-2d")
    answers = {
        (int(p["invite"]), int(p["hote"])): answer_for(question, p)
        for p in all_parameter_sets(question)
    }
    assert answers[(4, 4)] == 24 and answers[(5, 5)] == 35
    assert "**24** pour deux tables à quatre niveaux" in _chapter("08-au-coeur-de-l-hyperviseur.md")


def test_x86_has_17_sensitive_unprivileged_instructions() -> None:
    # Robin and Irvine (USENIX Security 2000).
    assert _question("au-coeur-de-l-hyperviseur", "x86-sensibles").answer == 17
    assert "**17\ninstructions sensibles non privilégiées**".replace("\n", " ") in _chapter(
        "08-au-coeur-de-l-hyperviseur.md"
    )


def test_vm_exit_overhead_example() -> None:
    # 50 000 exits/s × 2 000 cycles on a 3 GHz core: 3.3 % of the core.
    assert round(100 * 50_000 * 2_000 / 3e9, 1) == 3.3
    assert "soit **3,3 %** du temps de ce cœur" in _chapter("08-au-coeur-de-l-hyperviseur.md")


def test_memory_chapter_overcommit_example() -> None:
    # 20 VMs × 16 GiB on 256 GiB: 320 / 256 = 1.25.
    assert 20 * 16 / 256 == 1.25
    text = _chapter("09-surengagement-memoire.md")
    assert "soit un surengagement de **1,25**" in text
    assert "mémoire configurée − réservation" in text
    # VMware memory shares per configured MiB: low 5, normal 10, high 20 (Resource Management).
    assert "(5, 10 ou 20 parts par Mio configuré chez VMware)" in text


def test_firecracker_figures_are_agache_2020() -> None:
    # Agache et al. (NSDI 2020): boot in about 125 ms, under 5 MiB of memory overhead.
    text = _chapter("10-conteneurs-et-vm.md")
    assert "environ **125 ms** avec moins de **5 Mio**" in text
    question = _question("conteneurs-et-vm", "firecracker")
    assert grade_question(question, 125).correct and not grade_question(question, 500).correct


def test_backup_window_example() -> None:
    # 2 048 GiB = 2 199 GB at 500 MB/s: 4 398 s (1 h 13 min); 3 % of it: about 2 min 12 s.
    full_s = 2048 * 2**30 / 1e6 / 500
    assert round(full_s) == 4398 and divmod(round(full_s) // 60, 60) == (1, 13)
    assert divmod(round(0.03 * full_s), 60) == (2, 12)
    text = _chapter("11-proteger-les-vm.md")
    assert "environ **1 h 13 min**" in text and "environ **2 min 12 s**" in text


def test_hyper_v_replica_intervals_and_esxiargs() -> None:
    text = _chapter("11-proteger-les-vm.md")
    assert "toutes les 30 secondes, 5 ou 15 minutes" in text
    assert "CVE-2021-21974" in text and "CVE-2024-37085" in text
