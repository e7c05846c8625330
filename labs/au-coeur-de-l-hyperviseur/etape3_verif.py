"""Vérifications de l'étape 3 : la traduction d'adresses à deux dimensions."""

from hvlab.labs.checks import expect_close, expect_var

# Bhargava et al. (ASPLOS 2008) : 24 lectures pour deux tables à quatre niveaux, 4 en natif.
ATTENDUS = {"natif": 4, "vm_4k": 24, "vm_5_niveaux": 35, "vm_2m": 15}


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction lectures_traduction"""
    fonction = expect_var(ns, "lectures_traduction")
    assert callable(fonction), "« lectures_traduction » devrait rester une fonction."
    for n, m in ((4, 4), (2, 3), (1, 1)):
        expected = (n + 1) * (m + 1) - 1
        mistakes: dict[float, str] = {
            n: "c'est le nombre de niveaux de l'invité, le compte d'une machine physique ; dans "
            "une VM, chaque niveau doit aussi être traduit par la table de l'hôte"
        }
        mistakes.setdefault(
            n * m,
            "c'est n × m : il manque les lectures des entrées de la table de l'invité et la "
            "traduction de l'adresse finale, (n + 1) × (m + 1) − 1",
        )
        expect_close(
            fonction(n, m),
            expected,
            what=f"lectures_traduction({n}, {m})",
            rel_tol=0,
            abs_tol=0,
            mistakes=mistakes,
            common=(),
        )


def check_cas(ns: dict[str, object]) -> None:
    """Les quatre cas du tableau"""
    for name, expected in ATTENDUS.items():
        expect_close(expect_var(ns, name), expected, what=name, rel_tol=0, abs_tol=0, common=())
