from typing import Any

DEMARRAGE_H = 0.5  # démarrage et vérifications après restauration ou bascule

SERVICES: list[dict[str, Any]] = [
    {
        "nom": "paie",
        "rpo_exige_h": 24,
        "rto_exige_h": 8,
        "protection": "sauvegarde",
        "intervalle_h": 24,
        "taille_go": 400,
        "restauration_mo_s": 300,
    },
    {
        "nom": "vente en ligne",
        "rpo_exige_h": 0.25,
        "rto_exige_h": 1,
        "protection": "sauvegarde",
        "intervalle_h": 24,
        "taille_go": 200,
        "restauration_mo_s": 300,
    },
    {
        "nom": "messagerie",
        "rpo_exige_h": 1,
        "rto_exige_h": 2,
        "protection": "réplication",
        "intervalle_h": 5 / 60,
        "taille_go": 1500,
        "restauration_mo_s": 300,
    },
]


def rpo_rto_h(service: dict[str, Any]) -> tuple[float, float]:
    rpo_h = service["intervalle_h"]
    if service["protection"] == "sauvegarde":
        restauration_h = service["taille_go"] * 1000 / service["restauration_mo_s"] / 3600
        rto_h = restauration_h + DEMARRAGE_H
    else:
        rto_h = DEMARRAGE_H
    return rpo_h, rto_h


verdicts = {
    s["nom"]: rpo_rto_h(s)[0] <= s["rpo_exige_h"] and rpo_rto_h(s)[1] <= s["rto_exige_h"]
    for s in SERVICES
}

for s in SERVICES:
    print(
        s["nom"], ":", rpo_rto_h(s), "->", verdicts[s["nom"]] if isinstance(verdicts, dict) else "?"
    )
