"""French messages for :mod:`argparse`, so that ``hvlab --help`` and usage errors read in French.

argparse looks up its messages through the module-level ``_`` (gettext) at call time; replacing it
with a lookup in the table below translates every message argparse prints, help and errors alike.
"""

from __future__ import annotations

import argparse
import gettext

_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels",
    "options": "options",
    "optional arguments": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "show program's version number and exit": "affiche la version et quitte",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (choisissez parmi %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s attendu) : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "argument explicite ignoré : %r",
    "unexpected option string: %s": "option inattendue : %s",
    "subcommands": "sous-commandes",
    "%(prog)s: error: %(message)s": "%(prog)s : erreur : %(message)s",
}


def _translate(message: str) -> str:
    return _FRENCH.get(message, gettext.gettext(message))


def _ntranslate(singular: str, plural: str, n: int) -> str:
    table = {
        "expected %s argument": "%s valeur attendue",
        "expected %s arguments": "%s valeurs attendues",
    }
    chosen = singular if n == 1 else plural
    return table.get(chosen, chosen)


def install() -> None:
    """Make argparse speak French (idempotent)."""
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
