"""Vérifications de l'étape 1 : le nombre d'hôtes."""

import math

from hvlab.labs.checks import expect_var

#: 40 serveurs à 7 % : 2,8 serveurs de capacité, soit 3,5 hôtes remplis à 80 %.
BESOIN = 40 * 0.07 / 0.80


def check_hotes(ns: dict[str, object]) -> None:
    """Le nombre d'hôtes"""
    hotes = expect_var(ns, "hotes")
    assert hotes != BESOIN, "3,5 hôtes : un hôte ne se coupe pas, arrondissez au-dessus."
    assert hotes != 40 * 0.07, "2,8 : c'est la capacité utilisée ; divisez-la par la cible."
    assert hotes == math.ceil(BESOIN), f"{hotes} hôte(s), on en attend {math.ceil(BESOIN)}."
