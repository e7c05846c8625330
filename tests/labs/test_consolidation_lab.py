"""The figures the text of the ``consolidation`` lab quotes still hold in the simulator.

The instructions say "7 % en moyenne", "320 cœurs installés", "les trois hôtes du placement à
80 %" and that fewer hosts are needed at 100 %: if the simulator's fleet generator or placement
changes, this test says which sentence to rewrite.
"""

from __future__ import annotations

from hvlab.labs.loader import load_lab
from hvlab.labs.runner import run_code
from tests.conftest import ROOT

LAB = load_lab(ROOT / "labs" / "consolidation")


def _namespace(step: int) -> dict[str, object]:
    namespace: dict[str, object] = {}
    result = run_code(LAB.step(step).solution, namespace=namespace)
    assert result.ok, result.error
    return namespace


def test_consolidation_fleet_figures_quoted_in_the_text() -> None:
    ns = _namespace(1)
    assert round(100 * float(ns["utilisation_moyenne"])) == 7  # type: ignore[arg-type]
    assert "7 % en moyenne" in LAB.summary
    assert 8 * 40 == 320 and "320 cœurs" in LAB.steps[0].instructions_md


def test_consolidation_placement_figures_quoted_in_the_text() -> None:
    ns = _namespace(3)
    p80, p100 = ns["placement_80"], ns["placement_100"]
    assert p80.hosts_used == 3  # type: ignore[attr-defined]
    assert p100.hosts_used < p80.hosts_used  # type: ignore[attr-defined]
    assert "Les trois hôtes du placement à 80 %" in LAB.steps[3].instructions_md
    assert "l'un des trois hôtes" in LAB.question
    # The most loaded host taken for a single server (M/M/1): about 5 S at 80 %. With its 32 cores
    # (M/M/c, Erlang C) it barely waits at 80 % and waits several S just below 100 %.
    assert 4.5 < float(ns["attente_m1_80"]) <= 5.0  # type: ignore[arg-type]
    assert 1.0 < float(ns["attente_80"]) < 1.05  # type: ignore[arg-type]
    assert 5 < float(ns["attente_100"]) < 10  # type: ignore[arg-type]
    # After one host fails, the remaining hosts carry 85 % at the 80 % target, 170 % at 100 %.
    assert float(ns["charge_panne_80"]) < 1 < float(ns["charge_panne_100"])  # type: ignore[arg-type]


def test_consolidation_savings() -> None:
    ns = _namespace(4)
    before, after = float(ns["puissance_avant_w"]), float(ns["puissance_apres_w"])  # type: ignore[arg-type]
    assert after < before / 3
