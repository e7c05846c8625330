"""The dict a lab page embeds (hvlab.labs.compile.lab_to_dict)."""

from __future__ import annotations

import json
from pathlib import Path

from hvlab.labs.compile import FORMAT_VERSION, lab_to_dict
from hvlab.labs.loader import load_lab


def test_lab_to_dict_has_everything_the_page_needs(mini: Path) -> None:
    data = lab_to_dict(load_lab(mini))
    assert list(data) == [
        "format",
        "id",
        "title",
        "summary",
        "objectives",
        "duration_min",
        "prerequisites",
        "level",
        "question",
        "answer",
        "steps",
    ]
    assert data["format"] == FORMAT_VERSION == 1
    assert data["id"] == "mini" and data["duration_min"] == 10
    assert data["question"] == "Pourquoi ne pas remplir les hôtes à 100 % ?"
    first, second = data["steps"]
    assert list(first) == [
        "id",
        "number",
        "title",
        "instructions_md",
        "starter",
        "solution",
        "checks",
        "hints",
        "solution_after",
    ]
    assert first["number"] == 1 and second["number"] == 2
    assert first["starter"] == (mini / "etape1_depart.py").read_text(encoding="utf-8")
    assert first["checks"] == (mini / "etape1_verif.py").read_text(encoding="utf-8")
    assert first["solution_after"] == {"attempts": 2}
    assert second["solution_after"] == "success"
    assert second["hints"] == []


def test_lab_to_dict_is_json(mini: Path) -> None:
    data = lab_to_dict(load_lab(mini))
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
