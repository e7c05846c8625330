"""Vérifications de l'étape 1 : la définition XML d'une VM libvirt."""

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


def _attendus(racine: ET.Element) -> dict[str, object]:
    memoire = racine.find("memory")
    assert memoire is not None and memoire.text, "La définition n'a pas d'élément <memory>."
    disques = []
    for d in racine.findall("devices/disk"):
        cible, pilote, source = d.find("target"), d.find("driver"), d.find("source")
        if cible is not None and pilote is not None and source is not None:
            disques.append((cible.get("dev"), pilote.get("type"), source.get("file")))
    cartes = []
    for i in racine.findall("devices/interface"):
        modele = i.find("model")
        cartes.append((i.get("type"), modele.get("type") if modele is not None else None))
    return {
        "nom": racine.findtext("name"),
        "memoire_mio": int(memoire.text) * UNITES_EN_MIO[memoire.get("unit", "KiB")],
        "vcpu": int(racine.findtext("vcpu", "1")),
        "disques": disques,
        "cartes": cartes,
    }


def check_identite(ns: dict[str, object]) -> None:
    """Nom, mémoire et vCPU"""
    attendus = _attendus(_domaine(ns))
    nom = expect_var(ns, "nom")
    assert nom == attendus["nom"], f"« nom » vaut {nom!r} ; le XML dit {attendus['nom']!r}."
    memoire = expect_var(ns, "memoire_mio")
    assert isinstance(memoire, (int, float)), f"« memoire_mio » vaut {memoire!r}, pas un nombre."
    if abs(float(memoire) - float(str(attendus["memoire_mio"])) * 1024) < 1e-6:
        raise AssertionError(
            "memoire_mio est en Kio : l'attribut unit='KiB' dit que <memory> compte des Kio ; "
            "divisez par 1 024."
        )
    assert abs(float(memoire) - float(str(attendus["memoire_mio"]))) < 1e-6, (
        f"« memoire_mio » vaut {memoire} ; le XML donne {attendus['memoire_mio']} Mio."
    )
    vcpu = expect_var(ns, "vcpu")
    assert vcpu == attendus["vcpu"], f"« vcpu » vaut {vcpu!r} ; le XML dit {attendus['vcpu']}."


def check_peripheriques(ns: dict[str, object]) -> None:
    """Disques et cartes réseau"""
    attendus = _attendus(_domaine(ns))
    for nom in ("disques", "cartes"):
        valeur = expect_var(ns, nom)
        assert isinstance(valeur, list), f"« {nom} » devrait être une liste, pas {valeur!r}."
        valeur = [tuple(v) if isinstance(v, list) else v for v in valeur]
        assert valeur == attendus[nom], (
            f"« {nom} » vaut {valeur!r} ; le XML donne {attendus[nom]!r}."
        )
