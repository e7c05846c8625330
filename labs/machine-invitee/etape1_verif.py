"""Vérifications de l'étape 1 : processeur, mémoire et périphériques PCI vus par l'invité."""

import re

from hvlab.guest import console, last_output
from hvlab.labs.checks import CheckFailed, expect_close, expect_type, expect_var


def _sortie(commande: str) -> str:
    """La dernière sortie de ``commande`` dans la console, ou un échec qui dit quoi taper."""
    sortie = last_output(console(), commande)
    if not sortie.strip():
        raise CheckFailed(
            f"La console ne montre pas encore la sortie de « {commande} » : démarrez la "
            "machine, tapez cette commande dans sa console, puis vérifiez à nouveau."
        )
    return sortie


def _valeur(sortie: str, champ: str, commande: str) -> str:
    trouve = re.search(rf"^{champ}\s*:\s*(.*?)\s*$", sortie, re.MULTILINE)
    if trouve is None:
        raise CheckFailed(f"La sortie de « {commande} » n'a pas de ligne « {champ} ».")
    return trouve.group(1)


def check_modele(ns: dict[str, object]) -> None:
    """Le modèle du processeur"""
    attendu = _valeur(_sortie("cat /proc/cpuinfo"), "model name", "cat /proc/cpuinfo")
    modele = expect_type(ns, "modele", str, "une chaîne de caractères")
    if modele.strip() != modele:
        raise CheckFailed(f"« {modele} » a des espaces autour : utilisez .strip().")
    assert modele == attendu, (
        f"modele vaut « {modele} », mais la ligne « model name » de l'invité dit « {attendu} »."
    )


def check_memoire(ns: dict[str, object]) -> None:
    """La mémoire que gère le noyau"""
    kio = int(_valeur(_sortie("cat /proc/meminfo"), "MemTotal", "cat /proc/meminfo").split()[0])
    valeur = expect_var(ns, "memoire_mio")
    if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
        raise CheckFailed(f"memoire_mio devrait être un nombre, pas « {valeur!r} ».")
    if abs(valeur - kio) < 1:
        raise CheckFailed(
            f"memoire_mio vaut {valeur} : c'est le nombre de Kio de MemTotal. Divisez-le par "
            "1024 pour obtenir des Mio."
        )
    expect_close(valeur, kio / 1024, what="memoire_mio", rel_tol=1e-3, unit="Mio")


def check_pci(ns: dict[str, object]) -> None:
    """Les périphériques PCI"""
    lignes = [ligne for ligne in _sortie("lspci").splitlines() if ligne.strip()]
    nb = expect_var(ns, "nb_pci")
    assert nb == len(lignes), (
        f"nb_pci vaut {nb!r}, mais lspci a écrit {len(lignes)} lignes, une par périphérique."
    )
