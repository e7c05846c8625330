"""Vérifications de l'étape 3 : ce qui empêche une VM libvirt de migrer à chaud."""

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


PARTAGE = "/mnt/partage/"
ORDRE = ("disque local", "cache", "processeur", "accès direct")


def _attendu(domaine: ET.Element) -> list[str]:
    trouves: set[str] = set()
    for d in domaine.findall("devices/disk"):
        source, pilote = d.find("source"), d.find("driver")
        if source is not None and not source.get("file", "").startswith(PARTAGE):
            trouves.add("disque local")
        if pilote is not None and pilote.get("cache", "default") not in ("none", "directsync"):
            trouves.add("cache")
    cpu = domaine.find("cpu")
    if cpu is not None and cpu.get("mode") == "host-passthrough":
        trouves.add("processeur")
    if domaine.find("devices/hostdev") is not None:
        trouves.add("accès direct")
    return [p for p in ORDRE if p in trouves]


def _domaine_de(xml: str) -> ET.Element:
    return ET.fromstring(xml)


# Des VM de contrôle : prête à migrer, puis avec chacun des problèmes.
_DISQUE_OK = (
    "<disk type='file' device='disk'><driver name='qemu' type='qcow2' cache='none'/>"
    "<source file='/mnt/partage/a.qcow2'/><target dev='vda' bus='virtio'/></disk>"
)
CAS: tuple[tuple[str, list[str]], ...] = (
    (f"<domain><cpu mode='host-model'/><devices>{_DISQUE_OK}</devices></domain>", []),
    (
        "<domain><devices><disk><driver type='raw' cache='none'/>"
        "<source file='/var/lib/libvirt/images/b.img'/><target dev='vda' bus='virtio'/></disk>"
        "</devices></domain>",
        ["disque local"],
    ),
    (
        f"<domain><cpu mode='host-passthrough'/><devices>{_DISQUE_OK}<hostdev mode='subsystem' "
        "type='pci'/></devices></domain>",
        ["processeur", "accès direct"],
    ),
    (
        "<domain><devices><disk><driver type='qcow2'/><source file='/mnt/partage/c.qcow2'/>"
        "<target dev='vda' bus='virtio'/></disk></devices></domain>",
        ["cache"],
    ),
)


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction problemes_migration"""
    fonction = expect_var(ns, "problemes_migration")
    assert callable(fonction), "« problemes_migration » devrait rester une fonction."
    for xml, attendu in CAS:
        obtenu = fonction(_domaine_de(xml))
        assert isinstance(obtenu, list), f"problemes_migration renvoie {obtenu!r}, pas une liste."
        assert obtenu or attendu != ["cache"], (
            "Un disque sans attribut cache utilise le cache par défaut de QEMU, qui n'est pas "
            "« none » : c'est un problème « cache »."
        )
        assert obtenu == attendu, (
            f"Pour la VM de contrôle {xml[:80]}…, problemes_migration renvoie {obtenu!r} ; "
            f"on attend {attendu!r}."
        )


def check_problemes(ns: dict[str, object]) -> None:
    """Les problèmes de la VM collée"""
    attendu = _attendu(_domaine(ns))
    valeur = expect_var(ns, "problemes")
    assert valeur == attendu, (
        f"« problemes » vaut {valeur!r} ; pour votre VM, on attend {attendu!r}."
    )
