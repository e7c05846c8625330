"""Vérifications de l'étape 2 : le calcul d'énergie du chapitre 2, refait avec le simulateur."""

import math
from collections.abc import Mapping

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_var

# Calcul à la main (table SPECpower du ML110 G4, chapitres 1 et 2) :
# à 8 % : 86 + 0,8 × (89,4 − 86) = 88,72 W ; à 80 % : 112 W ;
# à 1,6 / 3 = 53,3 % : 102 + (106 − 102) × 1/3 ≈ 103,33 W.
AVANT_W = 20 * 88.72
CHARGE_HOTE = 20 * 0.08 / 2
APRES_W = 2 * 112.0
ECONOMIE = 1 - APRES_W / AVANT_W
KWH_AN = (AVANT_W - APRES_W) * 8760 / 1000
TROIS_HOTES_W = 3 * (102.0 + 4.0 / 3)
# Erreurs typiques reconnues : la part qui reste, des wattheures.
RESTE = 1 - ECONOMIE
WH_AN = 1000 * KWH_AN


def check_avant(ns: dict[str, object]) -> None:
    """Puissance des 20 serveurs"""
    expect_close(
        expect_number(ns, "puissance_avant_w"),
        AVANT_W,
        what="puissance_avant_w",
        unit="W",
        mistakes={
            88.72: "c'est un seul serveur ; multipliez par 20",
            20 * 86.0: "c'est le parc à vide ; passez la charge 0.08",
        },
    )


def check_charge_hote(ns: dict[str, object]) -> None:
    """Charge de chaque hôte"""
    expect_close(
        expect_number(ns, "charge_hote"),
        CHARGE_HOTE,
        what="charge_hote",
        mistakes={
            2 * CHARGE_HOTE: "c'est la charge totale du parc ; répartissez-la sur les 2 hôtes"
        },
    )


def check_apres(ns: dict[str, object]) -> None:
    """Puissance des 2 hôtes"""
    expect_close(
        expect_number(ns, "puissance_apres_w"),
        APRES_W,
        what="puissance_apres_w",
        unit="W",
        mistakes={112.0: "c'est un seul hôte ; il y en a 2"},
    )


def check_economie(ns: dict[str, object]) -> None:
    """Part de la puissance économisée"""
    expect_close(
        expect_number(ns, "economie"),
        ECONOMIE,
        what="economie",
        mistakes={
            RESTE: "c'est la part qui reste (après / avant) ; l'économie vaut 1 − après / avant"
        },
    )


def check_kwh(ns: dict[str, object]) -> None:
    """Énergie économisée en un an"""
    expect_close(
        expect_number(ns, "kwh_economises_an"),
        KWH_AN,
        what="kwh_economises_an",
        unit="kWh",
        mistakes={
            WH_AN: "ce sont des wattheures ; divisez par 1\u202f000 (energy_kwh le fait pour vous)",
            KWH_AN / 365: "c'est une journée ; comptez les HOURS_PER_YEAR heures d'une année",
            AVANT_W * 8760 / 1000: (
                "c'est l'énergie du parc avant consolidation ; retranchez celle des 2 hôtes "
                "(avant − après)"
            ),
        },
    )


def check_trois_hotes(ns: dict[str, object]) -> None:
    """Puissance avec 3 hôtes"""
    expect_close(
        expect_number(ns, "puissance_3_hotes_w"),
        TROIS_HOTES_W,
        what="puissance_3_hotes_w",
        unit="W",
        mistakes={
            3 * 112.0: (
                "avec 3 hôtes, chacun n'est plus chargé à 80 % ; répartissez la charge totale "
                "(1,6) sur 3 hôtes"
            )
        },
    )


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
            f"{significant(before, 6)} et {significant(after, 6)}."
        )
