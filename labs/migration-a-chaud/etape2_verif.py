"""Vérifications de l'étape 2 : balayage du taux de salissure, coude et non-convergence."""

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_var
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


def check_courbes(ns: dict[str, object]) -> None:
    """Durées totales (s) et indisponibilités (ms)"""
    durees = _list(ns, "durees_s")
    indispos = _list(ns, "indispos_ms")
    for d, item, want in zip(DEBITS, durees, DUREES_S, strict=True):
        expect_close(
            item,
            want,
            what=f"la durée pour D = {significant(d, 6)} Mo/s",
            rel_tol=1e-9,
            unit="s",
            mistakes={want * 1000: "c'est en millisecondes ; prenez r.total_time_s, en secondes"},
        )
    for d, item, want in zip(DEBITS, indispos, INDISPOS_MS, strict=True):
        expect_close(
            item,
            want,
            what=f"l'indisponibilité pour D = {significant(d, 6)} Mo/s",
            rel_tol=1e-9,
            unit="ms",
            mistakes={want / 1000: "c'est en secondes ; prenez r.downtime_ms, en millisecondes"},
        )


def check_limite(ns: dict[str, object]) -> None:
    """Le premier taux de salissure qui ne converge plus"""
    expect_close(
        expect_number(ns, "debit_limite"),
        DEBIT_LIMITE,
        what="« debit_limite »",
        unit="Mo/s",
        mistakes={
            DEBIT_LIMITE - 5: (
                "c'est le dernier débit qui converge encore ; on attend le premier qui ne "
                "converge plus"
            ),
            DEBITS[-1]: (
                "c'est le plus grand débit qui ne converge pas ; on attend le plus petit (min "
                "plutôt que max)"
            ),
        },
    )
    # Un pourcentage (× 100) est reconnu par expect_close.
    expect_close(expect_number(ns, "lam_limite"), LAM_LIMITE, what="« lam_limite » (λ)")
