"""Second-pass review of the course (issue 13): facts an expert reviewer found wrong or loose.

Each test names the independent source of its expected value (a paper, a vendor's manual, the
Intel SDM, queueing theory) and fails on the sentence or quiz key that drifted from it.
"""

from __future__ import annotations

import re

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
