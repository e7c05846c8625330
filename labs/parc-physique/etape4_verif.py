"""Vérifications de l'étape 4 : arrêts dus à la maintenance, avec et sans migration à chaud."""

from collections.abc import Mapping

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_type, expect_var
from hvlab.sim import MaintenanceDowntime

SERVICES = 20
PAR_SERVICE_H = 3 * 4
TOTAL_H = SERVICES * PAR_SERVICE_H
DISPONIBILITE = 1 - PAR_SERVICE_H / 8760


def _downtime(ns: dict[str, object], name: str) -> MaintenanceDowntime:
    value = expect_type(ns, name, MaintenanceDowntime, "le résultat de maintenance_downtime(...)")
    assert value.services == SERVICES, (
        f"« {name} » compte {value.services} services, on en attend {SERVICES} (un par serveur)."
    )
    assert (value.interventions_per_year, value.duration_h) != (2.0, 4.0), (
        f"« {name} » garde les valeurs par défaut (2 interventions de 4 h). Passez "
        "interventions_per_year=3 et duration_h=4."
    )
    assert (value.interventions_per_year, value.duration_h) == (3, 4), (
        f"« {name} » compte {significant(value.interventions_per_year, 6)} interventions de "
        f"{significant(value.duration_h, 6)} h ; on en attend 3 de 4 h."
    )
    return value


def check_sans_virtualisation(ns: dict[str, object]) -> None:
    """Le parc sans virtualisation"""
    value = _downtime(ns, "sans_virtualisation")
    assert not value.live_migration, (
        "sans_virtualisation ne doit pas utiliser la migration à chaud (live_migration=False, "
        "la valeur par défaut)."
    )


def check_avec_migration(ns: dict[str, object]) -> None:
    """Le parc virtualisé, avec migration à chaud"""
    value = _downtime(ns, "avec_migration")
    assert value.live_migration, "avec_migration doit passer live_migration=True."


def check_heures(ns: dict[str, object]) -> None:
    """Heures d'arrêt cumulées"""
    expect_close(
        expect_var(ns, "heures_arret_total"),
        TOTAL_H,
        what="heures_arret_total",
        unit="h",
        mistakes={
            PAR_SERVICE_H: (
                f"c'est l'arrêt d'un seul service ; donnez le cumul des {SERVICES} services "
                "(total_downtime_h)"
            )
        },
    )


def check_disponibilite(ns: dict[str, object]) -> None:
    """Disponibilité sans virtualisation"""
    # Un pourcentage (× 100) est reconnu par expect_close.
    expect_close(expect_var(ns, "disponibilite"), DISPONIBILITE, what="disponibilite")


def check_graphique(ns: dict[str, object]) -> None:
    """Le graphique avant / après"""
    chart = expect_var(ns, "graphique")
    assert isinstance(chart, Mapping) and "vega-lite" in str(chart.get("$schema", "")), (
        "graphique devrait être un graphique Vega-Lite : utilisez before_after_chart([...])."
    )
    data = chart.get("data")
    values = data.get("values") if isinstance(data, Mapping) else None
    rows = [v for v in values if isinstance(v, Mapping)] if isinstance(values, list) else []
    cumul = {
        row.get("situation"): row.get("valeur")
        for row in rows
        if row.get("indicateur") == "Arrêt cumulé (h/an)"
    }
    assert cumul, (
        "Le graphique n'a pas d'indicateur « Arrêt cumulé (h/an) » (écrivez ce libellé exactement)."
    )
    assert cumul.get("Avant") == TOTAL_H and cumul.get("Après") == 0, (
        f"Indicateur « Arrêt cumulé (h/an) » : {cumul.get('Avant')} avant et "
        f"{cumul.get('Après')} après ; on attend {TOTAL_H} et 0."
    )
