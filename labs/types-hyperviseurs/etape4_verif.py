"""Vérifications de l'étape 4 : les domaines de panne d'un type 2 et d'un type 1."""

from hvlab.labs.checks import expect_var
from hvlab.sim import FailureEvent, FailureImpact, Table

NOMS = ("web", "bdd", "fichiers", "messagerie")
# Ce que le cours attend (chapitre 4) : l'invité qui plante est seul arrêté ; le plantage du
# système hôte d'un type 2 et la panne du matériel arrêtent les quatre VM.
ATTENDU = {
    "impact_invite": (FailureEvent.GUEST_CRASH, {"web"}),
    "impact_hote": (FailureEvent.HOST_OS_CRASH, set(NOMS)),
    "impact_materiel": (FailureEvent.HARDWARE_FAILURE, set(NOMS)),
}


def _impact(ns: dict[str, object], name: str) -> FailureImpact:
    value = expect_var(ns, name)
    assert isinstance(value, FailureImpact), (
        f"« {name} » devrait être le résultat de hote.fail(...), pas {type(value).__name__}."
    )
    event, stopped = ATTENDU[name]
    assert value.event is event, (
        f"« {name} » décrit l'événement « {value.event.label} » ; on attend « {event.label} » "
        f"(FailureEvent.{event.name})."
    )
    assert set(value.stopped) == stopped, (
        f"« {name} » arrête {', '.join(value.stopped) or 'aucune VM'} ; on attend "
        f"{', '.join(sorted(stopped))}. Utilisez un hôte neuf pour chaque panne."
    )
    return value


def check_invite(ns: dict[str, object]) -> None:
    """Plantage d'un invité : isolé"""
    impact = _impact(ns, "impact_invite")
    assert set(impact.unaffected) == set(NOMS) - {"web"}, (
        "Les trois autres VM devraient continuer : la panne a-t-elle eu lieu sur poste_a, dont "
        "les quatre VM étaient en marche ?"
    )


def check_hote(ns: dict[str, object]) -> None:
    """Plantage du système hôte d'un type 2 : toutes les VM"""
    _impact(ns, "impact_hote")


def check_materiel(ns: dict[str, object]) -> None:
    """Panne du matériel d'un type 1 : toutes les VM"""
    _impact(ns, "impact_materiel")


def check_tableau(ns: dict[str, object]) -> None:
    """Le tableau des domaines de panne"""
    tableau = expect_var(ns, "tableau")
    assert isinstance(tableau, Table), (
        f"tableau devrait être un Table(COLONNES, lignes, titre), pas {type(tableau).__name__}."
    )
    assert len(tableau.rows) == 3, (
        f"Le tableau a {len(tableau.rows)} ligne(s), on en attend 3 (une par panne)."
    )
    assert "VM arrêtées" in tableau.columns, "Utilisez les colonnes COLONNES."
    column = tableau.columns.index("VM arrêtées")
    for row, name in zip(tableau.rows, ATTENDU, strict=True):
        _, stopped = ATTENDU[name]
        cell = str(row[column]) if column < len(row) else ""
        names = {part.strip() for part in cell.split(",")}
        assert names == stopped, (
            f"Ligne « {name} » : la colonne « VM arrêtées » contient « {cell} », on attend "
            f"{', '.join(sorted(stopped))}. Gardez l'ordre : invité, système hôte, matériel."
        )
