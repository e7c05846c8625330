"""Vérifications de l'étape 1 : le cluster de quatre hôtes, le placement à 60 %, les charges."""

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type
from hvlab.sim import RACK_1U, Cluster, PlacementResult

NOMS = ["esx1", "esx2", "esx3", "esx4"]
# À la main : 2 × 96 + 6 × 8 + 4 × 32 + 2 × 16 + 2 × 8 + 48 + 3 × 16 = 512 Gio de VM ;
# 512 / (4 × 256) = 0,5 et 512 / (3 × 256) = 2/3.
MEMOIRE_GIB = 512.0
CHARGE_MOYENNE = MEMOIRE_GIB / (4 * 256)
CHARGE_SUR_3 = MEMOIRE_GIB / (3 * 256)


def _cluster(ns: dict[str, object]) -> Cluster:
    return expect_type(ns, "cluster", Cluster, "un Cluster(...)")


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
    placement = expect_type(
        ns, "placement", PlacementResult, "le résultat de cluster.place_vms(...)"
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


def check_charges(ns: dict[str, object]) -> None:
    """La charge mémoire sur quatre hôtes, puis sur trois"""
    # Un pourcentage (× 100) est reconnu par expect_close.
    for name, expected in (("charge_moyenne", CHARGE_MOYENNE), ("charge_sur_3", CHARGE_SUR_3)):
        expect_close(
            expect_number(ns, name),
            expected,
            what=f"« {name} »",
            mistakes={
                1 / expected: (
                    "vous avez divisé la capacité par la mémoire des VM ; faites l'inverse"
                )
            },
        )
    assert expect_number(ns, "charge_sur_3") <= 0.8, "charge_sur_3 devrait rester sous 80 %."
