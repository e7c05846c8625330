"""Vérifications de l'étape 4 : panne d'un hôte (HA, priorités) et plantage d'un invité."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type, expect_var
from hvlab.sim import HAReport

NOMS = {
    "bdd": 2,
    "web": 6,
    "app": 4,
    "fichiers": 2,
    "ad": 2,
    "messagerie": 1,
    "test": 3,
}
PRIORITES = {
    f"{nom}{i}": "haute" if nom in ("bdd", "ad") else "basse" if nom == "test" else "moyenne"
    for nom, nombre in NOMS.items()
    for i in range(1, nombre + 1)
}
# À la main (HAConfig par défaut) : détection 15 s + démarrage 90 s = 105 s pour la première VM ;
# la k-ième (k = 0, 1, …) attend en plus 2 × k s d'ordres de redémarrage.
DETECTION_S = 15.0
INTERVALLE_S = 2.0
DEMARRAGE_S = 90.0
PREMIERE_S = DETECTION_S + DEMARRAGE_S
# Plantage d'un invité : seule la VM plantée s'arrête ; la surveillance des VM la relance après
# 30 s sans pulsation de l'invité, plus 90 s de démarrage.
PLANTAGE_S = 30.0 + 90.0


def check_priorites(ns: dict[str, object]) -> None:
    """Une priorité par VM"""
    priorites = expect_var(ns, "priorites")
    assert isinstance(priorites, dict), (
        f"priorites devrait être un dictionnaire nom → priorité, pas {type(priorites).__name__}."
    )
    missing = sorted(set(PRIORITES) - set(priorites))
    assert not missing, f"priorites ne donne pas la priorité de : {', '.join(missing)}."
    for name, expected in PRIORITES.items():
        got = priorites[name]
        assert got == expected, f"{name} a la priorité {got!r}, on attend {expected!r}."


def _report(ns: dict[str, object], name: str, call: str) -> HAReport:
    return expect_type(ns, name, HAReport, f"le résultat de {call}")


def check_panne(ns: dict[str, object]) -> None:
    """La panne de esx4 : redémarrage par priorité"""
    panne = _report(ns, "panne", 'host_failure(cluster, "esx4", priorities=priorites)')
    assert panne.host == "esx4", f"panne concerne {panne.host}, on attend esx4."
    assert panne.outages and not panne.not_restarted, (
        "Toutes les VM de esx4 devraient redémarrer : à 60 %, les trois autres hôtes ont la place."
    )
    for outage in panne.outages:
        expected_priority = PRIORITES.get(outage.vm, "moyenne")
        assert outage.priority == expected_priority, (
            f"{outage.vm} a redémarré avec la priorité « {outage.priority} », on attend "
            f"« {expected_priority} » : passez priorities=priorites à host_failure."
        )
    ranks = [("haute", "moyenne", "basse").index(o.priority) for o in panne.outages]
    assert ranks == sorted(ranks), (
        "Les VM n'ont pas redémarré par priorité (haute, puis moyenne, puis basse) : passez "
        "priorities=priorites à host_failure."
    )
    for k, outage in enumerate(panne.outages):
        expected = PREMIERE_S + INTERVALLE_S * k
        assert outage.outage_s is not None and math.isclose(outage.outage_s, expected), (
            f"{outage.vm} est coupée {outage.outage_s} s, on attend {significant(expected, 6)} s "
            f"(détection 15 s + {k} × 2 s + démarrage 90 s) : gardez la configuration HA par "
            "défaut."
        )


def check_coupures(ns: dict[str, object]) -> None:
    """La première et la plus longue coupure"""
    expect_close(
        expect_number(ns, "premiere_s"),
        PREMIERE_S,
        what="« premiere_s »",
        unit="s",
        mistakes={
            DETECTION_S: (
                "c'est la détection seule ; la VM doit encore démarrer son système et ses "
                "services (90 s)"
            ),
            DEMARRAGE_S: "c'est le démarrage seul ; ajoutez les 15 s de détection",
        },
    )
    panne = _report(ns, "panne", "host_failure(...)")
    expect_close(
        expect_number(ns, "coupure_max_s"),
        PREMIERE_S + INTERVALLE_S * (len(panne.outages) - 1),
        what="« coupure_max_s »",
        unit="s",
    )


def check_plantage(ns: dict[str, object]) -> None:
    """Le plantage d'un invité est isolé"""
    plantage = _report(ns, "plantage", 'guest_crash(cluster, "web1")')
    assert [o.vm for o in plantage.outages] == ["web1"], (
        f"plantage concerne {[o.vm for o in plantage.outages]}, on attend web1."
    )
    touchees = expect_var(ns, "touchees")
    assert touchees == 1, (
        f"touchees vaut {touchees!r} : le plantage d'un système invité n'arrête que sa propre VM "
        "(len(plantage.outages)), on attend 1."
    )
    outage = plantage.outages[0].outage_s
    assert outage is not None and math.isclose(outage, PLANTAGE_S), (
        f"web1 est coupée {outage} s, on attend {significant(PLANTAGE_S, 6)} s (30 s sans "
        "pulsation de "
        "l'invité + 90 s de démarrage)."
    )
    assert len(plantage.unaffected) == len(PRIORITES) - 1, (
        f"{len(plantage.unaffected)} VM restent en marche, on en attend {len(PRIORITES) - 1} : "
        "provoquez le plantage après la panne de esx4, sur le même cluster."
    )
