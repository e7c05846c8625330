"""Vérifications de l'étape 3 : le bilan avant / après de compare(100, seed=1)."""

import math
from collections.abc import Mapping

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_var
from hvlab.sim import ConsolidationReport, compare

RAPPORT = compare(100, seed=1)
AVANT, APRES = RAPPORT.before, RAPPORT.after
KWH = AVANT.energy_kwh_per_year - APRES.energy_kwh_per_year
# Facteurs par défaut du rapport : 0,20 €/kWh et 0,052 kg CO₂e/kWh.
EUROS = KWH * 0.20
CO2_KG = KWH * 0.052
UNITES = AVANT.rack_units - APRES.rack_units


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
    value = expect_number(ns, "hotes")
    if value == RAPPORT.placement.hosts_active:
        raise AssertionError(
            f"hotes vaut {significant(value, 6)} : vous avez oublié l'hôte de réserve (N+1). "
            "Prenez "
            "rapport.after.servers."
        )
    expect_close(value, APRES.servers, what="hotes", unit="hôtes")


def check_kwh(ns: dict[str, object]) -> None:
    """Énergie économisée"""
    value = expect_number(ns, "kwh_economises_an")
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
    value = expect_number(ns, "unites_liberees")
    if _near(value, AVANT.rack_units - APRES.servers):
        raise AssertionError(
            f"unites_liberees vaut {significant(value, 6)} U : un hôte RACK_2U occupe 2 U, pas 1. "
            "Utilisez "
            "rack_units."
        )
    expect_close(value, UNITES, what="unites_liberees", unit="U")


def check_euros(ns: dict[str, object]) -> None:
    """Coût de l'énergie économisé"""
    value = expect_number(ns, "euros_economises_an")
    expect_close(value, EUROS, what="euros_economises_an", rel_tol=1e-6, unit="€")


def check_co2(ns: dict[str, object]) -> None:
    """CO₂ évité"""
    value = expect_number(ns, "co2_evite_kg_an")
    if _near(value, KWH * 0.25):
        raise AssertionError(
            "co2_evite_kg_an utilise le facteur européen (0,25) : ici, gardez le facteur par "
            "défaut du rapport (0,052 kg par kWh)."
        )
    if _near(value, CO2_KG / 1000):
        raise AssertionError(
            f"co2_evite_kg_an vaut {significant(value, 3)} : ce sont des tonnes. Donnez des "
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
