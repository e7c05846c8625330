"""Ordinary least squares as Apache Commons Math computes it, for the MC selection policy.

CloudSim's maximum-correlation selection (``PowerVmSelectionPolicyMaximumCorrelation``) regresses
each VM's CPU history on the other VMs' histories with Commons Math's
``OLSMultipleLinearRegression`` (intercept, Householder QR, ``calculateRSquared``) and moves the VM
with the highest R². Two VMs can have R² values that differ in the last bits only, so the choice
depends on the exact floating-point operations; :func:`ols_r_squared` performs those of Commons
Math 3.6.1 one for one (``QRDecomposition``, its solver, ``SecondMoment``), and fails where Commons
Math throws (too few samples, a singular matrix), which CloudSim answers by its fallback policy.

:func:`r_squared_all` gives every VM's R² at once from the sample covariance matrix (one
symmetric solve for all of them, ``R²ᵢ = 1 − 1 / (Sᵢᵢ (S⁻¹)ᵢᵢ)``), about ``n`` times cheaper; the
selection uses it to rank the VMs and calls the exact computation only for the VMs it cannot
tell apart, or when the data are degenerate (see :mod:`hvlab.sim.dynamic.selection`).
"""

from __future__ import annotations

__all__ = [
    "RegressionError",
    "centre",
    "drop_from_inverse",
    "invert_covariance",
    "ols_r_squared",
    "r_squared_all",
    "r_squared_from_inverse",
]

import math
from collections.abc import Callable, Sequence
from operator import mul


class RegressionError(ValueError):
    """The regression cannot be computed (Commons Math throws an ``IllegalArgumentException``)."""


def _java_div(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` with Java's rules for a zero denominator."""
    if denominator != 0.0:
        return numerator / denominator
    if numerator == 0.0 or math.isnan(numerator):
        return math.nan
    negative = (numerator < 0) != (math.copysign(1.0, denominator) < 0)
    return -math.inf if negative else math.inf


def ols_r_squared(y: Sequence[float], predictors: Sequence[Sequence[float]]) -> float:
    """R² of ``y`` regressed on ``predictors`` with an intercept, as Commons Math 3.6.1 gives it.

    Args:
        y: the ``m`` observations of the regressand.
        predictors: ``k`` series of ``m`` observations each.

    Returns:
        ``1 − SSR / SST`` with Java's floating-point results (``-inf`` or ``nan`` when ``y`` is
        constant).

    Raises:
        RegressionError: no observation, no predictor, fewer observations than ``k + 1``, or a
            singular design matrix (a zero on the diagonal of R).

    Example:
        >>> round(ols_r_squared([1.0, 2.0, 3.0, 5.0], [[1.0, 2.0, 3.0, 4.0]]), 6)
        0.965714
    """
    m = len(y)
    if not predictors or m == 0:
        raise RegressionError("no data")
    if len(predictors) + 1 > m:
        raise RegressionError("not enough data for number of predictors")
    # qrt: the transpose of the design matrix [1, x1, …, xk], one row per column.
    qrt = [[1.0] * m, *([float(v) for v in column] for column in predictors)]
    p = len(qrt)
    r_diag = [0.0] * p
    for minor in range(p):
        q_minor = qrt[minor]
        norm_sqr = 0.0
        for row in range(minor, m):
            c = q_minor[row]
            norm_sqr += c * c
        a = -math.sqrt(norm_sqr) if q_minor[minor] > 0 else math.sqrt(norm_sqr)
        r_diag[minor] = a
        if a != 0.0:
            q_minor[minor] -= a
            scale = a * q_minor[minor]
            for col in range(minor + 1, p):
                q_col = qrt[col]
                alpha = 0.0
                for row in range(minor, m):
                    alpha -= q_col[row] * q_minor[row]
                alpha /= scale
                for row in range(minor, m):
                    q_col[row] -= alpha * q_minor[row]
    if any(abs(d) <= 0.0 for d in r_diag):
        raise RegressionError("matrix is singular")
    # Solver.solve(y): apply the reflections to y, then back-substitute.
    work = [float(v) for v in y]
    for minor in range(p):
        q_minor = qrt[minor]
        dot = 0.0
        for row in range(minor, m):
            dot += work[row] * q_minor[row]
        dot /= r_diag[minor] * q_minor[minor]
        for row in range(minor, m):
            work[row] += dot * q_minor[row]
    beta = [0.0] * p
    for row in range(p - 1, -1, -1):
        work[row] /= r_diag[row]
        value = work[row]
        q_row = qrt[row]
        beta[row] = value
        for i in range(row):
            work[i] -= value * q_row[i]
    # Residuals y − Xβ (Array2DRowRealMatrix.operate, row by row), their dot product.
    ssr = 0.0
    for i in range(m):
        fitted = 1.0 * beta[0]
        for j in range(1, p):
            fitted += predictors[j - 1][i] * beta[j]
        residual = y[i] - fitted
        ssr += residual * residual
    # SecondMoment: Welford's update.
    mean = 0.0
    sst = 0.0
    for count, value in enumerate(y, start=1):
        dev = value - mean
        n_dev = dev / count
        mean += n_dev
        sst += (count - 1.0) * dev * n_dev
    return 1.0 - _java_div(ssr, sst)


def r_squared_all(
    series: Sequence[Sequence[float]],
    products: Callable[[int, int], float] | None = None,
) -> list[float] | None:
    """R² of each series regressed on all the others (with intercept), from their covariances.

    ``R²ᵢ = 1 − 1 / (Sᵢᵢ (S⁻¹)ᵢᵢ)`` with ``S`` the matrix of centred cross-products: one
    inversion gives every R².

    Args:
        series: ``n ≥ 2`` series of the same length ``m ≥ n``.
        products: ``products(i, j)`` gives the centred cross-product of series ``i`` and ``j``
            (a cache the caller keeps); computed from ``series`` when ``None``.

    Returns:
        The ``n`` values, or ``None`` when the covariance matrix is too close to singular (or a
        series is constant) for the shortcut to be trusted.

    Example:
        >>> [round(v, 6) for v in r_squared_all([[1.0, 2.0, 3.0, 5.0], [1.0, 2.0, 3.0, 4.0]])]
        [0.965714, 0.965714]
    """
    n = len(series)
    if products is None:
        centred = [centre(s) for s in series]

        def products(i: int, j: int) -> float:
            return math.fsum(map(mul, centred[i], centred[j]))

    cov = [[0.0] * n for _ in range(n)]
    for i in range(n):
        row = cov[i]
        for j in range(i, n):
            row[j] = cov[j][i] = products(i, j)
    inverse = invert_covariance(cov)
    if inverse is None:
        return None
    return r_squared_from_inverse(cov, inverse)


def invert_covariance(cov: list[list[float]]) -> list[list[float]] | None:
    """The inverse of a matrix of centred cross-products, or ``None`` when it is degenerate.

    Degenerate: a series is constant (a zero on the diagonal, relative to the largest), or the
    series are near-collinear (a pivot of the Gauss-Jordan elimination, done on the diagonal,
    collapses below ``1e-9`` of its starting value).
    """
    n = len(cov)
    diag = [cov[i][i] for i in range(n)]
    scale = max(diag)
    if scale <= 0.0 or min(diag) <= scale * 1e-12:
        return None
    work = [row[:] for row in cov]
    for k in range(n):
        row_k = work[k]
        pivot = row_k[k]
        if pivot <= diag[k] * 1e-9:
            return None
        inv_pivot = 1.0 / pivot
        row_k[k] = 1.0
        row_k = work[k] = [v * inv_pivot for v in row_k]
        for r in range(n):
            if r != k:
                row_r = work[r]
                factor = row_r[k]
                if factor != 0.0:
                    row_r[k] = 0.0
                    work[r] = [a - factor * b for a, b in zip(row_r, row_k, strict=True)]
    return work


def drop_from_inverse(inverse: list[list[float]], k: int) -> list[list[float]]:
    """The inverse of the matrix without row and column ``k``, from the full matrix's inverse.

    ``(S₋ₖ)⁻¹ = A₋ₖ − aₖ aₖᵀ / Aₖₖ`` with ``A = S⁻¹`` (a rank-one downdate, ``O(n²)``).
    """
    column = [row[k] for i, row in enumerate(inverse) if i != k]
    pivot = inverse[k][k]
    result = []
    for i, row in enumerate(inverse):
        if i == k:
            continue
        factor = row[k] / pivot
        rest = row[:k] + row[k + 1 :]
        result.append([a - factor * c for a, c in zip(rest, column, strict=True)])
    return result


def r_squared_from_inverse(cov: list[list[float]], inverse: list[list[float]]) -> list[float]:
    """``R²ᵢ = 1 − 1 / (Sᵢᵢ (S⁻¹)ᵢᵢ)`` for every ``i``."""
    return [1.0 - 1.0 / (cov[i][i] * inverse[i][i]) for i in range(len(cov))]


def centre(values: Sequence[float]) -> list[float]:
    """``values`` minus their mean."""
    mean = math.fsum(values) / len(values)
    return [v - mean for v in values]
