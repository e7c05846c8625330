"""Vérifications de l'étape 1 : un plan de sauvegarde contre la règle 3-2-1-1-0."""

from typing import Any

from hvlab.labs.checks import expect_var

REGLES = ("3 copies", "2 supports", "1 hors site", "1 immuable ou hors ligne", "0 erreur")


def _copie(
    support: str, site: str, immuable: bool = False, hors_ligne: bool = False
) -> dict[str, Any]:
    return {
        "nom": "x",
        "support": support,
        "site": site,
        "immuable": immuable,
        "hors_ligne": hors_ligne,
    }


# Des plans de contrôle, avec ce qui leur manque selon la règle 3-2-1-1-0.
CAS: tuple[tuple[list[dict[str, Any]], bool, list[str]], ...] = (
    (
        [_copie("SAN", "principal")],
        True,
        ["3 copies", "2 supports", "1 hors site", "1 immuable ou hors ligne"],
    ),
    (
        [
            _copie("SAN", "principal"),
            _copie("bande", "principal", hors_ligne=True),
            _copie("NAS", "agence"),
        ],
        True,
        [],
    ),
    (
        [
            _copie("NAS", "principal"),
            _copie("NAS", "agence"),
            _copie("NAS", "agence", immuable=True),
        ],
        False,
        ["2 supports", "0 erreur"],
    ),
)


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction manques"""
    fonction = expect_var(ns, "manques")
    assert callable(fonction), "« manques » devrait rester une fonction."
    for copies, test_ok, attendu in CAS:
        obtenu = fonction(copies, test_ok)
        assert isinstance(obtenu, list), f"manques(...) renvoie {obtenu!r}, pas une liste."
        inconnus = [r for r in obtenu if r not in REGLES]
        assert not inconnus, (
            f"manques(...) renvoie {inconnus!r} : utilisez exactement les chaînes "
            f"{', '.join(REGLES)}."
        )
        assert sorted(obtenu) != sorted(attendu) or obtenu == attendu, (
            "Les bons manques, mais pas dans l'ordre de la règle (3, 2, 1, 1, 0)."
        )
        resume = ", ".join(f"{c['support']} à « {c['site']} »" for c in copies)
        assert obtenu == attendu, (
            f"Pour un plan de {len(copies)} copie(s) ({resume}), test réussi : {test_ok}, "
            f"manques(...) renvoie {obtenu!r} ; on attend {attendu!r}."
        )


def check_plans(ns: dict[str, object]) -> None:
    """Le plan actuel et le plan corrigé"""
    plan = expect_var(ns, "manques_plan")
    attendu = ["1 hors site", "1 immuable ou hors ligne", "0 erreur"]
    assert plan == attendu, f"« manques_plan » vaut {plan!r}, on attend {attendu!r}."
    corrige = expect_var(ns, "manques_corrige")
    assert corrige == [], (
        f"« manques_corrige » vaut {corrige!r} : le plan corrigé respecte la règle."
    )
