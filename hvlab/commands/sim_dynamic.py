"""``hvlab sim migrate`` and ``hvlab sim dynamic``: live migration and dynamic consolidation."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from hvlab.commands._output import format_number, format_table, print_json
from hvlab.errors import SimulationError
from hvlab.sim.dynamic.cloudsim import MAX_SCALE, make_policy, planetlab_scenario, run_policy
from hvlab.sim.migration import migrate

__all__ = ["register"]

_SELECTIONS = ("mmt", "rs", "mu", "mc")
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
        help="consolidation dynamique sur des traces PlanetLab (parité CloudSim)",
        description=(
            "Rejoue l'expérience de Beloglazov et Buyya (CloudSim 3.0.3) : 800 serveurs par "
            "journée de traces, une VM par trace, un pas de 300 s ; affiche l'énergie, les "
            "migrations et les indicateurs de SLA (SLATAH, PDM, SLAV)."
        ),
    )
    dynamic.add_argument(
        "--trace",
        required=True,
        metavar="FICHIER.csv|DOSSIER",
        help="traces PlanetLab d'une journée (une ligne par VM : nom puis 288 pourcentages), "
        "ou un dossier de telles journées (lues par ordre de nom, toutes les VM ensemble)",
    )
    dynamic.add_argument(
        "--policy",
        required=True,
        metavar="POLITIQUE",
        help="npa, dvfs, ou une détection de surcharge : thr, iqr, mad, lr, lrr "
        "(ou DÉTECTION-SÉLECTION, par exemple thr-mmt)",
    )
    dynamic.add_argument(
        "--selection",
        choices=_SELECTIONS,
        default=None,
        help="choix de la VM à déplacer : mmt (migration la plus courte, défaut), rs (au hasard, "
        "avec --seed), mu (la moins utilisée), mc (la plus corrélée aux autres)",
    )
    dynamic.add_argument(
        "--param",
        type=float,
        default=None,
        help="seuil (thr) ou paramètre de sécurité (iqr, mad, lr, lrr) ; "
        "valeur de l'article par défaut",
    )
    dynamic.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="K",
        help=f"répète les VM K fois (et les serveurs) pour un datacentre plus grand "
        f"(1 à {MAX_SCALE}, défaut : 1)",
    )
    dynamic.add_argument(
        "--hosts",
        type=int,
        default=None,
        help="nombre de serveurs (défaut : 800 par journée de traces et par copie)",
    )
    dynamic.add_argument(
        "--seed", type=int, default=0, help="graine de la sélection au hasard rs (défaut : 0)"
    )
    dynamic.add_argument(
        "--cloudsim-parity",
        action="store_true",
        help="comme CloudSim, laisse de côté une VM qu'aucun serveur ne peut accueillir au "
        "départ (sans cette option, c'est une erreur)",
    )
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


def _policy_name(policy: str, selection: str | None) -> str:
    """``--policy`` and ``--selection`` as one policy name (``thr-mmt``)."""
    name = policy.strip().lower()
    detector, dash, chosen = name.partition("-")
    if detector in ("npa", "dvfs"):
        if selection is not None or dash:
            raise SimulationError(
                f"La politique {detector} ne migre aucune VM : retirez --selection."
            )
        return detector
    if dash and selection is not None and selection != chosen:
        raise SimulationError(
            f"Sélection donnée deux fois : « {policy} » et --selection {selection}. Donnez la "
            "politique seule (par exemple --policy thr) avec --selection."
        )
    return f"{detector}-{chosen or selection or 'mmt'}"


def _dynamic(args: argparse.Namespace) -> int:
    name = _policy_name(args.policy, args.selection)
    if args.param is not None and name in ("npa", "dvfs"):
        raise SimulationError(
            f"La politique {name} ne prend pas de paramètre : retirez --param "
            f"(reçu : {format_number(args.param)})."
        )
    make_policy(name, args.param)  # refuse a bad name or parameter before reading the traces
    scenario = planetlab_scenario(args.trace, scale=args.scale, hosts=args.hosts)
    progress = None
    if not args.no_progress and sys.stderr.isatty():
        progress = _Progress(sys.stderr, f"Simulation {name}")
    result = run_policy(
        scenario,
        name,
        args.param,
        seed=args.seed,
        progress=progress,
        skip_unplaceable=args.cloudsim_parity,
    )
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
    if result.skipped_vms:
        skipped = ", ".join(str(vm) for vm in result.outcome.skipped_vms[:10])
        more = " …" if result.skipped_vms > 10 else ""
        print(
            f"{result.skipped_vms} VM n'ont pu être créées au départ, faute de serveur pouvant "
            f"les accueillir (VM n° {skipped}{more}) : comme CloudSim, la simulation s'est "
            "déroulée sans elles."
        )
    return 0
