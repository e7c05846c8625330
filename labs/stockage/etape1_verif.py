"""Vérifications de l'étape 1 : espace provisionné, utilisé, surengagement, jours avant plein."""

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import scenario_from_dict
from hvlab.sim.display import fr_number as fr

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

_SC = scenario_from_dict(DONNEES)
CAPACITE_GIB = _SC.storage.capacity_gib("nfs-dev")
# À la main : 3 disques fins de 200 Gio et 2 disques épais de 100 Gio.
PROVISIONNE_GIB = 3 * 200 + 2 * 100
# Les disques fins occupent ce que l'invité a écrit, les épais toute leur taille.
UTILISE_GIB = (100 + 80 + 60) + (100 + 100)
ECRIT_SEUL_GIB = 100 + 80 + 60
SURENGAGEMENT = PROVISIONNE_GIB / CAPACITE_GIB
NB_FINS = 3
JOURS = (CAPACITE_GIB - UTILISE_GIB) / (2 * NB_FINS)


def _number(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(
            f"« {name} » devrait être un nombre, pas {type(value).__name__} ({value!r})."
        )
    return float(value)


def check_modele(ns: dict[str, object]) -> None:
    """Le modèle du simulateur correspond à l'énoncé"""
    sc = expect_var(ns, "sc")
    store = getattr(getattr(sc, "storage", None), "datastores", {}).get("nfs-dev")
    assert store is not None and store.capacity_gib == CAPACITE_GIB, (
        "Le scénario sc a été modifié : relancez le code sans toucher au bloc du datacentre."
    )


def check_provisionne(ns: dict[str, object]) -> None:
    """Espace provisionné"""
    value = _number(ns, "provisionne_gib")
    expect_close(value, PROVISIONNE_GIB, what="l'espace provisionné (provisionne_gib)", unit="Gio")


def check_utilise(ns: dict[str, object]) -> None:
    """Espace utilisé"""
    value = _number(ns, "utilise_gib")
    if abs(value - ECRIT_SEUL_GIB) < 1e-6:
        raise AssertionError(
            f"utilise_gib vaut {value:.0f} Gio : vous n'avez compté que les données écrites. Un "
            "disque épais réserve toute sa taille dès sa création : comptez 100 Gio pour ci1 et "
            f"pour bdd1 (on attend {UTILISE_GIB} Gio)."
        )
    if abs(value - PROVISIONNE_GIB) < 1e-6:
        raise AssertionError(
            f"utilise_gib vaut {value:.0f} Gio : c'est l'espace provisionné. Un disque fin "
            "n'occupe que ce que l'invité a écrit (d.written_gib)."
        )
    expect_close(value, UTILISE_GIB, what="l'espace utilisé (utilise_gib)", unit="Gio")


def check_surengagement(ns: dict[str, object]) -> None:
    """Taux de surengagement"""
    value = _number(ns, "surengagement")
    if abs(value - 100 * SURENGAGEMENT) < 1e-6:
        raise AssertionError(
            f"surengagement vaut {fr(value)} : c'est un pourcentage. Donnez une fraction "
            f"(on attend {fr(SURENGAGEMENT)})."
        )
    if abs(value - UTILISE_GIB / CAPACITE_GIB) < 1e-6:
        raise AssertionError(
            f"surengagement vaut {fr(value)} : c'est le taux de remplissage (utilisé / capacité). "
            "Le surengagement compare l'espace promis à la capacité : provisionné / capacité."
        )
    if abs(value - CAPACITE_GIB / PROVISIONNE_GIB) < 1e-6:
        raise AssertionError(
            f"surengagement vaut {fr(value)} : la division est à l'envers (provisionné / capacité)."
        )
    expect_close(value, SURENGAGEMENT, what="le taux de surengagement")
    assert value > 1, "Le datastore est surengagé : le ratio doit dépasser 1."


def check_jours(ns: dict[str, object]) -> None:
    """Jours avant que le datastore soit plein"""
    value = _number(ns, "jours_avant_plein")
    libre = CAPACITE_GIB - UTILISE_GIB
    if abs(value - libre / 2) < 1e-6:
        raise AssertionError(
            f"jours_avant_plein vaut {fr(value)} : c'est le rythme d'une seule VM. Les {NB_FINS} "
            f"VM à disque fin écrivent chacune 2 Gio par jour, soit {2 * NB_FINS} Gio par jour."
        )
    if abs(value - libre / 10) < 1e-6:
        raise AssertionError(
            f"jours_avant_plein vaut {fr(value)} : vous avez compté les 5 VM. Les disques épais "
            "ont déjà tous leurs blocs : seules les 3 VM à disque fin consomment de la place."
        )
    if abs(value - (PROVISIONNE_GIB - UTILISE_GIB) / (2 * NB_FINS)) < 1e-6:
        raise AssertionError(
            f"jours_avant_plein vaut {fr(value)} : l'espace qui reste est la capacité moins "
            "l'utilisé, pas le provisionné moins l'utilisé."
        )
    expect_close(
        value, JOURS, what="le nombre de jours avant que le datastore soit plein", unit="jours"
    )
