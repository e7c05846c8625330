"""Vérifications de l'étape 3 : le ralentissement dû aux pages compressées et échangées."""

from hvlab.labs.checks import expect_close, expect_var

# (0,97 × 100 + 0,02 × 5 000 + 0,01 × 100 000) / 100 = 11,97 ;
# sur disque dur, (97 + 100 + 100 000) / 100 = 1 001,97 ; tout compressé, (97 + 150) / 100 = 2,47.
ATTENDUS = {"ralenti_ssd": 11.97, "ralenti_hdd": 1001.97, "ralenti_compression": 2.47}


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction acces_moyen_ns"""
    fonction = expect_var(ns, "acces_moyen_ns")
    assert callable(fonction), "« acces_moyen_ns » devrait rester une fonction."
    value = fonction(0.1, 0.1, 1000)
    assert isinstance(value, (int, float)), f"acces_moyen_ns renvoie {value!r}, pas un nombre."
    if abs(value - 100) < 1e-9:
        raise AssertionError(
            "acces_moyen_ns(0.1, 0.1, 1000) vaut encore 100 ns : comptez les pages compressées "
            "(5 000 ns) et échangées (t_disque_ns)."
        )
    if abs(value - (100 + 0.1 * 5000 + 0.1 * 1000)) < 1e-9:
        raise AssertionError(
            "acces_moyen_ns(0.1, 0.1, 1000) vaut 700 ns : les pages compressées ou échangées ne "
            "sont plus en mémoire, retirez-les de la part lue en 100 ns (on attend 680 ns)."
        )
    expect_close(
        float(value),
        0.8 * 100 + 0.1 * 5000 + 0.1 * 1000,
        what="acces_moyen_ns(0.1, 0.1, 1000)",
        unit="ns",
    )


def check_ralentissements(ns: dict[str, object]) -> None:
    """Les trois ralentissements"""
    for name, expected in ATTENDUS.items():
        value = expect_var(ns, name)
        assert isinstance(value, (int, float)) and not isinstance(value, bool), (
            f"« {name} » devrait être un nombre, pas {value!r}."
        )
        expect_close(float(value), expected, what=name, rel_tol=1e-6)
