"""Vérifications de l'étape 2 : périphériques émulés et paravirtualisés d'une VM libvirt."""

import xml.etree.ElementTree as ET

from hvlab.labs.checks import expect_var

UNITES_EN_MIO = {"KiB": 1 / 1024, "MiB": 1.0, "GiB": 1024.0, "b": 1 / 2**20, "bytes": 1 / 2**20}


def _domaine(ns: dict[str, object]) -> ET.Element:
    sortie = expect_var(ns, "SORTIE")
    assert isinstance(sortie, str), "SORTIE doit rester une chaîne de caractères."
    assert sortie.strip(), (
        "SORTIE est vide : collez la sortie de « virsh dumpxml web1 » entre les triples "
        "guillemets (elle commence par <domain type='kvm'…>)."
    )
    try:
        racine = ET.fromstring(sortie.strip())
    except ET.ParseError as erreur:
        raise AssertionError(
            f"SORTIE n'est pas un XML lisible ({erreur}) : collez toute la sortie de virsh "
            "dumpxml, de <domain …> à </domain>."
        ) from None
    assert racine.tag == "domain", (
        f"Le XML collé commence par <{racine.tag}> : on attend la définition d'une VM, <domain>."
    )
    return racine


def check_emules(ns: dict[str, object]) -> None:
    """Disques et cartes émulés"""
    racine = _domaine(ns)
    disques = [
        c.get("dev")
        for d in racine.findall("devices/disk")
        if (c := d.find("target")) is not None and c.get("bus") in ("sata", "ide")
    ]
    cartes = []
    for i in racine.findall("devices/interface"):
        modele = i.find("model")
        type_modele = modele.get("type") if modele is not None else None
        if type_modele != "virtio":
            cartes.append(type_modele)
    valeur = expect_var(ns, "disques_emules")
    assert isinstance(valeur, list), f"« disques_emules » devrait être une liste, pas {valeur!r}."
    if "vda" in valeur:
        raise AssertionError(
            "« disques_emules » contient vda : ce disque est sur le bus virtio, il est "
            "paravirtualisé."
        )
    assert valeur == disques, f"« disques_emules » vaut {valeur!r} ; le XML donne {disques!r}."
    valeur = expect_var(ns, "cartes_emulees")
    assert isinstance(valeur, list), f"« cartes_emulees » devrait être une liste, pas {valeur!r}."
    assert valeur == cartes, f"« cartes_emulees » vaut {valeur!r} ; le XML donne {cartes!r}."


def check_ballon(ns: dict[str, object]) -> None:
    """Le ballon"""
    element = _domaine(ns).find("devices/memballoon")
    attendu = element is not None and element.get("model") != "none"
    valeur = expect_var(ns, "ballon")
    assert isinstance(valeur, bool), f"« ballon » devrait être True ou False, pas {valeur!r}."
    assert valeur is attendu, f"« ballon » vaut {valeur} ; le XML " + (
        "a un <memballoon> actif." if attendu else "n'a pas de ballon actif."
    )
