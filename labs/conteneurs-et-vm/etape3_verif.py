"""Vérifications de l'étape 3 : la mémoire de vingt applications en VM et en conteneurs."""

from hvlab.labs.checks import expect_close, expect_var

# 20 × (0,3 + 1) = 26 Gio ; 1 + 20 × 0,3 = 7 Gio ; 26 / 7 ≈ 3,71 ; 7 + 20 × 5 / 1 024 ≈ 7,098 Gio.
ATTENDUS = {
    "memoire_vm_gio": 26.0,
    "memoire_conteneurs_gio": 7.0,
    "rapport": 26.0 / 7.0,
    "memoire_micro_vm_gio": 7.0 + 20 * 5 / 1024,
}


def check_memoire(ns: dict[str, object]) -> None:
    """Les quatre valeurs"""
    conteneurs = ns.get("memoire_conteneurs_gio")
    if isinstance(conteneurs, (int, float)) and abs(conteneurs - 26.0) < 1e-9:
        raise AssertionError(
            "memoire_conteneurs_gio vaut 26 Gio, comme en VM : en conteneurs, le système de la VM "
            "de nœud ne compte qu'une fois (on attend 7 Gio)."
        )
    for nom, attendu in ATTENDUS.items():
        valeur = expect_var(ns, nom)
        assert isinstance(valeur, (int, float)) and not isinstance(valeur, bool), (
            f"« {nom} » devrait être un nombre, pas {valeur!r}."
        )
        expect_close(float(valeur), attendu, what=nom)
