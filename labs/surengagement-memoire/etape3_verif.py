"""Vérifications de l'étape 3 : le ralentissement dû aux pages compressées et échangées."""

from hvlab.labs.checks import expect_close, expect_var

# (0,97 × 100 + 0,02 × 5 000 + 0,01 × 100 000) / 100 = 11,97 ;
# sur disque dur, (97 + 100 + 100 000) / 100 = 1 001,97 ; tout compressé, (97 + 150) / 100 = 2,47.
ATTENDUS = {"ralenti_ssd": 11.97, "ralenti_hdd": 1001.97, "ralenti_compression": 2.47}


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction acces_moyen_ns"""
    fonction = expect_var(ns, "acces_moyen_ns")
    assert callable(fonction), "« acces_moyen_ns » devrait rester une fonction."
    expect_close(
        fonction(0.1, 0.1, 1000),
        0.8 * 100 + 0.1 * 5000 + 0.1 * 1000,
        what="acces_moyen_ns(0.1, 0.1, 1000)",
        unit="ns",
        mistakes={
            100: "comptez les pages compressées (5 000 ns) et échangées (t_disque_ns)",
            100 + 0.1 * 5000 + 0.1 * 1000: "les pages compressées ou échangées ne sont plus en "
            "mémoire, retirez-les de la part lue en 100 ns",
        },
    )


def check_ralentissements(ns: dict[str, object]) -> None:
    """Les trois ralentissements"""
    for name, expected in ATTENDUS.items():
        expect_close(expect_var(ns, name), expected, what=name, rel_tol=1e-6)
