"""Placement of VMs on hosts: two-dimensional bin packing over CPU and RAM.

Algorithms (``algorithm=``):

* ``"ff"`` first fit: the first host (in index order) where the VM fits;
* ``"bf"`` best fit: the host left with the least room (normalised CPU + RAM) once the VM is in;
* ``"wf"`` worst fit: the host left with the most room (spreads the load);
* ``"ffd"`` / ``"bfd"``: first / best fit *decreasing* — the VMs are sorted first, biggest
  first, by the sum of their normalised demands ``cpu / host_cpu + ram / host_ram`` ("FFDSum",
  Panigrahy et al., *Heuristics for Vector Bin Packing*, 2011; ties: the larger dominant share,
  then input order). In two dimensions sorting does not always beat plain first fit: on
  randomly ordered VMs first fit mixes CPU-heavy and RAM-heavy VMs on the same host.

Best and worst fit choose among hosts already in use and start a new host only when none fits;
first fit takes the leftmost host that fits, used or not.

A host of ``cpu`` cores and ``ram_gib`` GiB offers ``cpu × cpu_overcommit × target`` cores and
``ram_gib × ram_overcommit × target`` GiB: the **target utilisation** (80 % by default, as the
course notes say) keeps headroom for peaks (see `hvlab.sim.core.contention` for why), and the
**overcommit** ratios let VMs reserve more than the hardware has. ``spare_hosts`` adds empty hosts
held in reserve (N+1: `usable_capacity_fraction`).

The **lower bound** is ``max over dimensions of ⌈Σ demand / capacity⌉`` (REFERENCES.md); no
placement can use fewer hosts. FFD never uses more than 11/9·OPT + 6/9 hosts (Dósa 2007) in one
dimension.

Speed: first fit finds its host with a segment tree of the hosts' remaining capacities; best and
worst fit group the hosts in use by remaining CPU, each group sorted by remaining RAM and by room
left (``bisect``); a host with less room than the smallest VM still to come leaves the search.
10,000 VMs take a fraction of a second, growth is close to n log n (``benchmarks/placement.py``).

Examples:
    >>> r = place([PlacementItem("a", 4, 8), PlacementItem("b", 4, 8)], host_cpu=10,
    ...           host_ram_gib=20, algorithm="ffd", target=0.8)
    >>> r.hosts_used, r.lower_bound, r.placement
    (1, 1, {'a': 0, 'b': 0})
"""

from __future__ import annotations

__all__ = [
    "ALGORITHMS",
    "HostCapacity",
    "PlacementItem",
    "PlacementResult",
    "lower_bound",
    "place",
    "usable_capacity_fraction",
]

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hvlab.errors import PlacementError, SimulationError
from hvlab.sim.display.values import MermaidDiagram, Table

#: The placement algorithms, by identifier.
ALGORITHMS: dict[str, str] = {
    "ff": "first fit",
    "bf": "best fit",
    "wf": "worst fit",
    "ffd": "first fit decreasing",
    "bfd": "best fit decreasing",
}

_EPS = 1e-9


def _fr(value: float) -> str:
    """A number the French way, without useless decimals: 38.4 → '38,4', 48.0 → '48'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class PlacementItem:
    """What a VM asks of a host.

    Args:
        name: the VM's name.
        cpu: CPU, in cores (vCPUs for a reservation, or cores actually used).
        ram_gib: memory, in GiB.

    Raises:
        SimulationError: a negative or non-finite figure (French message naming the VM).
    """

    name: str
    cpu: float
    ram_gib: float

    def __post_init__(self) -> None:
        for label, value, unit in (("CPU", self.cpu, "cœurs"), ("RAM", self.ram_gib, "Gio")):
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
                raise SimulationError(
                    f"VM « {self.name} » : demande {label} invalide ({value!r} {unit}). "
                    "Donnez un nombre positif ou nul."
                )


@dataclass(frozen=True)
class HostCapacity:
    """The raw capacity of one host (before target utilisation and overcommit).

    Args:
        cpu: cores.
        ram_gib: memory, in GiB.
        name: the host's name ("" for an anonymous host).
    """

    cpu: float
    ram_gib: float
    name: str = ""

    def __post_init__(self) -> None:
        if not (self.cpu >= 0 and self.ram_gib >= 0):
            raise SimulationError(
                f"Hôte « {self.name} » : capacité invalide ({self.cpu!r} cœurs, "
                f"{self.ram_gib!r} Gio). Donnez des nombres positifs."
            )


@dataclass(frozen=True)
class PlacementResult:
    """The outcome of a placement.

    Attributes:
        algorithm: the algorithm's identifier.
        placement: VM name → index of its host (0-based).
        unplaced: names of the VMs placed nowhere, in input order.
        reasons: VM name → why it was not placed (French).
        hosts_active: hosts holding at least one VM.
        spare_hosts: empty hosts kept in reserve (N+1).
        lower_bound: the lower bound on active hosts, plus ``spare_hosts``.
        host_cpu: effective CPU capacity of each host (cores × overcommit × target).
        host_ram_gib: effective RAM capacity of each host, in GiB.
        cpu_used: cores placed on each host.
        ram_used_gib: GiB placed on each host.
        host_names: each host's name ("" for anonymous hosts).
    """

    algorithm: str
    placement: dict[str, int]
    unplaced: tuple[str, ...]
    reasons: dict[str, str]
    hosts_active: int
    spare_hosts: int
    lower_bound: int
    host_cpu: tuple[float, ...] = field(repr=False)
    host_ram_gib: tuple[float, ...] = field(repr=False)
    cpu_used: tuple[float, ...] = field(repr=False)
    ram_used_gib: tuple[float, ...] = field(repr=False)
    host_names: tuple[str, ...] = field(default=(), repr=False)

    @property
    def hosts_used(self) -> int:
        """Hosts needed: the active ones plus the spares."""
        return self.hosts_active + self.spare_hosts

    def vms_on(self, host_index: int) -> list[str]:
        """Names of the VMs placed on host ``host_index``, in placement order."""
        return [vm for vm, index in self.placement.items() if index == host_index]

    def _used_indices(self) -> list[int]:
        return sorted(set(self.placement.values()))

    def to_dict(self) -> dict[str, Any]:
        """``{"algorithm", "hosts_used", "hosts_active", "spare_hosts", "lower_bound",
        "placement", "unplaced", "reasons"}``, ready for JSON."""
        return {
            "algorithm": self.algorithm,
            "hosts_used": self.hosts_used,
            "hosts_active": self.hosts_active,
            "spare_hosts": self.spare_hosts,
            "lower_bound": self.lower_bound,
            "placement": dict(self.placement),
            "unplaced": list(self.unplaced),
            "reasons": dict(self.reasons),
        }

    def to_table(self) -> Table:
        """One row per active host: its VMs and how full it is (French columns)."""
        counts: dict[int, int] = {}
        for index in self.placement.values():
            counts[index] = counts.get(index, 0) + 1
        rows = []
        for index in self._used_indices():
            cpu_cap, ram_cap = self.host_cpu[index], self.host_ram_gib[index]
            rows.append(
                (
                    self._host_label(index),
                    counts[index],
                    round(self.cpu_used[index], 3),
                    round(100 * self.cpu_used[index] / cpu_cap, 1) if cpu_cap else 0.0,
                    round(self.ram_used_gib[index], 3),
                    round(100 * self.ram_used_gib[index] / ram_cap, 1) if ram_cap else 0.0,
                )
            )
        return Table(
            columns=(
                "Hôte",
                "VM",
                "CPU (cœurs)",
                "CPU (% de l'objectif)",
                "RAM (Gio)",
                "RAM (% de l'objectif)",
            ),
            rows=tuple(rows),
            title=(
                f"Placement {ALGORITHMS.get(self.algorithm, self.algorithm)} : "
                f"{self.hosts_used} hôte(s) dont {self.spare_hosts} de réserve, "
                f"borne inférieure {self.lower_bound}"
            ),
        )

    def _host_label(self, index: int) -> str:
        name = self.host_names[index] if index < len(self.host_names) else ""
        return name or f"hôte {index}"

    def to_mermaid(self) -> MermaidDiagram:
        """The hosts and their VMs as a Mermaid flowchart (spares and unplaced VMs included)."""
        lines = ["flowchart TB"]
        for index in self._used_indices():
            lines.append(f'  subgraph h{index}["{self._host_label(index)}"]')
            for position, vm in enumerate(self.vms_on(index)):
                lines.append(f'    h{index}v{position}(["{vm}"])')
            lines.append("  end")
        for spare in range(self.spare_hosts):
            lines.append(f'  s{spare}["hôte de réserve {spare + 1}"]')
        if self.unplaced:
            lines.append('  subgraph u["non placées"]')
            for position, vm in enumerate(self.unplaced):
                lines.append(f'    u{position}(["{vm}"])')
            lines.append("  end")
        return MermaidDiagram("\n".join(lines) + "\n")


def usable_capacity_fraction(hosts: int, spare_hosts: int = 1) -> float:
    """Share of a cluster of equal hosts usable when ``spare_hosts`` are kept for failures.

    N+1 on 5 equal hosts keeps 1/5 in reserve: at most 80 % is usable (REFERENCES.md).

    Examples:
        >>> usable_capacity_fraction(5, 1)
        0.8

    Raises:
        SimulationError: fewer hosts than spares plus one.
    """
    if spare_hosts < 0 or hosts <= spare_hosts:
        raise SimulationError(
            f"Réserve impossible : {spare_hosts!r} hôte(s) de réserve sur {hosts!r}. Il faut au "
            "moins un hôte de plus que la réserve."
        )
    return (hosts - spare_hosts) / hosts


def _check_ratio(label: str, value: float, upper: float | None) -> None:
    ok = isinstance(value, (int, float)) and math.isfinite(value) and value > 0
    if ok and upper is not None:
        ok = value <= upper
    if not ok:
        bound = "entre 0 (exclu) et 1" if upper is not None else "strictement positif"
        raise SimulationError(f"{label} invalide : {value!r}. Il doit être {bound}.")


def lower_bound(
    items: Sequence[PlacementItem],
    host_cpu: float,
    host_ram_gib: float,
    *,
    target: float = 0.8,
    cpu_overcommit: float = 1.0,
    ram_overcommit: float = 1.0,
) -> int:
    """``max(⌈Σ cpu / C⌉, ⌈Σ ram / R⌉)`` with C, R the effective capacity of one host.

    Examples:
        >>> lower_bound([PlacementItem("a", 5, 1), PlacementItem("b", 5, 1)], 8, 100, target=1)
        2
    """
    cpu_cap = host_cpu * cpu_overcommit * target
    ram_cap = host_ram_gib * ram_overcommit * target
    total_cpu = math.fsum(i.cpu for i in items)
    total_ram = math.fsum(i.ram_gib for i in items)
    bound = 0
    for total, cap in ((total_cpu, cpu_cap), (total_ram, ram_cap)):
        if total > 0:
            bound = max(bound, math.ceil(total / cap - _EPS) if cap > 0 else len(items))
    return bound


class _MaxTree:
    """Segment tree of the hosts' remaining (cpu, ram); finds the leftmost host that fits."""

    def __init__(self, cpu: list[float], ram: list[float]) -> None:
        size = 1
        while size < len(cpu):
            size *= 2
        self.size = size
        self.cpu = [-1.0] * (2 * size)
        self.ram = [-1.0] * (2 * size)
        self.cpu[size : size + len(cpu)] = cpu
        self.ram[size : size + len(ram)] = ram
        for node in range(size - 1, 0, -1):
            self.cpu[node] = max(self.cpu[2 * node], self.cpu[2 * node + 1])
            self.ram[node] = max(self.ram[2 * node], self.ram[2 * node + 1])

    def set(self, index: int, cpu: float, ram: float) -> None:
        node = index + self.size
        tcpu, tram = self.cpu, self.ram
        tcpu[node] = cpu
        tram[node] = ram
        node //= 2
        while node:
            left, right = 2 * node, 2 * node + 1
            c = tcpu[left] if tcpu[left] > tcpu[right] else tcpu[right]
            r = tram[left] if tram[left] > tram[right] else tram[right]
            if tcpu[node] == c and tram[node] == r:
                break
            tcpu[node] = c
            tram[node] = r
            node //= 2

    def leftmost(self, cpu: float, ram: float) -> int:
        """Index of the leftmost leaf with cpu ≥ ``cpu`` and ram ≥ ``ram``, or -1.

        Descends left first; a node is entered only if both maxima allow it, and a dead end
        (the two maxima came from different leaves) backtracks to the next right sibling.
        """
        tcpu, tram, size = self.cpu, self.ram, self.size
        if tcpu[1] < cpu or tram[1] < ram:
            return -1
        node = 1
        while True:
            if node >= size:
                return node - size
            child = 2 * node
            if tcpu[child] >= cpu and tram[child] >= ram:
                node = child
                continue
            child += 1
            if tcpu[child] >= cpu and tram[child] >= ram:
                node = child
                continue
            # Dead end: climb to the nearest left child whose right sibling may fit.
            while True:
                if node == 1:
                    return -1
                if node % 2 == 0 and tcpu[node + 1] >= cpu and tram[node + 1] >= ram:
                    node += 1
                    break
                node //= 2


class _Buckets:
    """Hosts in use, grouped by remaining CPU into equal buckets.

    Best fit wants the host that fits with the least room left, ``key = cpu / C + ram / R``;
    worst fit the one with the most. Each bucket keeps its hosts sorted twice: by remaining RAM
    and by key. In a bucket whose hosts all have enough CPU, the first host in key order with
    enough RAM is the bucket's best; the bucket holding the item's CPU is walked in RAM order.
    Buckets are visited from the item's CPU upwards (best fit) or from the top down (worst
    fit), and the walk stops as soon as a bound shows that nothing better can follow. Ties go
    to the lowest host index.
    """

    def __init__(self, norm_cpu: float, norm_ram: float, count: int = 64) -> None:
        self.count = count
        self.width = norm_cpu / count
        self.inv_cpu = 1.0 / norm_cpu
        self.inv_ram = 1.0 / norm_ram
        self.by_ram: list[list[tuple[float, int]]] = [[] for _ in range(count)]
        self.by_key: list[list[tuple[float, int]]] = [[] for _ in range(count)]
        self.where: dict[int, tuple[int, float, float]] = {}

    def _bucket(self, cpu: float) -> int:
        bucket = int(cpu / self.width) if cpu > 0 else 0
        return bucket if bucket < self.count else self.count - 1

    def add(self, index: int, cpu: float, ram: float) -> None:
        bucket = self._bucket(cpu)
        key = cpu * self.inv_cpu + ram * self.inv_ram
        bisect.insort(self.by_ram[bucket], (ram, index))
        bisect.insort(self.by_key[bucket], (key, index))
        self.where[index] = (bucket, ram, key)

    def remove(self, index: int) -> None:
        found = self.where.pop(index, None)
        if found is not None:
            bucket, ram, key = found
            entries = self.by_ram[bucket]
            del entries[bisect.bisect_left(entries, (ram, index))]
            entries = self.by_key[bucket]
            del entries[bisect.bisect_left(entries, (key, index))]

    def find(self, cpu: float, ram: float, rem_cpu: list[float], best: bool) -> int:
        """Index of the best (or worst) host in use with ≥ ``cpu`` and ≥ ``ram`` left, or -1."""
        if best:
            return self._best(cpu, ram, rem_cpu)
        return self._worst(cpu, ram, rem_cpu)

    def _best(self, cpu: float, ram: float, rem_cpu: list[float]) -> int:
        inv_cpu, inv_ram, width, where = self.inv_cpu, self.inv_ram, self.width, self.where
        chosen_key, chosen = math.inf, -1
        first = self._bucket(cpu)
        ram_part = ram * inv_ram
        # The bucket holding the item's CPU: some hosts lack CPU; walk it by RAM.
        entries = self.by_ram[first]
        base = cpu * inv_cpu
        for position in range(bisect.bisect_left(entries, (ram, -1)), len(entries)):
            room_ram, index = entries[position]
            if base + room_ram * inv_ram > chosen_key:
                break
            if rem_cpu[index] >= cpu:
                key = where[index][2]
                if key < chosen_key or (key == chosen_key and index < chosen):
                    chosen_key, chosen = key, index
        # Buckets above: every host has enough CPU; the first in key order with RAM wins.
        for bucket in range(first + 1, self.count):
            lowest = bucket * width * inv_cpu + ram_part
            if lowest > chosen_key:
                break
            entries = self.by_key[bucket]
            for position in range(bisect.bisect_left(entries, (lowest, -1)), len(entries)):
                key, index = entries[position]
                if key > chosen_key:
                    break
                if where[index][1] >= ram and rem_cpu[index] >= cpu:
                    if key < chosen_key or index < chosen:
                        chosen_key, chosen = key, index
                    break
        return chosen

    def _worst(self, cpu: float, ram: float, rem_cpu: list[float]) -> int:
        where = self.where
        chosen_key, chosen = -math.inf, -1
        first = self._bucket(cpu)
        for bucket in range(self.count - 1, first - 1, -1):
            entries = self.by_key[bucket]
            for position in range(len(entries) - 1, -1, -1):
                key, index = entries[position]
                if key < chosen_key:
                    break
                fits = where[index][1] >= ram and rem_cpu[index] >= cpu
                if fits and (key > chosen_key or index < chosen):
                    chosen_key, chosen = key, index
        return chosen


def _too_big_reason(
    item: PlacementItem,
    raw: HostCapacity,
    target: float,
    cpu_overcommit: float,
    ram_overcommit: float,
) -> str:
    parts = []
    for label, need, have, ratio, unit in (
        ("de CPU", item.cpu, raw.cpu, cpu_overcommit, "cœurs"),
        ("de RAM", item.ram_gib, raw.ram_gib, ram_overcommit, "Gio"),
    ):
        effective = have * ratio * target
        if need > effective + _EPS:
            factors = f"{_fr(have)} {unit} × {_fr(target)}"
            if ratio != 1:
                factors += f" × {_fr(ratio)} (surengagement)"
            parts.append(
                f"demande {_fr(need)} {unit} {label} ; un hôte en offre au plus "
                f"{factors} = {_fr(effective)} {unit}"
            )
    return " ; ".join(parts)


def place(
    items: Sequence[PlacementItem],
    *,
    host_cpu: float | None = None,
    host_ram_gib: float | None = None,
    hosts: Sequence[HostCapacity] | None = None,
    algorithm: str = "ffd",
    target: float = 0.8,
    cpu_overcommit: float = 1.0,
    ram_overcommit: float = 1.0,
    spare_hosts: int = 0,
    max_hosts: int | None = None,
    strict: bool = True,
) -> PlacementResult:
    """Place VMs on hosts with a bin-packing heuristic, over CPU and RAM.

    Give either equal hosts (``host_cpu`` and ``host_ram_gib``, as many as needed, or at most
    ``max_hosts``) or a fixed list ``hosts``.

    Args:
        items: what each VM asks (names must be unique).
        host_cpu: cores of each host (equal hosts).
        host_ram_gib: GiB of each host (equal hosts).
        hosts: a fixed list of hosts instead of equal ones.
        algorithm: ``"ff"``, ``"bf"``, ``"wf"``, ``"ffd"`` or ``"bfd"``.
        target: target utilisation, in (0, 1] (0.8 keeps 20 % headroom).
        cpu_overcommit: how many reserved cores one physical core may carry (e.g. 4 for 4 vCPU
            per core).
        ram_overcommit: the same for memory (1 = no overcommit).
        spare_hosts: empty hosts kept in reserve for failures (N+1: 1). With a fixed list, the
            last ``spare_hosts`` hosts are kept empty.
        max_hosts: with equal hosts, the most hosts available (spares included); the VMs that do
            not fit are reported in ``unplaced``.
        strict: if True, a VM that fits on no empty host raises `PlacementError`; if
            False it is reported in ``unplaced`` with the reason.

    Returns:
        The placement.

    Raises:
        PlacementError: with ``strict``, a VM larger than any host (French message naming the
            VM, what it asks and what a host offers).
        SimulationError: invalid arguments (unknown algorithm, target outside (0, 1], duplicate
            VM names…).
    """
    if algorithm not in ALGORITHMS:
        raise SimulationError(
            f"Algorithme de placement inconnu : « {algorithm} ». Choisissez parmi "
            f"{', '.join(ALGORITHMS)}."
        )
    _check_ratio("Objectif d'utilisation", target, 1.0)
    _check_ratio("Taux de surengagement CPU", cpu_overcommit, None)
    _check_ratio("Taux de surengagement RAM", ram_overcommit, None)
    if not isinstance(spare_hosts, int) or spare_hosts < 0:
        raise SimulationError(
            f"Nombre d'hôtes de réserve invalide : {spare_hosts!r}. Donnez un entier ≥ 0."
        )
    seen: set[str] = set()
    for item in items:
        if item.name in seen:
            raise SimulationError(
                f"Deux VM portent le nom « {item.name} » : chaque VM doit avoir un nom unique."
            )
        seen.add(item.name)

    if hosts is None:
        if host_cpu is None or host_ram_gib is None:
            raise SimulationError(
                "Précisez la taille des hôtes (host_cpu et host_ram_gib) ou une liste d'hôtes."
            )
        raw_template = HostCapacity(float(host_cpu), float(host_ram_gib))
        if not (host_cpu > 0 and host_ram_gib > 0):
            raise SimulationError(
                f"Taille d'hôte invalide ({host_cpu!r} cœurs, {host_ram_gib!r} Gio) : "
                "donnez des nombres strictement positifs."
            )
        if max_hosts is not None and max_hosts < spare_hosts:
            raise SimulationError(
                f"max_hosts ({max_hosts!r}) est inférieur au nombre d'hôtes de réserve "
                f"({spare_hosts})."
            )
        count = len(items) if max_hosts is None else min(len(items), max_hosts - spare_hosts)
        raws = [raw_template] * count
        fixed = False
    else:
        if spare_hosts > len(hosts):
            raise SimulationError(
                f"{spare_hosts} hôte(s) de réserve demandé(s) pour {len(hosts)} hôte(s)."
            )
        raws = list(hosts[: len(hosts) - spare_hosts])
        raw_template = HostCapacity(
            max((h.cpu for h in raws), default=0.0), max((h.ram_gib for h in raws), default=0.0)
        )
        fixed = True

    cap_cpu = [h.cpu * cpu_overcommit * target for h in raws]
    cap_ram = [h.ram_gib * ram_overcommit * target for h in raws]
    norm_cpu = max([*cap_cpu, raw_template.cpu * cpu_overcommit * target, _EPS])
    norm_ram = max([*cap_ram, raw_template.ram_gib * ram_overcommit * target, _EPS])

    order = list(range(len(items)))
    if algorithm in ("ffd", "bfd"):
        order.sort(
            key=lambda i: (
                -(items[i].cpu / norm_cpu + items[i].ram_gib / norm_ram),
                -max(items[i].cpu / norm_cpu, items[i].ram_gib / norm_ram),
                i,
            )
        )

    rem_cpu = list(cap_cpu)
    rem_ram = list(cap_ram)
    first = algorithm in ("ff", "ffd")
    best = algorithm in ("bf", "bfd")
    # First fit searches a segment tree of every host; best/worst fit the buckets of hosts in use.
    tree = _MaxTree(list(cap_cpu), list(cap_ram)) if first else None
    buckets = None if first else _Buckets(norm_cpu, norm_ram)
    opened = [False] * len(raws)
    next_new = 0
    placement: dict[str, int] = {}
    reasons: dict[str, str] = {}
    # Smallest demand still to come, per dimension: a host with less room than that is full for
    # good and leaves the search structures (keeps the searches short).
    suffix_cpu = [math.inf] * (len(order) + 1)
    suffix_ram = [math.inf] * (len(order) + 1)
    for rank in range(len(order) - 1, -1, -1):
        item = items[order[rank]]
        suffix_cpu[rank] = min(suffix_cpu[rank + 1], item.cpu)
        suffix_ram[rank] = min(suffix_ram[rank + 1], item.ram_gib)

    def fits_empty(index: int, item: PlacementItem) -> bool:
        return cap_cpu[index] + _EPS >= item.cpu and cap_ram[index] + _EPS >= item.ram_gib

    def fits_template(item: PlacementItem) -> bool:
        return (
            raw_template.cpu * cpu_overcommit * target + _EPS >= item.cpu
            and raw_template.ram_gib * ram_overcommit * target + _EPS >= item.ram_gib
        )

    too_big: set[str] = set()
    for rank, position in enumerate(order):
        item = items[position]
        need_cpu, need_ram = item.cpu - _EPS, item.ram_gib - _EPS
        index = -1
        if fits_template(item):
            if tree is not None:
                index = tree.leftmost(need_cpu, need_ram)
            elif buckets is not None:
                index = buckets.find(need_cpu, need_ram, rem_cpu, best)
            if index < 0:
                if fixed:
                    index = next(
                        (i for i in range(len(raws)) if not opened[i] and fits_empty(i, item)), -1
                    )
                elif next_new < len(raws):
                    index = next_new
        if index < 0:
            if not fits_template(item) or (
                fixed and not any(fits_empty(i, item) for i in range(len(raws)))
            ):
                why = _too_big_reason(item, raw_template, target, cpu_overcommit, ram_overcommit)
                why = why or "aucun hôte n'a à la fois assez de CPU et de RAM pour elle"
                if strict:
                    raise PlacementError(
                        f"La VM « {item.name} » {why}. Réduisez sa taille, choisissez des hôtes "
                        "plus grands, ou relevez l'objectif d'utilisation ou le surengagement.",
                        vm=item.name,
                        reason=why,
                    )
                too_big.add(item.name)
                reasons[item.name] = f"trop grande : {why}"
            else:
                reasons[item.name] = "plus de place sur les hôtes disponibles"
            continue
        if opened[index]:
            if buckets is not None:
                buckets.remove(index)
        else:
            opened[index] = True
            if not fixed:
                next_new = max(next_new, index + 1)
        rem_cpu[index] -= item.cpu
        rem_ram[index] -= item.ram_gib
        placement[item.name] = index
        full = (
            rem_cpu[index] < suffix_cpu[rank + 1] - _EPS
            or rem_ram[index] < suffix_ram[rank + 1] - _EPS
        )
        if tree is not None:
            tree.set(index, -1.0 if full else rem_cpu[index], -1.0 if full else rem_ram[index])
        elif buckets is not None and not full:
            buckets.add(index, rem_cpu[index], rem_ram[index])

    if fixed:
        names = tuple(h.name for h in hosts or ())
    else:
        names = ()
        cap_cpu = cap_cpu[:next_new]
        cap_ram = cap_ram[:next_new]
    bound = lower_bound(
        [i for i in items if i.name not in too_big],
        raw_template.cpu,
        raw_template.ram_gib,
        target=target,
        cpu_overcommit=cpu_overcommit,
        ram_overcommit=ram_overcommit,
    )
    used_count = len(cap_cpu) if not fixed else len(raws)
    cpu_used = tuple(cap_cpu[i] - rem_cpu[i] for i in range(used_count))
    ram_used = tuple(cap_ram[i] - rem_ram[i] for i in range(used_count))
    return PlacementResult(
        algorithm=algorithm,
        placement=placement,
        unplaced=tuple(i.name for i in items if i.name in reasons),
        reasons=reasons,
        hosts_active=sum(opened),
        spare_hosts=spare_hosts,
        lower_bound=bound + spare_hosts,
        host_cpu=tuple(cap_cpu),
        host_ram_gib=tuple(cap_ram),
        cpu_used=cpu_used,
        ram_used_gib=ram_used,
        host_names=names,
    )
