"""Vérifications de l'étape 2 : le mode maintenance, avec et sans virtualisation."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type
from hvlab.sim import RACK_1U, VM, Cluster, Host, MaintenanceReport, enter_maintenance

SALISSURE = {"bdd1": 60.0, "bdd2": 60.0, "messagerie1": 40.0}
# Sans virtualisation : arrêt 2 min + intervention 120 min + redémarrage 5 min = 127 min.
SANS_VIRT_MIN = 127.0


def _cluster() -> Cluster:
    modeles = [
        ("bdd", 8, 96, 2),
        ("web", 2, 8, 6),
        ("app", 4, 32, 4),
        ("fichiers", 2, 16, 2),
        ("ad", 2, 8, 2),
        ("messagerie", 4, 48, 1),
        ("test", 2, 16, 3),
    ]
    vms = [
        VM.with_ram_gib(f"{nom}{i}", vcpus, ram_gib)
        for nom, vcpus, ram_gib, nombre in modeles
        for i in range(1, nombre + 1)
    ]
    cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 5)])
    cluster.place_vms(vms, target=0.6)
    return cluster


ATTENDU_10G = enter_maintenance(_cluster(), "esx1", bandwidth_mb_s=1250, dirty_rate_mb_s=SALISSURE)
ATTENDU_1G = enter_maintenance(_cluster(), "esx1", bandwidth_mb_s=125, dirty_rate_mb_s=SALISSURE)
VMS_ESX1 = sorted(i.vm for i in ATTENDU_10G.interruptions)


def _report(ns: dict[str, object], name: str, bandwidth: float, label: str) -> MaintenanceReport:
    report = expect_type(ns, name, MaintenanceReport, "le résultat de enter_maintenance(...)")
    assert report.host == "esx1", f"{name} vide l'hôte {report.host}, on attend esx1."
    assert sorted(i.vm for i in report.interruptions) == VMS_ESX1, (
        f"{name} déplace {sorted(i.vm for i in report.interruptions)}, on attend les VM de "
        f"esx1 après l'étape 1 ({', '.join(VMS_ESX1)}) : partez d'un cluster neuf."
    )
    for item in report.interruptions:
        if item.migration is None:
            continue
        expect_close(
            item.migration.bandwidth_mb_s,
            bandwidth,
            what=f"le débit de migration de {item.vm} dans {name}",
            rel_tol=1e-9,
            unit="Mo/s",
            mistakes={bandwidth * 8: f"ce sont des Mbit/s ; divisez par 8 ({label})"},
        )
        rate = SALISSURE.get(item.vm, 20.0)
        assert math.isclose(item.migration.dirty_rate_mb_s, rate), (
            f"{name} : {item.vm} salit {significant(item.migration.dirty_rate_mb_s, 6)} Mo/s, on "
            "attend "
            f"{significant(rate, 6)} Mo/s : passez dirty_rate_mb_s=SALISSURE."
        )
    return report


def check_rapport(ns: dict[str, object]) -> None:
    """esx1 vidé par migrations à chaud sur 10 Gbit/s"""
    _report(ns, "rapport", 1250.0, "10 Gbit/s")
    cluster = expect_type(ns, "cluster", Cluster, "le Cluster construit par le code fourni")
    esx1 = cluster.host("esx1")
    assert esx1.maintenance and not esx1.vms, (
        "esx1 devrait être vide et en maintenance : appelez enter_maintenance sur cluster."
    )


def check_interruptions(ns: dict[str, object]) -> None:
    """Quelques millisecondes contre deux heures"""
    # Des secondes au lieu de millisecondes (÷ 1 000) sont reconnues par expect_close.
    expected = ATTENDU_10G.max_downtime_s * 1000
    pire = expect_close(
        expect_number(ns, "pire_ms"),
        expected,
        what="« pire_ms »",
        unit="ms",
        mistakes={
            expected / 1000: "ce sont des secondes ; multipliez par 1\u202f000",
            ATTENDU_10G.total_downtime_s * 1000: (
                "c'est la somme des interruptions ; on attend la plus longue, "
                "rapport.max_downtime_s"
            ),
        },
    )
    assert pire < 1000, f"pire_ms vaut {significant(pire, 6)} ms : on attend moins d'une seconde."
    expect_close(
        expect_number(ns, "sans_virt_min"),
        SANS_VIRT_MIN,
        what="« sans_virt_min »",
        unit="min",
        mistakes={
            SANS_VIRT_MIN * 60: "ce sont des secondes ; divisez par 60",
            120: (
                "c'est l'intervention seule ; ajoutez l'arrêt (2 min) et le redémarrage du "
                "serveur et de son application (5 min)"
            ),
        },
    )


def check_evacuation_1g(ns: dict[str, object]) -> None:
    """La même maintenance sur 1 Gbit/s : même interruption, évacuation plus longue"""
    report = _report(ns, "rapport_1g", 125.0, "1 Gbit/s")
    expect_close(
        report.evacuation_s,
        ATTENDU_1G.evacuation_s,
        what="l'évacuation sur 1 Gbit/s",
        rel_tol=1e-6,
        unit="s",
    )
