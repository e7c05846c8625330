"""Vérifications de l'étape 2 : périphériques émulés et paravirtualisés d'une VM libvirt."""

import xml.etree.ElementTree as ET

from hvlab.labs.checks import expect_var, expect_xml


def _domaine(ns: dict[str, object]) -> ET.Element:
    return expect_xml(
        ns,
        "SORTIE",
        root="domain",
        source="la sortie de « virsh dumpxml web1 »",
        what="la définition d'une VM",
    )


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
    assert "vda" not in valeur, (
        "« disques_emules » contient vda : ce disque est sur le bus virtio, il est paravirtualisé."
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
