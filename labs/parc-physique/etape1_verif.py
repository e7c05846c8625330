"""Vérifications de l'étape 1 : utilisation moyenne et travail réel du parc de la PME."""

import math

from hvlab.fr import number, significant
from hvlab.labs.checks import expect_close, expect_number, expect_var
from hvlab.sim import generate_fleet

PARC = generate_fleet(20, seed=2)
MOYENNES = [s.workload.mean_cpu for s in PARC.servers]
UTILISATION = math.fsum(MOYENNES) / len(MOYENNES)
EQUIVALENTS = math.fsum(MOYENNES)
SUFFISANTS = math.ceil(EQUIVALENTS)


def check_utilisation(ns: dict[str, object]) -> None:
    """Utilisation moyenne du parc"""
    value = expect_number(ns, "utilisation_moyenne")
    # Un pourcentage, même arrondi (7,3 pour 0,0731) : au-delà du cas exact que reconnaît
    # expect_close.
    assert not 1 < value <= 100, (
        f"utilisation_moyenne vaut {significant(value, 3)} : c'est un pourcentage. Donnez une "
        f"fraction (on attend environ {number(UTILISATION, 3, keep_zeros=True)}, soit "
        f"{number(100 * UTILISATION, 1, keep_zeros=True)} %)."
    )
    expect_close(
        value,
        UTILISATION,
        what="utilisation_moyenne",
        mistakes={
            EQUIVALENTS: (
                "c'est la somme des utilisations ; divisez-la par le nombre de serveurs "
                f"({len(PARC.servers)})"
            )
        },
    )


def check_equivalents(ns: dict[str, object]) -> None:
    """Travail réel, en serveurs pleins"""
    expect_close(
        expect_number(ns, "serveurs_equivalents"),
        EQUIVALENTS,
        what="serveurs_equivalents",
        unit="serveur",
        mistakes={
            100 * EQUIVALENTS: "vous avez additionné des pourcentages ; additionnez des fractions",
            UTILISATION: (
                "c'est la moyenne ; le travail réel est la somme des utilisations moyennes des "
                "vingt serveurs"
            ),
        },
    )


def check_suffisants(ns: dict[str, object]) -> None:
    """Serveurs qui suffiraient en théorie"""
    value = expect_var(ns, "serveurs_suffisants")
    expect_close(
        value,
        SUFFISANTS,
        what="serveurs_suffisants",
        mistakes={
            math.floor(EQUIVALENTS): (
                "c'est un arrondi vers le bas ; ce nombre de serveurs ne fournit pas les "
                f"{number(EQUIVALENTS, 2, keep_zeros=True)} serveurs de travail du parc : "
                "arrondissez au-dessus (math.ceil)"
            ),
            EQUIVALENTS: "un nombre de serveurs est entier : arrondissez au-dessus (math.ceil)",
        },
    )
    assert isinstance(value, int), (
        f"serveurs_suffisants vaut {value!r} : donnez un nombre entier de serveurs (math.ceil "
        "renvoie un entier)."
    )
