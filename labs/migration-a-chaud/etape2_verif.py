"""Vérifications de l'étape 2 : balayage du taux de salissure, coude et non-convergence."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import MigrationResult, precopy

M = 1000.0
R = 125.0
DEBITS = [float(d) for d in range(5, 125, 5)]
ATTENDUS = [precopy(M, R, d) for d in DEBITS]
DUREES_S = [r.total_time_s for r in ATTENDUS]
INDISPOS_MS = [r.downtime_ms for r in ATTENDUS]
# Avec V_mig ≈ M / (1 − λ), la limite de 3 × M est franchie pour λ > 2/3, soit D > 83,3 Mo/s :
# le premier débit de la liste au-delà est 85 Mo/s (λ = 0,68).
DEBIT_LIMITE = 85.0
LAM_LIMITE = DEBIT_LIMITE / R


def _list(ns: dict[str, object], name: str) -> list[object]:
    value = expect_var(ns, name)
    assert isinstance(value, (list, tuple)), (
        f"{name} devrait être une liste, pas {type(value).__name__} ({value!r})."
    )
    assert len(value) == len(DEBITS), (
        f"{name} a {len(value)} éléments, on en attend {len(DEBITS)} (un par débit de la liste "
        "debits)."
    )
    return list(value)


def check_resultats(ns: dict[str, object]) -> None:
    """Une pré-copie par taux de salissure"""
    resultats = _list(ns, "resultats")
    for d, r in zip(DEBITS, resultats, strict=True):
        assert isinstance(r, MigrationResult), (
            f"Chaque élément de resultats doit venir de precopy(...), pas {type(r).__name__}."
        )
        assert r.model == "precopy", (
            f"Le résultat pour D = {significant(d, 6)} Mo/s vient du modèle « {r.model} » : "
            "utilisez "
            "precopy(M, R, d), le modèle tour par tour, avec ses limites par défaut."
        )
        assert (r.memory_mb, r.bandwidth_mb_s, r.dirty_rate_mb_s) == (M, R, d), (
            f"Le résultat n° {resultats.index(r) + 1} simule M = {significant(r.memory_mb, 6)} Mo, "
            f"R = {significant(r.bandwidth_mb_s, 6)} Mo/s, D = "
            f"{significant(r.dirty_rate_mb_s, 6)} Mo/s : on attend "
            f"M = 1 000, R = 125 et D = {significant(d, 6)} (les débits dans l'ordre de la liste)."
        )


def _float(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(f"{what} devrait être un nombre, pas {value!r}.")
    return float(value)


def check_courbes(ns: dict[str, object]) -> None:
    """Durées totales (s) et indisponibilités (ms)"""
    durees = _list(ns, "durees_s")
    indispos = _list(ns, "indispos_ms")
    for d, item, want in zip(DEBITS, durees, DUREES_S, strict=True):
        got = _float(item, f"La durée pour D = {significant(d, 6)} Mo/s")
        if math.isclose(got, want * 1000, rel_tol=1e-9):
            raise AssertionError(
                f"durees_s pour D = {significant(d, 6)} Mo/s vaut {significant(got, 6)} : c'est "
                "en millisecondes. "
                "Prenez r.total_time_s, en secondes."
            )
        expect_close(
            got, want, what=f"la durée pour D = {significant(d, 6)} Mo/s", rel_tol=1e-9, unit="s"
        )
    for d, item, want in zip(DEBITS, indispos, INDISPOS_MS, strict=True):
        got = _float(item, f"L'indisponibilité pour D = {significant(d, 6)} Mo/s")
        if math.isclose(got, want / 1000, rel_tol=1e-9):
            raise AssertionError(
                f"indispos_ms pour D = {significant(d, 6)} Mo/s vaut {significant(got, 6)} : "
                "c'est en secondes. "
                "Prenez r.downtime_ms, en millisecondes."
            )
        expect_close(
            got,
            want,
            what=f"l'indisponibilité pour D = {significant(d, 6)} Mo/s",
            rel_tol=1e-9,
            unit="ms",
        )


def check_limite(ns: dict[str, object]) -> None:
    """Le premier taux de salissure qui ne converge plus"""
    debit = _float(expect_var(ns, "debit_limite"), "debit_limite")
    if math.isclose(debit, DEBIT_LIMITE - 5):
        raise AssertionError(
            f"debit_limite vaut {significant(debit, 6)} Mo/s : c'est le dernier débit qui "
            "converge encore. "
            f"On attend le premier qui ne converge plus ({significant(DEBIT_LIMITE, 6)} Mo/s)."
        )
    if math.isclose(debit, DEBITS[-1]):
        raise AssertionError(
            f"debit_limite vaut {significant(debit, 6)} Mo/s : c'est le plus grand débit qui ne "
            "converge "
            "pas ; on attend le plus petit (min plutôt que max)."
        )
    expect_close(debit, DEBIT_LIMITE, what="« debit_limite »", unit="Mo/s")
    lam = _float(expect_var(ns, "lam_limite"), "lam_limite")
    if math.isclose(lam, 100 * LAM_LIMITE):
        raise AssertionError(
            f"lam_limite vaut {significant(lam, 6)} : c'est un pourcentage ; donnez une fraction "
            f"(on attend {significant(LAM_LIMITE, 6)})."
        )
    expect_close(lam, LAM_LIMITE, what="« lam_limite » (λ)")
