"""Vérifications de l'étape 3 : le bilan avant / après de compare(100, seed=1)."""

import math
from collections.abc import Mapping

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import ConsolidationReport, compare


def _fr(value: float, spec: str) -> str:
    """A number in French notation: decimal comma (0,075 rather than 0.075)."""
    return format(value, spec).replace(".", ",")


RAPPORT = compare(100, seed=1)
AVANT, APRES = RAPPORT.before, RAPPORT.after
KWH = AVANT.energy_kwh_per_year - APRES.energy_kwh_per_year
# Facteurs par défaut du rapport : 0,20 €/kWh et 0,052 kg CO₂e/kWh.
EUROS = KWH * 0.20
CO2_KG = KWH * 0.052
UNITES = AVANT.rack_units - APRES.rack_units


def _number(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(
            f"« {name} » devrait être un nombre, pas {type(value).__name__} ({value!r})."
        )
    return float(value)


def _near(value: float, expected: float) -> bool:
    return math.isclose(value, expected, rel_tol=1e-6)


def check_rapport(ns: dict[str, object]) -> None:
    """Le rapport de compare(100, seed=1)"""
    rapport = expect_var(ns, "rapport")
    assert isinstance(rapport, ConsolidationReport), (
        f"rapport devrait être le résultat de compare(100, seed=1), pas {type(rapport).__name__}."
    )
    assert rapport.before.servers == 100, (
        f"Le rapport compte {rapport.before.servers} serveurs dédiés, on en attend 100."
    )
    assert _near(rapport.before.energy_kwh_per_year, AVANT.energy_kwh_per_year), (
        "Le parc du rapport n'est pas celui de l'énoncé : passez seed=1."
    )
    assert rapport.after.servers == APRES.servers and _near(
        rapport.after.energy_kwh_per_year, APRES.energy_kwh_per_year
    ), "Gardez les réglages par défaut de compare (seuls 100 et seed=1 sont à donner)."


def check_hotes(ns: dict[str, object]) -> None:
    """Nombre d'hôtes"""
    value = _number(ns, "hotes")
    if value == RAPPORT.placement.hosts_active:
        raise AssertionError(
            f"hotes vaut {_fr(value, 'g')} : vous avez oublié l'hôte de réserve (N+1). Prenez "
            "rapport.after.servers."
        )
    expect_close(value, APRES.servers, what="hotes", unit="hôtes")


def check_kwh(ns: dict[str, object]) -> None:
    """Énergie économisée"""
    value = _number(ns, "kwh_economises_an")
    if _near(value, -KWH):
        raise AssertionError(
            "kwh_economises_an est négatif : calculez avant − après, pas après − avant."
        )
    if _near(value, APRES.energy_kwh_per_year) or _near(value, AVANT.energy_kwh_per_year):
        raise AssertionError(
            "kwh_economises_an est l'énergie d'une seule des deux situations : faites la "
            "différence avant − après."
        )
    expect_close(value, KWH, what="kwh_economises_an", rel_tol=1e-6, unit="kWh")


def check_unites(ns: dict[str, object]) -> None:
    """Place libérée en baie"""
    value = _number(ns, "unites_liberees")
    if _near(value, AVANT.rack_units - APRES.servers):
        raise AssertionError(
            f"unites_liberees vaut {_fr(value, 'g')} U : un hôte RACK_2U occupe 2 U, pas 1. "
            "Utilisez "
            "rack_units."
        )
    expect_close(value, UNITES, what="unites_liberees", unit="U")


def check_euros(ns: dict[str, object]) -> None:
    """Coût de l'énergie économisé"""
    value = _number(ns, "euros_economises_an")
    expect_close(value, EUROS, what="euros_economises_an", rel_tol=1e-6, unit="€")


def check_co2(ns: dict[str, object]) -> None:
    """CO₂ évité"""
    value = _number(ns, "co2_evite_kg_an")
    if _near(value, KWH * 0.25):
        raise AssertionError(
            "co2_evite_kg_an utilise le facteur européen (0,25) : ici, gardez le facteur par "
            "défaut du rapport (0,052 kg par kWh)."
        )
    if _near(value, CO2_KG / 1000):
        raise AssertionError(
            f"co2_evite_kg_an vaut {_fr(value, '.3g')} : ce sont des tonnes. Donnez des "
            "kilogrammes."
        )
    expect_close(value, CO2_KG, what="co2_evite_kg_an", rel_tol=1e-6, unit="kg")


def check_graphique(ns: dict[str, object]) -> None:
    """Le graphique avant / après"""
    chart = expect_var(ns, "graphique")
    assert isinstance(chart, Mapping) and "vega-lite" in str(chart.get("$schema", "")), (
        "graphique devrait être un graphique Vega-Lite : utilisez rapport.to_chart()."
    )
    assert chart == RAPPORT.to_chart(), (
        "Le graphique ne correspond pas au rapport de compare(100, seed=1) : utilisez "
        "rapport.to_chart()."
    )
