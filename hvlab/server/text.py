"""Text from outside (names, LTI claims, URLs) made safe to show and to log.

* :func:`printable` — for a log line: control and format characters written as escapes, so that a
  value holding a line break cannot forge a second log line, and bounded in length;
* :func:`clean_name` — a person's name as teachers read it: NFC, no control or invisible format
  character (a right-to-left override would show « Alice » for what is stored as « ecilA »), runs
  of spaces collapsed.
"""

from __future__ import annotations

__all__ = ["clean_name", "printable"]

import unicodedata

_UNSHOWN = ("Cc", "Cf", "Zl", "Zp")


def printable(text: object, limit: int = 300) -> str:
    """``text`` for a log line: one line, control characters escaped, ``limit`` characters at most.

    >>> printable("iss\\nLTI accepté : admin")
    'iss\\\\nLTI accepté : admin'
    """
    value = str(text)
    shown = "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in _UNSHOWN else ch
        for ch in value[:limit]
    )
    return shown + ("…" if len(value) > limit else "")


def clean_name(text: str, limit: int = 100) -> str:
    """A name without control or format characters, spaces collapsed, ``limit`` characters at most.

    >>> clean_name("  Alice\\u202e  Martin ")
    'Alice Martin'
    """
    normal = unicodedata.normalize("NFC", text)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in normal
        if unicodedata.category(ch) not in _UNSHOWN or ch.isspace()
    )
    return " ".join(kept.split())[:limit]
