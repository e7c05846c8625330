"""The JSON Schema of lab.yaml agrees with the loader on valid and invalid labs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from hvlab.labs.loader import schema_path, validate_lab


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return loaded


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(_schema())


def test_schema_accepts_the_fixture_lab(mini: Path) -> None:
    jsonschema.validate(yaml.safe_load((mini / "lab.yaml").read_text(encoding="utf-8")), _schema())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Un TP minuscule", "tittle: Un TP minuscule"),
        ("duration_min: 10", "duration_min: 0"),
        ("level: débutant", "level: expert"),
        ("solution_after: success", "solution_after: jamais"),
        ("solution_after: {attempts: 2}", "solution_after: {attempts: 0}"),
        ("  - id: affichage", "  - id: Affichage"),
        ("checks: etape2_verif.py", "checks: etape2_verif.txt"),
        ("question: Pourquoi ne pas remplir les hôtes à 100 % ?", "question: ''"),
    ],
)
def test_schema_and_loader_both_reject(mini: Path, old: str, new: str) -> None:
    path = mini / "lab.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, _schema())
    assert validate_lab(mini), "the loader accepted what the schema rejects"
