"""Vérifications de l'étape 1 : espace provisionné, utilisé, surengagement, jours avant plein."""

from hvlab.labs.checks import expect_close, expect_number, expect_var
from hvlab.labs.examples import load_example

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
    expect_close(
        expect_number(ns, "provisionne_gib"),
        PROVISIONNE_GIB,
        what="l'espace provisionné (provisionne_gib)",
        unit="Gio",
    )


def check_utilise(ns: dict[str, object]) -> None:
    """Espace utilisé"""
    expect_close(
        expect_number(ns, "utilise_gib"),
        UTILISE_GIB,
        what="l'espace utilisé (utilise_gib)",
        unit="Gio",
        mistakes={
            ECRIT_SEUL_GIB: (
                "vous n'avez compté que les données écrites ; un disque épais réserve toute sa "
                "taille dès sa création : comptez 100 Gio pour ci1 et pour bdd1"
            ),
            PROVISIONNE_GIB: (
                "c'est l'espace provisionné ; un disque fin n'occupe que ce que l'invité a écrit "
                "(d.written_gib)"
            ),
        },
    )


def check_surengagement(ns: dict[str, object]) -> None:
    """Taux de surengagement"""
    value = expect_close(
        expect_number(ns, "surengagement"),
        SURENGAGEMENT,
        what="le taux de surengagement",
        mistakes={
            100 * SURENGAGEMENT: (
                "c'est un pourcentage ; donnez le rapport provisionné / capacité, sans le "
                "multiplier par 100"
            ),
            UTILISE_GIB / CAPACITE_GIB: (
                "c'est le taux de remplissage (utilisé / capacité) ; le surengagement compare "
                "l'espace promis à la capacité : provisionné / capacité"
            ),
            CAPACITE_GIB / PROVISIONNE_GIB: ("la division est à l'envers (provisionné / capacité)"),
        },
    )
    assert value > 1, "Le datastore est surengagé : le ratio doit dépasser 1."


def check_jours(ns: dict[str, object]) -> None:
    """Jours avant que le datastore soit plein"""
    libre = CAPACITE_GIB - UTILISE_GIB
    expect_close(
        expect_number(ns, "jours_avant_plein"),
        JOURS,
        what="le nombre de jours avant que le datastore soit plein",
        unit="jours",
        mistakes={
            libre / 2: (
                f"c'est le rythme d'une seule VM ; les {NB_FINS} VM à disque fin écrivent "
                f"chacune 2 Gio par jour, soit {2 * NB_FINS} Gio par jour"
            ),
            libre / 10: (
                "vous avez compté les 5 VM ; les disques épais ont déjà tous leurs blocs : seules "
                "les 3 VM à disque fin consomment de la place"
            ),
            (PROVISIONNE_GIB - UTILISE_GIB) / (2 * NB_FINS): (
                "l'espace qui reste est la capacité moins l'utilisé, pas le provisionné moins "
                "l'utilisé"
            ),
        },
    )
