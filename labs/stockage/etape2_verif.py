"""Vérifications de l'étape 2 : le datastore se remplit, seules les VM à disque fin se figent."""

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_var
from hvlab.labs.examples import load_example
from hvlab.sim import Scenario, WriteResult

# Le datacentre de l'équipe de développement : labs/scenarios/tp-stockage.yaml.
JOURNEE = [(300, "dev2", 90), (600, "ci1", 40), (900, "dev3", 10), (1200, "bdd1", 20)]
# À la main : 500 − 440 = 60 Gio libres. dev2 (fin) en demande 90 : elle en écrit 60 puis se
# fige ; ci1 et bdd1 (épais) ont déjà leurs blocs ; dev3 (fin) ne trouve plus rien.
LIBRE_GIB = 500 - 440
EN_PAUSE = {"dev2", "dev3"}
EPAIS = {"ci1", "bdd1"}


def check_ecritures(ns: dict[str, object]) -> None:
    """Les quatre écritures de la journée"""
    resultats = expect_var(ns, "resultats")
    assert isinstance(resultats, (list, tuple)), (
        f"resultats devrait être une liste de résultats de sc.write(...), pas "
        f"{type(resultats).__name__}."
    )
    assert len(resultats) == len(JOURNEE), (
        f"{len(resultats)} résultats, on en attend {len(JOURNEE)} (une écriture par ligne de "
        "journee)."
    )
    for result, (_, nom, gib) in zip(resultats, JOURNEE, strict=True):
        assert isinstance(result, WriteResult), (
            f"Chaque élément de resultats doit être le résultat de sc.write(...), pas {result!r}."
        )
        assert (result.vm, result.requested_gib) == (nom, gib), (
            f"Écriture de {result.vm} ({significant(result.requested_gib, 6)} Gio) à la place "
            f"de {nom} ({gib} Gio) : gardez l'ordre de la liste journee."
        )
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    assert sc.storage.free_gib("nfs-dev") == 0, (
        "Le datastore nfs-dev n'est pas plein dans votre scénario : avez-vous écrit avec "
        "new_data=False, ou relancé sc entre deux écritures ?"
    )


def check_pause(ns: dict[str, object]) -> None:
    """Les VM en pause"""
    en_pause = expect_var(ns, "en_pause")
    assert isinstance(en_pause, (list, tuple, set, frozenset)), (
        f"en_pause devrait être une liste de noms de VM, pas {type(en_pause).__name__}."
    )
    names = set(en_pause)
    wrongly = sorted(names & EPAIS)
    assert not wrongly, (
        f"{', '.join(wrongly)} n'est pas en pause : un disque épais a réservé tous ses blocs à sa "
        "création, il n'a besoin d'aucun bloc nouveau pour écrire."
    )
    missing = sorted(EN_PAUSE - names)
    assert not missing, (
        f"Il manque {', '.join(missing)} : ses écritures demandaient de nouveaux blocs sur un "
        "datastore plein (sc.storage.paused_vms donne la liste)."
    )
    assert names == EN_PAUSE, f"en_pause vaut {sorted(names)}, on attend {sorted(EN_PAUSE)}."


def check_ecrit_dev2(ns: dict[str, object]) -> None:
    """Ce que dev2 a écrit avant de se figer"""
    expect_close(
        expect_number(ns, "ecrit_dev2_gib"),
        LIBRE_GIB,
        what="ce que dev2 a écrit (ecrit_dev2_gib)",
        unit="Gio",
        mistakes={
            90: (
                "c'est ce que dev2 demandait ; elle n'a pu écrire que l'espace libre du datastore "
                "avant d'être mise en pause (written_gib du résultat)"
            )
        },
    )


def _reference() -> Scenario:
    sc = load_example("tp-stockage")
    for instant, nom, gib in JOURNEE:
        sc.write(nom, gib, at_s=instant)
    return sc


def check_evenements(ns: dict[str, object]) -> None:
    """Les événements : deux mises en pause"""
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    seen = [(e.kind, e.vm) for e in sc.storage.events]
    expected = [(e.kind, e.vm) for e in _reference().storage.events]
    assert seen == expected, (
        f"Événements du stockage : {seen}, on attend {expected} (deux mises en pause : dev2 "
        "puis dev3)."
    )
