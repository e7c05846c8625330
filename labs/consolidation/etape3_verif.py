"""Vérifications de l'étape 3 : placement à 100 %, files M/M/1 et M/M/c, panne d'un hôte."""

from hvlab.fr import number, significant
from hvlab.labs.checks import expect_close, expect_number, expect_var
from hvlab.sim import (
    RACK_1U,
    PlacementItem,
    PlacementResult,
    erlang_c,
    generate_fleet,
    place,
    response_time_factor,
)

PARC = generate_fleet(40, seed=1)
ITEMS = [
    PlacementItem(s.name, s.workload.percentile_cpu(95) * s.model.cores, s.ram_used_gib)
    for s in PARC.servers
]
P80 = place(ITEMS, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, target=0.8)
P100 = place(ITEMS, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, target=1.0)
RHO = {
    "rho_80": max(c / RACK_1U.cores for c in P80.cpu_used),
    "rho_100": max(c / RACK_1U.cores for c in P100.cpu_used),
}
CORES = RACK_1U.cores


def _mmc(rho: float) -> float:
    """M/M/c response time in service times (Erlang C), c = the host's physical cores."""
    load = rho * CORES
    return 1.0 + erlang_c(CORES, load) / (CORES - load)


FAILOVER = {
    "charge_panne_80": sum(P80.cpu_used) / ((P80.hosts_used - 1) * CORES),
    "charge_panne_100": sum(P100.cpu_used) / ((P100.hosts_used - 1) * CORES),
}
WRONG_RHO = {
    "rho_80": max(c / cap for c, cap in zip(P80.cpu_used, P80.host_cpu, strict=True)),
    "rho_100": max(c / cap for c, cap in zip(P100.cpu_used, P100.host_cpu, strict=True)),
}


def check_placement_100(ns: dict[str, object]) -> None:
    """Le placement FFD à 100 %"""
    placement = expect_var(ns, "placement_100")
    assert isinstance(placement, PlacementResult), (
        f"placement_100 devrait être le résultat de place(...), pas {type(placement).__name__}."
    )
    assert placement.algorithm == "ffd", (
        f"placement_100 utilise « {placement.algorithm} », on attend « ffd »."
    )
    capacity = placement.host_cpu[0] if placement.host_cpu else 0.0
    expect_close(
        capacity,
        RACK_1U.cores,
        what="la capacité de chaque hôte",
        rel_tol=0,
        abs_tol=1e-9,
        unit="cœurs",
        hint="target=1.0",
    )
    assert placement.hosts_used == P100.hosts_used, (
        f"{placement.hosts_used} hôtes utilisés, on en attend {P100.hosts_used} à 100 %."
    )


def check_occupation(ns: dict[str, object]) -> None:
    """Occupation de l'hôte le plus chargé"""
    for name, expected in RHO.items():
        value = expect_number(ns, name)
        assert value <= 1.5, (
            f"{name} vaut {significant(value, 3)} : donnez une fraction entre 0 et 1, pas un "
            f"pourcentage (on attend {number(expected, 4, keep_zeros=True)})."
        )
        expect_close(
            value,
            expected,
            what=name,
            rel_tol=1e-6,
            mistakes={
                WRONG_RHO[name]: "vous avez divisé par la capacité offerte (placement.host_cpu, "
                "objectif compris) ; divisez par les cœurs physiques, RACK_1U.cores"
            },
        )


def check_attente(ns: dict[str, object]) -> None:
    """Temps de réponse : M/M/1 et M/M/c"""
    m1 = expect_number(ns, "attente_m1_80")
    expect_close(
        m1, response_time_factor(RHO["rho_80"]), what="attente_m1_80 (R / S, M/M/1)", rel_tol=1e-6
    )
    for suffix in ("80", "100"):
        expect_close(
            expect_number(ns, f"attente_{suffix}"),
            _mmc(RHO[f"rho_{suffix}"]),
            what=f"attente_{suffix} (R / S, M/M/c)",
            rel_tol=1e-6,
            mistakes={
                response_time_factor(RHO[f"rho_{suffix}"]): "c'est le modèle M/M/1, d'un serveur "
                f"unique ; avec {CORES} cœurs, utilisez 1 + erlang_c(c, a) / (c − a), avec "
                "a = ρ × c"
            },
        )
    assert expect_number(ns, "attente_100") > expect_number(ns, "attente_80"), (
        "attente_100 devrait dépasser attente_80 : l'hôte y est plus chargé."
    )


def check_panne(ns: dict[str, object]) -> None:
    """Charge des hôtes restants après une panne"""
    for name, expected in FAILOVER.items():
        value = expect_number(ns, name)
        assert value <= 5, (
            f"{name} vaut {significant(value, 3)} : donnez une fraction (1 pour 100 %), pas un "
            f"pourcentage (on attend {number(expected, 3, keep_zeros=True)})."
        )
        expect_close(value, expected, what=name, rel_tol=1e-6)
