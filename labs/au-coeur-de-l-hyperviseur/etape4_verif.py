"""Vérifications de l'étape 4 : le TLB, les grandes pages et le surcoût mémoire d'une VM."""

from hvlab.labs.checks import expect_close, expect_number, expect_var

# 1 + 0,01 × 4 = 1,04 ; 1 + 0,01 × 24 = 1,24 ; 1 + 0,002 × 15 = 1,03.
ATTENDUS = {"natif_moyen": 1.04, "vm_moyen": 1.24, "vm_2m_moyen": 1.03}
SURCOUTS = {"surcout_vm": 1.24 / 1.04 - 1, "surcout_vm_2m": 1.03 / 1.04 - 1}


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction lectures_moyennes"""
    fonction = expect_var(ns, "lectures_moyennes")
    assert callable(fonction), "« lectures_moyennes » devrait rester une fonction."
    expect_close(
        fonction(0.05, 10),
        1.5,
        what="lectures_moyennes(0.05, 10)",
        mistakes={0.5: "il manque la lecture de la donnée elle-même (1 + taux × lectures)"},
    )


def check_cas(ns: dict[str, object]) -> None:
    """Les trois cas et les surcoûts"""
    for name, expected in (ATTENDUS | SURCOUTS).items():
        expect_close(expect_number(ns, name), expected, what=name)
