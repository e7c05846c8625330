"""Vega-Lite specifications for the charts a lab needs (plain dicts, French labels).

Every builder returns a `VegaLiteChart`: the site renders it with a
self-hosted vega-embed, and any Vega-Lite renderer draws it locally.

* `utilisation_chart`: CPU utilisation over time, one line per series;
* `before_after_chart`: bars « avant » / « après » per indicator, each with its own scale;
* `timeline_chart`: provisioning steps as a Gantt chart.

Examples:
    >>> chart = utilisation_chart({"esx1": [0.2, 0.5]}, interval_s=300, threshold=None)
    >>> chart["mark"]["type"], len(chart["data"]["values"])
    ('line', 2)
"""

from __future__ import annotations

__all__ = ["Schedule", "before_after_chart", "timeline_chart", "utilisation_chart"]

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from hvlab.sim.display.values import VegaLiteChart


class Schedule(Protocol):
    """Anything with a title and dated steps, such as a provisioning timeline."""

    @property
    def title(self) -> str: ...

    def schedule(self) -> list[tuple[str, float, float]]:
        """``(label, start_h, end_h)`` of every step."""
        ...


def utilisation_chart(
    series: Mapping[str, Sequence[float]],
    *,
    interval_s: float = 300.0,
    title: str = "Utilisation CPU au cours du temps",
    threshold: float | None = 0.8,
) -> VegaLiteChart:
    """Lines of CPU utilisation (fractions) over time, with an optional target line.

    Args:
        series: name → utilisation per sample, fractions in [0, 1].
        interval_s: seconds between samples.
        title: the chart's title.
        threshold: draw a dashed rule at this utilisation (``None``: none); 0.8 by default.

    Returns:
        The Vega-Lite specification (x in hours, y in %).
    """
    values = [
        {"serie": name, "heure": round(index * interval_s / 3600.0, 4), "utilisation": 100 * u}
        for name, points in series.items()
        for index, u in enumerate(points)
    ]
    line: dict[str, Any] = {
        "mark": {"type": "line", "interpolate": "step-after"},
        "encoding": {
            "x": {"field": "heure", "type": "quantitative", "title": "Heure"},
            "y": {
                "field": "utilisation",
                "type": "quantitative",
                "title": "Utilisation CPU (%)",
                "scale": {"domain": [0, 100]},
            },
            "color": {"field": "serie", "type": "nominal", "title": "Série"},
            "tooltip": [
                {"field": "serie", "title": "Série"},
                {"field": "heure", "title": "Heure", "format": ".2f"},
                {"field": "utilisation", "title": "Utilisation (%)", "format": ".1f"},
            ],
        },
    }
    if threshold is None:
        return VegaLiteChart(title=title, data={"values": values}, width="container", **line)
    rule = {
        "data": {"values": [{"seuil": 100 * threshold}]},
        "mark": {"type": "rule", "strokeDash": [6, 4], "color": "firebrick"},
        "encoding": {"y": {"field": "seuil", "type": "quantitative"}},
    }
    return VegaLiteChart(
        title=title,
        width="container",
        layer=[{"data": {"values": values}, **line}, rule],
    )


def before_after_chart(
    rows: Sequence[tuple[str, float, float]],
    *,
    title: str = "Avant et après la virtualisation",
) -> VegaLiteChart:
    """Bars « Avant » and « Après » for each indicator, one small chart per indicator.

    Args:
        rows: ``(indicator label with its unit, before, after)``.
        title: the chart's title.

    Returns:
        The Vega-Lite specification (faceted by indicator, independent y scales). Panels keep
        the order of ``rows`` and bars read « Avant » then « Après »: both orders are explicit
        sort arrays, because Vega-Lite sorts facet headers alphabetically even under
        ``"sort": null``.
    """
    values = [
        {"indicateur": label, "situation": situation, "valeur": value}
        for label, before, after in rows
        for situation, value in (("Avant", before), ("Après", after))
    ]
    order = list(dict.fromkeys(label for label, _, _ in rows))
    return VegaLiteChart(
        title=title,
        data={"values": values},
        facet={"field": "indicateur", "type": "nominal", "title": None, "sort": order},
        columns=3,
        spec={
            "width": 120,
            "mark": "bar",
            "encoding": {
                "x": {
                    "field": "situation",
                    "type": "nominal",
                    "title": None,
                    "sort": ["Avant", "Après"],
                },
                "y": {"field": "valeur", "type": "quantitative", "title": None},
                "color": {
                    "field": "situation",
                    "type": "nominal",
                    "sort": ["Avant", "Après"],
                    "legend": None,
                },
                "tooltip": [
                    {"field": "indicateur", "title": "Indicateur"},
                    {"field": "situation", "title": "Situation"},
                    {"field": "valeur", "title": "Valeur", "format": ",.1f"},
                ],
            },
        },
        resolve={"scale": {"y": "independent"}},
    )


def timeline_chart(
    timelines: Sequence[Schedule],
    *,
    title: str = "Délai de mise en production",
) -> VegaLiteChart:
    """Provisioning steps as horizontal bars on a time axis in hours (a Gantt chart).

    Args:
        timelines: one or more timelines (e.g. physical server and VM) stacked as rows: any
            objects with a ``title`` and a ``schedule()`` of ``(label, start_h, end_h)``.
        title: the chart's title.

    Returns:
        The Vega-Lite specification.
    """
    values = [
        {"scenario": timeline.title, "etape": label, "debut": start, "fin": end}
        for timeline in timelines
        for label, start, end in timeline.schedule()
    ]
    return VegaLiteChart(
        title=title,
        width="container",
        data={"values": values},
        mark="bar",
        encoding={
            "y": {"field": "scenario", "type": "nominal", "title": None},
            "x": {"field": "debut", "type": "quantitative", "title": "Heures"},
            "x2": {"field": "fin"},
            "color": {"field": "etape", "type": "nominal", "title": "Étape", "sort": None},
            "tooltip": [
                {"field": "scenario", "title": "Scénario"},
                {"field": "etape", "title": "Étape"},
                {"field": "debut", "title": "Début (h)", "format": ".2f"},
                {"field": "fin", "title": "Fin (h)", "format": ".2f"},
            ],
        },
    )
