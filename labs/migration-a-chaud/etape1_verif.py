"""Vérifications de l'étape 1 : le cas de référence de la pré-copie, à la main et simulé."""

import math

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import MigrationResult


def _fr(value: float, digits: int = 6) -> str:
    """A number written the French way (decimal comma)."""
    return f"{value:.{digits}g}".replace(".", ",")


# Cas de référence (REFERENCES.md, chapitre 7) : M = 1000 Mo, R = 125 Mo/s, D = 25 Mo/s,
# V_thd = 1 Mo → λ = 0,2 ; n = 5 ; 1000 × (1 − 0,2⁶) / 0,8 = 1249,92 Mo ; 1249,92 / 125 s ;
# 1000 × 0,2⁵ / 125 = 0,00256 s = 2,56 ms.
LAMBDA = 0.2
N = 5
VOLUME_MO = 1249.92
DUREE_S = VOLUME_MO / 125.0
INDISPO_MS = 2.56
TOURS_MO = (1000.0, 200.0, 40.0, 8.0, 1.6, 0.32)


def _number(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(
            f"« {name} » devrait être un nombre, pas {type(value).__name__} ({value!r})."
        )
    return float(value)


def _near(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-7)


def check_lambda(ns: dict[str, object]) -> None:
    """Le rapport λ = D / R"""
    lam = _number(ns, "lam")
    if _near(lam, 1 / LAMBDA):
        raise AssertionError(
            f"lam vaut {_fr(lam)} : c'est R / D. Le rapport λ est D / R, le taux de salissure "
            f"divisé par le débit (on attend {_fr(LAMBDA)})."
        )
    if _near(lam, 100 * LAMBDA):
        raise AssertionError(
            f"lam vaut {_fr(lam)} : c'est un pourcentage. Donnez une fraction "
            f"(on attend {_fr(LAMBDA)})."
        )
    expect_close(lam, LAMBDA, what="« lam » (λ)")


def check_tours(ns: dict[str, object]) -> None:
    """Le nombre de tours n, à la main"""
    n = _number(ns, "n")
    if n == 4:
        raise AssertionError(
            "n vaut 4 : log₀,₂(1 / 1 000) ≈ 4,29 doit être arrondi à l'entier supérieur "
            "(math.ceil, pas int ni math.floor) : après 4 tours il reste encore 1,6 Mo, plus que "
            "le seuil de 1 Mo. On attend 5."
        )
    if math.isclose(n, math.log(1 / 1000) / math.log(LAMBDA), rel_tol=1e-6):
        raise AssertionError(
            f"n vaut {_fr(n, 4)} : un nombre de tours est entier, arrondissez avec math.ceil "
            "(on attend 5)."
        )
    assert n == N, f"n vaut {_fr(n)}, on attend {N} tours (⌈log₀,₂(1 / 1 000)⌉)."


def _n_first(ns: dict[str, object], what: str) -> None:
    n = ns.get("n")
    if isinstance(n, (int, float)) and n != N:
        raise AssertionError(f"Corrigez d'abord n (on attend {N} tours) : {what} en dépend.")


def check_volume_duree(ns: dict[str, object]) -> None:
    """Le volume transféré et la durée totale, à la main"""
    _n_first(ns, "le volume")
    volume = _number(ns, "volume_mo")
    if _near(volume, 1000 / (1 - LAMBDA)):
        raise AssertionError(
            f"volume_mo vaut {_fr(volume)} Mo : c'est la somme d'une infinité de tours, "
            "M / (1 − λ). La pré-copie s'arrête : utilisez M × (1 − λ^(n+1)) / (1 − λ) "
            f"(on attend {_fr(VOLUME_MO)} Mo)."
        )
    if _near(volume, 1000 * (1 - LAMBDA**N) / (1 - LAMBDA)):
        raise AssertionError(
            f"volume_mo vaut {_fr(volume)} Mo : il manque le dernier envoi, celui de l'arrêt et "
            f"copie. L'exposant est n + 1 (on attend {_fr(VOLUME_MO)} Mo)."
        )
    expect_close(volume, VOLUME_MO, what="« volume_mo »", rel_tol=1e-6, unit="Mo")
    duree = _number(ns, "duree_s")
    if _near(duree, VOLUME_MO * 125.0):
        raise AssertionError(
            f"duree_s vaut {_fr(duree)} : divisez le volume par le débit R, ne le multipliez pas "
            f"(on attend {DUREE_S:.4f} s)."
        )
    expect_close(duree, DUREE_S, what="« duree_s »", rel_tol=1e-6, unit="s")


def check_indisponibilite(ns: dict[str, object]) -> None:
    """L'indisponibilité, à la main, en millisecondes"""
    _n_first(ns, "l'indisponibilité")
    indispo = _number(ns, "indispo_ms")
    if _near(indispo, INDISPO_MS / 1000):
        raise AssertionError(
            f"indispo_ms vaut {_fr(indispo)} : c'est en secondes. Multipliez par 1 000 pour avoir "
            f"des millisecondes (on attend {_fr(INDISPO_MS)} ms)."
        )
    if _near(indispo, INDISPO_MS / LAMBDA):
        raise AssertionError(
            f"indispo_ms vaut {_fr(indispo)} ms : c'est le dernier tour de pré-copie (λ^(n−1)). "
            f"L'arrêt et copie envoie M × λ^n (on attend {_fr(INDISPO_MS)} ms)."
        )
    expect_close(indispo, INDISPO_MS, what="« indispo_ms »", rel_tol=1e-6, unit="ms")


def _result(ns: dict[str, object], name: str, model: str, call: str) -> MigrationResult:
    value = expect_var(ns, name)
    assert isinstance(value, MigrationResult), (
        f"{name} devrait être le résultat de {call}, pas {type(value).__name__}."
    )
    assert value.model == model, (
        f"{name} vient du modèle « {value.model} » : on attend {call} (modèle « {model} »)."
    )
    assert (value.memory_mb, value.bandwidth_mb_s, value.dirty_rate_mb_s) == (1000, 125, 25), (
        f"{name} simule M = {_fr(value.memory_mb)} Mo, R = {_fr(value.bandwidth_mb_s)} Mo/s, "
        f"D = {_fr(value.dirty_rate_mb_s)} Mo/s : on attend M, R et D de l'énoncé "
        "(1 000 Mo, 125 Mo/s, 25 Mo/s), dans cet ordre."
    )
    assert value.rounds == N, (
        f"{name} fait {value.rounds} tours, on en attend {N} : passez "
        "stop_threshold_mb=V_THD (1 Mo)."
    )
    return value


def check_simulateur(ns: dict[str, object]) -> None:
    """Le simulateur retrouve le calcul : forme close et tour par tour"""
    close = _result(ns, "forme_close", "closed-form", "closed_form(M, R, D, ...)")
    rounds = _result(ns, "tour_par_tour", "precopy", "precopy(M, R, D, ...)")
    for name, result in (("forme_close", close), ("tour_par_tour", rounds)):
        expect_close(
            result.transferred_mb, VOLUME_MO, what=f"le volume de {name}", rel_tol=1e-6, unit="Mo"
        )
        expect_close(result.downtime_ms, INDISPO_MS, what=f"l'indisponibilité de {name}", unit="ms")
        for index, (got, want) in enumerate(zip(result.data_per_round_mb, TOURS_MO, strict=True)):
            expect_close(got, want, what=f"le tour {index} de {name}", rel_tol=1e-9, unit="Mo")
