"""Vérifications de l'étape 1 : interpolation SPECpower et modèle linéaire."""

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
# Erreurs typiques : le palier inférieur de la table, la part au repos prise à 30 %, un serveur
# parfaitement proportionnel.
G4_20 = HP_ML110_G4.watts[2]
REPOS_30 = 0.3 * 250 + 0.7 * 250 * 0.5
PROPORTIONNEL = 125.0

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
        palier = HP_ML110_G4.watts[min(int(u * 10), 9)]
        expect_close(
            function(HP_ML110_G4.watts, u),
            expected,
            what=f"la puissance du ML110 G4 à {significant(100 * u, 6)} %",
            abs_tol=1e-6,
            unit="W",
            mistakes={palier: "c'est la valeur du palier inférieur de la table ; interpolez"},
        )
    expect_close(
        function(HP_ML110_G5.watts, 0.75),
        HP_ML110_G5.power_w(0.75),
        what="la puissance du ML110 G5 à 75 %",
        abs_tol=1e-6,
        unit="W",
    )


def check_g4_g5(ns: dict[str, object]) -> None:
    """Les ML110 G4 et G5 à 25 %"""
    expect_close(
        expect_number(ns, "g4_25"),
        94.3,
        what="g4_25",
        abs_tol=1e-6,
        unit="W",
        mistakes={G4_20: "c'est la valeur à 20 % ; utilisez votre fonction interpolée"},
    )
    expect_close(
        expect_number(ns, "g5_25"),
        G5_25,
        what="g5_25",
        abs_tol=1e-6,
        unit="W",
        mistakes={94.3: "c'est le G4 ; passez HP_ML110_G5.watts"},
    )


def check_lineaire(ns: dict[str, object]) -> None:
    """Le modèle linéaire à 50 %"""
    expect_close(
        expect_number(ns, "lineaire_50"),
        LINEAIRE_50,
        what="lineaire_50",
        abs_tol=1e-6,
        unit="W",
        mistakes={
            REPOS_30: "la part au repos est de 70 % (idle_fraction=0.7), pas de 30 %",
            PROPORTIONNEL: (
                "c'est un serveur parfaitement proportionnel ; au repos, ce serveur consomme déjà "
                "70 % de 250 W"
            ),
        },
    )
