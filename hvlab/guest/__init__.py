"""The guest machine's console, as lab code and checks read it.

On a page holding a ``guest`` block, the page hands the text of the machine's console to the
labs' Python as the file ``console-<id>.txt`` of its working folder (``console-invite.txt`` for
the default machine), refreshed before every run. Outside the browser, the « Enregistrer la
console » button saves the same file: put it beside your code (or name its folder in
``HVLAB_GUEST_CONSOLE_DIR``) and ``hvlab lab check`` reads it the same way. Without such a file
(``hvlab lab solve``, a notebook), :func:`console` falls back to a session recorded on the
course's machine (``exemple-console.json``) and says so on the standard error.

A console is a sequence of commands typed after the prompt (``invite:~# ``) and their output::

    >>> text = "invite:~# echo bonjour\\nbonjour\\ninvite:~# "
    >>> [(c.command, c.output) for c in commands(text)]
    [('echo bonjour', 'bonjour'), ('', '')]

This module is standard library only (it runs in Pyodide).
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_MACHINE",
    "EXAMPLE_FILE",
    "Command",
    "GuestConsoleError",
    "clean",
    "commands",
    "console",
    "console_path",
    "last_output",
    "time_seconds",
]

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from hvlab.errors import HvlabError

#: Name of the machine of a ``guest`` block without ``id``.
DEFAULT_MACHINE = "invite"
#: A session recorded on the course's guest machine (used when no console file is found).
EXAMPLE_FILE = Path(__file__).with_name("exemple-console.json")

_PROMPT = re.compile(r"^invite:[^\n#]*# ?(.*)$", re.MULTILINE)
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
_TIME = re.compile(r"^real\s+(?:(\d+)h\s*)?(?:(\d+)m\s*)?([\d.]+)s\s*$", re.MULTILINE)


class GuestConsoleError(HvlabError, FileNotFoundError):
    """No console text for this machine (the French message says how to get one)."""


@dataclass(frozen=True)
class Command:
    """A command typed in the guest's shell and what it printed.

    Attributes:
        command: the command line as the shell echoed it (``cat /proc/cpuinfo``).
        output: the lines printed until the next prompt, without the final line end.
    """

    command: str
    output: str


def console_path(machine: str = DEFAULT_MACHINE) -> Path:
    """Where the console text of ``machine`` is read from.

    ``$HVLAB_GUEST_CONSOLE_DIR/console-<machine>.txt`` when that variable is set, else
    ``console-<machine>.txt`` in the working folder (where the page puts it).
    """
    folder = Path(os.environ.get("HVLAB_GUEST_CONSOLE_DIR") or ".")
    return folder / f"console-{machine}.txt"


def console(machine: str = DEFAULT_MACHINE, *, example: bool = True) -> str:
    """The text of the console of ``machine`` (escape sequences removed).

    Args:
        machine: the machine's name (the ``id`` of its ``guest`` block).
        example: without a console file, use the recorded session (and say so on stderr).

    Raises:
        GuestConsoleError: there is no console text for this machine.
    """
    path = console_path(machine)
    try:
        return clean(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        pass
    if example and machine == DEFAULT_MACHINE:
        print(
            f"(Pas de fichier {path.name} : voici la session enregistrée en exemple sur la "
            "machine du cours.)",
            file=sys.stderr,
        )
        return clean(str(json.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))["console"]))
    raise GuestConsoleError(
        f"Pas de console pour la machine « {machine} » : démarrez la machine invitée de la "
        "page et tapez les commandes demandées, puis relancez. Hors du navigateur, "
        f"enregistrez la console (bouton « Enregistrer la console ») dans {path.name}, à "
        "côté de votre code."
    )


def clean(text: str) -> str:
    """What a terminal shows for ``text``: escape sequences removed, ``\r``, ``\b`` applied.

    The same rules as the page's console (``hvlab/site/js/guest/screen.js``; shared test
    vectors hold the two equal): ``\r`` returns to the start of the line and what follows
    overwrites it, ``\b`` moves one character back, a tab moves to the next multiple of 8.
    """
    lines: list[str] = []
    line = ""
    column = 0
    for char in _ESCAPES.sub("", text):
        if char == "\n":
            lines.append(line)
            line, column = "", 0
        elif char == "\r":
            column = 0
        elif char == "\b":
            column = max(0, column - 1)
        elif char == "\t":
            stop = (column // 8 + 1) * 8
            line, column = line.ljust(stop), stop
        elif char >= " " and char != "\x7f":
            line = line[:column] + char + line[column + 1 :]
            column += 1
    lines.append(line)
    return "\n".join(lines)


def commands(text: str) -> list[Command]:
    """The commands typed in the console ``text`` and their outputs, in order.

    The last item is the prompt still waiting for a command (its ``command`` is what was typed
    so far, often ``""``).
    """
    found = list(_PROMPT.finditer(text))
    result = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        output = text[match.end() : end]
        result.append(Command(match.group(1).strip(), output.strip("\n")))
    return result


def last_output(text: str, command: str) -> str:
    """What the last command containing ``command`` printed, or ``""`` if none was typed.

    Args:
        text: a console text (see :func:`console`).
        command: a piece of the command line (``"/proc/cpuinfo"``, ``"lspci"``).
    """
    for item in reversed(commands(text)):
        if command in item.command:
            return item.output
    return ""


def time_seconds(output: str) -> float | None:
    """The elapsed (``real``) time printed by ``time``, in seconds, or ``None``.

    Understands busybox's ``real\\t0m 1.23s`` and bash's ``real\\t0m1.234s``.
    """
    matches = list(_TIME.finditer(output))
    if not matches:
        return None
    hours, minutes, secs = matches[-1].groups()
    return int(hours or 0) * 3600 + int(minutes or 0) * 60 + float(secs)
