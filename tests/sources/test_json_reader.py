"""The JSON reader: French errors with their place, and the same limits as YAML."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvlab.sources import Limits, read_json, read_json_file
from tests.hang import no_hang


@pytest.mark.parametrize(
    ("text", "line", "column", "what"),
    [
        ('{"a": 1,}', 1, 9, "nom de clé entre guillemets doubles attendu"),
        ('{"a" 1}', 1, 6, "« : » attendu après une clé"),
        ("[1 2]", 1, 4, "« , » attendue entre deux éléments"),
        ('{"a": "x', 1, 7, "texte entre guillemets non refermé"),
        ("", 1, 1, "valeur attendue"),
        ('{"a": 1}\n{"b": 2}', 2, 1, "données en trop après la fin du document"),
    ],
)
def test_syntax_errors_in_french_with_their_place(
    text: str, line: int, column: int, what: str
) -> None:
    data, [problem] = read_json(text, file="r.json")
    assert data is None
    assert problem.message.startswith(f"JSON invalide : {what}")
    assert (problem.line, problem.column) == (line, column)
    if text:
        assert problem.excerpt.endswith("^")


def test_nan_and_infinity_are_not_json() -> None:
    _, [problem] = read_json('{"score": NaN}')
    assert problem.message.startswith("JSON invalide : « NaN » n'est pas un nombre JSON")


def test_100000_nested_brackets_give_a_french_problem() -> None:
    with no_hang("read_json de 100 000 crochets imbriqués"):
        _, [problem] = read_json("[" * 100_000 + "]" * 100_000)
    assert problem.message.startswith("document trop imbriqué : 50 niveaux")


def test_depth_and_values_limits_are_named() -> None:
    _, [deep] = read_json("[" * 52 + "]" * 52)
    assert deep.message.startswith("document trop imbriqué : 50 niveaux")
    _, [many] = read_json("[" + ",".join(["0"] * 11) + "]", limits=Limits(max_values=10))
    assert many.message == "document trop volumineux : plus de 10 valeurs."


def test_file_limits(tmp_path: Path) -> None:
    big = tmp_path / "r.json"
    big.write_text("[" + "0," * 600_000 + "0]", encoding="utf-8")
    _, [problem] = read_json_file(big, limits=Limits(max_bytes=1024 * 1024))
    assert problem.message.startswith("fichier trop volumineux : 1,1\u202fMio pour 1\u202fMio")
