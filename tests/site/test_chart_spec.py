"""The Vega-Lite specification a lab chart is drawn with (hvlab/site/js/chart-spec.js), under Node.

The width a chart gets, the title given to ``show()``, facets on a phone, no Vega-Lite warning for
the simulator's charts, and French numbers held to Intl's fr-FR (CLDR) — no browser needed. Every
call runs in one Node process (``calls`` below), each test reads its own results.
"""

from __future__ import annotations

from typing import Any

import pytest

from hvlab.sim.display.charts import before_after_chart, timeline_chart, utilisation_chart
from tests.conftest import ROOT
from tests.nodejs import Call, call_module

HARNESS = ROOT / "tests" / "site" / "chart_spec_harness.mjs"


class _Schedule:
    def __init__(self, title: str, steps: list[tuple[str, float, float]]) -> None:
        self.title = title
        self._steps = steps

    def schedule(self) -> list[tuple[str, float, float]]:
        return self._steps


TIMELINE = dict(
    timeline_chart(
        [
            _Schedule("Serveur physique", [("Commande", 0, 336), ("Installation", 336, 400)]),
            _Schedule("Machine virtuelle", [("Clonage", 0, 0.5)]),
        ]
    )
)
LINES = dict(utilisation_chart({"esx1": [0.2, 0.5], "esx2": [0.4, 0.1]}))
LINES_TITLED = dict(utilisation_chart({"esx1": [0.2]}, title="Utilisation CPU au cours du temps"))
LINE_ALONE = dict(utilisation_chart({"esx1": [0.2]}, threshold=None))
#: Panels of 120 px (before_after_chart's width).
FACETS = dict(
    before_after_chart(
        [("Serveurs", 40, 3), ("Puissance (W)", 2650, 560), ("Place en baie (U)", 40, 3)]
    )
)
FIXED = {"mark": "bar", "width": 500, "data": {"values": []}}
LARGE_LABELS = {**LINES, "config": {"axis": {"labelFontSize": 15}}}
#: (d3-format specifier, value, the same as Intl.NumberFormat("fr-FR") options).
NUMBERS = [
    (",", 1234567, {}),
    (",", 2500, {}),
    (",", -12500, {}),
    (",.1f", 1234.56, {"minimumFractionDigits": 1, "maximumFractionDigits": 1}),
    (".2f", 0.5, {"minimumFractionDigits": 2, "maximumFractionDigits": 2, "useGrouping": False}),
    ("~g", 0.001, {}),
    (".0%", 0.25, {"style": "percent"}),
]

#: (d3-time-format specifier, the same as Intl.DateTimeFormat("fr-FR") options), for one date of
#: each month (2026, the 7th, 14:05:09 UTC): names of months and days, dates, hours.
DATES = [
    ("%B", {"month": "long"}),
    ("%b", {"month": "short"}),
    ("%A", {"weekday": "long"}),
    ("%a", {"weekday": "short"}),
    ("%x", {"dateStyle": "short"}),
    ("%X", {"timeStyle": "medium"}),
    ("%e %B %Y", {"day": "numeric", "month": "long", "year": "numeric"}),
]
MONTHS = [f"2026-{month:02d}-07T14:05:09Z" for month in range(1, 13)]

CALLS: dict[str, Call] = {
    "lines-640": Call("sizedSpec", [LINES, 640]),
    **{f"lines-{w}": Call("sizedSpec", [LINES, w]) for w in (0, 120, -5, 358, 658)},
    "titled": Call("sizedSpec", [LINES_TITLED, 640, {"title": "Charge CPU de trois serveurs"}]),
    "titled-object": Call(
        "sizedSpec",
        [
            {**LINES_TITLED, "title": {"text": "Ancien", "subtitle": "Sous-titre"}},
            640,
            {"title": "Nouveau"},
        ],
    ),
    "untitled": Call("sizedSpec", [LINES_TITLED, 640]),
    "fixed": Call("sizedSpec", [FIXED, 300]),
    "facets-658": Call("sizedSpec", [FACETS, 658]),
    "facets-358": Call("sizedSpec", [FACETS, 358]),
    "height-timeline": Call("discreteHeight", [TIMELINE]),
    "height-lines": Call("discreteHeight", [LINES]),
    "large-labels": Call("sizedSpec", [LARGE_LABELS, 640]),
    **{
        f"warnings-{name}-{w}": Call("compileWarnings", [chart, w])
        for name, chart in (
            ("timeline", TIMELINE),
            ("lines", LINES),
            ("line", LINE_ALONE),
            ("facets", FACETS),
        )
        for w in (358, 658)
    },
    **{f"d3-{i}": Call("chartNumber", [s, v]) for i, (s, v, _) in enumerate(NUMBERS)},
    **{f"intl-{i}": Call("intlNumber", [v, o]) for i, (_, v, o) in enumerate(NUMBERS)},
    **{
        f"{side}-date-{i}-{m}": Call(function, [specifier if side == "d3" else options, date])
        if side == "d3"
        else Call(function, [date, options])
        for i, (specifier, options) in enumerate(DATES)
        for m, date in enumerate(MONTHS)
        for side, function in (("d3", "chartDate"), ("intl", "intlDate"))
    },
}


@pytest.fixture(scope="module")
def results() -> dict[str, Any]:
    outcomes = call_module(HARNESS, list(CALLS.values()))
    failed = {k: o.error_message for k, o in zip(CALLS, outcomes, strict=True) if o.raised}
    assert not failed, failed
    return {key: outcome.value for key, outcome in zip(CALLS, outcomes, strict=True)}


def test_a_container_wide_chart_takes_its_box_width_axes_included(results: dict[str, Any]) -> None:
    spec = results["lines-640"]
    assert spec["width"] == 640
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert "$schema" not in spec


@pytest.mark.parametrize("width", [0, 120, -5])
def test_a_chart_is_never_drawn_narrower_than_280_px(results: dict[str, Any], width: int) -> None:
    assert results[f"lines-{width}"]["width"] == 280


def test_the_title_given_to_show_replaces_the_charts_own(results: dict[str, Any]) -> None:
    assert results["titled"]["title"] == "Charge CPU de trois serveurs"
    assert results["titled-object"]["title"] == {"text": "Nouveau", "subtitle": "Sous-titre"}
    assert results["untitled"]["title"] == "Utilisation CPU au cours du temps"


def test_a_fixed_width_is_kept(results: dict[str, Any]) -> None:
    assert results["fixed"]["width"] == 500
    assert "autosize" not in results["fixed"]


def test_facets_wrap_onto_more_rows_on_a_phone_and_widen_to_fill_them(
    results: dict[str, Any],
) -> None:
    # Panels of 120 px plus 60 px of axis and spacing: 3 fit in 658 px, 1 in 358 px.
    assert (results["facets-658"]["columns"], results["facets-658"]["spec"]["width"]) == (3, 120)
    assert results["facets-358"]["columns"] == 1
    assert results["facets-358"]["spec"]["width"] == 240  # min(358 − 60, 2 × 120)


def test_a_discrete_y_axis_gets_one_20_px_band_per_value(results: dict[str, Any]) -> None:
    assert results["height-timeline"] == 40
    assert results["height-lines"] is None


@pytest.mark.parametrize("chart", ["timeline", "lines", "line", "facets"])
@pytest.mark.parametrize("width", [358, 658])
def test_vega_lite_compiles_the_simulator_charts_without_a_warning(
    results: dict[str, Any], chart: str, width: int
) -> None:
    assert results[f"warnings-{chart}-{width}"] == []


def test_legends_go_under_the_chart_on_a_phone(results: dict[str, Any]) -> None:
    assert results["lines-358"]["config"]["legend"]["orient"] == "bottom"
    assert "orient" not in results["lines-658"]["config"]["legend"]


def test_chart_text_is_at_least_11_px_and_an_authors_larger_size_is_kept(
    results: dict[str, Any],
) -> None:
    config = results["large-labels"]["config"]
    assert config["axis"] == {"labelFontSize": 15, "titleFontSize": 12}
    assert config["legend"]["labelFontSize"] == 11


@pytest.mark.parametrize("index", range(len(NUMBERS)))
def test_chart_numbers_are_written_as_intl_writes_french(
    results: dict[str, Any], index: int
) -> None:
    # d3 writes a minus as U+2212, Intl as "-": the same sign for a reader.
    assert results[f"d3-{index}"].replace("\u2212", "-") == results[f"intl-{index}"]


def test_chart_numbers_group_thousands_with_a_narrow_no_break_space(
    results: dict[str, Any],
) -> None:
    assert results["d3-0"] == "1\u202f234\u202f567"
    assert results["d3-6"] == "25\u00a0%"


@pytest.mark.parametrize("index", range(len(DATES)))
def test_chart_dates_are_written_as_intl_writes_french(results: dict[str, Any], index: int) -> None:
    d3 = [results[f"d3-date-{index}-{m}"] for m in range(len(MONTHS))]
    intl = [results[f"intl-date-{index}-{m}"] for m in range(len(MONTHS))]
    # d3's %e pads a day under 10 with a space; Intl writes « 7 ».
    assert [text.replace("  ", " ").strip() for text in d3] == intl


def test_chart_dates_are_day_first_with_french_names(results: dict[str, Any]) -> None:
    assert results["d3-date-1-1"] == "févr."
    assert results["d3-date-4-1"] == "07/02/2026"
    assert results["d3-date-5-1"] == "14:05:09"
    assert results["d3-date-6-7"].strip() == "7 août 2026"
