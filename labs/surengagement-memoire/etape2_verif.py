"""Vérifications de l'étape 2 : la cascade de récupération de la mémoire."""

from hvlab.labs.checks import expect_close, expect_var

TECHNIQUES = ("partage", "ballon", "compression", "echange")
# 14 Gio : 2 par le partage, 6 par le ballon, 4 Gio de pages compressées en libèrent 2, reste 4.
AVEC = {"partage": 2.0, "ballon": 6.0, "compression": 2.0, "echange": 4.0}
# Sans ballon : 2, 0, 2, et 10 Gio échangés.
SANS = {"partage": 2.0, "ballon": 0.0, "compression": 2.0, "echange": 10.0}
# Cas de contrôle : un petit manque est couvert par le partage seul ; un ballon énorme suffit.
CAS = (
    ((1.0, 2.0, 6.0, 4.0), {"partage": 1.0, "ballon": 0.0, "compression": 0.0, "echange": 0.0}),
    ((5.0, 1.0, 10.0, 4.0), {"partage": 1.0, "ballon": 4.0, "compression": 0.0, "echange": 0.0}),
    ((9.0, 0.0, 0.0, 20.0), {"partage": 0.0, "ballon": 0.0, "compression": 9.0, "echange": 0.0}),
)


def _compare(value: object, expected: dict[str, float], what: str) -> None:
    assert isinstance(value, dict), f"{what} devrait être un dictionnaire, pas {value!r}."
    assert set(value) == set(TECHNIQUES), (
        f"{what} devrait avoir exactement les clés {', '.join(TECHNIQUES)}."
    )
    for technique in TECHNIQUES:
        expect_close(
            value[technique],
            expected[technique],
            what=f"{what}[« {technique} »]",
            unit="Gio",
            mistakes=(
                {
                    2 * expected["compression"]: "la compression libère toutes les pages qu'elle "
                    "prend ; elle n'en libère que la moitié : une page de 4 Kio en occupe encore 2"
                }
                if technique == "compression" and expected["compression"]
                else None
            ),
        )


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction recuperer"""
    fonction = expect_var(ns, "recuperer")
    assert callable(fonction), "« recuperer » devrait rester une fonction."
    for args, expected in CAS:
        _compare(fonction(*args), expected, f"recuperer{args}")


def check_cas(ns: dict[str, object]) -> None:
    """Avec et sans ballon"""
    _compare(expect_var(ns, "avec_ballon"), AVEC, "avec_ballon")
    _compare(expect_var(ns, "sans_ballon"), SANS, "sans_ballon")
