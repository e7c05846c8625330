"""Vérifications de l'étape 1 : le cluster de quatre hôtes, le placement à 60 %, les charges."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import RACK_1U, Cluster, PlacementResult

NOMS = ["esx1", "esx2", "esx3", "esx4"]
# À la main : 2 × 96 + 6 × 8 + 4 × 32 + 2 × 16 + 2 × 8 + 48 + 3 × 16 = 512 Gio de VM ;
# 512 / (4 × 256) = 0,5 et 512 / (3 × 256) = 2/3.
MEMOIRE_GIB = 512.0
CHARGE_MOYENNE = MEMOIRE_GIB / (4 * 256)
CHARGE_SUR_3 = MEMOIRE_GIB / (3 * 256)


def _cluster(ns: dict[str, object]) -> Cluster:
    cluster = expect_var(ns, "cluster")
    assert isinstance(cluster, Cluster), (
        f"cluster devrait être un Cluster(...), pas {type(cluster).__name__}."
    )
    return cluster


def check_cluster(ns: dict[str, object]) -> None:
    """Quatre hôtes RACK_1U nommés esx1 à esx4"""
    cluster = _cluster(ns)
    noms = [h.name for h in cluster.hosts]
    assert noms == NOMS, f"Le cluster a les hôtes {noms}, on attend {NOMS}."
    for host in cluster.hosts:
        assert host.model == RACK_1U, (
            f"L'hôte {host.name} est un « {host.model.name} » : on attend RACK_1U."
        )


def check_placement(ns: dict[str, object]) -> None:
    """Les 20 VM placées à 60 %"""
    cluster = _cluster(ns)
    placement = expect_var(ns, "placement")
    assert isinstance(placement, PlacementResult), (
        "placement devrait être le résultat de cluster.place_vms(...), pas "
        f"{type(placement).__name__}."
    )
    assert not placement.unplaced, (
        f"VM non placées : {', '.join(placement.unplaced)}. Placez les_vms() avec target=0.6."
    )
    assert len(cluster.vms) == 20, (
        f"Le cluster porte {len(cluster.vms)} VM, on en attend 20 (les_vms(), placées une fois)."
    )
    for host in cluster.hosts:
        assert host.allocated_ram_gib <= 0.6 * RACK_1U.ram_gib, (
            f"{host.name} porte {significant(host.allocated_ram_gib, 6)} Gio de VM, plus que 60 % "
            "de "
            "256 Gio : vérifiez target=0.6."
        )
        assert host.vms, f"{host.name} est vide : à 60 %, les quatre hôtes servent."


def _float(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AssertionError(f"« {name} » devrait être un nombre, pas {value!r}.")
    return float(value)


def check_charges(ns: dict[str, object]) -> None:
    """La charge mémoire sur quatre hôtes, puis sur trois"""
    for name, expected in (("charge_moyenne", CHARGE_MOYENNE), ("charge_sur_3", CHARGE_SUR_3)):
        value = _float(ns, name)
        if math.isclose(value, 100 * expected):
            raise AssertionError(
                f"{name} vaut {significant(value, 6)} : c'est un pourcentage ; donnez une fraction "
                f"(on attend {significant(expected, 6)})."
            )
        if math.isclose(value, 1 / expected):
            raise AssertionError(
                f"{name} vaut {significant(value, 6)} : vous avez divisé la capacité par la "
                "mémoire des VM ; "
                f"faites l'inverse (on attend {significant(expected, 6)})."
            )
        expect_close(value, expected, what=f"« {name} »", rel_tol=1e-6)
    assert _float(ns, "charge_sur_3") <= 0.8, "charge_sur_3 devrait rester sous 80 %."
