"""Vérifications de l'étape 1 : utilisation, cœurs utilisés et puissance du parc physique."""

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import generate_fleet


def _fr(value: float, spec: str) -> str:
    """A number in French notation: decimal comma (0,075 rather than 0.075)."""
    return format(value, spec).replace(".", ",")


PARC = generate_fleet(40, seed=1)
UTILISATION = sum(s.workload.mean_cpu for s in PARC.servers) / len(PARC.servers)
COEURS = sum(s.workload.mean_cpu * s.model.cores for s in PARC.servers)
PUISSANCE_W = sum(s.mean_power_w for s in PARC.servers)


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
            f"fraction (on attend environ {_fr(UTILISATION, '.3f')}, soit "
            f"{_fr(100 * UTILISATION, '.1f')} %)."
        )
    expect_close(value, UTILISATION, what="utilisation_moyenne", rel_tol=1e-3)


def check_coeurs(ns: dict[str, object]) -> None:
    """Cœurs réellement utilisés"""
    value = _number(ns, "coeurs_utilises")
    if abs(value - COEURS / 8) < 1e-3 * COEURS:
        raise AssertionError(
            f"coeurs_utilises vaut {_fr(value, '.2f')} : vous avez oublié de multiplier "
            "l'utilisation de chaque serveur par son nombre de cœurs (s.model.cores)."
        )
    expect_close(value, COEURS, what="coeurs_utilises", rel_tol=1e-3, unit="cœurs")


def check_puissance(ns: dict[str, object]) -> None:
    """Puissance consommée par le parc"""
    value = _number(ns, "puissance_avant_w")
    expect_close(value, PUISSANCE_W, what="puissance_avant_w", rel_tol=1e-3, unit="W")
