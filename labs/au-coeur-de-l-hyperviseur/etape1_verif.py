"""Vérifications de l'étape 1 : le critère de Popek et Goldberg sur des instructions x86."""

from hvlab.labs.checks import expect_var

# Robin et Irvine (2000) : POPF, PUSHF, SGDT, SIDT, SMSW et STR font partie des 17 instructions
# sensibles non privilégiées du x86 ; LGDT, LIDT, MOV vers CR3, HLT, CLI et WRMSR piègent.
ATTENDU = ["POPF", "PUSHF", "SGDT", "SIDT", "SMSW", "STR"]


def check_problemes(ns: dict[str, object]) -> None:
    """Les instructions sensibles non privilégiées"""
    value = expect_var(ns, "problemes")
    assert isinstance(value, list), (
        f"« problemes » devrait être une liste de noms, pas {type(value).__name__} ({value!r})."
    )
    assert sorted(value) != ATTENDU or value == ATTENDU, (
        "Les bons noms, mais la liste n'est pas triée : utilisez sorted(...)."
    )
    privilegiees = [
        n for n in value if n in ("LGDT", "LIDT", "MOV vers CR3", "HLT", "CLI", "WRMSR")
    ]
    assert not privilegiees, (
        f"« problemes » contient {', '.join(privilegiees)} : ces instructions piègent hors du mode "
        "noyau (privilégiée = oui), le VMM peut donc les émuler."
    )
    anodines = [n for n in value if n in ("ADD", "MOV entre registres")]
    assert not anodines, (
        f"« problemes » contient {', '.join(anodines)} : une instruction non sensible s'exécute "
        "directement dans la VM sans rien fausser."
    )
    manquantes = [n for n in ATTENDU if n not in value]
    assert not manquantes, f"Il manque dans « problemes » : {', '.join(manquantes)}."
    assert value == ATTENDU, f"« problemes » vaut {value!r}, on attend {ATTENDU!r}."


def check_virtualisable(ns: dict[str, object]) -> None:
    """Le verdict de Popek et Goldberg"""
    value = expect_var(ns, "virtualisable")
    assert isinstance(value, bool), f"« virtualisable » devrait être True ou False, pas {value!r}."
    assert value is False, (
        "Le x86 d'origine a des instructions sensibles non privilégiées : il ne respecte pas le "
        "critère, « virtualisable » doit valoir False."
    )
