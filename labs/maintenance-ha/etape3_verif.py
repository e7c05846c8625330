"""Vérifications de l'étape 3 : contrôle d'admission N+1, et ce qui arrive quand on le contourne."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type, expect_var
from hvlab.sim import (
    RACK_1U,
    VM,
    AdmissionReport,
    Cluster,
    HAReport,
    Host,
    admission_check,
    host_failure,
)

# N+1 sur 5 hôtes identiques : on garde 1/5 en réserve, 4/5 = 80 % utilisables (REFERENCES.md).
UTILISABLE = 0.8


def _scenario() -> tuple[AdmissionReport, AdmissionReport, HAReport]:
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
    cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 6)])
    cluster.place_vms(vms, target=0.8)
    before = admission_check(cluster)
    cluster.place_vms([VM.with_ram_gib(f"calcul{i}", 4, 48) for i in range(1, 15)], target=1.0)
    after = admission_check(cluster)
    return before, after, host_failure(cluster, "esx1")


AVANT, APRES, PANNE = _scenario()
PERDUES = sorted(o.vm for o in PANNE.not_restarted)


def check_utilisable(ns: dict[str, object]) -> None:
    """La part utilisable sous N+1"""
    # Un pourcentage (× 100) est reconnu par expect_close.
    value = expect_number(ns, "utilisable")
    # Mesurée après place_vms, la part s'écarte un peu de 0,8 : un écart, pas une valeur exacte.
    assert math.isclose(value, UTILISABLE) or not math.isclose(value, UTILISABLE, rel_tol=1e-2), (
        f"utilisable vaut {significant(value, 6)} : calculez-la sur le cluster encore vide, "
        "avant place_vms (on attend 0,8)."
    )
    expect_close(
        value,
        UTILISABLE,
        what="« utilisable »",
        mistakes={1 - UTILISABLE: "c'est la réserve ; on attend la part laissée aux VM"},
    )


def _admission(ns: dict[str, object], name: str) -> AdmissionReport:
    return expect_type(ns, name, AdmissionReport, "le résultat de admission_check(cluster)")


def check_admission(ns: dict[str, object]) -> None:
    """Le contrôle d'admission, avant et après le projet"""
    avant = _admission(ns, "admission")
    assert math.isclose(avant.ram_used_fraction, AVANT.ram_used_fraction), (
        f"admission mesure {significant(100 * avant.ram_used_fraction, 6)} % de mémoire réservée, "
        "on attend "
        f"{significant(100 * AVANT.ram_used_fraction, 6)} % : appelez admission_check juste après "
        "le "
        "placement des 20 VM."
    )
    assert avant.ok, "Avec les 20 VM seulement, le contrôle d'admission devrait être respecté."
    apres = _admission(ns, "admission_projet")
    assert math.isclose(apres.ram_used_fraction, APRES.ram_used_fraction), (
        f"admission_projet mesure {significant(100 * apres.ram_used_fraction, 6)} % de mémoire "
        "réservée, on "
        f"attend {significant(100 * APRES.ram_used_fraction, 6)} % : appelez admission_check "
        "après le "
        "placement du projet."
    )
    assert not apres.ok, "Après le projet, le contrôle d'admission ne devrait pas être respecté."


def check_panne(ns: dict[str, object]) -> None:
    """Les VM que la haute disponibilité n'a pas pu redémarrer"""
    panne = expect_type(ns, "panne", HAReport, "le résultat de host_failure(...)")
    assert panne.host == "esx1", f"panne concerne {panne.host}, on attend esx1."
    perdues = expect_var(ns, "non_redemarrees")
    assert isinstance(perdues, (list, tuple)), (
        f"non_redemarrees devrait être une liste de noms de VM, pas {type(perdues).__name__}."
    )
    assert all(isinstance(p, str) for p in perdues), (
        "non_redemarrees devrait contenir les noms des VM (o.vm), pas les objets VMOutage."
    )
    assert sorted(str(p) for p in perdues) == PERDUES, (
        f"non_redemarrees vaut {sorted(str(p) for p in perdues)}, on attend {PERDUES} "
        "(panne.not_restarted)."
    )
