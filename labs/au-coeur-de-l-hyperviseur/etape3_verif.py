"""Vérifications de l'étape 3 : la traduction d'adresses à deux dimensions."""

from hvlab.labs.checks import expect_var

# Bhargava et al. (ASPLOS 2008) : 24 lectures pour deux tables à quatre niveaux, 4 en natif.
ATTENDUS = {"natif": 4, "vm_4k": 24, "vm_5_niveaux": 35, "vm_2m": 15}


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction lectures_traduction"""
    fonction = expect_var(ns, "lectures_traduction")
    assert callable(fonction), "« lectures_traduction » devrait rester une fonction."
    for n, m in ((4, 4), (2, 3), (1, 1)):
        value = fonction(n, m)
        if value is Ellipsis:
            raise AssertionError("lectures_traduction renvoie encore « ... » : écrivez son calcul.")
        expected = (n + 1) * (m + 1) - 1
        if value == n and n != expected:
            raise AssertionError(
                f"lectures_traduction({n}, {m}) vaut {value}, le nombre de niveaux de l'invité : "
                "c'est le compte d'une machine physique. Dans une VM, chaque niveau doit aussi "
                f"être traduit par la table de l'hôte : on attend {expected}."
            )
        if value == n * m:
            raise AssertionError(
                f"lectures_traduction({n}, {m}) vaut {value} = n × m : il manque les lectures "
                "des entrées de la table de l'invité et la traduction de l'adresse finale, "
                f"(n + 1) × (m + 1) − 1 = {expected}."
            )
        assert value == expected, (
            f"lectures_traduction({n}, {m}) vaut {value!r}, on attend {expected}."
        )


def check_cas(ns: dict[str, object]) -> None:
    """Les quatre cas du tableau"""
    for name, expected in ATTENDUS.items():
        value = expect_var(ns, name)
        assert value == expected, f"« {name} » vaut {value!r}, on attend {expected}."
