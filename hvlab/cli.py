"""The ``hvlab`` command: simulator, quizzes and labs from the terminal (messages in French)."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from hvlab import __version__
from hvlab._argparse_fr import install as _install_french_argparse
from hvlab.errors import HvlabError

__all__ = ["build_parser", "main"]

#: Modules of :mod:`hvlab.commands` registering sub-commands under ``hvlab sim``.
_SIM_COMMANDS: tuple[str, ...] = ("sim_static", "sim_scenario", "sim_dynamic")
#: Modules of :mod:`hvlab.commands` registering top-level commands (``hvlab check``…).
_TOP_COMMANDS: tuple[str, ...] = ("check", "new", "lab", "quiz", "serve")


def build_parser() -> argparse.ArgumentParser:
    """Build the full argument parser, every sub-command included."""
    _install_french_argparse()
    parser = argparse.ArgumentParser(
        prog="hvlab",
        description=(
            "hvlab : simulateur de datacentre virtualisé, quiz et travaux pratiques du cours de "
            "virtualisation."
        ),
        epilog="Aide d'une sous-commande : hvlab SOUS-COMMANDE --help",
    )
    parser.add_argument("--version", action="version", version=f"hvlab {__version__}")
    groups = parser.add_subparsers(title="sous-commandes", metavar="SOUS-COMMANDE")
    sim = groups.add_parser(
        "sim",
        help="simuler un datacentre (puissance, placement, migration, consolidation…)",
        description="Simulations du datacentre virtualisé.",
    )
    sim_commands = sim.add_subparsers(title="simulations", metavar="SIMULATION")
    sim.set_defaults(func=lambda _args: _missing_subcommand(sim))
    for name in _SIM_COMMANDS:
        importlib.import_module(f"hvlab.commands.{name}").register(sim_commands)
    for name in _TOP_COMMANDS:
        importlib.import_module(f"hvlab.commands.{name}").register(groups)
    parser.set_defaults(func=lambda _args: _missing_subcommand(parser))
    return parser


def _missing_subcommand(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hvlab`` command; returns the exit code.

    Errors of hvlab (invalid input, a VM that fits nowhere, a broken quiz file) are printed in
    French on stderr with exit code 1, never as a traceback.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except HvlabError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
