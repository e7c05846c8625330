"""Vérifications de l'étape 3 : le bilan avant / après de compare(100, seed=1)."""

import math
from collections.abc import Mapping

from hvlab.labs.checks import expect_close, expect_number, expect_type, expect_var
from hvlab.sim import ConsolidationReport, compare

RAPPORT = compare(100, seed=1)
AVANT, APRES = RAPPORT.before, RAPPORT.after
KWH = AVANT.energy_kwh_per_year - APRES.energy_kwh_per_year
# Facteurs par défaut du rapport : 0,20 €/kWh et 0,052 kg CO₂e/kWh.
EUROS = KWH * 0.20
CO2_KG = KWH * 0.052
UNITES = AVANT.rack_units - APRES.rack_units
# Erreurs typiques : l'hôte de réserve oublié, une seule des deux situations, des hôtes comptés
# 1 U, le facteur européen, des tonnes.
SANS_RESERVE = RAPPORT.placement.hosts_active
UNE_SITUATION = (
    "c'est l'énergie d'une seule des deux situations ; faites la différence avant − après"
)


def _near(value: float, expected: float) -> bool:
    return math.isclose(value, expected, rel_tol=1e-6)


def check_rapport(ns: dict[str, object]) -> None:
    """Le rapport de compare(100, seed=1)"""
    rapport = expect_type(ns, "rapport", ConsolidationReport, "le résultat de compare(100, seed=1)")
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
    expect_close(
        expect_number(ns, "hotes"),
        APRES.servers,
        what="hotes",
        unit="hôtes",
        mistakes={
            SANS_RESERVE: "vous avez oublié l'hôte de réserve (N+1) ; prenez rapport.after.servers"
        },
    )


def check_kwh(ns: dict[str, object]) -> None:
    """Énergie économisée"""
    expect_close(
        expect_number(ns, "kwh_economises_an"),
        KWH,
        what="kwh_economises_an",
        unit="kWh",
        mistakes={
            -KWH: "le résultat est négatif ; calculez avant − après, pas après − avant",
            APRES.energy_kwh_per_year: UNE_SITUATION,
            AVANT.energy_kwh_per_year: UNE_SITUATION,
        },
    )


def check_unites(ns: dict[str, object]) -> None:
    """Place libérée en baie"""
    expect_close(
        expect_number(ns, "unites_liberees"),
        UNITES,
        what="unites_liberees",
        unit="U",
        mistakes={
            AVANT.rack_units - APRES.servers: (
                "un hôte RACK_2U occupe 2 U, pas 1 ; utilisez rack_units"
            )
        },
    )


def check_euros(ns: dict[str, object]) -> None:
    """Coût de l'énergie économisé"""
    expect_close(
        expect_number(ns, "euros_economises_an"), EUROS, what="euros_economises_an", unit="€"
    )


def check_co2(ns: dict[str, object]) -> None:
    """CO₂ évité"""
    expect_close(
        expect_number(ns, "co2_evite_kg_an"),
        CO2_KG,
        what="co2_evite_kg_an",
        unit="kg",
        mistakes={
            CO2_KG / 1000: "ce sont des tonnes ; donnez des kilogrammes",
            KWH * 0.25: (
                "c'est le facteur européen (0,25) ; ici, gardez le facteur par défaut du rapport "
                "(0,052 kg par kWh)"
            ),
        },
    )


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
