"""Vérifications de l'étape 1 : les espaces de noms lus dans « ls -l /proc/self/ns »."""

import re

from hvlab.labs.checks import expect_var

# Une ligne de « ls -l /proc/self/ns » (GNU ls met parfois la cible entre apostrophes).
_LIGNE = re.compile(r"(?P<nom>[a-z_]+) -> '?(?P<type>[a-z_]+):\[(?P<id>\d+)\]'?\s*$")
_EXEMPLE = (
    "lrwxrwxrwx 1 root root 0 Jan  1 10:00 net -> 'net:[4026531840]'\n"
    "lrwxrwxrwx 1 root root 0 Jan  1 10:00 pid_for_children -> 'pid:[4026531836]'\n"
    "lrwxrwxrwx 1 root root 0 Jan  1 10:00 uts -> uts:[4026532175]\n"
)


def _lire(sortie: str) -> dict[str, int]:
    trouves: dict[str, int] = {}
    for ligne in sortie.splitlines():
        m = _LIGNE.search(ligne.strip())
        if m and not m.group("nom").endswith("_for_children"):
            trouves[m.group("nom")] = int(m.group("id"))
    return trouves


def _sorties(ns: dict[str, object]) -> tuple[dict[str, int], dict[str, int]]:
    hote, conteneur = expect_var(ns, "SORTIE_HOTE"), expect_var(ns, "SORTIE_CONTENEUR")
    assert isinstance(hote, str) and isinstance(conteneur, str), (
        "SORTIE_HOTE et SORTIE_CONTENEUR doivent rester des chaînes de caractères."
    )
    lu_hote, lu_conteneur = _lire(hote), _lire(conteneur)
    assert lu_hote, (
        "SORTIE_HOTE ne contient aucune ligne « nom -> nom:[identifiant] » : collez la sortie "
        "complète de « ls -l /proc/self/ns »."
    )
    assert lu_conteneur, "SORTIE_CONTENEUR ne contient aucune ligne « nom -> nom:[identifiant] »."
    return lu_hote, lu_conteneur


def check_espaces(ns: dict[str, object]) -> None:
    """La fonction espaces"""
    fonction = expect_var(ns, "espaces")
    assert callable(fonction), "« espaces » devrait rester une fonction."
    for sortie in (_EXEMPLE, *(s for s in (ns.get("SORTIE_HOTE"),) if isinstance(s, str))):
        attendu = _lire(sortie)
        obtenu = fonction(sortie)
        assert isinstance(obtenu, dict), f"espaces(...) renvoie {obtenu!r}, pas un dictionnaire."
        assert obtenu, "espaces(...) renvoie un dictionnaire vide : lisez les lignes « -> »."
        enfants = [nom for nom in obtenu if str(nom).endswith("_for_children")]
        assert not enfants, (
            f"espaces(...) garde {', '.join(enfants)} : ce sont les espaces des futurs enfants, "
            "à ignorer."
        )
        faux = {nom: v for nom, v in obtenu.items() if attendu.get(nom) != v}
        assert not any(isinstance(v, str) for v in obtenu.values()), (
            f"Les identifiants doivent être des entiers (int(...)), pas des chaînes : {obtenu!r}."
        )
        assert not faux and set(obtenu) == set(attendu), (
            f"espaces(...) renvoie {obtenu!r} ; pour cette sortie, on attend {attendu!r}. "
            "Les cibles entre apostrophes ('net:[…]') doivent aussi être lues."
        )


def check_comparaison(ns: dict[str, object]) -> None:
    """Ce que le conteneur a pour lui, ce qu'il partage"""
    hote, conteneur = _sorties(ns)
    attendu_separes = sorted(n for n in hote if conteneur.get(n) != hote[n])
    attendu_partages = sorted(n for n in hote if conteneur.get(n) == hote[n])
    for nom, attendu in (("separes", attendu_separes), ("partages", attendu_partages)):
        valeur = expect_var(ns, nom)
        assert isinstance(valeur, list), f"« {nom} » devrait être une liste, pas {valeur!r}."
        assert sorted(valeur) != attendu or valeur == attendu, (
            f"« {nom} » a les bons noms mais n'est pas triée : sorted(...)."
        )
        assert valeur == attendu, f"« {nom} » vaut {valeur!r}, on attend {attendu!r}."
