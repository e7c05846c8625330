"""Vérifications de l'étape 3 : chaîne de snapshots, croissance des deltas, consolidation."""

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type, expect_var
from hvlab.sim import Scenario, WriteResult

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
    return expect_type(ns, "sc", Scenario, "le scénario construit par le code fourni")


def check_chaine(ns: dict[str, object]) -> None:
    """La chaîne de disques après deux snapshots"""
    chaine = expect_var(ns, "chaine")
    assert isinstance(chaine, (list, tuple)), (
        f"chaine devrait être la liste des fichiers (disque.read_chain), pas {chaine!r}."
    )
    assert tuple(chaine) != tuple(reversed(CHAINE)), (
        "chaine est dans l'ordre inverse : une lecture part du delta le plus récent et "
        "descend jusqu'au disque de base."
    )
    assert tuple(chaine) == CHAINE, f"chaine vaut {tuple(chaine)}, on attend {CHAINE}."


def check_deltas(ns: dict[str, object]) -> None:
    """La place des deltas"""
    un_delta = (
        "vous n'avez compté qu'un delta ; additionnez les deux "
        "(sum(d.allocated_gib for d in disque.deltas))"
    )
    expect_close(
        expect_number(ns, "deltas_gib"),
        DELTAS_GIB,
        what="la place des deltas (deltas_gib)",
        unit="Gio",
        mistakes={
            25: un_delta,
            15: un_delta,
            140: "c'est tout le disque (base comprise) ; ne comptez que les deltas",
        },
    )


def check_blocage(ns: dict[str, object]) -> None:
    """Une VM à disque épais figée par son snapshot"""
    blocage = expect_type(ns, "blocage", WriteResult, 'le résultat de sc.write("bdd1", 30, ...)')
    assert (blocage.vm, blocage.requested_gib) == ("bdd1", 30), (
        f"blocage décrit une écriture de {significant(blocage.requested_gib, 6)} Gio par "
        f"{blocage.vm} ; on attend l'écriture de 30 Gio par bdd1."
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
    un_snapshot = (
        "c'est ce qu'a libéré un seul des deux snapshots ; additionnez les valeurs renvoyées par "
        "les deux delete_snapshot(...)"
    )
    expect_close(
        expect_number(ns, "libere_gib"),
        LIBERE_GIB,
        what="l'espace libéré (libere_gib)",
        unit="Gio",
        mistakes={25: un_snapshot, 45: un_snapshot},
    )
    finale = expect_var(ns, "chaine_finale")
    assert isinstance(finale, (list, tuple)) and tuple(finale) == ("bdd1.vmdk",), (
        f"chaine_finale vaut {finale!r}, on attend ('bdd1.vmdk',) : après la consolidation, "
        "il ne reste que le disque de base (relisez disque.read_chain)."
    )
