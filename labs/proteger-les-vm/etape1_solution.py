from typing import Any

COPIES: list[dict[str, Any]] = [
    {
        "nom": "VM en production",
        "support": "baie SAN",
        "site": "principal",
        "immuable": False,
        "hors_ligne": False,
    },
    {
        "nom": "Sauvegarde quotidienne",
        "support": "NAS",
        "site": "principal",
        "immuable": False,
        "hors_ligne": False,
    },
    {
        "nom": "Copie hebdomadaire",
        "support": "NAS",
        "site": "principal",
        "immuable": False,
        "hors_ligne": False,
    },
]
DERNIER_TEST_OK = False  # aucune restauration n'a jamais été testée

COPIES_CORRIGEES: list[dict[str, Any]] = [
    *COPIES[:2],
    {
        "nom": "Copie hors site",
        "support": "stockage objet",
        "site": "centre de données distant",
        "immuable": True,
        "hors_ligne": False,
    },
]


def manques(copies: list[dict[str, Any]], dernier_test_ok: bool) -> list[str]:
    resultat: list[str] = []
    if len(copies) < 3:
        resultat.append("3 copies")
    if len({c["support"] for c in copies}) < 2:
        resultat.append("2 supports")
    if not any(c["site"] != "principal" for c in copies):
        resultat.append("1 hors site")
    if not any(c["immuable"] or c["hors_ligne"] for c in copies):
        resultat.append("1 immuable ou hors ligne")
    if not dernier_test_ok:
        resultat.append("0 erreur")
    return resultat


manques_plan = manques(COPIES, DERNIER_TEST_OK)
manques_corrige = manques(COPIES_CORRIGEES, True)

print("Plan actuel :", manques_plan)
print("Plan corrigé :", manques_corrige)
