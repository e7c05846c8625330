"""Which items of a list are out of alphabetical order, and where each belongs.

When one word is moved, every pair check after it would complain; the items reported here are the
fewest whose move sorts the list: those outside a longest increasing run of the keys.
"""

from __future__ import annotations

__all__ = ["misplaced"]

import bisect
from collections.abc import Sequence


def misplaced(keys: Sequence[str]) -> dict[int, int]:
    """The indices of the items to move, each with the index of the item it should precede
    (``len(keys)`` when it belongs at the end), among the items that stay.

    Example:
        >>> misplaced(["a", "z", "b", "c"])
        {1: 4}
        >>> misplaced(["a", "b", "c"])
        {}
    """
    tails: list[str] = []
    tail_index: list[int] = []
    parent = [-1] * len(keys)
    for index, key in enumerate(keys):
        position = bisect.bisect_right(tails, key)
        if position == len(tails):
            tails.append(key)
            tail_index.append(index)
        else:
            tails[position] = key
            tail_index[position] = index
        parent[index] = tail_index[position - 1] if position else -1
    kept: list[int] = []
    current = tail_index[-1] if tail_index else -1
    while current >= 0:
        kept.append(current)
        current = parent[current]
    kept.reverse()
    kept_keys = [keys[i] for i in kept]
    kept_set = set(kept)
    result = {}
    for index, key in enumerate(keys):
        if index in kept_set:
            continue
        position = bisect.bisect_right(kept_keys, key)
        result[index] = kept[position] if position < len(kept) else len(keys)
    return result
