"""Vérifications de l'étape 2 : le calcul d'énergie du chapitre 2, refait avec le simulateur."""

import math
from collections.abc import Mapping

from hvlab.labs.checks import expect_close, expect_var


def _fr(value: float, spec: str) -> str:
    """A number in French notation: decimal comma (0,075 rather than 0.075)."""
    return format(value, spec).replace(".", ",")


# Calcul à la main (table SPECpower du ML110 G4, chapitres 1 et 2) :
# à 8 % : 86 + 0,8 × (89,4 − 86) = 88,72 W ; à 80 % : 112 W ;
# à 1,6 / 3 = 53,3 % : 102 + (106 − 102) × 1/3 ≈ 103,33 W.
AVANT_W = 20 * 88.72
CHARGE_HOTE = 20 * 0.08 / 2
APRES_W = 2 * 112.0
ECONOMIE = 1 - APRES_W / AVANT_W
KWH_AN = (AVANT_W - APRES_W) * 8760 / 1000
TROIS_HOTES_W = 3 * (102.0 + 4.0 / 3)


def _number(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(
            f"« {name} » devrait être un nombre, pas {type(value).__name__} ({value!r})."
        )
    return float(value)


def _near(value: float, expected: float) -> bool:
    return math.isclose(value, expected, rel_tol=1e-6)


def check_avant(ns: dict[str, object]) -> None:
    """Puissance des 20 serveurs"""
    value = _number(ns, "puissance_avant_w")
    if _near(value, 88.72):
        raise AssertionError(
            "puissance_avant_w vaut 88,72 W : c'est un seul serveur. Multipliez par 20."
        )
    if _near(value, 20 * 86.0):
        raise AssertionError(
            "puissance_avant_w vaut 1 720 W : c'est le parc à vide. Passez la charge 0.08."
        )
    expect_close(value, AVANT_W, what="puissance_avant_w", unit="W")


def check_charge_hote(ns: dict[str, object]) -> None:
    """Charge de chaque hôte"""
    value = _number(ns, "charge_hote")
    if _near(value, 100 * CHARGE_HOTE):
        raise AssertionError(
            f"charge_hote vaut {_fr(value, 'g')} : c'est un pourcentage. Donnez une fraction "
            f"({_fr(CHARGE_HOTE, 'g')})."
        )
    if _near(value, 2 * CHARGE_HOTE):
        raise AssertionError(
            f"charge_hote vaut {_fr(value, 'g')} : c'est la charge totale du parc. Répartissez-la "
            "sur les "
            "2 hôtes."
        )
    expect_close(value, CHARGE_HOTE, what="charge_hote")


def check_apres(ns: dict[str, object]) -> None:
    """Puissance des 2 hôtes"""
    value = _number(ns, "puissance_apres_w")
    if _near(value, 112.0):
        raise AssertionError("puissance_apres_w vaut 112 W : c'est un seul hôte. Il y en a 2.")
    expect_close(value, APRES_W, what="puissance_apres_w", unit="W")


def check_economie(ns: dict[str, object]) -> None:
    """Part de la puissance économisée"""
    value = _number(ns, "economie")
    if _near(value, 100 * ECONOMIE):
        raise AssertionError(
            f"economie vaut {_fr(value, '.3g')} : c'est un pourcentage. Donnez une fraction "
            f"(environ {_fr(ECONOMIE, '.3f')})."
        )
    if _near(value, 1 - ECONOMIE):
        raise AssertionError(
            f"economie vaut {_fr(value, '.3f')} : c'est la part qui reste (après / avant). "
            "L'économie vaut "
            "1 − après / avant."
        )
    expect_close(value, ECONOMIE, what="economie", rel_tol=1e-6)


def check_kwh(ns: dict[str, object]) -> None:
    """Énergie économisée en un an"""
    value = _number(ns, "kwh_economises_an")
    if _near(value, 1000 * KWH_AN):
        raise AssertionError(
            f"kwh_economises_an vaut {_fr(value, '.0f')} : ce sont des wattheures. Divisez par "
            "1 000 "
            "(energy_kwh le fait pour vous)."
        )
    if _near(value, KWH_AN / 365):
        raise AssertionError(
            f"kwh_economises_an vaut {_fr(value, '.4g')} kWh : c'est une journée. Comptez les "
            "HOURS_PER_YEAR heures d'une année."
        )
    if _near(value, AVANT_W * 8760 / 1000):
        raise AssertionError(
            "kwh_economises_an est l'énergie du parc avant consolidation : retranchez celle des "
            "2 hôtes (avant − après)."
        )
    expect_close(value, KWH_AN, what="kwh_economises_an", rel_tol=1e-6, unit="kWh")


def check_trois_hotes(ns: dict[str, object]) -> None:
    """Puissance avec 3 hôtes"""
    value = _number(ns, "puissance_3_hotes_w")
    if _near(value, 3 * 112.0):
        raise AssertionError(
            "puissance_3_hotes_w vaut 336 W : avec 3 hôtes, chacun n'est plus chargé à 80 %. "
            "Répartissez la charge totale (1,6) sur 3 hôtes."
        )
    expect_close(value, TROIS_HOTES_W, what="puissance_3_hotes_w", rel_tol=1e-6, unit="W")


def check_graphique(ns: dict[str, object]) -> None:
    """Le graphique avant / après"""
    chart = expect_var(ns, "graphique")
    assert isinstance(chart, Mapping) and "vega-lite" in str(chart.get("$schema", "")), (
        "graphique devrait être un graphique Vega-Lite : utilisez before_after_chart([...])."
    )
    data = chart.get("data")
    values = data.get("values") if isinstance(data, Mapping) else None
    rows = [v for v in values if isinstance(v, Mapping)] if isinstance(values, list) else []
    for label, before, after in (
        ("Serveurs allumés", 20, 2),
        ("Puissance (W)", AVANT_W, APRES_W),
    ):
        found = {r.get("situation"): r.get("valeur") for r in rows if r.get("indicateur") == label}
        assert found, (
            f"Le graphique n'a pas d'indicateur « {label} » (écrivez ce libellé exactement)."
        )
        got_before, got_after = found.get("Avant"), found.get("Après")
        ok = all(
            isinstance(got, (int, float)) and math.isclose(got, want, rel_tol=1e-6)
            for got, want in ((got_before, before), (got_after, after))
        )
        assert ok, (
            f"Indicateur « {label} » : {got_before} avant et {got_after} après ; on attend "
            f"{_fr(before, 'g')} et {_fr(after, 'g')}."
        )
