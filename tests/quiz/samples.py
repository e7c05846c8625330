"""Questions several quiz tests share, as a quiz file writes them."""

from __future__ import annotations

from typing import Any

#: Three pairs (two share their right-hand side) and a distractor.
MATCHING: dict[str, Any] = {
    "id": "paires",
    "type": "matching",
    "prompt": "Associez.",
    "pairs": [
        {"left": "ESXi", "right": "Type 1"},
        {"left": "VirtualBox", "right": "Type 2"},
        {"left": "Hyper-V", "right": "Type 1"},
    ],
    "distractors": ["Aucun"],
}

#: Three items, in their right order.
ORDERING: dict[str, Any] = {
    "id": "ordre",
    "type": "ordering",
    "prompt": "Rangez.",
    "items": ["un", "deux", "trois"],
}
