"""Vérifications de l'étape 3 : chaîne de snapshots, croissance des deltas, consolidation."""

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import Scenario, WriteResult
from hvlab.sim.display import fr_number as fr

# À la main : deux snapshots, donc deux deltas devant le disque de base ; une lecture commence
# par le delta le plus récent.
CHAINE = ("bdd1-000002.vmdk", "bdd1-000001.vmdk", "bdd1.vmdk")
DELTAS_GIB = 25 + 15
# 60 Gio libres − 40 de deltas = 20 : sur les 30 Gio demandés, bdd1 en écrit 20 et se fige.
ECRIT_AVANT_PAUSE_GIB = 60 - DELTAS_GIB
# Consolidation : le premier delta (25) puis le second (15 + 30 = 45) rejoignent le disque
# épais, qui a déjà tous ses blocs : tout l'espace des deltas est rendu.
LIBERE_GIB = 25 + (15 + 30)


def _scenario(ns: dict[str, object]) -> Scenario:
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    return sc


def check_chaine(ns: dict[str, object]) -> None:
    """La chaîne de disques après deux snapshots"""
    chaine = expect_var(ns, "chaine")
    assert isinstance(chaine, (list, tuple)), (
        f"chaine devrait être la liste des fichiers (disque.read_chain), pas {chaine!r}."
    )
    if tuple(chaine) == tuple(reversed(CHAINE)):
        raise AssertionError(
            "chaine est dans l'ordre inverse : une lecture part du delta le plus récent et "
            "descend jusqu'au disque de base."
        )
    assert tuple(chaine) == CHAINE, f"chaine vaut {tuple(chaine)}, on attend {CHAINE}."


def check_deltas(ns: dict[str, object]) -> None:
    """La place des deltas"""
    value = expect_var(ns, "deltas_gib")
    assert isinstance(value, (int, float)) and not isinstance(value, bool), (
        f"deltas_gib devrait être un nombre de Gio, pas {value!r}."
    )
    if value in (25, 15):
        raise AssertionError(
            f"deltas_gib vaut {fr(value)} : vous n'avez compté qu'un delta. Additionnez les deux "
            "(sum(d.allocated_gib for d in disque.deltas))."
        )
    if abs(value - 140) < 1e-6:
        raise AssertionError(
            "deltas_gib vaut 140 : c'est tout le disque (base comprise). Ne comptez que les deltas."
        )
    expect_close(value, DELTAS_GIB, what="la place des deltas (deltas_gib)", unit="Gio")


def check_blocage(ns: dict[str, object]) -> None:
    """Une VM à disque épais figée par son snapshot"""
    blocage = expect_var(ns, "blocage")
    assert isinstance(blocage, WriteResult), (
        f'blocage devrait être le résultat de sc.write("bdd1", 30, ...), pas {blocage!r}.'
    )
    assert (blocage.vm, blocage.requested_gib) == ("bdd1", 30), (
        f"blocage décrit une écriture de {fr(blocage.requested_gib)} Gio par {blocage.vm} ; on "
        "attend l'écriture de 30 Gio par bdd1."
    )
    assert blocage.paused, (
        "bdd1 aurait dû être mise en pause : écrivez les 30 Gio AVANT de supprimer les snapshots."
    )
    expect_close(
        blocage.written_gib, ECRIT_AVANT_PAUSE_GIB, what="ce que bdd1 a écrit avant la pause"
    )


def check_consolidation(ns: dict[str, object]) -> None:
    """La consolidation des deux snapshots"""
    sc = _scenario(ns)
    left = sc.storage.snapshots.get("bdd1", [])
    assert not left, f"Il reste des snapshots à bdd1 : {', '.join(left)}. Supprimez-les tous."
    assert not sc.storage.is_paused("bdd1"), (
        "bdd1 est encore en pause : la consolidation aurait dû libérer assez de place."
    )
    value = expect_var(ns, "libere_gib")
    assert isinstance(value, (int, float)) and not isinstance(value, bool), (
        f"libere_gib devrait être un nombre de Gio, pas {value!r}."
    )
    if value in (25, 45):
        raise AssertionError(
            f"libere_gib vaut {fr(value)} : c'est ce qu'a libéré un seul des deux snapshots. "
            "Additionnez les valeurs renvoyées par les deux delete_snapshot(...)."
        )
    expect_close(value, LIBERE_GIB, what="l'espace libéré (libere_gib)", unit="Gio")
    finale = expect_var(ns, "chaine_finale")
    assert isinstance(finale, (list, tuple)) and tuple(finale) == ("bdd1.vmdk",), (
        f"chaine_finale vaut {finale!r}, on attend ('bdd1.vmdk',) : après la consolidation, "
        "il ne reste que le disque de base (relisez disque.read_chain)."
    )
