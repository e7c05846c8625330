"""The line of a file where a problem is, with a caret under the column, as compilers show it."""

from __future__ import annotations

__all__ = ["excerpt"]

#: Longest part of a line shown (a minified file may hold everything on one line).
_WIDTH = 100


def excerpt(text: str, line: int, column: int) -> str:
    """Lines ``   12 | prompt: Quel …`` and ``      |       ^`` (1-based line and column).

    Tabs are shown as « → » so that the caret stays under the right character; a long line is cut
    around the column. Returns "" when the line does not exist.

    Example:
        >>> print(excerpt("a: 1\\nb: [2\\n", 2, 4))
            2 | b: [2
              |    ^
    """
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    source = lines[line - 1].replace("\t", "→")
    column = max(column, 1)
    start = max(0, column - _WIDTH // 2) if len(source) > _WIDTH else 0
    shown = source[start : start + _WIDTH]
    if start:
        shown = "…" + shown[1:]
    if start + _WIDTH < len(source):
        shown = shown[:-1] + "…"
    number = str(line)
    gutter = " " * (len(number) + 5)
    return f"    {number} | {shown}\n{gutter}| {' ' * (column - 1 - start)}^"
