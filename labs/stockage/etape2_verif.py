"""Vérifications de l'étape 2 : le datastore se remplit, seules les VM à disque fin se figent."""

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import Scenario, scenario_from_dict
from hvlab.sim.display import fr_number as fr
from hvlab.sim.storage import WriteResult

# --- Le datacentre de l'équipe de développement (ne modifiez pas ce bloc) ---


def hote(nom: str, ip: int) -> dict[str, object]:
    """Un hôte ESXi : deux cartes 10 Gbit/s, un vSwitch, trois ports VMkernel."""
    return {
        "name": nom,
        "cpu": {"vendor": "intel", "generation": "cascade-lake"},
        "nics": [{"name": "vmnic0", "speed_gbps": 10}, {"name": "vmnic1", "speed_gbps": 10}],
        "vswitches": [
            {
                "name": "vSwitch0",
                "uplinks": ["vmnic0", "vmnic1"],
                "port_groups": [
                    {"name": "Gestion", "vlan": 10},
                    {"name": "vMotion", "vlan": 40},
                    {"name": "Stockage IP", "vlan": 70},
                    {"name": "Développement", "vlan": 60},
                ],
            }
        ],
        "vmkernel": [
            {
                "name": "vmk0",
                "port_group": "Gestion",
                "ip": f"10.0.10.{ip}/24",
                "services": ["management"],
            },
            {
                "name": "vmk1",
                "port_group": "vMotion",
                "ip": f"10.0.40.{ip}/24",
                "services": ["vmotion"],
            },
            {
                "name": "vmk2",
                "port_group": "Stockage IP",
                "ip": f"10.0.70.{ip}/24",
                "services": ["ip-storage"],
            },
        ],
    }


def vm(
    nom: str,
    hote: str,
    datastore: str,
    taille_gib: int,
    provisionnement: str,
    ecrit_gib: int = 0,
    ram_mib: int = 4096,
) -> dict[str, object]:
    """Une VM avec un disque virtuel et une carte réseau."""
    disque = {
        "name": f"{nom}.vmdk",
        "datastore": datastore,
        "size_gib": taille_gib,
        "provisioning": provisionnement,
        "used_gib": ecrit_gib,
    }
    return {
        "name": nom,
        "host": hote,
        "ram_mib": ram_mib,
        "disks": [disque],
        "nics": [{"port_group": "Développement"}],
    }


DONNEES = {
    "name": "Stockage de l'équipe de développement",
    "hosts": [hote("esx01", 11), hote("esx02", 12)],
    "datastores": [
        {"name": "nfs-dev", "type": "nfs", "capacity_gib": 500, "hosts": ["esx01", "esx02"]},
        {"name": "san-prod", "type": "iscsi", "capacity_gib": 1000, "hosts": ["esx01", "esx02"]},
        {"name": "local-esx01", "type": "local", "capacity_gib": 300, "hosts": ["esx01"]},
    ],
    "vms": [
        vm("dev1", "esx01", "nfs-dev", 200, "thin", ecrit_gib=100),
        vm("dev2", "esx01", "nfs-dev", 200, "thin", ecrit_gib=80),
        vm("dev3", "esx02", "nfs-dev", 200, "thin", ecrit_gib=60),
        vm("ci1", "esx02", "nfs-dev", 100, "thick-lazy"),
        vm("bdd1", "esx02", "nfs-dev", 100, "thick-eager", ram_mib=8192),
        vm("outils1", "esx01", "local-esx01", 80, "thin", ecrit_gib=30, ram_mib=2048),
    ],
}
# --- fin du bloc ---

JOURNEE = [(300, "dev2", 90), (600, "ci1", 40), (900, "dev3", 10), (1200, "bdd1", 20)]
# À la main : 500 − 440 = 60 Gio libres. dev2 (fin) en demande 90 : elle en écrit 60 puis se
# fige ; ci1 et bdd1 (épais) ont déjà leurs blocs ; dev3 (fin) ne trouve plus rien.
LIBRE_GIB = 500 - 440
EN_PAUSE = {"dev2", "dev3"}
EPAIS = {"ci1", "bdd1"}


def check_ecritures(ns: dict[str, object]) -> None:
    """Les quatre écritures de la journée"""
    resultats = expect_var(ns, "resultats")
    assert isinstance(resultats, (list, tuple)), (
        f"resultats devrait être une liste de résultats de sc.write(...), pas "
        f"{type(resultats).__name__}."
    )
    assert len(resultats) == len(JOURNEE), (
        f"{len(resultats)} résultats, on en attend {len(JOURNEE)} (une écriture par ligne de "
        "journee)."
    )
    for result, (_, nom, gib) in zip(resultats, JOURNEE, strict=True):
        assert isinstance(result, WriteResult), (
            f"Chaque élément de resultats doit être le résultat de sc.write(...), pas {result!r}."
        )
        assert (result.vm, result.requested_gib) == (nom, gib), (
            f"Écriture de {result.vm} ({fr(result.requested_gib)} Gio) à la place de {nom} "
            f"({gib} Gio) : gardez l'ordre de la liste journee."
        )
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    assert sc.storage.free_gib("nfs-dev") == 0, (
        "Le datastore nfs-dev n'est pas plein dans votre scénario : avez-vous écrit avec "
        "new_data=False, ou relancé sc entre deux écritures ?"
    )


def check_pause(ns: dict[str, object]) -> None:
    """Les VM en pause"""
    en_pause = expect_var(ns, "en_pause")
    assert isinstance(en_pause, (list, tuple, set, frozenset)), (
        f"en_pause devrait être une liste de noms de VM, pas {type(en_pause).__name__}."
    )
    names = set(en_pause)
    wrongly = sorted(names & EPAIS)
    assert not wrongly, (
        f"{', '.join(wrongly)} n'est pas en pause : un disque épais a réservé tous ses blocs à sa "
        "création, il n'a besoin d'aucun bloc nouveau pour écrire."
    )
    missing = sorted(EN_PAUSE - names)
    assert not missing, (
        f"Il manque {', '.join(missing)} : ses écritures demandaient de nouveaux blocs sur un "
        "datastore plein (sc.storage.paused_vms donne la liste)."
    )
    assert names == EN_PAUSE, f"en_pause vaut {sorted(names)}, on attend {sorted(EN_PAUSE)}."


def check_ecrit_dev2(ns: dict[str, object]) -> None:
    """Ce que dev2 a écrit avant de se figer"""
    value = expect_var(ns, "ecrit_dev2_gib")
    if value == 90:
        raise AssertionError(
            "ecrit_dev2_gib vaut 90 : c'est ce que dev2 demandait. Elle n'a pu écrire que "
            "l'espace libre du datastore avant d'être mise en pause (written_gib du résultat)."
        )
    assert isinstance(value, (int, float)) and not isinstance(value, bool), (
        f"ecrit_dev2_gib devrait être un nombre de Gio, pas {value!r}."
    )
    expect_close(value, LIBRE_GIB, what="ce que dev2 a écrit (ecrit_dev2_gib)", unit="Gio")


def _reference() -> Scenario:
    sc = scenario_from_dict(DONNEES)
    for instant, nom, gib in JOURNEE:
        sc.write(nom, gib, at_s=instant)
    return sc


def check_evenements(ns: dict[str, object]) -> None:
    """Les événements : deux mises en pause"""
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    seen = [(e.kind, e.vm) for e in sc.storage.events]
    expected = [(e.kind, e.vm) for e in _reference().storage.events]
    assert seen == expected, (
        f"Événements du stockage : {seen}, on attend {expected} (deux mises en pause : dev2 "
        "puis dev3)."
    )
