"""Vérifications de l'étape 1 : utilisation moyenne et travail réel du parc de la PME."""

import math

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import generate_fleet


def _fr(value: float, spec: str) -> str:
    """A number in French notation: decimal comma (0,075 rather than 0.075)."""
    return format(value, spec).replace(".", ",")


PARC = generate_fleet(20, seed=2)
MOYENNES = [s.workload.mean_cpu for s in PARC.servers]
UTILISATION = math.fsum(MOYENNES) / len(MOYENNES)
EQUIVALENTS = math.fsum(MOYENNES)
SUFFISANTS = math.ceil(EQUIVALENTS)


def _number(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(
            f"« {name} » devrait être un nombre, pas {type(value).__name__} ({value!r})."
        )
    return float(value)


def check_utilisation(ns: dict[str, object]) -> None:
    """Utilisation moyenne du parc"""
    value = _number(ns, "utilisation_moyenne")
    if 1 < value <= 100:
        raise AssertionError(
            f"utilisation_moyenne vaut {_fr(value, '.3g')} : c'est un pourcentage. Donnez une "
            "fraction "
            f"(on attend environ {_fr(UTILISATION, '.3f')}, soit {_fr(100 * UTILISATION, '.1f')} "
            "%)."
        )
    if math.isclose(value, EQUIVALENTS, rel_tol=1e-6):
        raise AssertionError(
            f"utilisation_moyenne vaut {_fr(value, '.3f')} : c'est la somme des utilisations. "
            f"Divisez-la par le nombre de serveurs ({len(PARC.servers)})."
        )
    expect_close(value, UTILISATION, what="utilisation_moyenne", rel_tol=1e-6)


def check_equivalents(ns: dict[str, object]) -> None:
    """Travail réel, en serveurs pleins"""
    value = _number(ns, "serveurs_equivalents")
    if math.isclose(value, 100 * EQUIVALENTS, rel_tol=1e-6):
        raise AssertionError(
            f"serveurs_equivalents vaut {_fr(value, '.1f')} : vous avez additionné des "
            "pourcentages. "
            f"Additionnez des fractions (on attend environ {_fr(EQUIVALENTS, '.2f')} serveur)."
        )
    if math.isclose(value, UTILISATION, rel_tol=1e-6):
        raise AssertionError(
            f"serveurs_equivalents vaut {_fr(value, '.3f')} : c'est la moyenne. Le travail réel "
            "est la "
            "somme des utilisations moyennes des vingt serveurs."
        )
    expect_close(value, EQUIVALENTS, what="serveurs_equivalents", rel_tol=1e-6, unit="serveur")


def check_suffisants(ns: dict[str, object]) -> None:
    """Serveurs qui suffiraient en théorie"""
    value = expect_var(ns, "serveurs_suffisants")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(f"serveurs_suffisants devrait être un nombre entier, pas {value!r}.")
    if value == math.floor(EQUIVALENTS) and value != SUFFISANTS:
        raise AssertionError(
            f"serveurs_suffisants vaut {value} : c'est un arrondi vers le bas ; avec {value} "
            f"serveur, on ne fournit pas {_fr(EQUIVALENTS, '.2f')} serveur de travail. Arrondissez "
            "au-dessus (math.ceil)."
        )
    assert isinstance(value, int), (
        f"serveurs_suffisants vaut {value!r} : donnez un nombre entier de serveurs (math.ceil "
        "renvoie un entier)."
    )
    assert value == SUFFISANTS, f"serveurs_suffisants vaut {value}, on attend {SUFFISANTS}."
