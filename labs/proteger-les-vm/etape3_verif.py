"""Vérifications de l'étape 3 : RPO et RTO de trois services."""

from hvlab.labs.checks import expect_close, expect_var

# Paie : RPO 24 h, RTO 400 000 / 300 / 3 600 + 0,5 ≈ 0,870 h : OK.
# Vente en ligne : RPO 24 h > 0,25 h exigé : pas OK (RTO ≈ 0,685 h).
# Messagerie, répliquée toutes les 5 min : RPO 0,083 h, RTO 0,5 h : OK.
ATTENDUS = {
    "paie": (24.0, 400 * 1000 / 300 / 3600 + 0.5),
    "vente en ligne": (24.0, 200 * 1000 / 300 / 3600 + 0.5),
    "messagerie": (5 / 60, 0.5),
}
VERDICTS = {"paie": True, "vente en ligne": False, "messagerie": True}


def check_fonction(ns: dict[str, object]) -> None:
    """La fonction rpo_rto_h"""
    fonction = expect_var(ns, "rpo_rto_h")
    services = expect_var(ns, "SERVICES")
    assert callable(fonction), "« rpo_rto_h » devrait rester une fonction."
    assert isinstance(services, list), "SERVICES doit rester la liste fournie."
    for service in services:
        nom = service["nom"]
        if nom not in ATTENDUS:
            continue
        obtenu = fonction(service)
        assert isinstance(obtenu, tuple) and len(obtenu) == 2, (
            f"rpo_rto_h({nom!r}) renvoie {obtenu!r}, pas un couple (RPO, RTO)."
        )
        rpo, rto = ATTENDUS[nom]
        expect_close(obtenu[0], rpo, what=f"le RPO de « {nom} »", unit="h")
        erreurs = {
            0.5: "une sauvegarde doit d'abord être relue en entier au débit de restauration, "
            "avant le démarrage"
        }
        expect_close(
            obtenu[1],
            rto,
            what=f"le RTO de « {nom} »",
            unit="h",
            mistakes=erreurs if nom != "messagerie" else None,
        )


def check_verdicts(ns: dict[str, object]) -> None:
    """Les verdicts"""
    verdicts = expect_var(ns, "verdicts")
    assert isinstance(verdicts, dict), (
        f"« verdicts » devrait être un dictionnaire, pas {verdicts!r}."
    )
    for nom, attendu in VERDICTS.items():
        assert verdicts.get(nom) is attendu, (
            f"Le verdict de « {nom} » vaut {verdicts.get(nom)!r}, on attend {attendu}."
        )
