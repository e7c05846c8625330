"""Vérifications de l'étape 3 : délais de mise en production, physique et virtuel."""

import math
from collections.abc import Mapping

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type, expect_var
from hvlab.sim import ProvisioningTimeline

# Hypothèses par défaut du simulateur : 15 j de commande + 4 + 2 + 2 + 4 + 8 h ;
# VM : 0,25 + 0,5 + 1 + 8 h.
PHYSIQUE_H = 15 * 24 + 4 + 2 + 2 + 4 + 8
VIRTUEL_H = 0.25 + 0.5 + 1 + 8
COMMANDE_H = 15 * 24
PART_COMMANDE = COMMANDE_H / PHYSIQUE_H


def check_deroules(ns: dict[str, object]) -> None:
    """Les deux déroulés"""
    for name, total, function in (
        ("physique", PHYSIQUE_H, "physical_provisioning()"),
        ("virtuel", VIRTUEL_H, "virtual_provisioning()"),
    ):
        value = expect_type(ns, name, ProvisioningTimeline, f"le résultat de {function}")
        assert math.isclose(value.total_h, total), (
            f"« {name} » dure {significant(value.total_h, 6)} h, on attend "
            f"{significant(total, 6)} h : gardez les durées par défaut ({function} sans argument)."
        )


def check_delai_physique(ns: dict[str, object]) -> None:
    """Délai du serveur physique, en jours"""
    expect_close(
        expect_number(ns, "delai_physique_j"),
        PHYSIQUE_H / 24,
        what="delai_physique_j",
        unit="jours",
        mistakes={
            PHYSIQUE_H: (
                "ce sont des heures ; donnez des jours (physique.total_days, ou total_h / 24)"
            )
        },
    )


def check_delai_virtuel(ns: dict[str, object]) -> None:
    """Délai de la VM, en heures"""
    expect_close(
        expect_number(ns, "delai_virtuel_h"),
        VIRTUEL_H,
        what="delai_virtuel_h",
        unit="h",
        mistakes={VIRTUEL_H / 24: "ce sont des jours ; donnez des heures (virtuel.total_h)"},
    )


def check_part_commande(ns: dict[str, object]) -> None:
    """Part de la commande dans le délai physique"""
    # Un pourcentage (× 100) est reconnu par expect_close.
    expect_close(
        expect_number(ns, "part_commande"),
        PART_COMMANDE,
        what="part_commande",
        mistakes={
            1 / PART_COMMANDE: (
                "la division est à l'envers ; divisez la durée de la commande par le délai total"
            )
        },
    )


def check_graphique(ns: dict[str, object]) -> None:
    """Le diagramme de Gantt"""
    chart = expect_var(ns, "graphique")
    assert isinstance(chart, Mapping) and "vega-lite" in str(chart.get("$schema", "")), (
        "graphique devrait être un graphique Vega-Lite : utilisez timeline_chart([physique, "
        "virtuel])."
    )
    data = chart.get("data")
    values = data.get("values") if isinstance(data, Mapping) else None
    rows = [v for v in values if isinstance(v, Mapping)] if isinstance(values, list) else []
    scenarios = {row.get("scenario") for row in rows}
    assert scenarios == {"Serveur physique", "Machine virtuelle"}, (
        "Le graphique devrait montrer les deux déroulés, « Serveur physique » et « Machine "
        f"virtuelle » ; il montre : {', '.join(sorted(str(s) for s in scenarios)) or 'rien'}."
    )
