"""Vérifications de l'étape 1 : interpolation SPECpower et modèle linéaire."""

import math
from collections.abc import Callable

from hvlab.fr import significant
from hvlab.labs.checks import declare_calls, expect_close, expect_number, expect_var
from hvlab.sim import HP_ML110_G4, HP_ML110_G5

# Cas de référence (REFERENCES.md) : ML110 G4 à 0, 25, 55 et 100 % ; G5 à 25 % ;
# et l'exemple du chapitre 1 : G4 à 8 % = 86 + 0,8 × (89,4 − 86) = 88,72 W.
CAS_G4 = ((0.0, 86.0), (0.25, 94.3), (0.55, 104.0), (1.0, 117.0), (0.08, 88.72))
G5_25 = 103.0
# 0,7 × 250 + (250 − 0,7 × 250) × 0,5
LINEAIRE_50 = 175.0 + 75.0 * 0.5

# Les appels que check_interpolation fait à la fonction de l'élève (faits de son côté).
APPELS = declare_calls(
    "puissance_spec",
    *((HP_ML110_G4.watts, u) for u, _ in CAS_G4),
    (HP_ML110_G5.watts, 0.75),
)


def _function(ns: dict[str, object]) -> Callable[[tuple[float, ...], float], object]:
    function = expect_var(ns, "puissance_spec")
    assert callable(function), "puissance_spec devrait être une fonction (def puissance_spec…)."
    return function  # type: ignore[no-any-return]


def check_interpolation(ns: dict[str, object]) -> None:
    """La fonction puissance_spec interpole la table"""
    function = _function(ns)
    for u, expected in CAS_G4:
        value = function(HP_ML110_G4.watts, u)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AssertionError(f"puissance_spec(…, {u}) renvoie {value!r} au lieu d'un nombre.")
        floor = HP_ML110_G4.watts[min(int(u * 10), 9)]
        if not math.isclose(value, expected, abs_tol=1e-6) and math.isclose(value, floor):
            raise AssertionError(
                f"ML110 G4 à {significant(100 * u, 6)} % : votre fonction renvoie "
                f"{significant(value, 6)} W, "
                "la valeur du "
                f"palier inférieur. Interpolez : on attend {significant(expected, 6)} W."
            )
        expect_close(
            float(value),
            expected,
            what=f"la puissance du ML110 G4 à {significant(100 * u, 6)} %",
            abs_tol=1e-6,
            unit="W",
        )
    expect_close(
        float(function(HP_ML110_G5.watts, 0.75)),  # type: ignore[arg-type]
        HP_ML110_G5.power_w(0.75),
        what="la puissance du ML110 G5 à 75 %",
        abs_tol=1e-6,
        unit="W",
    )


def check_g4_g5(ns: dict[str, object]) -> None:
    """Les ML110 G4 et G5 à 25 %"""
    g4 = expect_number(ns, "g4_25")
    if math.isclose(g4, HP_ML110_G4.watts[2]):
        raise AssertionError(
            f"g4_25 vaut {significant(g4, 6)} W : c'est la valeur à 20 %. Utilisez votre fonction "
            "interpolée."
        )
    expect_close(g4, 94.3, what="g4_25", abs_tol=1e-6, unit="W")
    g5 = expect_number(ns, "g5_25")
    if math.isclose(g5, 94.3):
        raise AssertionError("g5_25 vaut 94,3 W : c'est le G4. Passez HP_ML110_G5.watts.")
    expect_close(g5, G5_25, what="g5_25", abs_tol=1e-6, unit="W")


def check_lineaire(ns: dict[str, object]) -> None:
    """Le modèle linéaire à 50 %"""
    value = expect_number(ns, "lineaire_50")
    if math.isclose(value, 0.3 * 250 + 0.7 * 250 * 0.5):
        raise AssertionError(
            f"lineaire_50 vaut {significant(value, 6)} W : la part au repos est de 70 % "
            "(idle_fraction=0.7), "
            "pas de 30 %."
        )
    if math.isclose(value, 125.0):
        raise AssertionError(
            "lineaire_50 vaut 125 W : c'est un serveur parfaitement proportionnel. Au repos, ce "
            "serveur consomme déjà 70 % de 250 W."
        )
    expect_close(value, LINEAIRE_50, what="lineaire_50", abs_tol=1e-6, unit="W")
