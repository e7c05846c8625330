"""Vérifications de l'étape 2 : demandes des VM, borne inférieure, placement FFD à 80 %."""

from hvlab.fr import number, significant
from hvlab.labs.checks import expect_var
from hvlab.sim import RACK_1U, PlacementItem, PlacementResult, generate_fleet, lower_bound, place

PARC = generate_fleet(40, seed=1)
P95 = {s.name: s.workload.percentile_cpu(95) * s.model.cores for s in PARC.servers}
MEAN = {s.name: s.workload.mean_cpu * s.model.cores for s in PARC.servers}
PEAK = {s.name: s.workload.peak_cpu * s.model.cores for s in PARC.servers}
RAM = {s.name: s.ram_used_gib for s in PARC.servers}
ITEMS = [PlacementItem(name, P95[name], RAM[name]) for name in P95]
BORNE = lower_bound(ITEMS, RACK_1U.cores, RACK_1U.ram_gib, target=0.8)
FFD = place(ITEMS, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, target=0.8)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


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
        cpu = item.cpu
        if not _close(cpu, P95[item.name]):
            if _close(cpu, MEAN[item.name]):
                why = "c'est sa moyenne : prenez le 95e centile (percentile_cpu(95))"
            elif _close(cpu, PEAK[item.name]):
                why = "c'est son maximum : prenez le 95e centile (percentile_cpu(95))"
            elif _close(cpu * _cores(), P95[item.name]):
                why = "c'est une fraction : multipliez par les cœurs du serveur (s.model.cores)"
            else:
                why = "revoyez le calcul"
            raise AssertionError(
                f"VM « {item.name} » : {number(cpu, 3, keep_zeros=True)} cœurs demandés, on attend "
                f"{number(P95[item.name], 3, keep_zeros=True)} ({why})."
            )
        assert _close(item.ram_gib, RAM[item.name]), (
            f"VM « {item.name} » : {significant(item.ram_gib, 6)} Gio demandés, on attend "
            f"{significant(RAM[item.name], 6)} Gio "
            "(s.ram_used_gib, la mémoire réellement utilisée)."
        )


def _cores() -> int:
    return PARC.servers[0].model.cores


def check_borne(ns: dict[str, object]) -> None:
    """La borne inférieure à 80 %"""
    borne = expect_var(ns, "borne_80")
    assert isinstance(borne, int) and not isinstance(borne, bool), (
        f"borne_80 devrait être un nombre entier d'hôtes, pas {borne!r}."
    )
    if borne == lower_bound(ITEMS, RACK_1U.cores, RACK_1U.ram_gib, target=1.0) != BORNE:
        raise AssertionError(
            f"borne_80 vaut {borne} : c'est la borne à 100 %. Passez target=0.8 à lower_bound."
        )
    assert borne == BORNE, f"borne_80 vaut {borne}, on attend {BORNE} hôtes."


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
    expected_capacity = RACK_1U.cores * 0.8
    assert _close(capacity, expected_capacity), (
        f"Chaque hôte offre {significant(capacity, 6)} cœurs, on attend "
        f"{significant(expected_capacity, 6)} "
        "(32 cœurs de RACK_1U × objectif 0,8) : vérifiez host_cpu et target."
    )
    assert not placement.unplaced, (
        f"{len(placement.unplaced)} VM non placées ({', '.join(placement.unplaced)})."
    )
    assert placement.hosts_used == FFD.hosts_used, (
        f"{placement.hosts_used} hôtes utilisés, on en attend {FFD.hosts_used} avec FFD à 80 %."
    )
