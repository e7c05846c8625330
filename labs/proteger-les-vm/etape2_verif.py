"""Vérifications de l'étape 2 : durées et volumes d'un plan complète + incrémentales."""

from hvlab.labs.checks import expect_close, expect_number

# 2 048 Gio = 2 048 × 1,073741824 = 2 199,023255552 Go ; à 500 Mo/s : 4 398,05 s.
COMPLETE_GO = 2048 * 1.073741824
INCREMENTALE_GO = 0.03 * COMPLETE_GO
ATTENDUS = {
    "duree_complete_s": COMPLETE_GO * 1000 / 500,
    "duree_incrementale_s": INCREMENTALE_GO * 1000 / 500,
    "volume_semaine_go": COMPLETE_GO + 6 * INCREMENTALE_GO,
    "stockage_go": 4 * (COMPLETE_GO + 6 * INCREMENTALE_GO),
}


def check_durees(ns: dict[str, object]) -> None:
    """Les durées des sauvegardes"""
    expect_close(
        expect_number(ns, "duree_complete_s"),
        ATTENDUS["duree_complete_s"],
        what="duree_complete_s",
        unit="s",
        mistakes={
            2048 * 1000 / 500: "vous avez compté 1 Gio = 1 000 Mo ; un Gio vaut 1 073,741824 Mo"
        },
    )
    expect_close(
        expect_number(ns, "duree_incrementale_s"),
        ATTENDUS["duree_incrementale_s"],
        what="duree_incrementale_s",
        unit="s",
    )


def check_volumes(ns: dict[str, object]) -> None:
    """Les volumes par semaine et pour quatre semaines"""
    expect_close(
        expect_number(ns, "volume_semaine_go"),
        ATTENDUS["volume_semaine_go"],
        what="volume_semaine_go",
        unit="Go",
        mistakes={
            7 * COMPLETE_GO: "c'est sept complètes ; six nuits sur sept sont des incrémentales "
            "(3 % du disque)"
        },
    )
    expect_close(
        expect_number(ns, "stockage_go"), ATTENDUS["stockage_go"], what="stockage_go", unit="Go"
    )
