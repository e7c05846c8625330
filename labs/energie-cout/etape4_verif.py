"""Vérifications de l'étape 4 : sensibilité à l'objectif d'utilisation et au facteur d'émission."""

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_type, expect_var
from hvlab.sim import compare

OBJECTIFS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
RAPPORTS = {o: compare(100, seed=1, target=o) for o in OBJECTIFS}
HOTES = {o: r.after.servers for o, r in RAPPORTS.items()}
KWH = {o: r.after.energy_kwh_per_year for o, r in RAPPORTS.items()}
DEFAUT = RAPPORTS[0.8]
KWH_EVITES = DEFAUT.before.energy_kwh_per_year - DEFAUT.after.energy_kwh_per_year
CO2_UE_KG = KWH_EVITES * 0.25
# Erreurs typiques : l'objectif par défaut, l'énergie des serveurs dédiés, le facteur français,
# le CO₂ d'avant seul.
AVANT_KWH = DEFAUT.before.energy_kwh_per_year
DEFAUT_SEUL = "c'est la valeur à l'objectif par défaut (0,8) ; passez target=objectif à compare"


def _mapping(ns: dict[str, object], name: str) -> dict[object, object]:
    value = expect_type(ns, name, dict, "un dictionnaire")
    missing = [o for o in OBJECTIFS if o not in value]
    assert not missing, (
        f"« {name} » n'a pas de valeur pour l'objectif {significant(missing[0], 6)} : "
        "remplissez-le dans la boucle, pour chaque objectif de la liste."
    )
    return value


def check_hotes(ns: dict[str, object]) -> None:
    """Hôtes selon l'objectif"""
    hotes = _mapping(ns, "hotes_par_objectif")
    for objectif in OBJECTIFS:
        expect_close(
            hotes[objectif],
            HOTES[objectif],
            what=f"le nombre d'hôtes à l'objectif {significant(objectif, 6)}",
            mistakes={
                HOTES[0.8]: DEFAUT_SEUL,
                RAPPORTS[objectif].placement.hosts_active: (
                    "vous avez oublié l'hôte de réserve ; prenez r.after.servers"
                ),
            },
        )


def check_kwh(ns: dict[str, object]) -> None:
    """Énergie selon l'objectif"""
    kwh = _mapping(ns, "kwh_par_objectif")
    for objectif in OBJECTIFS:
        expect_close(
            kwh[objectif],
            KWH[objectif],
            what=f"l'énergie des hôtes à l'objectif {significant(objectif, 6)}",
            unit="kWh",
            mistakes={
                KWH[0.8]: DEFAUT_SEUL,
                AVANT_KWH: (
                    "c'est l'énergie des serveurs dédiés (avant) ; prenez celle des hôtes, "
                    "r.after.energy_kwh_per_year"
                ),
            },
        )


def check_co2_ue(ns: dict[str, object]) -> None:
    """CO₂ évité avec le facteur européen"""
    expect_close(
        expect_var(ns, "co2_evite_ue_kg_an"),
        CO2_UE_KG,
        what="co2_evite_ue_kg_an",
        unit="kg",
        mistakes={
            KWH_EVITES * 0.052: (
                "c'est le facteur français par défaut (0,052) ; passez co2_kg_per_kwh=0.25 à "
                "compare"
            ),
            AVANT_KWH * 0.25: "c'est le CO₂ des serveurs dédiés ; retranchez celui des hôtes",
        },
    )
