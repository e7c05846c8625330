"""Memory overcommitment: one host under memory pressure, and how the hypervisor copes.

Two steps, as in VMware ESX(i) (chapter 9 of the course):

1. **Allocation** (`allocate_memory`): how much machine memory each VM gets. ESX divides memory
   by *shares per page* with the **idle memory tax** of Waldspurger (2002, §5.2): a VM with ``S``
   shares holding ``P`` pages of which a fraction ``f`` is active has the adjusted ratio

       ρ = S / (P · (f + k · (1 − f))),   k = 1 / (1 − τ)

   and memory is taken, page by page, from the VM of lowest ρ (*min-funding revocation*). With
   the default tax rate τ = 0.75, an idle page costs k = 4 active pages; with τ = 0 the split is
   plain proportional share. Reservations are always met, limits never exceeded.
2. **Reclamation** (`reclaim_memory`): each VM whose allocation is below its configured memory
   gives the difference back, by the techniques of ESXi in their order — page sharing (TPS,
   inside the VM only by default since 2014), ballooning (up to 65 % of the VM's configured
   memory, never its reservation), compression (pages that shrink to half, into a cache of at
   most 10 % of the VM's memory), then hypervisor swapping — with what each costs a memory
   access.

Assumptions of this teaching model (all parameters can be changed):

* every VM has touched all of its configured memory (guests fill memory with caches), so a VM
  allocated less than its configured size must have the rest reclaimed;
* the balloon takes idle pages first (the guest chooses); beyond its idle memory, the guest
  swaps active pages to its own disk;
* the hypervisor picks the pages it compresses or swaps blindly, so that share of the VM's
  memory is also the share of its memory accesses that land on them;
* a share ``compressible_fraction`` (0.5 by default, an assumption) of those pages compresses
  to half a page or less; the others are swapped.

Access latencies are the orders of magnitude of chapter 9 and of the lab: 100 ns in RAM, a few
µs (5 µs here) to decompress a page, about 100 µs to read a page from an SSD, about 10 ms from a
hard disk.

Examples:
    >>> round(adjusted_shares_per_page(2560, pages=256, active_fraction=0.25, tax_rate=0.75), 4)
    3.0769
    >>> vms = [MemoryVM("idle", 256, active_mib=16), MemoryVM("busy", 256, active_mib=256)]
    >>> [round(a.allocated_mib, 1) for a in allocate_memory(vms, 358, tax_rate=0.0).vms]
    [179.0, 179.0]
    >>> [round(a.allocated_mib, 1) for a in allocate_memory(vms, 358).vms]
    [102.0, 256.0]
"""

from __future__ import annotations

__all__ = [
    "ACCESS_NS",
    "DEFAULT_IDLE_TAX",
    "MemoryAllocation",
    "MemoryPressure",
    "MemoryVM",
    "ReclaimedVM",
    "VMAllocation",
    "adjusted_shares_per_page",
    "allocate_memory",
    "reclaim_memory",
]

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hvlab.errors import SimulationError
from hvlab.fr import number
from hvlab.sim.display.values import Table, VegaLiteChart

#: ESX's default idle memory tax rate, ``Mem.IdleTax`` (Waldspurger 2002, §5.2).
DEFAULT_IDLE_TAX = 0.75
#: Shares per MiB of configured memory for « normal » shares (low 5, high 20) on VMware.
NORMAL_SHARES_PER_MIB = 10
#: Most a balloon may take, as a share of the VM's configured memory: ESXi's ``Mem.CtlMaxPercent``,
#: 65 % by default (vSphere Resource Management guide, advanced memory attributes).
DEFAULT_BALLOON_MAX = 0.65
#: Largest compression cache, as a share of the VM's configured memory: ESXi's
#: ``Mem.MemZipMaxPct``, 10 % by default (vSphere Resource Management guide).
DEFAULT_COMPRESSION_CACHE = 0.10
#: Share of the pages to compress or swap that shrinks to half a page or less (assumption).
DEFAULT_COMPRESSIBLE = 0.5

#: Order of magnitude of one memory access, in ns, by where the page is (chapter 9, lab step 3).
ACCESS_NS: dict[str, float] = {
    "ram": 100.0,
    "compressed": 5_000.0,
    "ssd": 100_000.0,
    "hdd": 10_000_000.0,
}

#: The techniques in ESXi's order, cheapest first: (key, French label, who chooses the pages).
#: Page sharing between VMs (off by default on ESXi since 2014) is not modelled.
TECHNIQUES: tuple[tuple[str, str, str], ...] = (
    ("tps", "partage de pages (TPS)", "l'hyperviseur, pages identiques"),
    ("balloon", "ballon", "le système invité"),
    ("compression", "compression", "l'hyperviseur, à l'aveugle"),
    ("swap", "échange par l'hyperviseur", "l'hyperviseur, à l'aveugle"),
)

_EPS = 1e-9


def _mib(value: float) -> str:
    return f"{number(value, 1)} Mio"


@dataclass(frozen=True)
class MemoryVM:
    """One VM as the memory scheduler sees it (sizes in MiB).

    Attributes:
        name: the VM's name.
        configured_mib: memory configured (what the guest believes it has).
        active_mib: memory the guest actively touches (its working set), ≤ configured.
        reservation_mib: machine memory guaranteed to the VM (0 by default).
        limit_mib: most machine memory the VM may get; ``None`` means its configured memory.
        shares: the VM's memory shares; ``None`` means « normal », 10 per configured MiB.
        shareable_mib: memory that page sharing can collapse **inside** this VM (zero pages,
            duplicate pages of the same guest).
        balloon_driver: whether the guest tools (balloon driver) are installed.
    """

    name: str
    configured_mib: float
    active_mib: float = 0.0
    reservation_mib: float = 0.0
    limit_mib: float | None = None
    shares: float | None = None
    shareable_mib: float = 0.0
    balloon_driver: bool = True

    def __post_init__(self) -> None:
        who = f"VM « {self.name} »"
        for label, value in (
            ("mémoire configurée", self.configured_mib),
            ("mémoire active", self.active_mib),
            ("réservation", self.reservation_mib),
            ("mémoire partageable", self.shareable_mib),
        ):
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
                raise SimulationError(
                    f"{who} : {label} invalide ({value!r} Mio). Donnez une taille positive ou "
                    "nulle, en Mio."
                )
        if not self.configured_mib > 0:
            raise SimulationError(f"{who} : la mémoire configurée doit être positive (en Mio).")
        for label, value in (
            ("mémoire active", self.active_mib),
            ("réservation", self.reservation_mib),
            ("mémoire partageable", self.shareable_mib),
        ):
            if value > self.configured_mib + _EPS:
                raise SimulationError(
                    f"{who} : {label} ({_mib(value)}) supérieure à la mémoire configurée "
                    f"({_mib(self.configured_mib)}). Réduisez-la ou augmentez la mémoire "
                    "configurée."
                )
        if self.limit_mib is not None and not (
            math.isfinite(self.limit_mib) and self.limit_mib >= self.reservation_mib
        ):
            raise SimulationError(
                f"{who} : limite invalide ({self.limit_mib!r} Mio). Elle doit être au moins "
                f"égale à la réservation ({_mib(self.reservation_mib)})."
            )
        if self.shares is not None and not (math.isfinite(self.shares) and self.shares > 0):
            raise SimulationError(
                f"{who} : nombre de parts invalide ({self.shares!r}). Il doit être positif "
                "(parts normales : 10 par Mio configuré)."
            )

    @property
    def ceiling_mib(self) -> float:
        """Most machine memory the VM can get: its configured memory, or its limit if lower."""
        if self.limit_mib is None:
            return self.configured_mib
        return min(self.configured_mib, self.limit_mib)

    @property
    def effective_shares(self) -> float:
        """Its shares, « normal » (10 per configured MiB) when not set."""
        if self.shares is None:
            return NORMAL_SHARES_PER_MIB * self.configured_mib
        return self.shares


def _check_tax(tax_rate: float) -> None:
    if not (isinstance(tax_rate, (int, float)) and 0 <= tax_rate < 1):
        raise SimulationError(
            f"Taux de taxe sur la mémoire inactive invalide : {tax_rate!r}. Il doit être compris "
            "entre 0 (parts seules) et 1 exclu ; ESX utilise 0,75 par défaut."
        )


def adjusted_shares_per_page(
    shares: float, pages: float, active_fraction: float, tax_rate: float = DEFAULT_IDLE_TAX
) -> float:
    """Waldspurger's adjusted shares-per-page ratio ρ = S / (P · (f + k · (1 − f))).

    Args:
        shares: S, the VM's shares (> 0).
        pages: P, the pages (or MiB) it holds (> 0).
        active_fraction: f, the share of them it actively uses, in [0, 1].
        tax_rate: τ in [0, 1); the idle page cost is k = 1 / (1 − τ).

    Raises:
        SimulationError: a value outside those ranges.
    """
    _check_tax(tax_rate)
    if not (shares > 0 and pages > 0 and 0 <= active_fraction <= 1):
        raise SimulationError(
            f"Rapport parts/page impossible : {shares!r} parts, {pages!r} pages, fraction "
            f"active {active_fraction!r}. Il faut des parts et des pages positives et une "
            "fraction active entre 0 et 1."
        )
    k = 1.0 / (1.0 - tax_rate)
    return shares / (pages * (active_fraction + k * (1.0 - active_fraction)))


@dataclass(frozen=True)
class VMAllocation:
    """What one VM gets from the memory scheduler (MiB).

    Attributes:
        vm: the VM.
        allocated_mib: machine memory allocated to it (its target).
        shares_per_page: its adjusted ρ at that allocation (``inf`` if it got nothing).
    """

    vm: MemoryVM
    allocated_mib: float
    shares_per_page: float

    @property
    def to_reclaim_mib(self) -> float:
        """Configured memory the VM believes it has but is not backed: what must be reclaimed."""
        return max(0.0, self.vm.configured_mib - self.allocated_mib)


@dataclass(frozen=True)
class MemoryAllocation:
    """The memory scheduler's split of one host's memory between its VMs.

    Attributes:
        host_mib: machine memory available to the VMs.
        tax_rate: the idle memory tax rate τ used.
        vms: one `VMAllocation` per VM, in the order given.
    """

    host_mib: float
    tax_rate: float
    vms: tuple[VMAllocation, ...]

    @property
    def allocated_mib(self) -> float:
        """Machine memory allocated in all."""
        return sum(a.allocated_mib for a in self.vms)

    @property
    def overcommitment(self) -> float:
        """Configured memory of the VMs / host memory."""
        return sum(a.vm.configured_mib for a in self.vms) / self.host_mib

    def to_table(self) -> Table:
        """One row per VM (French columns, MiB)."""
        rows = tuple(
            (
                a.vm.name,
                round(a.vm.configured_mib, 1),
                round(a.vm.active_mib, 1),
                round(a.vm.effective_shares, 1),
                round(a.allocated_mib, 1),
                round(a.to_reclaim_mib, 1),
            )
            for a in self.vms
        )
        return Table(
            columns=(
                "VM",
                "configurée (Mio)",
                "active (Mio)",
                "parts",
                "allouée (Mio)",
                "à récupérer (Mio)",
            ),
            rows=rows,
            title=(
                f"Répartition de {_mib(self.host_mib)} entre {len(self.vms)} VM "
                f"(taxe sur la mémoire inactive : {number(100 * self.tax_rate, 0)} %)"
            ),
        )


def _pages_at_level(vm: MemoryVM, level: float, k: float) -> float:
    """Most pages ``vm`` keeps while its ρ stays ≥ 1/level: cost(P) ≤ S × level, clamped."""
    budget = vm.effective_shares * level  # P · (f + k(1 − f)) may not exceed this
    active = min(vm.active_mib, vm.ceiling_mib)
    pages = budget if budget <= active else active + (budget - active) / k
    return min(max(pages, vm.reservation_mib), vm.ceiling_mib)


def allocate_memory(
    vms: Sequence[MemoryVM], host_mib: float, *, tax_rate: float = DEFAULT_IDLE_TAX
) -> MemoryAllocation:
    """Split ``host_mib`` of machine memory between ``vms`` as ESX does (Waldspurger 2002, §5).

    The result is the balance of min-funding revocation: memory is taken from the VM of lowest
    adjusted shares-per-page ratio ρ until the VMs fit, so at the balance every VM that is
    neither at its reservation nor at its ceiling (configured memory or limit) has the same ρ.
    A VM holding ``P`` MiB of which ``A`` are active is charged ``P`` when ``P ≤ A`` (all its
    pages are active) and ``A + k · (P − A)`` above. When everything fits, each VM gets its
    ceiling and nothing is reclaimed.

    Args:
        vms: the VMs of the host (distinct names).
        host_mib: machine memory available to the VMs, in MiB (> 0).
        tax_rate: the idle memory tax rate τ, in [0, 1) (0.75 by default, as ESX).

    Returns:
        The allocation of each VM.

    Raises:
        SimulationError: no VM, duplicate names, a non-positive host, a bad tax rate, or
            reservations larger than the host (admission control would refuse).
    """
    _check_tax(tax_rate)
    if not vms:
        raise SimulationError("Aucune VM : donnez au moins une VM à l'hôte.")
    names = [vm.name for vm in vms]
    if len(set(names)) != len(names):
        raise SimulationError(f"Noms de VM en double : {', '.join(sorted(names))}.")
    if not (isinstance(host_mib, (int, float)) and math.isfinite(host_mib) and host_mib > 0):
        raise SimulationError(
            f"Mémoire de l'hôte invalide : {host_mib!r} Mio. Donnez une taille positive, en Mio."
        )
    reserved = sum(vm.reservation_mib for vm in vms)
    if reserved > host_mib + _EPS:
        raise SimulationError(
            f"Les réservations des VM ({_mib(reserved)}) dépassent la mémoire de l'hôte "
            f"({_mib(host_mib)}) : le contrôle d'admission refuserait de démarrer ces VM. "
            "Réduisez les réservations."
        )
    k = 1.0 / (1.0 - tax_rate)
    if sum(vm.ceiling_mib for vm in vms) <= host_mib:
        pages = [vm.ceiling_mib for vm in vms]
    else:
        # The kept pages grow with the level: bisect the level at which they fill the host.
        low, high = 0.0, 1.0
        while sum(_pages_at_level(vm, high, k) for vm in vms) < host_mib:
            high *= 2.0
        for _ in range(200):
            middle = (low + high) / 2.0
            if sum(_pages_at_level(vm, middle, k) for vm in vms) < host_mib:
                low = middle
            else:
                high = middle
        pages = [_pages_at_level(vm, low, k) for vm in vms]
        # Hand the rounding residue to the VMs that can still grow, in order.
        spare = host_mib - sum(pages)
        for i, vm in enumerate(vms):
            extra = min(max(spare, 0.0), vm.ceiling_mib - pages[i])
            pages[i] += extra
            spare -= extra
    allocations = []
    for vm, p in zip(vms, pages, strict=True):
        if p <= 0:
            ratio = math.inf
        else:
            active_fraction = min(vm.active_mib, p) / p
            ratio = adjusted_shares_per_page(vm.effective_shares, p, active_fraction, tax_rate)
        allocations.append(VMAllocation(vm=vm, allocated_mib=p, shares_per_page=ratio))
    return MemoryAllocation(host_mib=host_mib, tax_rate=tax_rate, vms=tuple(allocations))


@dataclass(frozen=True)
class ReclaimedVM:
    """What was reclaimed from one VM, by technique (MiB of machine memory freed).

    Attributes:
        allocation: the VM and its allocation.
        tps_mib: freed by page sharing inside the VM.
        balloon_mib: freed by the balloon (taken by the guest).
        guest_swapped_mib: part of the balloon the guest found only by swapping active pages.
        compressed_mib: guest memory held compressed (it frees half as much).
        compression_freed_mib: freed by compression (``compressed_mib`` minus the cache).
        swapped_mib: written to the VM's swap file by the hypervisor.
        mean_access_ns: estimated mean memory access time of the VM afterwards.
    """

    allocation: VMAllocation
    tps_mib: float
    balloon_mib: float
    guest_swapped_mib: float
    compressed_mib: float
    compression_freed_mib: float
    swapped_mib: float
    mean_access_ns: float

    @property
    def slowdown(self) -> float:
        """Mean access time / a RAM access (1 when nothing costly was reclaimed)."""
        return self.mean_access_ns / ACCESS_NS["ram"]

    def freed_by(self) -> dict[str, float]:
        """MiB freed by each technique, keyed ``tps``, ``balloon``, ``compression``, ``swap``."""
        return {
            "tps": self.tps_mib,
            "balloon": self.balloon_mib,
            "compression": self.compression_freed_mib,
            "swap": self.swapped_mib,
        }


@dataclass(frozen=True)
class MemoryPressure:
    """One host under memory pressure: the allocation, then what each technique reclaimed.

    Attributes:
        allocation: the memory scheduler's split.
        vms: one `ReclaimedVM` per VM, in the order given.
        swap_on: ``"ssd"`` or ``"hdd"``: where the swap files are.
    """

    allocation: MemoryAllocation
    vms: tuple[ReclaimedVM, ...]
    swap_on: str

    def totals(self) -> dict[str, float]:
        """MiB freed on the whole host by each technique (``tps``, ``balloon``, ``compression``,
        ``swap``), in ESXi's order."""
        return {key: sum(r.freed_by()[key] for r in self.vms) for key, _, _ in TECHNIQUES}

    def by_name(self, name: str) -> ReclaimedVM:
        """The result of the VM called ``name``."""
        for r in self.vms:
            if r.allocation.vm.name == name:
                return r
        raise SimulationError(
            f"VM « {name} » inconnue : choisissez parmi "
            f"{', '.join(r.allocation.vm.name for r in self.vms)}."
        )

    def to_table(self) -> Table:
        """One row per technique, in ESXi's order: MiB freed, who chooses, access cost (French)."""
        latency = {
            "tps": "≈ 100 ns (page en mémoire ; copie à la première écriture)",
            "balloon": "≈ 100 ns si l'invité rend des pages inactives ; sinon son propre échange",
            "compression": "quelques µs (≈ 5 µs) par page relue",
            "swap": "≈ 100 µs par page relue sur SSD, ≈ 10 ms sur disque dur",
        }
        totals = self.totals()
        rows = tuple(
            (rank, label, round(totals[key], 1), who, latency[key])
            for rank, (key, label, who) in enumerate(TECHNIQUES, start=1)
        )
        return Table(
            columns=(
                "rang",
                "technique",
                "récupéré (Mio)",
                "qui choisit les pages",
                "coût d'accès",
            ),
            rows=rows,
            title=(
                f"Récupération de {_mib(sum(totals.values()))} sur un hôte de "
                f"{_mib(self.allocation.host_mib)} (échange sur "
                f"{'SSD' if self.swap_on == 'ssd' else 'disque dur'})"
            ),
        )

    def vm_table(self) -> Table:
        """One row per VM: MiB freed by each technique and the estimated slowdown (French)."""
        rows = tuple(
            (
                r.allocation.vm.name,
                round(r.allocation.allocated_mib, 1),
                round(r.tps_mib, 1),
                round(r.balloon_mib, 1),
                round(r.compression_freed_mib, 1),
                round(r.swapped_mib, 1),
                round(r.slowdown, 2),
            )
            for r in self.vms
        )
        return Table(
            columns=(
                "VM",
                "allouée (Mio)",
                "partage (Mio)",
                "ballon (Mio)",
                "compression (Mio)",
                "échange (Mio)",
                "ralentissement",
            ),
            rows=rows,
            title="Ce que chaque VM rend, et ce qu'elle y perd",
        )

    def to_chart(self) -> VegaLiteChart:
        """A stacked bar per VM: MiB freed by each technique (French labels)."""
        labels = {key: label for key, label, _ in TECHNIQUES}
        values = [
            {"VM": r.allocation.vm.name, "technique": labels[key], "Mio": round(mib, 3)}
            for r in self.vms
            for key, mib in r.freed_by().items()
        ]
        return VegaLiteChart(
            {
                "title": "Mémoire récupérée par technique",
                "data": {"values": values},
                "mark": "bar",
                "encoding": {
                    "x": {"field": "VM", "type": "nominal"},
                    "y": {"field": "Mio", "type": "quantitative", "title": "récupéré (Mio)"},
                    "color": {
                        "field": "technique",
                        "type": "nominal",
                        "sort": [label for _, label, _ in TECHNIQUES],
                    },
                },
            }
        )


def _check_share(label: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and 0 <= value <= 1):
        raise SimulationError(f"{label} invalide : {value!r}. Donnez une fraction entre 0 et 1.")


def reclaim_memory(
    vms: Sequence[MemoryVM],
    host_mib: float,
    *,
    tax_rate: float = DEFAULT_IDLE_TAX,
    tps: bool = True,
    balloon_max: float = DEFAULT_BALLOON_MAX,
    compression_cache: float = DEFAULT_COMPRESSION_CACHE,
    compressible_fraction: float = DEFAULT_COMPRESSIBLE,
    swap_on: str = "ssd",
) -> MemoryPressure:
    """Allocate ``host_mib`` between ``vms``, then reclaim from each VM what it must give back.

    For each VM, the memory to reclaim (configured − allocated) is taken in ESXi's order:

    1. page sharing inside the VM, up to its ``shareable_mib`` (if ``tps``);
    2. the balloon, up to ``balloon_max`` × configured (never the reservation), if the VM has the
       driver; beyond its idle memory (configured − active), the guest swaps active pages;
    3. what is left goes to compression or swap page by page: a share ``compressible_fraction``
       of the pages is compressed to half (freeing half a page each) while the compression
       cache stays under ``compression_cache`` × configured; the other pages are swapped.

    The VM's mean access time counts a RAM access for the pages in memory, 5 µs for its
    compressed pages and a disk read for its swapped pages (each as a share of its configured
    memory: the hypervisor chooses blindly), and a disk read for the active pages the guest
    swapped (as a share of its active memory).

    Args:
        vms: the VMs of the host.
        host_mib: machine memory available to the VMs, in MiB.
        tax_rate: the idle memory tax rate τ.
        tps: whether page sharing runs (inside each VM only, ESXi's default since 2014).
        balloon_max: most a balloon takes, as a share of the VM's configured memory.
        compression_cache: largest compression cache, as a share of the VM's memory.
        compressible_fraction: share of pages that compress to half a page or less.
        swap_on: ``"ssd"`` or ``"hdd"``, where the swap files are.

    Raises:
        SimulationError: bad input (see `allocate_memory`), a share outside [0, 1] or an unknown
            ``swap_on``.
    """
    _check_share("Part maximale du ballon", balloon_max)
    _check_share("Taille du cache de compression", compression_cache)
    _check_share("Part des pages compressibles", compressible_fraction)
    if swap_on not in ("ssd", "hdd"):
        raise SimulationError(
            f"Support d'échange inconnu : {swap_on!r}. Choisissez « ssd » ou « hdd »."
        )
    allocation = allocate_memory(vms, host_mib, tax_rate=tax_rate)
    disk_ns = ACCESS_NS[swap_on]
    results = []
    for a in allocation.vms:
        vm = a.vm
        left = a.to_reclaim_mib
        shared = min(left, vm.shareable_mib) if tps else 0.0
        left -= shared
        balloon_cap = min(balloon_max * vm.configured_mib, vm.configured_mib - vm.reservation_mib)
        ballooned = min(left, balloon_cap) if vm.balloon_driver else 0.0
        left -= ballooned
        idle = vm.configured_mib - vm.active_mib
        guest_swapped = max(0.0, ballooned - idle)
        # Page by page: a share q is compressed (frees 1/2), the rest swapped (frees 1).
        q = compressible_fraction
        cache_cap = compression_cache * vm.configured_mib
        processed = left / (1.0 - q / 2.0)
        compressed = q * processed
        if compressed / 2.0 > cache_cap:
            compressed = 2.0 * cache_cap
        compression_freed = compressed / 2.0
        swapped = max(0.0, left - compression_freed)
        p_compressed = compressed / vm.configured_mib
        p_swapped = swapped / vm.configured_mib
        p_guest = guest_swapped / vm.active_mib if vm.active_mib > 0 else 0.0
        p_ram = max(0.0, 1.0 - p_compressed - p_swapped - p_guest)
        mean_ns = (
            p_ram * ACCESS_NS["ram"]
            + p_compressed * ACCESS_NS["compressed"]
            + (p_swapped + p_guest) * disk_ns
        )
        results.append(
            ReclaimedVM(
                allocation=a,
                tps_mib=shared,
                balloon_mib=ballooned,
                guest_swapped_mib=guest_swapped,
                compressed_mib=compressed,
                compression_freed_mib=compression_freed,
                swapped_mib=swapped,
                mean_access_ns=mean_ns,
            )
        )
    return MemoryPressure(allocation=allocation, vms=tuple(results), swap_on=swap_on)
