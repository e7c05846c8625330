"""``hvlab sim power|place|compare``: the static simulator from the terminal."""

from __future__ import annotations

import argparse
import csv
import io
import math
from typing import Any

from hvlab.commands._output import format_number, format_table, print_json
from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import SERVER_MODELS, get_server_model
from hvlab.sim.core.placement import ALGORITHMS, PlacementItem, place
from hvlab.sim.core.power import HP_ML110_G4, HP_ML110_G5, LinearPowerModel, PowerModel
from hvlab.sim.display import Table
from hvlab.sim.planning.report import DEFAULT_CO2_KG_PER_KWH, compare

__all__ = ["register"]

_POWER_MODELS = ("hp-ml110-g4", "hp-ml110-g5", "linear")


def register(subparsers: Any) -> None:
    """Add ``power``, ``place`` and ``compare`` under ``hvlab sim``."""
    power = subparsers.add_parser(
        "power",
        help="puissance d'un serveur à un taux d'utilisation donné",
        description=(
            "Puissance électrique d'un serveur (en watts) à un taux d'utilisation CPU : tables "
            "SPECpower des HP ProLiant ML110 G4 et G5 (celles de CloudSim) ou modèle linéaire."
        ),
    )
    power.add_argument(
        "--model",
        required=True,
        choices=_POWER_MODELS,
        help="modèle de puissance : table SPECpower d'un HP ML110 G4 ou G5, ou modèle linéaire",
    )
    power.add_argument(
        "--idle-w", type=float, metavar="W", help="modèle linéaire : puissance au repos, en watts"
    )
    power.add_argument(
        "--max-w",
        type=float,
        metavar="W",
        help="modèle linéaire : puissance à pleine charge, en watts",
    )
    power.add_argument(
        "--utilisation",
        type=float,
        required=True,
        metavar="U",
        help="taux d'utilisation CPU entre 0 et 1 (0.25 pour 25 %%)",
    )
    power.add_argument("--json", action="store_true", help="affiche le résultat en JSON")
    power.set_defaults(func=_power)

    placement = subparsers.add_parser(
        "place",
        help="placer des VM sur des hôtes identiques (bin packing CPU et RAM)",
        description=(
            "Place les VM d'un fichier CSV (en-tête name,cpu,ram_gib ; cpu en cœurs) sur des hôtes "
            "identiques avec first fit, best fit, worst fit, FFD ou BFD, en respectant un objectif "
            "d'utilisation et une réserve d'hôtes (N+1)."
        ),
    )
    placement.add_argument(
        "vms_csv", metavar="VMS.csv", help="fichier CSV des VM : name,cpu,ram_gib"
    )
    placement.add_argument(
        "--host-cpu",
        type=float,
        required=True,
        metavar="CŒURS",
        help="nombre de cœurs de chaque hôte",
    )
    placement.add_argument(
        "--host-ram-gib",
        type=float,
        required=True,
        metavar="GIO",
        help="mémoire de chaque hôte, en Gio",
    )
    placement.add_argument(
        "--algorithm",
        required=True,
        choices=tuple(ALGORITHMS),
        help="algorithme : ff (first fit), bf (best fit), wf (worst fit), ffd, bfd (décroissants)",
    )
    placement.add_argument(
        "--target",
        type=float,
        default=0.8,
        metavar="TAUX",
        help="objectif d'utilisation de chaque hôte, entre 0 et 1 (0.8 par défaut)",
    )
    placement.add_argument(
        "--spare-hosts",
        type=int,
        metavar="N",
        default=0,
        help="hôtes gardés vides en réserve pour les pannes (1 pour N+1 ; 0 par défaut)",
    )
    placement.add_argument("--json", action="store_true", help="affiche le résultat en JSON")
    placement.set_defaults(func=_place)

    comparison = subparsers.add_parser(
        "compare",
        help="avant/après la virtualisation : serveurs, énergie, espace, coût, CO₂",
        description=(
            "Compare un parc de serveurs dédiés (une application par serveur, charges générées à "
            "partir d'une graine) avec les mêmes applications consolidées en VM sur des hôtes."
        ),
    )
    comparison.add_argument(
        "--servers",
        type=int,
        required=True,
        metavar="N",
        help="nombre de serveurs dédiés (applications)",
    )
    comparison.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="GRAINE",
        help="graine du générateur de charges (0 par défaut)",
    )
    comparison.add_argument(
        "--host-model",
        default="rack-2u",
        choices=tuple(SERVER_MODELS),
        help="modèle des hôtes de virtualisation (rack-2u par défaut)",
    )
    comparison.add_argument(
        "--target",
        type=float,
        default=0.8,
        metavar="TAUX",
        help="objectif d'utilisation des hôtes, entre 0 et 1 (0.8 par défaut)",
    )
    comparison.add_argument(
        "--spare-hosts",
        type=int,
        metavar="N",
        default=1,
        help="hôtes de réserve pour les pannes (1 par défaut : N+1)",
    )
    comparison.add_argument(
        "--co2-kg-per-kwh",
        type=float,
        metavar="KG",
        default=DEFAULT_CO2_KG_PER_KWH,
        help=f"facteur d'émission en kg de CO₂ par kWh ({DEFAULT_CO2_KG_PER_KWH} par défaut)",
    )
    comparison.add_argument("--json", action="store_true", help="affiche le résultat en JSON")
    comparison.set_defaults(func=_compare)


def _power(args: argparse.Namespace) -> int:
    model: PowerModel
    if args.model == "linear":
        if args.idle_w is None or args.max_w is None:
            raise SimulationError(
                "Le modèle linéaire demande --idle-w et --max-w, par exemple "
                "« --idle-w 175 --max-w 250 »."
            )
        model = LinearPowerModel(max_w=args.max_w, idle_w=args.idle_w)
    else:
        if args.idle_w is not None or args.max_w is not None:
            raise SimulationError(
                f"--idle-w et --max-w ne s'appliquent qu'au modèle linéaire ; le modèle "
                f"« {args.model} » a sa propre table SPECpower. Retirez ces options."
            )
        model = HP_ML110_G4 if args.model == "hp-ml110-g4" else HP_ML110_G5
    power_w = model.power_w(args.utilisation)
    if args.json:
        print_json({"model": args.model, "utilisation": args.utilisation, "power_w": power_w})
    else:
        print(
            f"Puissance ({args.model}) à {format_number(100 * args.utilisation, 1)} % "
            f"d'utilisation : {format_number(power_w)} W"
        )
    return 0


def _read_vms(path: str) -> list[PlacementItem]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
    except OSError as error:
        raise SimulationError(
            f"Impossible de lire « {path} » : {error.strerror}. Vérifiez le chemin du fichier."
        ) from None
    except UnicodeDecodeError:
        raise SimulationError(f"« {path} » n'est pas un fichier texte UTF-8.") from None
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    # A spreadsheet saved in French uses « ; » between columns and « , » as decimal mark.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    rows_with_numbers = [
        (n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)
    ]
    if not rows_with_numbers:
        raise SimulationError(
            f"Fichier « {path} » vide : il faut l'en-tête « name,cpu,ram_gib » puis une ligne par "
            "VM, par exemple « web1,2,4 »."
        )
    header_line, header = rows_with_numbers[0]
    columns = [cell.strip().lower() for cell in header]
    missing = [c for c in ("name", "cpu", "ram_gib") if c not in columns]
    if missing:
        raise SimulationError(
            f"Fichier « {path} », ligne {header_line} : en-tête « {delimiter.join(header)} » ; "
            f"colonne(s) manquante(s) : {', '.join(missing)}. L'en-tête attendu est "
            "« name,cpu,ram_gib »."
        )
    index = {name: columns.index(name) for name in ("name", "cpu", "ram_gib")}
    items: list[PlacementItem] = []
    for line, row in rows_with_numbers[1:]:
        if len(row) != len(columns):
            raise SimulationError(
                f"Fichier « {path} », ligne {line} : {len(row)} colonne(s) au lieu de "
                f"{len(columns)} (« {delimiter.join(row)} »). Chaque ligne doit suivre l'en-tête "
                "« name,cpu,ram_gib »."
            )
        name = row[index["name"]].strip()
        if not name:
            raise SimulationError(f"Fichier « {path} », ligne {line} : la VM n'a pas de nom.")
        values: dict[str, float] = {}
        for column, unit in (("cpu", "cœurs"), ("ram_gib", "Gio")):
            cell = row[index[column]].strip()
            try:
                value = float(cell.replace(",", "."))
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or value < 0:
                raise SimulationError(
                    f"Fichier « {path} », ligne {line}, VM « {name} » : valeur « {cell} » "
                    f"invalide pour {column} ; donnez un nombre positif ou nul de {unit} "
                    "(point décimal, par exemple 0.5)."
                )
            values[column] = value
        items.append(PlacementItem(name, values["cpu"], values["ram_gib"]))
    if not items:
        raise SimulationError(
            f"Fichier « {path} » : aucune VM après l'en-tête. Ajoutez une ligne par VM, par "
            "exemple « web1,2,4 »."
        )
    return items


def _print_table(table: Table) -> None:
    if table.title:
        print(table.title)
        print()
    rows = [["—" if cell is None else cell for cell in row] for row in table.rows]
    print(format_table(table.columns, rows))


def _place(args: argparse.Namespace) -> int:
    items = _read_vms(args.vms_csv)
    result = place(
        items,
        host_cpu=args.host_cpu,
        host_ram_gib=args.host_ram_gib,
        algorithm=args.algorithm,
        target=args.target,
        spare_hosts=args.spare_hosts,
    )
    if args.json:
        print_json(result.to_dict())
        return 0
    _print_table(result.to_table())
    print()
    print(
        f"Hôtes utilisés : {result.hosts_used} (dont {result.spare_hosts} de réserve) ; "
        f"borne inférieure : {result.lower_bound}."
    )
    if result.unplaced:
        print(f"VM non placées : {', '.join(result.unplaced)}.")
    return 0


def _compare(args: argparse.Namespace) -> int:
    report = compare(
        args.servers,
        seed=args.seed,
        host_model=get_server_model(args.host_model),
        target=args.target,
        spare_hosts=args.spare_hosts,
        co2_kg_per_kwh=args.co2_kg_per_kwh,
    )
    if args.json:
        print_json(report.to_dict())
        return 0
    _print_table(report.to_table())
    print()
    print(
        f"Taux de consolidation : {format_number(report.consolidation_ratio, 1)} applications par "
        f"hôte actif ; borne inférieure : {report.placement.lower_bound} hôte(s)."
    )
    return 0
