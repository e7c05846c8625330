"""Placement of VMs on hosts: two-dimensional bin packing over CPU and RAM.

Algorithms (``algorithm=``):

* ``"ff"`` first fit: the first host (in index order) where the VM fits;
* ``"bf"`` best fit: the host left with the least room (normalised CPU + RAM) once the VM is in;
* ``"wf"`` worst fit: the host left with the most room (spreads the load);
* ``"ffd"`` / ``"bfd"``: first / best fit *decreasing* — the VMs are sorted first, biggest
  first (by their dominant share ``max(cpu / host_cpu, ram / host_ram)``).

Best and worst fit choose among hosts already in use and start a new host only when none fits;
first fit takes the leftmost host that fits, used or not.

A host of ``cpu`` cores and ``ram_gib`` GiB offers ``cpu × cpu_overcommit × target`` cores and
``ram_gib × ram_overcommit × target`` GiB: the **target utilisation** (80 % by default, as the
course notes say) keeps headroom for peaks (see :mod:`hvlab.sim.contention` for why), and the
**overcommit** ratios let VMs reserve more than the hardware has. ``spare_hosts`` adds empty hosts
held in reserve (N+1: :func:`usable_capacity_fraction`).

The **lower bound** is ``max over dimensions of ⌈Σ demand / capacity⌉`` (REFERENCES.md); no
placement can use fewer hosts. FFD never uses more than 11/9·OPT + 6/9 hosts (Dósa 2007) in one
dimension.

Speed: first fit finds its host with a segment tree of the hosts' remaining capacities, best and
worst fit with a sorted list (``bisect``); 10,000 VMs take well under a second
(``benchmarks/placement.py``).

Example:
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
from hvlab.sim.display import MermaidDiagram, Table

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

    Example:
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

    Example:
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
        """Index of the leftmost leaf with cpu ≥ ``cpu`` and ram ≥ ``ram``, or -1."""
        tcpu, tram, size = self.cpu, self.ram, self.size
        if tcpu[1] < cpu or tram[1] < ram:
            return -1
        stack = [1]
        while stack:
            node = stack.pop()
            if tcpu[node] < cpu or tram[node] < ram:
                continue
            if node >= size:
                return node - size
            stack.append(2 * node + 1)
            stack.append(2 * node)
        return -1


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
                factors += f" × {_fr(ratio)} (surallocation)"
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
        strict: if True, a VM that fits on no empty host raises :class:`PlacementError`; if
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
    _check_ratio("Taux de surallocation CPU", cpu_overcommit, None)
    _check_ratio("Taux de surallocation RAM", ram_overcommit, None)
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
                -max(items[i].cpu / norm_cpu, items[i].ram_gib / norm_ram),
                -(items[i].cpu / norm_cpu + items[i].ram_gib / norm_ram),
                i,
            )
        )

    rem_cpu = list(cap_cpu)
    rem_ram = list(cap_ram)
    empty_tree_cpu = cap_cpu if algorithm in ("ff", "ffd") else [-1.0] * len(cap_cpu)
    empty_tree_ram = cap_ram if algorithm in ("ff", "ffd") else [-1.0] * len(cap_ram)
    tree = _MaxTree(list(empty_tree_cpu), list(empty_tree_ram))
    opened = [False] * len(raws)
    next_new = 0
    keys: list[tuple[float, int]] = []
    placement: dict[str, int] = {}
    reasons: dict[str, str] = {}
    best = algorithm in ("bf", "bfd")
    first = algorithm in ("ff", "ffd")

    def fits_empty(index: int, item: PlacementItem) -> bool:
        return cap_cpu[index] + _EPS >= item.cpu and cap_ram[index] + _EPS >= item.ram_gib

    def fits_template(item: PlacementItem) -> bool:
        return (
            raw_template.cpu * cpu_overcommit * target + _EPS >= item.cpu
            and raw_template.ram_gib * ram_overcommit * target + _EPS >= item.ram_gib
        )

    too_big: set[str] = set()
    for position in order:
        item = items[position]
        need_cpu, need_ram = item.cpu - _EPS, item.ram_gib - _EPS
        index = -1
        if fits_template(item):
            index = tree.leftmost(need_cpu, need_ram)
            if index >= 0 and not first:
                index = _choose(
                    keys, rem_cpu, rem_ram, need_cpu, need_ram, norm_cpu, norm_ram, best
                )
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
                        "plus grands, ou relevez l'objectif d'utilisation ou la surallocation.",
                        vm=item.name,
                        reason=why,
                    )
                too_big.add(item.name)
                reasons[item.name] = f"trop grande : {why}"
            else:
                reasons[item.name] = "plus de place sur les hôtes disponibles"
            continue
        if opened[index]:
            if not first:
                old_key = rem_cpu[index] / norm_cpu + rem_ram[index] / norm_ram
                del keys[bisect.bisect_left(keys, (old_key, index))]
        else:
            opened[index] = True
            if not fixed:
                next_new = max(next_new, index + 1)
        rem_cpu[index] -= item.cpu
        rem_ram[index] -= item.ram_gib
        tree.set(index, rem_cpu[index], rem_ram[index])
        if not first:
            bisect.insort(keys, (rem_cpu[index] / norm_cpu + rem_ram[index] / norm_ram, index))
        placement[item.name] = index

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


def _choose(
    keys: list[tuple[float, int]],
    rem_cpu: list[float],
    rem_ram: list[float],
    cpu: float,
    ram: float,
    norm_cpu: float,
    norm_ram: float,
    best: bool,
) -> int:
    """Best (least room left) or worst (most room left) host among those in use that fit."""
    if best:
        start = bisect.bisect_left(keys, (cpu / norm_cpu + ram / norm_ram - 4 * _EPS, -1))
        for position in range(start, len(keys)):
            index = keys[position][1]
            if rem_cpu[index] >= cpu and rem_ram[index] >= ram:
                return index
        return -1
    for position in range(len(keys) - 1, -1, -1):
        index = keys[position][1]
        if rem_cpu[index] >= cpu and rem_ram[index] >= ram:
            return index
    return -1
