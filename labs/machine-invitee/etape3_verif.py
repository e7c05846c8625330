"""Vérifications de l'étape 3 : drapeaux du processeur et hyperviseur détecté."""

import re

from hvlab.guest import console, last_output
from hvlab.labs.checks import CheckFailed, expect_type

BOOLEEN = "un booléen (True ou False)"


def _drapeaux() -> list[str]:
    sortie = last_output(console(), "flags")
    ligne = re.search(r"^flags\s*:(.*)$", sortie, re.MULTILINE)
    if ligne is None:
        raise CheckFailed(
            "La console ne montre pas encore la ligne « flags » : tapez « grep flags "
            "/proc/cpuinfo » dans la console de la machine, puis vérifiez à nouveau."
        )
    return ligne.group(1).split()


def _hyperviseur() -> str:
    sortie = last_output(console(), "dmesg")
    trouve = re.search(r"Hypervisor detected:\s*(.*?)\s*$", sortie, re.MULTILINE)
    if trouve is None:
        raise CheckFailed(
            "La console ne montre pas encore le message « Hypervisor detected » : tapez "
            "« dmesg | grep -i hypervisor » dans la console de la machine, puis vérifiez."
        )
    return trouve.group(1)


def check_drapeaux(ns: dict[str, object]) -> None:
    """La liste des drapeaux"""
    attendus = _drapeaux()
    drapeaux = expect_type(ns, "drapeaux", list, "une liste")
    assert len(drapeaux) != 1 or " " not in str(drapeaux[0]), (
        "drapeaux contient une seule chaîne : découpez-la avec .split()."
    )
    assert drapeaux == attendus, (
        f"drapeaux a {len(drapeaux)} éléments ; la ligne « flags » de l'invité en a "
        f"{len(attendus)} : {' '.join(attendus[:6])}…"
    )


def check_assistance(ns: dict[str, object]) -> None:
    """VT-x ou AMD-V dans l'invité ?"""
    attendu = "vmx" in _drapeaux() or "svm" in _drapeaux()
    valeur = expect_type(ns, "assistance_materielle", bool, BOOLEEN)
    assert valeur == attendu, (
        "assistance_materielle ne correspond pas aux drapeaux : ni « vmx » ni « svm » n'y "
        "figure, le processeur émulé n'offre donc pas d'assistance à la virtualisation."
        if not attendu
        else "assistance_materielle ne correspond pas aux drapeaux : « vmx » ou « svm » y figure."
    )


def check_se_sait_virtualise(ns: dict[str, object]) -> None:
    """Le drapeau hypervisor"""
    attendu = "hypervisor" in _drapeaux()
    valeur = expect_type(ns, "se_sait_virtualise", bool, BOOLEEN)
    assert valeur == attendu, (
        f"se_sait_virtualise vaut {valeur}, mais le drapeau « hypervisor » "
        f"{'figure' if attendu else 'ne figure pas'} dans la ligne « flags »."
    )


def check_hyperviseur(ns: dict[str, object]) -> None:
    """L'hyperviseur annoncé"""
    attendu = _hyperviseur()
    nom = expect_type(ns, "hyperviseur_annonce", str, "une chaîne de caractères")
    assert nom.strip() == attendu, (
        f"hyperviseur_annonce vaut « {nom} », mais le noyau a écrit « Hypervisor detected: "
        f"{attendu} »."
    )
