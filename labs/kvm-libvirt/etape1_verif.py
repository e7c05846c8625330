"""Vérifications de l'étape 1 : la définition XML d'une VM libvirt."""

import xml.etree.ElementTree as ET

from hvlab.labs.checks import expect_close, expect_var, expect_xml

UNITES_EN_MIO = {"KiB": 1 / 1024, "MiB": 1.0, "GiB": 1024.0, "b": 1 / 2**20, "bytes": 1 / 2**20}


def _domaine(ns: dict[str, object]) -> ET.Element:
    return expect_xml(
        ns,
        "SORTIE",
        root="domain",
        source="la sortie de « virsh dumpxml web1 »",
        what="la définition d'une VM",
    )


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
    memoire = float(str(attendus["memoire_mio"]))
    expect_close(
        expect_var(ns, "memoire_mio"),
        memoire,
        what="memoire_mio",
        rel_tol=0,
        abs_tol=1e-6,
        unit="Mio",
        mistakes={
            memoire * 1024: "c'est en Kio (l'attribut unit='KiB' dit que <memory> compte des "
            "Kio) ; divisez par 1\u202f024"
        },
        common=(),
        hint="relisez <memory> et son unité dans le XML",
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
