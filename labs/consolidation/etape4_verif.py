"""Vérifications de l'étape 4 : puissance après consolidation, graphique et topologie."""

from collections.abc import Mapping

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import RACK_1U, MermaidDiagram, PlacementItem, generate_fleet, place

PARC = generate_fleet(40, seed=1)
ITEMS = [
    PlacementItem(s.name, s.workload.percentile_cpu(95) * s.model.cores, s.ram_used_gib)
    for s in PARC.servers
]
P80 = place(ITEMS, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, target=0.8)
MEAN = {s.name: s.workload.mean_cpu * s.model.cores for s in PARC.servers}
APRES_W = sum(
    RACK_1U.power_w(sum(MEAN[vm] for vm in P80.vms_on(h)) / RACK_1U.cores)
    for h in range(P80.hosts_used)
)
AVANT_W = sum(s.mean_power_w for s in PARC.servers)


def check_puissance_apres(ns: dict[str, object]) -> None:
    """Puissance après consolidation"""
    value = expect_close(
        expect_var(ns, "puissance_apres_w"),
        APRES_W,
        what="puissance_apres_w",
        rel_tol=1e-6,
        unit="W",
        mistakes={
            P80.hosts_used * RACK_1U.power_w(0.0): "c'est la puissance des hôtes à vide ; passez "
            "à power_w le taux de charge moyen de chaque hôte"
        },
    )
    assert value < AVANT_W, "Après consolidation, la puissance devrait baisser."


def _values(chart: Mapping[str, object]) -> list[Mapping[str, object]]:
    data = chart.get("data")
    values = data.get("values") if isinstance(data, Mapping) else None
    return [v for v in values if isinstance(v, Mapping)] if isinstance(values, list) else []


def _by_situation(values: list[Mapping[str, object]], indicator: str) -> dict[object, object]:
    return {v.get("situation"): v.get("valeur") for v in values if v.get("indicateur") == indicator}


def check_graphique(ns: dict[str, object]) -> None:
    """Le graphique avant / après"""
    chart = expect_var(ns, "graphique")
    assert isinstance(chart, Mapping) and "vega-lite" in str(chart.get("$schema", "")), (
        "graphique devrait être un graphique Vega-Lite : utilisez before_after_chart(lignes)."
    )
    values = _values(chart)
    pending = [value for value in values if value.get("valeur") is Ellipsis]
    assert not pending, (
        f"L'indicateur « {pending[0].get('indicateur')} » a encore une valeur « ... » "
        f"({pending[0].get('situation')}) : complétez la liste lignes."
    )
    servers = _by_situation(values, "Serveurs allumés")
    assert servers.get("Avant") == len(PARC.servers) and servers.get("Après") == P80.hosts_used, (
        f"Indicateur « Serveurs allumés » : {servers.get('Avant')} avant et "
        f"{servers.get('Après')} après ; on attend {len(PARC.servers)} et {P80.hosts_used}."
    )
    space = _by_situation(values, "Place en baie (U)")
    expected = P80.hosts_used * RACK_1U.rack_units
    assert space.get("Après") == expected, (
        f"Place en baie après : {space.get('Après')} U, on attend {expected} U "
        f"({P80.hosts_used} hôtes de {RACK_1U.rack_units} U)."
    )


def check_diagramme(ns: dict[str, object]) -> None:
    """La topologie du placement"""
    diagram = expect_var(ns, "diagramme")
    assert isinstance(diagram, MermaidDiagram), (
        "diagramme devrait être un diagramme Mermaid : placement_80.to_mermaid()."
    )
    assert diagram == P80.to_mermaid(), (
        "Le diagramme ne correspond pas au placement FFD à 80 % : utilisez "
        "placement_80.to_mermaid()."
    )
