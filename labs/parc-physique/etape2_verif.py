"""Vérifications de l'étape 2 : puissance à vide, puissance et énergie du parc, place en baie."""

import math

from hvlab.labs.checks import expect_close, expect_number
from hvlab.sim import generate_fleet

PARC = generate_fleet(20, seed=2)
# ENTRY_1U : 60 W à vide, 150 W à pleine charge (hypothèse du simulateur).
PART_REPOS = 60.0 / 150.0
PUISSANCE_W = math.fsum(s.mean_power_w for s in PARC.servers)
PROPORTIONNELLE_W = math.fsum(s.workload.mean_cpu * 150.0 for s in PARC.servers)
ENERGIE_KWH = PUISSANCE_W * 8760 / 1000
UNITES = 20 * 1
# Erreurs typiques : le parc à vide, des serveurs pleins au lieu de watts, une seule journée.
A_VIDE_W = 20 * 60.0
PLEINS = PROPORTIONNELLE_W / 150.0
JOUR_KWH = PUISSANCE_W * 24 / 1000


def check_part_repos(ns: dict[str, object]) -> None:
    """Part de la puissance maximale consommée à vide"""
    # ×100 (un pourcentage) et 150 / 60 (la division à l'envers) : erreurs courantes reconnues.
    expect_close(expect_number(ns, "part_repos"), PART_REPOS, what="part_repos")


def check_puissance(ns: dict[str, object]) -> None:
    """Puissance moyenne du parc"""
    expect_close(
        expect_number(ns, "puissance_parc_w"),
        PUISSANCE_W,
        what="puissance_parc_w",
        unit="W",
        mistakes={
            A_VIDE_W: (
                "c'est la puissance du parc à vide ; additionnez la puissance moyenne de chaque "
                "serveur (s.mean_power_w), qui tient compte de sa charge"
            )
        },
    )


def check_proportionnelle(ns: dict[str, object]) -> None:
    """Puissance d'un parc parfaitement proportionnel"""
    expect_close(
        expect_number(ns, "puissance_proportionnelle_w"),
        PROPORTIONNELLE_W,
        what="puissance_proportionnelle_w",
        unit="W",
        mistakes={
            PLEINS: (
                "ce sont des serveurs pleins, pas des watts ; multipliez l'utilisation de chaque "
                "serveur par sa puissance maximale (150 W)"
            )
        },
    )


def check_energie(ns: dict[str, object]) -> None:
    """Énergie du parc sur un an"""
    expect_close(
        expect_number(ns, "energie_kwh_an"),
        ENERGIE_KWH,
        what="energie_kwh_an",
        unit="kWh",
        mistakes={
            ENERGIE_KWH * 1000: "ce sont des wattheures ; divisez par 1\u202f000 pour des kWh",
            JOUR_KWH: (
                "c'est l'énergie d'une journée ; multipliez par les heures d'une année "
                "(HOURS_PER_YEAR = 8760), pas par 24"
            ),
        },
    )


def check_unites(ns: dict[str, object]) -> None:
    """Place en baie"""
    value = expect_number(ns, "unites_baie")
    expect_close(value, UNITES, what="unites_baie", unit="U")
