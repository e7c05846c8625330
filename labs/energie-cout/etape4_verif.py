"""Vérifications de l'étape 4 : sensibilité à l'objectif d'utilisation et au facteur d'émission."""

import math

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import compare

OBJECTIFS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
RAPPORTS = {o: compare(100, seed=1, target=o) for o in OBJECTIFS}
HOTES = {o: r.after.servers for o, r in RAPPORTS.items()}
KWH = {o: r.after.energy_kwh_per_year for o, r in RAPPORTS.items()}
DEFAUT = RAPPORTS[0.8]
KWH_EVITES = DEFAUT.before.energy_kwh_per_year - DEFAUT.after.energy_kwh_per_year
CO2_UE_KG = KWH_EVITES * 0.25


def _mapping(ns: dict[str, object], name: str) -> dict[object, object]:
    value = expect_var(ns, name)
    assert isinstance(value, dict), f"« {name} » devrait être un dictionnaire, pas {value!r}."
    missing = [o for o in OBJECTIFS if o not in value]
    assert not missing, (
        f"« {name} » n'a pas de valeur pour l'objectif {significant(missing[0], 6)} : "
        "remplissez-le "
        "dans la "
        "boucle, pour chaque objectif de la liste."
    )
    return value


def check_hotes(ns: dict[str, object]) -> None:
    """Hôtes selon l'objectif"""
    hotes = _mapping(ns, "hotes_par_objectif")
    for objectif in OBJECTIFS:
        value = hotes[objectif]
        expected = HOTES[objectif]
        if value == RAPPORTS[objectif].placement.hosts_active:
            raise AssertionError(
                f"Objectif {significant(objectif, 6)} : {value} hôtes, vous avez oublié l'hôte de "
                "réserve. "
                "Prenez r.after.servers."
            )
        assert value == expected, (
            f"Objectif {significant(objectif, 6)} : {value} hôtes, on en attend {expected} (passez "
            "target=objectif à compare)."
        )


def check_kwh(ns: dict[str, object]) -> None:
    """Énergie selon l'objectif"""
    kwh = _mapping(ns, "kwh_par_objectif")
    for objectif in OBJECTIFS:
        value = kwh[objectif]
        if isinstance(value, (int, float)) and math.isclose(
            value, DEFAUT.before.energy_kwh_per_year, rel_tol=1e-6
        ):
            raise AssertionError(
                f"Objectif {significant(objectif, 6)} : c'est l'énergie des serveurs dédiés "
                "(avant). "
                "Prenez "
                "celle des hôtes, r.after.energy_kwh_per_year."
            )
        expect_close(
            value,  # type: ignore[arg-type]
            KWH[objectif],
            what=f"l'énergie des hôtes à l'objectif {significant(objectif, 6)}",
            rel_tol=1e-6,
            unit="kWh",
        )


def check_co2_ue(ns: dict[str, object]) -> None:
    """CO₂ évité avec le facteur européen"""
    value = expect_var(ns, "co2_evite_ue_kg_an")
    if isinstance(value, (int, float)) and math.isclose(value, KWH_EVITES * 0.052, rel_tol=1e-6):
        raise AssertionError(
            "co2_evite_ue_kg_an utilise le facteur français par défaut (0,052) : passez "
            "co2_kg_per_kwh=0.25 à compare."
        )
    if isinstance(value, (int, float)) and math.isclose(
        value, DEFAUT.before.energy_kwh_per_year * 0.25, rel_tol=1e-6
    ):
        raise AssertionError(
            "co2_evite_ue_kg_an est le CO₂ des serveurs dédiés : retranchez celui des hôtes."
        )
    expect_close(value, CO2_UE_KG, what="co2_evite_ue_kg_an", rel_tol=1e-6, unit="kg")
