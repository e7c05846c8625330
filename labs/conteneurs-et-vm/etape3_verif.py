"""Vérifications de l'étape 3 : la mémoire de vingt applications en VM et en conteneurs."""

from hvlab.labs.checks import expect_close, expect_var

# 20 × (0,3 + 1) = 26 Gio ; 1 + 20 × 0,3 = 7 Gio ; 26 / 7 ≈ 3,71 ; 7 + 20 × 5 / 1 024 ≈ 7,098 Gio.
ATTENDUS = {
    "memoire_vm_gio": 26.0,
    "memoire_conteneurs_gio": 7.0,
    "rapport": 26.0 / 7.0,
    "memoire_micro_vm_gio": 7.0 + 20 * 5 / 1024,
}
ERREURS = {
    "memoire_conteneurs_gio": {
        26.0: "c'est la mémoire en VM ; en conteneurs, le système de la VM de nœud ne compte "
        "qu'une fois"
    }
}


def check_memoire(ns: dict[str, object]) -> None:
    """Les quatre valeurs"""
    for nom, attendu in ATTENDUS.items():
        expect_close(expect_var(ns, nom), attendu, what=nom, mistakes=ERREURS.get(nom))
