"""The MC selection's regression is Apache Commons Math's, to the last bit.

``data/commons_math_ols.json`` holds R² values computed by Commons Math 3.6.1's
``OLSMultipleLinearRegression`` itself (its provenance is in the file), degenerate cases included:
a constant regressand (``-inf``), a regressor collinear with the intercept (a meaningless R² that
CloudSim nevertheless compares), identical regressors and too few samples (exceptions, on which
CloudSim falls back to MMT).
"""

from __future__ import annotations

import json
import math
import random
import statistics
import struct
from pathlib import Path
from typing import Any

import pytest

from hvlab.sim.dynamic.regression import (
    RegressionError,
    drop_from_inverse,
    invert_covariance,
    ols_r_squared,
    r_squared_all,
)

VECTORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "commons_math_ols.json").read_text(encoding="utf-8")
)["vectors"]


def _bits(value: float) -> str:
    return format(struct.unpack("<Q", struct.pack("<d", value))[0], "x")


@pytest.mark.parametrize("vector", VECTORS, ids=[f"{i}-{v['note']}" for i, v in enumerate(VECTORS)])
def test_r_squared_is_commons_math_bit_for_bit(vector: dict[str, Any]) -> None:
    if "exception" in vector:
        with pytest.raises(RegressionError):
            ols_r_squared(vector["y"], vector["predictors"])
    else:
        assert _bits(ols_r_squared(vector["y"], vector["predictors"])) == vector["r_squared_bits"]


def test_simple_regression_r_squared_is_the_squared_correlation() -> None:
    rng = random.Random(4)
    x = [rng.random() for _ in range(30)]
    y = [2 * v + rng.gauss(0, 0.3) for v in x]
    assert ols_r_squared(y, [x]) == pytest.approx(statistics.correlation(x, y) ** 2, rel=1e-12)


def test_the_covariance_shortcut_agrees_with_the_exact_regressions() -> None:
    rng = random.Random(7)
    for _ in range(20):
        n = rng.randint(2, 12)
        series = [[rng.randint(0, 100) / 100 for _ in range(30)] for _ in range(n)]
        fast = r_squared_all(series)
        assert fast is not None
        for i in range(n):
            exact = ols_r_squared(series[i], [s for j, s in enumerate(series) if j != i])
            assert fast[i] == pytest.approx(exact, abs=1e-11)


def test_the_shortcut_declines_degenerate_histories() -> None:
    constant = [0.2] * 30
    varied = [i / 30 for i in range(30)]
    assert r_squared_all([varied, constant]) is None
    assert r_squared_all([varied, list(varied)]) is None


def test_dropping_a_series_downdates_the_inverse() -> None:
    rng = random.Random(3)
    series = [[rng.random() for _ in range(30)] for _ in range(6)]
    means = [statistics.fmean(s) for s in series]
    cov = [
        [
            math.fsum((a - ma) * (b - mb) for a, b in zip(si, sj, strict=True))
            for sj, mb in zip(series, means, strict=True)
        ]
        for si, ma in zip(series, means, strict=True)
    ]
    inverse = invert_covariance(cov)
    assert inverse is not None
    smaller = invert_covariance([row[:2] + row[3:] for k, row in enumerate(cov) if k != 2])
    assert smaller is not None
    for got, want in zip(drop_from_inverse(inverse, 2), smaller, strict=True):
        assert got == pytest.approx(want, rel=1e-9)
