"""Vérifications de l'étape 2 : puissance à vide, puissance et énergie du parc, place en baie."""

import math

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import generate_fleet


def _fr(value: float, spec: str) -> str:
    """A number in French notation: decimal comma (0,075 rather than 0.075)."""
    return format(value, spec).replace(".", ",")


PARC = generate_fleet(20, seed=2)
# ENTRY_1U : 60 W à vide, 150 W à pleine charge (hypothèse du simulateur).
PART_REPOS = 60.0 / 150.0
PUISSANCE_W = math.fsum(s.mean_power_w for s in PARC.servers)
PROPORTIONNELLE_W = math.fsum(s.workload.mean_cpu * 150.0 for s in PARC.servers)
ENERGIE_KWH = PUISSANCE_W * 8760 / 1000
UNITES = 20 * 1


def _number(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(
            f"« {name} » devrait être un nombre, pas {type(value).__name__} ({value!r})."
        )
    return float(value)


def _near(value: float, expected: float) -> bool:
    return math.isclose(value, expected, rel_tol=1e-6)


def check_part_repos(ns: dict[str, object]) -> None:
    """Part de la puissance maximale consommée à vide"""
    value = _number(ns, "part_repos")
    if _near(value, 100 * PART_REPOS):
        raise AssertionError(
            f"part_repos vaut {_fr(value, 'g')} : c'est un pourcentage. Donnez une fraction "
            f"({_fr(PART_REPOS, 'g')})."
        )
    if _near(value, 1 / PART_REPOS):
        raise AssertionError(
            f"part_repos vaut {_fr(value, 'g')} : la division est à l'envers. Divisez la "
            "puissance à "
            "vide (60 W) par la puissance maximale (150 W)."
        )
    expect_close(value, PART_REPOS, what="part_repos")


def check_puissance(ns: dict[str, object]) -> None:
    """Puissance moyenne du parc"""
    value = _number(ns, "puissance_parc_w")
    if _near(value, 20 * 60.0):
        raise AssertionError(
            f"puissance_parc_w vaut {_fr(value, 'g')} W : c'est la puissance du parc à vide. "
            "Additionnez la puissance moyenne de chaque serveur (s.mean_power_w), qui tient "
            "compte de sa charge."
        )
    expect_close(value, PUISSANCE_W, what="puissance_parc_w", unit="W")


def check_proportionnelle(ns: dict[str, object]) -> None:
    """Puissance d'un parc parfaitement proportionnel"""
    value = _number(ns, "puissance_proportionnelle_w")
    if _near(value, PROPORTIONNELLE_W / 150.0):
        raise AssertionError(
            f"puissance_proportionnelle_w vaut {_fr(value, '.3g')} : ce sont des serveurs pleins, "
            "pas des "
            "watts. Multipliez l'utilisation de chaque serveur par sa puissance maximale (150 W)."
        )
    expect_close(value, PROPORTIONNELLE_W, what="puissance_proportionnelle_w", unit="W")


def check_energie(ns: dict[str, object]) -> None:
    """Énergie du parc sur un an"""
    value = _number(ns, "energie_kwh_an")
    if _near(value, ENERGIE_KWH * 1000):
        raise AssertionError(
            f"energie_kwh_an vaut {_fr(value, '.0f')} : ce sont des wattheures. Divisez par 1 000 "
            "pour "
            f"des kWh (on attend environ {_fr(ENERGIE_KWH, '.0f')} kWh)."
        )
    if _near(value, PUISSANCE_W * 24 / 1000):
        raise AssertionError(
            f"energie_kwh_an vaut {_fr(value, '.4g')} kWh : c'est l'énergie d'une journée. "
            "Multipliez par "
            "les heures d'une année (HOURS_PER_YEAR = 8760), pas par 24."
        )
    expect_close(value, ENERGIE_KWH, what="energie_kwh_an", unit="kWh")


def check_unites(ns: dict[str, object]) -> None:
    """Place en baie"""
    value = _number(ns, "unites_baie")
    expect_close(value, UNITES, what="unites_baie", unit="U")
