"""The ``hvlab`` command: simulator, quizzes and labs from the terminal (messages in French)."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from hvlab import __version__
from hvlab._argparse_fr import install as _install_french_argparse
from hvlab.commands._options import add_commands
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
    parser.add_argument(
        "--version",
        action="version",
        version=f"hvlab {__version__}",
        help="affiche la version de hvlab et quitte",
    )
    groups = add_commands(parser, "sous-commandes", "SOUS-COMMANDE")
    sim = groups.add_parser(
        "sim",
        help="simuler un datacentre (puissance, placement, migration, consolidation…)",
        description="Simulations du datacentre virtualisé.",
    )
    sim_commands = add_commands(sim, "simulations", "SIMULATION")
    for name in _SIM_COMMANDS:
        importlib.import_module(f"hvlab.commands.{name}").register(sim_commands)
    for name in _TOP_COMMANDS:
        importlib.import_module(f"hvlab.commands.{name}").register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hvlab`` command; returns the exit code.

    No input, however broken or hostile, ends in a traceback: errors of hvlab (invalid input, a VM
    that fits nowhere, a broken quiz file) are printed in French on stderr with exit code 1; data
    too deep or too big for Python, and a file the system refuses, too; usage errors exit with 2
    (argparse). Anything else is a defect of hvlab: a French message says so, exit code 1.
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
        # The reader of our output went away (« hvlab … | head »): say nothing more.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (RecursionError, MemoryError):
        print(
            "Erreur : données trop imbriquées ou trop volumineuses pour être traitées ; "
            "vérifiez le fichier donné.",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        where = f"{error.filename} : " if error.filename else ""
        print(f"Erreur : {where}{error.strerror or error}.", file=sys.stderr)
        return 1
    except Exception as error:
        print(
            f"Erreur interne de hvlab ({type(error).__name__} : {error}) : ce n'est pas votre "
            "faute ; signalez-la avec la commande tapée et le fichier en cause.",
            file=sys.stderr,
        )
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
