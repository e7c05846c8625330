"""Vérifications de l'étape 4 : le TLB, les grandes pages et le surcoût mémoire d'une VM."""

from hvlab.labs.checks import expect_close, expect_number, expect_var

# 1 + 0,01 × 4 = 1,04 ; 1 + 0,01 × 24 = 1,24 ; 1 + 0,002 × 15 = 1,03.
ATTENDUS = {"natif_moyen": 1.04, "vm_moyen": 1.24, "vm_2m_moyen": 1.03}
SURCOUTS = {"surcout_vm": 1.24 / 1.04 - 1, "surcout_vm_2m": 1.03 / 1.04 - 1}


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction lectures_moyennes"""
    fonction = expect_var(ns, "lectures_moyennes")
    assert callable(fonction), "« lectures_moyennes » devrait rester une fonction."
    value = fonction(0.05, 10)
    if value is Ellipsis:
        raise AssertionError("lectures_moyennes renvoie encore « ... » : écrivez son calcul.")
    if isinstance(value, (int, float)) and abs(value - 0.5) < 1e-9:
        raise AssertionError(
            "lectures_moyennes(0.05, 10) vaut 0,5 : il manque la lecture de la donnée elle-même "
            "(1 + taux × lectures, on attend 1,5)."
        )
    assert isinstance(value, (int, float)), f"lectures_moyennes renvoie {value!r}."
    expect_close(float(value), 1.5, what="lectures_moyennes(0.05, 10)")


def check_cas(ns: dict[str, object]) -> None:
    """Les trois cas et les surcoûts"""
    for name, expected in ATTENDUS.items():
        expect_close(expect_number(ns, name), expected, what=name)
    for name, expected in SURCOUTS.items():
        value = expect_number(ns, name)
        if abs(value - 100 * expected) < 1e-6:
            raise AssertionError(
                f"« {name} » vaut {value:.3g} : donnez une fraction, pas un pourcentage."
            )
        expect_close(value, expected, what=name)
