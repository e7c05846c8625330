"""Where a value sits in a document, written for a person: items numbered from 1.

``("questions", 4, "options", 1, "text")`` reads ``questions n° 5 › options n° 2 › text``: the
fifth question, as an author counts them in the file, never the programmer's index 4.
"""

from __future__ import annotations

__all__ = ["Path_", "human_path"]

#: A path into a document: mapping keys and list indices (0-based, as in the data).
Path_ = tuple[str | int, ...]


def human_path(path: Path_) -> str:
    """``("questions", 4, "prompt")`` → ``questions n° 5 › prompt`` (items numbered from 1).

    Example:
        >>> human_path(("steps", 0, "hints", 2))
        'steps n° 1 › hints n° 3'
        >>> human_path((3,))
        'n° 4'
    """
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f" n° {part + 1}" if text else f"n° {part + 1}"
        else:
            text += f" › {part}" if text else str(part)
    return text
