"""Vérifications de l'étape 1 : utilisation, cœurs utilisés et puissance du parc physique."""

from hvlab.fr import number, significant
from hvlab.labs.checks import expect_close, expect_number
from hvlab.sim import generate_fleet

PARC = generate_fleet(40, seed=1)
UTILISATION = sum(s.workload.mean_cpu for s in PARC.servers) / len(PARC.servers)
COEURS = sum(s.workload.mean_cpu * s.model.cores for s in PARC.servers)
PUISSANCE_W = sum(s.mean_power_w for s in PARC.servers)
# The typical mistake: the utilisations summed without their servers' cores.
UTILISATION_SOMME = sum(s.workload.mean_cpu for s in PARC.servers)


def check_utilisation(ns: dict[str, object]) -> None:
    """Utilisation moyenne du parc"""
    value = expect_number(ns, "utilisation_moyenne")
    assert not 1 < value <= 100, (
        f"utilisation_moyenne vaut {significant(value, 3)} : c'est un pourcentage. Donnez une "
        f"fraction (on attend environ {number(UTILISATION, 3, keep_zeros=True)}, soit "
        f"{number(100 * UTILISATION, 1, keep_zeros=True)} %)."
    )
    expect_close(value, UTILISATION, what="utilisation_moyenne", rel_tol=1e-3)


def check_coeurs(ns: dict[str, object]) -> None:
    """Cœurs réellement utilisés"""
    expect_close(
        expect_number(ns, "coeurs_utilises"),
        COEURS,
        what="coeurs_utilises",
        rel_tol=1e-3,
        unit="cœurs",
        mistakes={
            UTILISATION_SOMME: "vous avez oublié de multiplier l'utilisation de chaque serveur "
            "par son nombre de cœurs (s.model.cores)"
        },
    )


def check_puissance(ns: dict[str, object]) -> None:
    """Puissance consommée par le parc"""
    value = expect_number(ns, "puissance_avant_w")
    expect_close(value, PUISSANCE_W, what="puissance_avant_w", rel_tol=1e-3, unit="W")
