"""``hvlab sim scenario FILE.yaml``: the report of a datacentre scenario."""

from __future__ import annotations

import argparse
from typing import Any

from hvlab.commands._output import format_table, print_json
from hvlab.sim.display import Table
from hvlab.sim.world.scenario import load_scenario

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``scenario`` under ``hvlab sim``."""
    parser = subparsers.add_parser(
        "scenario",
        help="analyser un scénario de datacentre (stockage, réseau, vMotion)",
        description=(
            "Charge un scénario YAML (hôtes, datastores, vSwitch, groupes de ports, VM) et affiche "
            "son rapport : espace des datastores et surengagement, joignabilité entre VM avec les "
            "raisons, éligibilité à vMotion de chaque VM vers chaque autre hôte, avertissements."
        ),
    )
    parser.add_argument(
        "file", metavar="FICHIER.yaml", help="le scénario YAML (voir labs/scenarios/)"
    )
    parser.add_argument("--json", action="store_true", help="affiche le rapport en JSON")
    parser.add_argument(
        "--mermaid",
        action="store_true",
        help="affiche le schéma du réseau en Mermaid au lieu du rapport",
    )
    parser.set_defaults(func=_scenario)


def _scenario(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.file)
    if args.mermaid:
        print(scenario.to_mermaid(), end="")
        return 0
    report = scenario.report()
    if args.json:
        print_json(report.to_dict())
        return 0
    print(f"Scénario : {scenario.name}")
    if report.reachability_summary is not None:
        print(f"Joignabilité : {report.reachability_summary.sentence}")
    for table in report.tables():
        print()
        print(_render(table))
    return 0


def _render(table: Table) -> str:
    heading = f"{table.title}\n{'=' * len(table.title)}"
    if not table.rows:
        return f"{heading}\n(aucun)"
    if table.columns == ("Avertissement",):
        return heading + "\n" + "\n".join(f"- {row[0]}" for row in table.rows)
    return heading + "\n" + format_table(table.columns, table.rows)
