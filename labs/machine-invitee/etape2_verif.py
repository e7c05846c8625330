"""Vérifications de l'étape 2 : la boucle chronométrée dans l'invité et en Python."""

from hvlab.fr import significant
from hvlab.guest import console, last_output, time_seconds
from hvlab.labs.checks import CheckFailed, expect_close, expect_number, expect_var

TOURS = 100_000
SOMME = TOURS * (TOURS - 1) // 2  # 0 + 1 + … + 99 999


def _duree_invite() -> float:
    sortie = last_output(console(), "awk")
    if not sortie.strip():
        raise CheckFailed(
            "La console ne montre pas encore la boucle « time awk … » : tapez la commande de la "
            "consigne dans la console de la machine, attendez la ligne « real », puis vérifiez."
        )
    if str(SOMME) not in sortie.split():
        raise CheckFailed(
            f"awk n'a pas affiché {SOMME} : la boucle de l'invité doit aller de 0 à "
            f"{TOURS - 1} (« i < {TOURS} »). Retapez la commande de la consigne."
        )
    duree = time_seconds(sortie)
    if duree is None:
        raise CheckFailed(
            "La sortie de awk n'a pas de ligne « real » : placez « time » devant la commande."
        )
    return duree


def check_boucle_python(ns: dict[str, object]) -> None:
    """La boucle Python a bien tourné"""
    expect_close(
        expect_var(ns, "s"),
        SOMME,
        what="s",
        rel_tol=0,
        abs_tol=0,
        common=(),
        hint=f"gardez la boucle « for i in range({TOURS}) »",
    )


def check_duree_python(ns: dict[str, object]) -> None:
    """La durée de la boucle Python"""
    duree = expect_number(ns, "duree_python")
    assert duree > 0, (
        f"duree_python vaut {significant(duree, 6)} : une durée est positive (la fin moins le "
        "début)."
    )
    assert duree <= 60, (
        f"duree_python vaut {significant(duree, 6)} : c'est plus d'une minute. Est-ce bien des "
        "secondes, mesurées avec time.perf_counter() juste avant et juste après la boucle ?"
    )


def check_rapport(ns: dict[str, object]) -> None:
    """Le rapport des deux durées"""
    invite = _duree_invite()
    expect_close(
        expect_number(ns, "duree_invite"), invite, what="duree_invite", rel_tol=1e-9, unit="s"
    )
    python = expect_number(ns, "duree_python")
    expect_close(
        expect_number(ns, "rapport"),
        invite / python,
        what="rapport",
        rel_tol=1e-6,
        mistakes={
            python / invite: "c'est la durée Python divisée par celle de l'invité, l'inverse ; "
            "combien de fois l'invité est-il plus lent ?"
        },
    )
