"""Options and messages shared by the sub-commands, written once.

- :func:`add_commands` gives a command its sub-commands (the command alone prints its help);
- :func:`add_json`, :func:`add_root`, :func:`add_labs_dir`, :func:`add_quizzes_dir`,
  :func:`add_timeout` add the options several commands take, with the same French help;
- :func:`seconds` is the ``type=`` of a duration: a finite, positive number of seconds, or a French
  usage error;
- :func:`unknown_name` is the error for a name that does not exist, with the closest known one and
  the list of known ones.
"""

from __future__ import annotations

__all__ = [
    "add_commands",
    "add_json",
    "add_labs_dir",
    "add_quizzes_dir",
    "add_root",
    "add_timeout",
    "seconds",
    "unknown_name",
]

import argparse
import difflib
import math
import sys
from collections.abc import Iterable
from pathlib import Path

from hvlab import fr
from hvlab.errors import HvlabError

#: The longest duration accepted, in seconds (a day).
MAX_SECONDS = 86_400.0


def add_commands(
    parser: argparse.ArgumentParser, title: str = "commandes", metavar: str = "COMMANDE"
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The sub-commands of ``parser``; ``parser`` without one prints its help and exits with 2."""
    commands = parser.add_subparsers(title=title, metavar=metavar)
    parser.set_defaults(func=lambda _args: _usage(parser))
    return commands


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def add_json(parser: argparse.ArgumentParser, what: str = "le résultat") -> None:
    """``--json``: print ``what`` as JSON (for a program) instead of text."""
    parser.add_argument("--json", action="store_true", help=f"afficher {what} en JSON")


def add_root(parser: argparse.ArgumentParser) -> None:
    """``--root DOSSIER``: the course folder, found from the working folder by default."""
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="dossier du cours (celui qui contient mkdocs.yml) ; par défaut le dossier courant "
        "ou le premier de ses parents qui en contient un",
    )


def add_labs_dir(parser: argparse.ArgumentParser) -> None:
    """``--labs-dir DOSSIER``: the folder of the labs (``labs/`` by default)."""
    parser.add_argument(
        "--labs-dir",
        type=Path,
        default=Path("labs"),
        metavar="DOSSIER",
        help="dossier des TP (par défaut labs/ du dossier courant)",
    )


def add_quizzes_dir(parser: argparse.ArgumentParser, what: str) -> None:
    """``--quizzes DOSSIER``: the folder of the quiz files (``quizzes/`` by default)."""
    parser.add_argument(
        "--quizzes",
        default="quizzes",
        metavar="DOSSIER",
        help=f"{what} (par défaut : quizzes/)",
    )


def seconds(text: str) -> float:
    """A duration given on the command line: a finite number of seconds, above 0, a day at most.

    Raises:
        argparse.ArgumentTypeError: the text is not such a number (French message).

    Example:
        >>> seconds("2,5")
        2.5
    """
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"durée invalide « {text} » : donnez un nombre de secondes supérieur à 0 et d'au plus "
            f"{fr.number(MAX_SECONDS)} (par exemple 10 ou 2,5)"
        )
    return value


def add_timeout(parser: argparse.ArgumentParser, default: float, what: str) -> None:
    """``--timeout SECONDES``: the time limit of ``what`` (« une exécution »)."""
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=default,
        metavar="SECONDES",
        help=f"temps maximal pour {what}, en secondes (par défaut {fr.number(default)})",
    )


def unknown_name(
    kind: str, name: str, known: Iterable[str], *, feminine: bool = False
) -> HvlabError:
    """The error for a ``kind`` called ``name`` that does not exist.

    Example:
        >>> print(unknown_name("TP", "reseaux", ["reseau", "stockage"]))
        TP « reseaux » inconnu (vouliez-vous dire « reseau » ?) ; existants : reseau, stockage.
    """
    names = sorted(set(known))
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
    listing = ", ".join(names) if names else "aucun"
    adjective = "inconnue" if feminine else "inconnu"
    existing = "existantes" if feminine else "existants"
    return HvlabError(f"{kind} « {name} » {adjective}{hint} ; {existing} : {listing}.")
