"""Vérifications de l'étape 2 : demandes des VM, borne inférieure, placement FFD à 80 %."""

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import RACK_1U, PlacementItem, PlacementResult, generate_fleet, lower_bound, place

PARC = generate_fleet(40, seed=1)
P95 = {s.name: s.workload.percentile_cpu(95) * s.model.cores for s in PARC.servers}
MEAN = {s.name: s.workload.mean_cpu * s.model.cores for s in PARC.servers}
PEAK = {s.name: s.workload.peak_cpu * s.model.cores for s in PARC.servers}
RAM = {s.name: s.ram_used_gib for s in PARC.servers}
ITEMS = [PlacementItem(name, P95[name], RAM[name]) for name in P95]
BORNE = lower_bound(ITEMS, RACK_1U.cores, RACK_1U.ram_gib, target=0.8)
BORNE_100 = lower_bound(ITEMS, RACK_1U.cores, RACK_1U.ram_gib, target=1.0)
CORES = PARC.servers[0].model.cores
FFD = place(ITEMS, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, target=0.8)


def check_demandes(ns: dict[str, object]) -> None:
    """Une demande par serveur, au 95e centile"""
    demandes = expect_var(ns, "demandes")
    assert isinstance(demandes, (list, tuple)), (
        f"demandes devrait être une liste de PlacementItem, pas {type(demandes).__name__}."
    )
    assert len(demandes) == len(P95), (
        f"{len(demandes)} demandes, on en attend {len(P95)} (une par serveur du parc)."
    )
    for item in demandes:
        assert isinstance(item, PlacementItem), (
            f"Chaque demande doit être un PlacementItem, pas {type(item).__name__} ({item!r})."
        )
        assert item.name in P95, f"« {item.name} » n'est pas un serveur du parc (app001…app040)."
        expect_close(
            item.cpu,
            P95[item.name],
            what=f"la demande de « {item.name} »",
            rel_tol=1e-6,
            abs_tol=1e-6,
            unit="cœurs",
            mistakes={
                MEAN[item.name]: "c'est sa moyenne ; prenez le 95e centile (percentile_cpu(95))",
                PEAK[item.name]: "c'est son maximum ; prenez le 95e centile (percentile_cpu(95))",
                P95[item.name] / CORES: "c'est une fraction ; multipliez par les cœurs du serveur "
                "(s.model.cores)",
            },
            common=(),
            hint="revoyez le calcul",
        )
        expect_close(
            item.ram_gib,
            RAM[item.name],
            what=f"la mémoire demandée par « {item.name} »",
            rel_tol=1e-6,
            abs_tol=1e-6,
            unit="Gio",
            common=(),
            hint="prenez s.ram_used_gib, la mémoire réellement utilisée",
        )


def check_borne(ns: dict[str, object]) -> None:
    """La borne inférieure à 80 %"""
    borne = expect_var(ns, "borne_80")
    assert isinstance(borne, int) and not isinstance(borne, bool), (
        f"borne_80 devrait être un nombre entier d'hôtes, pas {borne!r}."
    )
    expect_close(
        borne,
        BORNE,
        what="borne_80",
        rel_tol=0,
        abs_tol=0,
        mistakes={BORNE_100: "c'est la borne à 100 % ; passez target=0.8 à lower_bound"},
        common=(),
    )


def check_placement(ns: dict[str, object]) -> None:
    """Le placement FFD à 80 %"""
    placement = expect_var(ns, "placement_80")
    assert isinstance(placement, PlacementResult), (
        f"placement_80 devrait être le résultat de place(...), pas {type(placement).__name__}."
    )
    assert placement.algorithm == "ffd", (
        f"placement_80 utilise l'algorithme « {placement.algorithm} », on attend « ffd »."
    )
    capacity = placement.host_cpu[0] if placement.host_cpu else 0.0
    expect_close(
        capacity,
        RACK_1U.cores * 0.8,
        what="la capacité de chaque hôte",
        rel_tol=1e-6,
        abs_tol=1e-6,
        unit="cœurs",
        hint="32 cœurs de RACK_1U × objectif 0,8 ; vérifiez host_cpu et target",
    )
    assert not placement.unplaced, (
        f"{len(placement.unplaced)} VM non placées ({', '.join(placement.unplaced)})."
    )
    assert placement.hosts_used == FFD.hosts_used, (
        f"{placement.hosts_used} hôtes utilisés, on en attend {FFD.hosts_used} avec FFD à 80 %."
    )
