"""Vérifications de l'étape 3 : ce qu'annonce l'import d'une OVA."""

import re

from hvlab.labs.checks import expect_var


def _annonce(sortie: str) -> dict[str, object]:
    """Independent reading of « VBoxManage import … --dry-run »."""
    cpus = re.search(r"Number of CPUs:\s*(\d+)", sortie)
    memoire = re.search(r"Guest memory:\s*(\d+)\s*MB", sortie)
    disque = re.search(r"Hard disk image:\s*source image=([^,]+),", sortie)
    assert cpus and memoire and disque, (
        "SORTIE ne ressemble pas à la sortie de « VBoxManage import debian-tp.ova --dry-run » : "
        "il y manque les lignes « Number of CPUs », « Guest memory » ou « Hard disk image ». "
        "Collez toute la sortie de la seconde commande."
    )
    image = disque.group(1).strip()
    return {
        "vcpu": int(cpus.group(1)),
        "memoire_mo": int(memoire.group(1)),
        "image_source": image,
        "format_disque": image.rsplit(".", 1)[-1].lower(),
    }


def check_annonce(ns: dict[str, object]) -> None:
    """Les valeurs lues dans l'annonce d'import"""
    sortie = expect_var(ns, "SORTIE")
    assert isinstance(sortie, str), "SORTIE doit rester une chaîne de caractères."
    attendus = _annonce(sortie)
    for nom, attendu in attendus.items():
        valeur = expect_var(ns, nom)
        assert nom not in ("vcpu", "memoire_mo") or not isinstance(valeur, str), (
            f"« {nom} » vaut {valeur!r} : convertissez-le avec int(...)."
        )
        if nom == "format_disque" and isinstance(valeur, str) and valeur.lower() == attendu:
            assert valeur == attendu, (
                f"« format_disque » vaut {valeur!r} : en minuscules, {attendu!r}."
            )
        assert valeur == attendu, f"« {nom} » vaut {valeur!r} ; votre sortie dit {attendu!r}."


def check_vm_exportee(ns: dict[str, object]) -> None:
    """La VM exportée"""
    attendus = _annonce(str(expect_var(ns, "SORTIE")))
    assert attendus["vcpu"] == 2 and attendus["memoire_mo"] == 2048, (
        f"L'OVA annonce {attendus['vcpu']} vCPU et {attendus['memoire_mo']} Mo : exportez la VM "
        "debian-tp des étapes précédentes (2 vCPU, 2 048 Mo)."
    )
    assert attendus["format_disque"] == "vmdk", (
        f"Le disque de l'OVA est au format {attendus['format_disque']} : une OVA contient des "
        "disques VMDK ; vérifiez que vous avez collé l'import d'une OVA exportée par VBoxManage."
    )
