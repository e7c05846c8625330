"""Vérifications de l'étape 1 : espace provisionné, utilisé, surengagement, jours avant plein."""

from hvlab.labs.checks import expect_close, expect_number, expect_var
from hvlab.labs.examples import load_example
from hvlab.sim.display import fr_number as fr

# Le datacentre de l'équipe de développement : labs/scenarios/tp-stockage.yaml.
_SC = load_example("tp-stockage")
CAPACITE_GIB = _SC.storage.capacity_gib("nfs-dev")
# À la main : 3 disques fins de 200 Gio et 2 disques épais de 100 Gio.
PROVISIONNE_GIB = 3 * 200 + 2 * 100
# Les disques fins occupent ce que l'invité a écrit, les épais toute leur taille.
UTILISE_GIB = (100 + 80 + 60) + (100 + 100)
ECRIT_SEUL_GIB = 100 + 80 + 60
SURENGAGEMENT = PROVISIONNE_GIB / CAPACITE_GIB
NB_FINS = 3
JOURS = (CAPACITE_GIB - UTILISE_GIB) / (2 * NB_FINS)


def check_modele(ns: dict[str, object]) -> None:
    """Le modèle du simulateur correspond à l'énoncé"""
    sc = expect_var(ns, "sc")
    store = getattr(getattr(sc, "storage", None), "datastores", {}).get("nfs-dev")
    assert store is not None and store.capacity_gib == CAPACITE_GIB, (
        "Le scénario sc a été modifié : relancez le code sans toucher au bloc du datacentre."
    )


def check_provisionne(ns: dict[str, object]) -> None:
    """Espace provisionné"""
    value = expect_number(ns, "provisionne_gib")
    expect_close(value, PROVISIONNE_GIB, what="l'espace provisionné (provisionne_gib)", unit="Gio")


def check_utilise(ns: dict[str, object]) -> None:
    """Espace utilisé"""
    value = expect_number(ns, "utilise_gib")
    if abs(value - ECRIT_SEUL_GIB) < 1e-6:
        raise AssertionError(
            f"utilise_gib vaut {value:.0f} Gio : vous n'avez compté que les données écrites. Un "
            "disque épais réserve toute sa taille dès sa création : comptez 100 Gio pour ci1 et "
            f"pour bdd1 (on attend {UTILISE_GIB} Gio)."
        )
    if abs(value - PROVISIONNE_GIB) < 1e-6:
        raise AssertionError(
            f"utilise_gib vaut {value:.0f} Gio : c'est l'espace provisionné. Un disque fin "
            "n'occupe que ce que l'invité a écrit (d.written_gib)."
        )
    expect_close(value, UTILISE_GIB, what="l'espace utilisé (utilise_gib)", unit="Gio")


def check_surengagement(ns: dict[str, object]) -> None:
    """Taux de surengagement"""
    value = expect_number(ns, "surengagement")
    if abs(value - 100 * SURENGAGEMENT) < 1e-6:
        raise AssertionError(
            f"surengagement vaut {fr(value)} : c'est un pourcentage. Donnez une fraction "
            f"(on attend {fr(SURENGAGEMENT)})."
        )
    if abs(value - UTILISE_GIB / CAPACITE_GIB) < 1e-6:
        raise AssertionError(
            f"surengagement vaut {fr(value)} : c'est le taux de remplissage (utilisé / capacité). "
            "Le surengagement compare l'espace promis à la capacité : provisionné / capacité."
        )
    if abs(value - CAPACITE_GIB / PROVISIONNE_GIB) < 1e-6:
        raise AssertionError(
            f"surengagement vaut {fr(value)} : la division est à l'envers (provisionné / capacité)."
        )
    expect_close(value, SURENGAGEMENT, what="le taux de surengagement")
    assert value > 1, "Le datastore est surengagé : le ratio doit dépasser 1."


def check_jours(ns: dict[str, object]) -> None:
    """Jours avant que le datastore soit plein"""
    value = expect_number(ns, "jours_avant_plein")
    libre = CAPACITE_GIB - UTILISE_GIB
    if abs(value - libre / 2) < 1e-6:
        raise AssertionError(
            f"jours_avant_plein vaut {fr(value)} : c'est le rythme d'une seule VM. Les {NB_FINS} "
            f"VM à disque fin écrivent chacune 2 Gio par jour, soit {2 * NB_FINS} Gio par jour."
        )
    if abs(value - libre / 10) < 1e-6:
        raise AssertionError(
            f"jours_avant_plein vaut {fr(value)} : vous avez compté les 5 VM. Les disques épais "
            "ont déjà tous leurs blocs : seules les 3 VM à disque fin consomment de la place."
        )
    if abs(value - (PROVISIONNE_GIB - UTILISE_GIB) / (2 * NB_FINS)) < 1e-6:
        raise AssertionError(
            f"jours_avant_plein vaut {fr(value)} : l'espace qui reste est la capacité moins "
            "l'utilisé, pas le provisionné moins l'utilisé."
        )
    expect_close(
        value, JOURS, what="le nombre de jours avant que le datastore soit plein", unit="jours"
    )
