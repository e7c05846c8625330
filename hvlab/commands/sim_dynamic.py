"""``hvlab sim migrate`` and ``hvlab sim dynamic``: live migration and dynamic consolidation."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from hvlab.commands._output import format_number, format_table, print_json
from hvlab.errors import SimulationError
from hvlab.sim.core.traces import load_planetlab
from hvlab.sim.dynamic.cloudsim import (
    cloudsim_scenario,
    make_policy,
    run_policy,
)
from hvlab.sim.migration import migrate

__all__ = ["register"]

_POLICIES = ("npa", "dvfs", "thr-mmt", "iqr-mmt", "mad-mmt", "lr-mmt", "lrr-mmt")
_MODELS = ("precopy", "closed-form", "xen", "qemu")


def register(subparsers: Any) -> None:
    """Add ``migrate`` and ``dynamic`` under ``hvlab sim``."""
    parser = subparsers.add_parser(
        "migrate",
        help="simuler une migration à chaud (pré-copie tour par tour, forme close, Xen, QEMU)",
        description=(
            "Simule la migration à chaud d'une VM par pré-copie : tours envoyés, données "
            "transférées, durée totale, temps d'interruption et convergence."
        ),
    )
    parser.add_argument(
        "--memory-mb", type=float, required=True, help="mémoire de la VM, en Mo (ex. : 1000)"
    )
    parser.add_argument(
        "--bandwidth-mb-s",
        type=float,
        required=True,
        help="bande passante de migration, en Mo/s (125 Mo/s pour 1 Gbit/s)",
    )
    parser.add_argument(
        "--dirty-rate-mb-s",
        type=float,
        required=True,
        help="taux de salissure de la mémoire, en Mo/s",
    )
    parser.add_argument(
        "--stop-threshold-mb",
        type=float,
        default=1.0,
        help="reste maximal pour l'arrêt et copie, en Mo (défaut : 1)",
    )
    parser.add_argument(
        "--max-rounds", type=int, default=30, help="nombre maximal de tours (défaut : 30)"
    )
    parser.add_argument(
        "--model",
        choices=_MODELS,
        default="precopy",
        help="modèle : precopy (tour par tour), closed-form (forme close), xen ou qemu "
        "(défaut : precopy)",
    )
    parser.add_argument("--json", action="store_true", help="affiche le résultat en JSON")
    parser.set_defaults(func=_migrate)

    dynamic = subparsers.add_parser(
        "dynamic",
        help="consolidation dynamique sur une journée de traces PlanetLab (parité CloudSim)",
        description=(
            "Rejoue l'expérience de Beloglazov et Buyya (CloudSim 3.0.3) : 800 serveurs, une VM "
            "par trace, un pas de 300 s ; affiche l'énergie, les migrations et les indicateurs "
            "de SLA (SLATAH, PDM, SLAV)."
        ),
    )
    dynamic.add_argument(
        "--trace",
        required=True,
        metavar="FICHIER.csv",
        help="traces PlanetLab d'une journée : une ligne par VM (nom puis 288 pourcentages)",
    )
    dynamic.add_argument(
        "--policy",
        required=True,
        choices=_POLICIES,
        help="politique : npa, dvfs, ou détection de surcharge + sélection MMT",
    )
    dynamic.add_argument(
        "--param",
        type=float,
        default=None,
        help="seuil (thr) ou paramètre de sécurité (iqr, mad, lr, lrr) ; "
        "valeur de l'article par défaut",
    )
    dynamic.add_argument("--hosts", type=int, default=800, help="nombre de serveurs (défaut : 800)")
    dynamic.add_argument("--json", action="store_true", help="affiche le résultat en JSON")
    dynamic.add_argument(
        "--no-progress",
        action="store_true",
        help="n'affiche pas la barre de progression sur la sortie d'erreur",
    )
    dynamic.set_defaults(func=_dynamic)


def _migrate(args: argparse.Namespace) -> int:
    result = migrate(
        args.model,
        args.memory_mb,
        args.bandwidth_mb_s,
        args.dirty_rate_mb_s,
        stop_threshold_mb=args.stop_threshold_mb,
        max_rounds=args.max_rounds,
    )
    if args.json:
        print_json(
            {
                "rounds": result.rounds,
                "transferred_mb": result.transferred_mb,
                "total_time_s": result.total_time_s,
                "downtime_ms": result.downtime_ms,
                "converged": result.converged,
            }
        )
        return 0
    rows = [
        ("modèle", result.model),
        ("tours de pré-copie", result.rounds),
        ("données transférées (Mo)", format_number(result.transferred_mb)),
        ("durée totale (s)", format_number(result.total_time_s)),
        ("interruption (ms)", format_number(result.downtime_ms)),
        ("convergence", "oui" if result.converged else "non"),
        ("arrêt", result.stop_reason),
    ]
    print(format_table(("indicateur", "valeur"), rows))
    return 0


class _Progress:
    """A French progress bar on a terminal stream."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label

    def __call__(self, step: int, total: int) -> None:
        width = 30
        done = int(width * step / total) if total else width
        percent = 100 * step / total if total else 100.0
        bar = "#" * done + "-" * (width - done)
        shown = format_number(percent, 1).rjust(5)
        self.stream.write(f"\r{self.label} [{bar}] {shown} % (pas {step}/{total})")
        if step >= total:
            self.stream.write("\n")
        self.stream.flush()


def _dynamic(args: argparse.Namespace) -> int:
    if args.param is not None and args.policy in ("npa", "dvfs"):
        raise SimulationError(
            f"La politique {args.policy} ne prend pas de paramètre : retirez --param "
            f"(reçu : {format_number(args.param)})."
        )
    make_policy(args.policy, args.param)  # refuse a bad parameter before reading the file
    traces = [workload.cpu for workload in load_planetlab(args.trace)]
    scenario = cloudsim_scenario(traces, hosts=args.hosts)
    progress = None
    if not args.no_progress and sys.stderr.isatty():
        progress = _Progress(sys.stderr, f"Simulation {args.policy}")
    result = run_policy(scenario, args.policy, args.param, progress=progress)
    if args.json:
        print_json(result.to_dict())
        return 0
    rows = [
        ("politique", result.policy),
        ("serveurs", result.hosts),
        ("VM", result.vms),
        ("énergie (kWh)", format_number(result.energy_kwh)),
        ("migrations", result.migrations),
        ("SLATAH (%)", format_number(result.slatah * 100)),
        ("PDM (%)", format_number(result.pdm * 100, 3)),
        ("SLAV (%)", format_number(result.slav * 100, 5)),
    ]
    print(format_table(("indicateur", "valeur"), rows))
    return 0
