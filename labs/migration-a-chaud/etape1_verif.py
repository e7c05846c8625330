"""Vérifications de l'étape 1 : le cas de référence de la pré-copie, à la main et simulé."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_var
from hvlab.sim import MigrationResult

# Cas de référence (REFERENCES.md, chapitre 7) : M = 1000 Mo, R = 125 Mo/s, D = 25 Mo/s,
# V_thd = 1 Mo → λ = 0,2 ; n = 5 ; 1000 × (1 − 0,2⁶) / 0,8 = 1249,92 Mo ; 1249,92 / 125 s ;
# 1000 × 0,2⁵ / 125 = 0,00256 s = 2,56 ms.
LAMBDA = 0.2
N = 5
VOLUME_MO = 1249.92
DUREE_S = VOLUME_MO / 125.0
INDISPO_MS = 2.56
TOURS_MO = (1000.0, 200.0, 40.0, 8.0, 1.6, 0.32)
# Erreurs typiques : une infinité de tours, ou sans l'envoi de l'arrêt et copie.
INFINI_MO = 1000 / (1 - LAMBDA)
SANS_ARRET_MO = 1000 * (1 - LAMBDA**N) / (1 - LAMBDA)


def check_lambda(ns: dict[str, object]) -> None:
    """Le rapport λ = D / R"""
    expect_close(
        expect_number(ns, "lam"),
        LAMBDA,
        what="lam",
        mistakes={
            1 / LAMBDA: "c'est R / D ; le rapport λ est D / R, la salissure divisée par le débit"
        },
    )


def check_tours(ns: dict[str, object]) -> None:
    """Le nombre de tours n, à la main"""
    expect_close(
        expect_number(ns, "n"),
        N,
        what="n",
        unit="tours",
        mistakes={
            4: (
                "log₀,₂(1 / 1 000) ≈ 4,29 doit être arrondi à l'entier supérieur (math.ceil, pas "
                "int ni math.floor) : après 4 tours il reste encore 1,6 Mo, plus que le seuil "
                "de 1 Mo"
            ),
            math.log(1 / 1000) / math.log(LAMBDA): (
                "un nombre de tours est entier, arrondissez avec math.ceil (⌈log₀,₂(1 / 1 000)⌉)"
            ),
        },
    )


def _n_first(ns: dict[str, object], what: str) -> None:
    n = ns.get("n")
    assert not isinstance(n, (int, float)) or n == N, (
        f"Corrigez d'abord n (on attend {N} tours) : {what} en dépend."
    )


def check_volume_duree(ns: dict[str, object]) -> None:
    """Le volume transféré et la durée totale, à la main"""
    _n_first(ns, "le volume")
    expect_close(
        expect_number(ns, "volume_mo"),
        VOLUME_MO,
        what="volume_mo",
        unit="Mo",
        mistakes={
            INFINI_MO: (
                "c'est la somme d'une infinité de tours, M / (1 − λ) ; la pré-copie s'arrête : "
                "utilisez M × (1 − λ^(n+1)) / (1 − λ)"
            ),
            SANS_ARRET_MO: (
                "il manque le dernier envoi, celui de l'arrêt et copie ; l'exposant est n + 1"
            ),
        },
    )
    expect_close(
        expect_number(ns, "duree_s"),
        DUREE_S,
        what="duree_s",
        unit="s",
        mistakes={VOLUME_MO * 125.0: "divisez le volume par le débit R, ne le multipliez pas"},
    )


def check_indisponibilite(ns: dict[str, object]) -> None:
    """L'indisponibilité, à la main, en millisecondes"""
    _n_first(ns, "l'indisponibilité")
    expect_close(
        expect_number(ns, "indispo_ms"),
        INDISPO_MS,
        what="indispo_ms",
        unit="ms",
        mistakes={
            INDISPO_MS
            / 1000: "c'est en secondes ; multipliez par 1\u202f000 pour des millisecondes",
            INDISPO_MS / LAMBDA: (
                "c'est le dernier tour de pré-copie (λ^(n−1)) ; l'arrêt et copie envoie M × λ^n"
            ),
        },
    )


def _result(ns: dict[str, object], name: str, model: str, call: str) -> MigrationResult:
    value = expect_var(ns, name)
    assert isinstance(value, MigrationResult), (
        f"{name} devrait être le résultat de {call}, pas {type(value).__name__}."
    )
    assert value.model == model, (
        f"{name} vient du modèle « {value.model} » : on attend {call} (modèle « {model} »)."
    )
    assert (value.memory_mb, value.bandwidth_mb_s, value.dirty_rate_mb_s) == (1000, 125, 25), (
        f"{name} simule M = {significant(value.memory_mb, 6)} Mo, R = "
        f"{significant(value.bandwidth_mb_s, 6)} Mo/s, "
        f"D = {significant(value.dirty_rate_mb_s, 6)} Mo/s : on attend M, R et D de l'énoncé "
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
