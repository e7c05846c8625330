"""Second-pass review of the course (issue 13): facts an expert reviewer found wrong or loose.

Each test names the independent source of its expected value (a paper, a vendor's manual, the
Intel SDM, queueing theory) and fails on the sentence or quiz key that drifted from it.
"""

from __future__ import annotations

import math
import re

import pytest

from hvlab.quiz import Question, load_quiz
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


def _page(path: str) -> str:
    return _flat((ROOT / path).read_text(encoding="utf-8"))


# --- chapter 1 ---------------------------------------------------------------------------------


def test_five_to_ten_percent_is_cpu_utilisation_with_its_source() -> None:
    # McKinsey & Uptime Institute (2008): 6 % average server (CPU) utilisation. The figure says
    # nothing of RAM or disks, whose use is much higher and varies from server to server.
    text = _chapter("01-avant-la-virtualisation.md")
    assert "qu'il s'agisse du processeur (CPU), de la mémoire vive (RAM) ou du stockage" not in text
    assert "McKinsey et l'Uptime Institute (2008)" in text
    assert "Kaplan, J. M., Forrest, W. et Kindler, N. (2008)" in _page("docs/sources.md")
    assert "processeur" in _question("avant-la-virtualisation", "taux-utilisation").prompt


# --- chapter 2 and its quizzes: M/M/1 is a single resource, not a host --------------------------


def test_no_quiz_models_a_whole_host_as_an_mm1_queue() -> None:
    # Queueing theory (Kleinrock 1975): a host of c cores is an M/M/c queue; M/M/1 is one server.
    for quiz_id, question_id in (
        ("apports-virtualisation", "mm1-facteur"),
        ("evaluation-finale", "mm1-final"),
    ):
        prompt = _question(quiz_id, question_id).prompt
        assert "hôte" not in prompt, (quiz_id, question_id)
        assert "ressource unique" in prompt
    explanation = _question("apports-virtualisation", "pourquoi-pas-100").explanation
    assert "au-delà, fait exploser" not in explanation


def test_no_chapter_puts_a_knee_at_80_or_90_percent_on_a_many_core_host() -> None:
    # Erlang C: a 32-core host at 93 % has R/S ≈ 1.2; "response times soar past the knee" is the
    # M/M/1 reading chapter 2 now corrects.
    text = _chapter("07-migration-ha.md")
    assert "au-delà du coude" not in text
    assert "coude des 80 %" not in _chapter("02-ce-que-change-la-virtualisation.md")


def test_cpu_ready_is_read_per_vcpu() -> None:
    # VMware (KB 2002181 and esxtop): a VM's ready time is the sum over its vCPUs.
    text = _chapter("02-ce-que-change-la-virtualisation.md")
    assert "**par processeur virtuel** (vCPU)" in text
    assert "20 % pour une VM de 4 vCPU, c'est 5 % par vCPU" in text


def test_vm_creation_ordering_has_one_defensible_order() -> None:
    # vSphere guest customisation: chosen when cloning, applied at the first boot.
    items = list(_question("apports-virtualisation", "etapes-creation-vm").items)
    assert "personnalisation" in items[1] and items[2].startswith("Démarrer")
    assert items[3] == "Installer l'application dans la VM"


# --- chapter 8: what VT-x does to the 17 instructions -----------------------------------------


def test_vtx_does_not_make_every_sensitive_instruction_trap() -> None:
    # Intel SDM vol. 3C, ch. 25: in VMX non-root operation the guest runs on its own state loaded
    # from the VMCS; SGDT/SIDT exit only under "descriptor-table exiting", and with
    # "external-interrupt exiting" RFLAGS.IF no longer blocks real interrupts. So POPF and SGDT
    # act on the guest's state; they do not all trap.
    text = _chapter("08-au-coeur-de-l-hyperviseur.md")
    assert "Les 17 instructions gênantes piègent désormais" not in text
    assert "mais pas parce qu'elles piègent toutes" in text
    glossary = _page("docs/glossaire.md")
    assert "piègent elles-mêmes les instructions sensibles" not in glossary
    question = _question("au-coeur-de-l-hyperviseur", "popf-vtx")
    right = [o.text for o in question.options if o.correct]
    assert len(right) == 1 and "sans sortie de VM" in right[0]
    assert "x86 d'origine" not in _question("evaluation-finale", "pg-final").prompt


# --- chapter 5: storage ------------------------------------------------------------------------


def _rendered(name: str) -> str:
    import markdown

    from hvlab.site.embed import EmbedContext
    from hvlab.site.markdown import HvlabExtension

    hvlab = HvlabExtension(
        context=EmbedContext(root=ROOT), abbreviations="docs/includes/abreviations.md"
    )
    source = (CHAPTERS / name).read_text(encoding="utf-8")
    source = re.sub(r"```(quiz|lab|guest)\n.*?```", "", source, flags=re.S)
    return markdown.markdown(source, extensions=[hvlab, "abbr", "tables", "attr_list"])


def test_cluster_shared_volumes_are_not_explained_as_comma_separated_values() -> None:
    # The site-wide glossary says CSV = Comma-Separated Values (the results export); in the
    # Hyper-V sections CSV is Microsoft's Cluster Shared Volumes.
    html = _rendered("05-stockage.md")
    assert 'title="Cluster Shared Volumes' in html
    assert 'title="Comma-Separated Values' not in html
    # Chapter 7 names them in words only (its built page is held to the site-wide glossary).
    assert "CSV" not in _chapter("07-migration-ha.md")


def test_shared_storage_row_does_not_call_block_devices_file_systems() -> None:
    # Ceph RBD and LVM on an iSCSI LUN are block storage, not shared file systems.
    text = _chapter("05-stockage.md")
    assert "| Système de fichiers partagé |" not in text
    assert "| Stockage partagé entre hôtes |" in text


def test_nvme_over_fabrics_is_in_the_protocol_table() -> None:
    # VMware vSphere Storage, "About VMware NVMe storage": NVMe over FC and RDMA since 7.0,
    # NVMe over TCP since 7.0 Update 3.
    text = _chapter("05-stockage.md")
    assert "NVMe/TCP depuis 7.0 Update 3" in text


def test_production_checkpoints_are_not_windows_only() -> None:
    # Microsoft Learn, "Choose between standard or production checkpoints": VSS in Windows
    # guests, a file-system freeze in Linux guests.
    assert "gel des systèmes de fichiers sous Linux" in _chapter("05-stockage.md")
    option = next(o for o in _question("stockage", "checkpoint-production").options if o.correct)
    assert "Windows a figé" not in option.text


# --- chapter 6: network -------------------------------------------------------------------------


def test_ip_hash_across_two_switches_needs_a_stack_or_mlag() -> None:
    # VMware KB 1004048 (EtherChannel with ESXi): a static EtherChannel ends on one logical
    # switch; two physical switches must be stacked or run multi-chassis EtherChannel (vPC).
    assert "agrégat multi-châssis" in _chapter("06-reseau.md")


def test_concurrent_vmotion_limits_of_esxi() -> None:
    # vCenter Server and Host Management, "Limits on simultaneous migrations": 4 concurrent
    # vMotions per host on 1 GbE, 8 on 10 GbE — the same 4 as 1 000 / 250 Mbit/s.
    assert 1000 // 250 == 4
    assert "4 vMotion simultanés par hôte sur un réseau de 1 Gbit/s, 8 sur 10 Gbit/s" in _chapter(
        "06-reseau.md"
    )


# --- chapter 7: live migration and HA ----------------------------------------------------------


def test_precopy_is_not_attributed_to_clark_alone() -> None:
    # Nelson, Lim and Hutchins (USENIX ATC 2005) describe vMotion's pre-copy, shipped in 2003;
    # Clark et al. (NSDI 2005) describe Xen's.
    text = _chapter("07-migration-ha.md")
    assert "la **pré-copie**, a été décrite par Clark et ses collègues en 2005" not in text
    assert "vMotion l'emploie depuis 2003" in text
    assert "Nelson, M., Lim, B.-H. et Hutchins, G. (2005)" in _page("docs/sources.md")


def test_proxmox_ha_self_fencing_and_replication() -> None:
    # Proxmox VE ha-manager: only a node with active HA services arms its watchdog; storage
    # replication (pvesr) runs every 15 minutes by default and HA restarts on the last replica.
    text = _chapter("07-migration-ha.md")
    assert "un nœud qui fait tourner des VM sous la haute disponibilité" in text
    assert "toutes les 15 minutes par défaut" in text
    assert "sous la haute disponibilité" in _question("migration-ha", "quorum").prompt


def test_proxmox_ve_rebalances_ha_vms_since_9_2() -> None:
    # Proxmox VE 9.0 release notes: HA rules (node and resource affinity) replace HA groups;
    # Proxmox VE 9.2 / pve-ha-manager 5.2, ha-manager docs « CRS Load Balancer »: automatic
    # rebalancing of HA resources, technology preview. « No built-in balancing » is out of date.
    text = _chapter("07-migration-ha.md")
    assert "pas d'équilibrage continu intégré" not in text
    assert "Proxmox VE 9.2 (mai 2026) ajoute un **rééquilibrage automatique**" in text
    assert "aperçu technologique" in text and "**règles d'affinité**" in text
    assert "9.2 (mai 2026" in _page("docs/sources.md")
    question = _question("migration-ha", "equilibrage-proxmox")
    right = [option.text for option in question.options if option.correct]
    assert len(right) == 1 and "placées sous la haute disponibilité" in right[0]
    assert "aperçu technologique" in right[0]


# --- chapter 9: memory overcommitment ------------------------------------------------------------


def test_nvme_memory_tiering_is_not_swapping_and_needs_active_memory_in_dram() -> None:
    # VMware Cloud Foundation blog (2025): memory tiering, tech preview in 8.0 U3, production in
    # VCF 9.0 with a default 1:1 DRAM:NVMe ratio; active memory at most half of the DRAM.
    # ESXCLI reference: esxcli memtier --tier-size-pct, 1 to 400 (% of DRAM).
    text = _chapter("09-surengagement-memoire.md")
    assert "*VMware Cloud Foundation*{lang=en} 9.0 (juin 2025)" in text
    assert "rapport 1:1) : un hôte de 256 Gio dispose alors d'environ 512 Gio" in text
    assert "quatre fois plus grand que la mémoire vive" in text
    assert "ne dépasse pas la moitié de la mémoire vive" in text
    assert "de 1 à 400 % de la mémoire vive (`esxcli memtier`)" in _page("docs/sources.md")
    # The quiz key: 512 GiB of DRAM, active memory at most half of it.
    question = _question("surengagement-memoire", "etage-nvme")
    right = [option.text for option in question.options if option.correct]
    assert right == ["Si la mémoire active de ses VM reste sous 256 Gio environ"]
    assert "512 Gio de mémoire vive" in question.prompt


def test_ksm_is_on_by_default_on_proxmox_ve() -> None:
    # Proxmox VE admin guide, "Kernel Samepage Merging (KSM)": enabled by default (ksmtuned);
    # disable it when hosting customers.
    text = _chapter("09-surengagement-memoire.md")
    assert "KSM reste activable sous Linux" not in text
    assert "**actif par défaut sur Proxmox VE**" in text
    assert _question("surengagement-memoire", "ksm-proxmox").answer is False


def test_measured_page_sharing_is_modest_and_mostly_within_a_vm() -> None:
    # Barker et al. (USENIX ATC 2012): under 15 % shareable (zero pages excluded), > 90 % of it
    # within a single machine.
    text = _chapter("09-surengagement-memoire.md")
    assert "moins de 15 % de pages partageables" in text and "plus de 90 %" in text


def test_idle_memory_tax_of_waldspurger() -> None:
    # Waldspurger (OSDI 2002), idle memory tax; vSphere Mem.IdleTax default 75 %.
    assert "réglage `Mem.IdleTax`" in _chapter("09-surengagement-memoire.md")
    question = _question("surengagement-memoire", "taxe-inactive")
    right = [o.text for o in question.options if o.correct]
    assert right == ["À celle qui garde le plus de mémoire sans s'en servir"]


def test_ssd_latency_is_stated_the_same_way_in_text_and_table() -> None:
    text = _chapter("09-surengagement-memoire.md")
    assert "des dizaines de microsecondes sur SSD" not in text
    assert text.count("une centaine") >= 2


# --- chapter 4: the 2026 landscape --------------------------------------------------------------


def test_landscape_names_the_current_releases() -> None:
    # Broadcom VCF 9.0 release notes (17 June 2025; the hypervisor is "ESX" again); Proxmox VE
    # 9.0 announcement (August 2025, Debian 13).
    text = _chapter("04-types-hyperviseurs.md")
    assert "Cloud Foundation</span> 9.0** (juin 2025)" in text and "ancien nom d'**ESX**" in text
    assert "version 9 depuis août 2025, sur Debian 13" in text


# --- objectives the quizzes did not ask ---------------------------------------------------------

# REFERENCES.md, SPECpower table of the HP ProLiant ML110 G4 (W at 0, 10, …, 100 %).
_G4 = (86, 89.4, 92.6, 96, 99.5, 102, 106, 108, 112, 114, 117)


def _g4_w(load: float) -> float:
    position = load * 10
    low = min(int(position), 9)
    return _G4[low] + (_G4[low + 1] - _G4[low]) * (position - low)


def test_energy_saving_question_matches_the_spec_table() -> None:
    # Chapter 2 promises to "chiffrer les gains … d'énergie d'une consolidation"; its quiz now
    # asks it. Expected: exact host count (Fraction), the SPEC table interpolated here.
    from fractions import Fraction

    from hvlab.quiz.variants import all_parameter_sets, answer_for

    question = _question("apports-virtualisation", "economie-energie")
    seen = {}
    for params in all_parameter_sets(question):
        load = float(params["charge"])
        hosts = math.ceil(Fraction(str(load)) * 20 / Fraction("0.8"))
        before = 20 * _g4_w(load)
        after = hosts * _g4_w(20 * load / hosts)
        seen[load] = answer_for(question, params)
        assert seen[load] == pytest.approx(100 * (1 - after / before), abs=1e-6)
    # Chapter 2's worked example: 1 774 W → 224 W, about 87 %.
    assert round(seen[0.08]) == 87


def test_types_quiz_asks_the_2026_landscape() -> None:
    question = _question("types-hyperviseurs", "paysage-2026")
    right = {o.text for o in question.options if o.correct}
    assert any("abonnement" in text for text in right)
    assert not any("Hyper-V Server 2022" in text for text in right)


# --- English terms explained on first use -------------------------------------------------------


def test_every_acronym_of_the_advanced_chapters_is_explained_on_hover() -> None:
    # Issue 13: English terms explained on first use. These acronyms appear in chapters 3 to 11.
    from hvlab.site.abbreviations import read_abbreviations

    titles = read_abbreviations(ROOT / "docs" / "includes" / "abreviations.md")
    for acronym in (
        "Kio", "Mio", "VMX", "VMCS", "VMCB", "DDA", "PF", "VF", "SET", "VHDX", "AVHDX", "CBT",
        "RCT", "VADP", "VSS", "OCI", "LXC", "RPO", "RTO", "OVF", "OVA", "P2V", "NVMe-oF",
    ):  # fmt: skip
        assert acronym in titles, acronym
