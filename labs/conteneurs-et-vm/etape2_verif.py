"""Vérifications de l'étape 2 : la limite de mémoire d'un groupe de contrôle (cgroup v2)."""

from hvlab.labs.checks import expect_close, expect_var

# 536 870 912 octets = 512 × 2²⁰ ; 214 958 080 / 536 870 912 ≈ 0,4004.


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction limite_mio"""
    fonction = expect_var(ns, "limite_mio")
    assert callable(fonction), "« limite_mio » devrait rester une fonction."
    assert fonction("max\n") is None, 'limite_mio("max\\n") devrait renvoyer None : pas de limite.'
    valeur = fonction("1073741824\n")
    assert valeur is not None, (
        'limite_mio("1073741824\\n") renvoie None : lisez le nombre d\'octets du fichier.'
    )
    expect_close(
        valeur,
        1024,
        what='limite_mio("1073741824\\n")',
        unit="Mio",
        mistakes={1073.741824: "ce sont des Mo de 10⁶ octets ; un Mio vaut 2²⁰ octets"},
    )


def check_valeurs(ns: dict[str, object]) -> None:
    """Les deux limites et la part utilisée"""
    expect_close(expect_var(ns, "limite_web"), 512, what="limite_web", unit="Mio")
    outil = ns.get("limite_outil", Ellipsis)
    assert outil is None, (
        f"« limite_outil » vaut {outil!r} : ce conteneur n'a pas de limite (None)."
    )
    expect_close(expect_var(ns, "part_web"), 214958080 / 536870912, what="part_web")
