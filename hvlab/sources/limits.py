"""Limits on every source file hvlab reads (quizzes, labs, scenarios, results), and a bounded read.

A careless or hostile file must be refused fast, with a French message that names the limit: a
50 MB file is refused before it is read, a document nested thousands of levels deep or swollen
by aliases (« billion laughs ») stops at a bound instead of exhausting time or memory.
"""

from __future__ import annotations

__all__ = ["DEFAULT_LIMITS", "Limits", "read_text"]

from dataclasses import dataclass
from pathlib import Path

from hvlab import fr
from hvlab.errors import ValidationProblem


@dataclass(frozen=True)
class Limits:
    """Bounds on one source document.

    Attributes:
        max_bytes: the largest file read (the course's biggest quiz is about 40 Kio).
        max_depth: the deepest nesting of lists and dictionaries.
        max_values: the most values (scalars, lists, dictionaries), aliases expanded.
        max_alias_values: the most values that aliases (``*nom``) may add by repeating others.
    """

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 50
    max_values: int = 200_000
    max_alias_values: int = 10_000

    def size_text(self) -> str:
        """``max_bytes`` for a message: ``2 Mio``."""
        return _size(self.max_bytes)


DEFAULT_LIMITS = Limits()


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return fr.quantity(count / (1024 * 1024), "Mio", 1)
    if count >= 1024:
        return fr.quantity(count / 1024, "Kio", 1)
    return fr.count(count, "octet")


def read_text(
    path: str | Path, *, limits: Limits = DEFAULT_LIMITS, file: str = ""
) -> tuple[str | None, ValidationProblem | None]:
    """The text of a UTF-8 file, or the French problem that prevents reading it.

    The size is checked before reading (a 50 MB file costs nothing), then at most
    ``max_bytes + 1`` bytes are read (a device or a pipe that never ends costs nothing either).
    A UTF-8 byte order mark is dropped.

    Args:
        path: the file.
        limits: the bounds (``max_bytes`` is the one used here).
        file: the name shown in the problem (default: ``path``).

    Returns:
        ``(text, None)``, or ``(None, problem)``.
    """
    shown = file or str(path)
    target = Path(path)
    too_big = (
        f"fichier trop volumineux : {{size}} pour {limits.size_text()} au plus (la limite "
        "d'un fichier de cours) ; découpez-le, ou vérifiez que c'est le bon fichier."
    )
    try:
        if target.is_dir():
            return None, ValidationProblem(
                "c'est un dossier : donnez le chemin d'un fichier.", shown
            )
        size = target.stat().st_size
        if size > limits.max_bytes:
            return None, ValidationProblem(too_big.format(size=_size(size)), shown)
        with target.open("rb") as stream:
            data = stream.read(limits.max_bytes + 1)
    except FileNotFoundError:
        return None, ValidationProblem("fichier introuvable : vérifiez le chemin.", shown)
    except OSError as error:
        return None, ValidationProblem(f"fichier illisible : {error.strerror or error}.", shown)
    if len(data) > limits.max_bytes:
        return None, ValidationProblem(too_big.format(size=f"plus de {limits.size_text()}"), shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, ValidationProblem(
            "fichier illisible : il n'est pas en UTF-8 (octet "
            f"0x{data[error.start]:02x}) ; enregistrez-le en UTF-8 depuis votre éditeur.",
            shown,
            line=line,
            column=1,
        )
    return text.removeprefix("\ufeff"), None
