"""Vérifications de l'étape 1 : processeur, mémoire et périphériques PCI vus par l'invité."""

import re

from hvlab.guest import console, last_output
from hvlab.labs.checks import CheckFailed, expect_close, expect_number, expect_type, expect_var


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
    assert modele.strip() == modele, f"« {modele} » a des espaces autour : utilisez .strip()."
    assert modele == attendu, (
        f"modele vaut « {modele} », mais la ligne « model name » de l'invité dit « {attendu} »."
    )


def check_memoire(ns: dict[str, object]) -> None:
    """La mémoire que gère le noyau"""
    kio = int(_valeur(_sortie("cat /proc/meminfo"), "MemTotal", "cat /proc/meminfo").split()[0])
    expect_close(
        expect_number(ns, "memoire_mio"),
        kio / 1024,
        what="memoire_mio",
        rel_tol=1e-3,
        unit="Mio",
        mistakes={
            kio: "c'est le nombre de Kio de MemTotal ; divisez-le par 1\u202f024 pour obtenir "
            "des Mio"
        },
    )


def check_pci(ns: dict[str, object]) -> None:
    """Les périphériques PCI"""
    lignes = [ligne for ligne in _sortie("lspci").splitlines() if ligne.strip()]
    expect_close(
        expect_var(ns, "nb_pci"),
        len(lignes),
        what="nb_pci",
        rel_tol=0,
        abs_tol=0,
        common=(),
        hint="lspci écrit une ligne par périphérique",
    )
