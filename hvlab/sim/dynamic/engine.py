"""Time-stepped simulation of a virtualised datacentre over CPU traces, CloudSim-style.

Every ``interval_s`` (300 s by default, any step allowed) the engine updates every host — each VM
asks for ``utilisation(t) × its MIPS``, the host shares its MIPS among them — charges the energy
of the interval, then asks a *policy* which VMs to live-migrate. A migration takes
``RAM / (bandwidth / 2)`` (CloudSim's rule) and completes at its own instant, when every host is
updated again. Policies live in :mod:`hvlab.sim.dynamic`.

The semantics are those of CloudSim 3.0.3's ``PowerDatacenter`` and ``PowerHost`` (see the French
page *Parité avec CloudSim* of the guide for each choice and why):

* the first update happens at ``interval + 0.1`` s (CloudSim's minimum time between events delays
  the submission of the workload by 0.1 s); later updates every ``interval_s``; nothing at or
  after the end of the traces;
* a VM's demand between two samples is linearly interpolated (``UtilizationModelPlanetLab``);
* a host gives each VM its demand, capped at one core's MIPS; when the sum exceeds the host,
  everyone is scaled down proportionally and rounded down
  (``VmSchedulerTimeSharedOverSubscription``);
* during a migration the VM gets 90 % of its demand on the source, and the target reserves 10 %;
* the energy of an interval is the trapezoid between the host's power at its previous and current
  utilisation, and zero when the previous utilisation was zero (the host was off);
* a VM whose demand is exactly zero at an update is considered finished and removed (CloudSim's
  ``getCompletedVms``).

The state is kept in flat lists indexed by host and VM number for speed: the engine is pure
Python and simulates 800 hosts and 1052 VMs over a day in a few seconds.
"""

from __future__ import annotations

__all__ = [
    "MAX_HOSTS",
    "MAX_SAMPLES",
    "MAX_VMS",
    "DatacenterState",
    "DynamicScenario",
    "Policy",
    "SimulationOutcome",
    "VmType",
    "run_simulation",
]

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from hvlab.errors import SimulationError
from hvlab.fr import number
from hvlab.sim.core.hardware import ServerModel
from hvlab.sim.core.power import power_table, spec_power_w

#: CloudSim's ``CloudSim.getMinTimeBetweenEvents()``: the workload starts 0.1 s late.
CLOUDSIM_START_OFFSET_S = 0.1
#: Length of a VM's CPU history (``PowerVm.HISTORY_LENGTH``).
HISTORY_LENGTH = 30
#: Sizes the engine refuses beyond (a run of that size already takes hours): hosts, VMs, and
#: samples per trace (10,000 samples of 300 s are about 35 days).
MAX_HOSTS = 100_000
MAX_VMS = 100_000
MAX_SAMPLES = 10_000


@dataclass(frozen=True)
class VmType:
    """A VM model (one virtual core, as in the Beloglazov & Buyya experiments).

    Attributes:
        name: the model's name.
        mips: MIPS of its virtual core.
        ram_mb: memory, in MB (it sets the migration time).
        bandwidth_mbps: its share of the network, in Mbit/s.
    """

    name: str
    mips: float
    ram_mb: float
    bandwidth_mbps: float = 100.0

    def __post_init__(self) -> None:
        if self.mips <= 0 or self.ram_mb <= 0:
            raise SimulationError(
                f"Modèle de VM « {self.name} » invalide : MIPS et mémoire doivent être positifs."
            )


@dataclass(frozen=True)
class DynamicScenario:
    """Hosts, VMs and their CPU traces.

    Attributes:
        hosts: the server model of each host, in order (host ``i`` is ``hosts[i]``): a core's
            MHz count as MIPS, ``ram_mib`` as CloudSim's MB, one NIC's speed is the host's
            bandwidth (half of it carries migrations), its power model is sampled as a table.
        vms: the model of each VM, in order.
        traces: for each VM, its CPU utilisation (fractions in [0, 1]) every ``interval_s``.
        interval_s: the step, also the spacing of the trace samples.
        start_offset_s: delay of the first update after ``interval_s`` (0.1 s in CloudSim).
    """

    hosts: tuple[ServerModel, ...]
    vms: tuple[VmType, ...]
    traces: tuple[tuple[float, ...], ...]
    interval_s: float = 300.0
    start_offset_s: float = CLOUDSIM_START_OFFSET_S

    def __post_init__(self) -> None:
        if not self.hosts:
            raise SimulationError("Scénario vide : ajoutez au moins un serveur.")
        if not self.vms:
            raise SimulationError("Scénario vide : ajoutez au moins une VM.")
        for what, count, limit in (
            ("serveurs", len(self.hosts), MAX_HOSTS),
            ("VM", len(self.vms), MAX_VMS),
            ("échantillons par trace", max((len(t) for t in self.traces), default=0), MAX_SAMPLES),
        ):
            if count > limit:
                raise SimulationError(
                    f"Scénario trop grand : {number(count, 0)} {what}, la limite est "
                    f"{number(limit, 0)} (au-delà, la simulation prendrait des heures). "
                    "Réduisez le scénario."
                )
        if len(self.traces) != len(self.vms):
            raise SimulationError(
                f"{len(self.vms)} VM mais {len(self.traces)} traces : il faut une trace par VM."
            )
        if self.interval_s <= 0:
            raise SimulationError(
                f"Pas de temps invalide : {self.interval_s!r} s. Il doit être positif."
            )
        lengths = {len(t) for t in self.traces}
        if len(lengths) != 1 or 0 in lengths:
            raise SimulationError(
                "Les traces doivent toutes avoir le même nombre (non nul) d'échantillons."
            )
        for index, trace in enumerate(self.traces):
            for value in trace:
                if not 0.0 <= value <= 1.0:
                    raise SimulationError(
                        f"Trace de la VM {index} : utilisation {value!r} hors de [0, 1] "
                        "(0,25 pour 25 %)."
                    )

    @property
    def samples(self) -> int:
        """Number of samples of each trace."""
        return len(self.traces[0])

    @property
    def duration_s(self) -> float:
        """Simulated duration: samples × interval."""
        return self.samples * self.interval_s


class Policy(Protocol):
    """What the engine asks a consolidation policy."""

    #: Whether the policy migrates VMs (``optimize`` is called at every step).
    migrations: bool
    #: Whether every host draws its maximum power all the time (NPA).
    non_power_aware: bool

    def initial_host(self, state: DatacenterState, vm: int) -> int | None:
        """The host of ``vm`` at time 0, or ``None`` when none fits."""
        ...

    def optimize(self, state: DatacenterState) -> list[tuple[int, int]]:
        """Migrations to start now, as ``(vm, target host)``; the state must be left unchanged."""
        ...


@dataclass(frozen=True)
class SimulationOutcome:
    """Raw figures of a run (the consolidation package turns them into a result).

    Attributes:
        energy_j: energy of all hosts, in joules.
        migrations: number of migrations started.
        sla_time_active_s: time hosts were active (SLATAH denominator).
        sla_time_violation_s: active time with demand above allocation (SLATAH numerator).
        requested_mips_s: integral of the VMs' demand (PDM denominator).
        underallocated_migration_mips_s: demand not served during migrations (PDM numerator).
        underallocated_mips_s: all demand not served.
        steps: number of scheduling steps simulated.
        last_time_s: time of the last update.
        active_hosts: active hosts after each step.
        power_w: mean power of each step's interval, in watts.
        step_times_s: time of each step.
        removed_vms: VMs removed because their demand fell to exactly zero.
        skipped_vms: VMs that fitted on no host at time 0 and were left out (CloudSim-parity
            mode only), by number.
    """

    energy_j: float
    migrations: int
    sla_time_active_s: float
    sla_time_violation_s: float
    requested_mips_s: float
    underallocated_migration_mips_s: float
    underallocated_mips_s: float
    steps: int
    last_time_s: float
    active_hosts: tuple[int, ...] = field(default_factory=tuple)
    power_w: tuple[float, ...] = field(default_factory=tuple)
    step_times_s: tuple[float, ...] = field(default_factory=tuple)
    removed_vms: int = 0
    skipped_vms: tuple[int, ...] = ()


class DatacenterState:
    """The datacentre as CloudSim's hosts, VM schedulers and VMs see it (flat lists).

    Policies read it and use :meth:`vm_create` / :meth:`vm_destroy` (on a checkpoint they
    restore with :meth:`restore`) to try placements, as CloudSim's allocation policies do.

    Attributes (hosts, indexed by host number):
        host_cap: total MIPS; host_pe: MIPS of one core; host_power: SPECpower table;
        host_type: index of the host's model; host_vms: VMs on the host (migrating-in included,
        in arrival order); host_in: VMs migrating in; host_alloc: MIPS allocated to each VM;
        host_req: MIPS requested by each VM when allocated; host_avail: MIPS still free
        (0 when over-subscribed); host_umips: MIPS used at the last update.

    Attributes (VMs, indexed by VM number):
        vm_mips, vm_ram, vm_host (``None`` once removed), vm_in_migration, vm_request (MIPS
        requested at the current time), vm_history (CPU utilisation, most recent first).
    """

    def __init__(self, scenario: DynamicScenario) -> None:
        self.scenario = scenario
        self.interval_s = float(scenario.interval_s)
        types: list[ServerModel] = []
        self.host_type: list[int] = []
        for host in scenario.hosts:
            if host not in types:
                types.append(host)
            self.host_type.append(types.index(host))
        self.host_types = tuple(types)
        n_hosts = len(scenario.hosts)
        tables = [power_table(h.power) for h in types]
        self.host_cap = [float(h.total_mhz) for h in scenario.hosts]
        self.host_pe = [float(h.core_mips) for h in scenario.hosts]
        self.host_power = [tables[t] for t in self.host_type]
        self.host_bw_mbps = [h.nic_gbps * 1000.0 for h in scenario.hosts]
        self.host_ram_free = [float(h.ram_mib) for h in scenario.hosts]
        self.host_bw_free = [h.nic_gbps * 1000.0 for h in scenario.hosts]
        self.host_vms: list[list[int]] = [[] for _ in range(n_hosts)]
        self.host_in: list[set[int]] = [set() for _ in range(n_hosts)]
        self.host_alloc: list[dict[int, float]] = [{} for _ in range(n_hosts)]
        self.host_req: list[dict[int, float]] = [{} for _ in range(n_hosts)]
        self.host_avail = list(self.host_cap)
        self.host_umips = [0.0] * n_hosts
        self.host_prev_umips = [0.0] * n_hosts
        self._asum: list[float | None] = [None] * n_hosts
        self.n_hosts = n_hosts
        self.vm_mips = [float(v.mips) for v in scenario.vms]
        self.vm_ram = [float(v.ram_mb) for v in scenario.vms]
        self.vm_bw = [float(v.bandwidth_mbps) for v in scenario.vms]
        n_vms = len(scenario.vms)
        self.n_vms = n_vms
        self.vm_host: list[int | None] = [None] * n_vms
        self.vm_in_migration = [False] * n_vms
        self.vm_request = list(self.vm_mips)
        self.vm_instantiating = [True] * n_vms
        self.vm_history: list[deque[float]] = [deque(maxlen=HISTORY_LENGTH) for _ in range(n_vms)]
        self.vm_removed = [False] * n_vms
        #: Bumped whenever the VMs' histories grow (invalidates cached host histories).
        self.history_version = 0
        self._history_cache: dict[int, tuple[int, tuple[int, ...], list[float]]] = {}
        self._vm_history_cache: dict[int, tuple[int, list[float]]] = {}
        self.clock = 0.0
        self._checkpoint: dict[int, tuple[list[int], dict[int, float], dict[int, float], float]]
        self._checkpoint = {}
        self._checkpointing = False
        #: Called with a host's number after :meth:`vm_create` or :meth:`vm_destroy` on it (the
        #: policy's index of hosts listens while it decides).
        self.on_change: Callable[[int], None] | None = None

    # -- power -----------------------------------------------------------------------------

    def utilisation(self, host: int) -> float:
        """CPU utilisation of ``host`` at the last update (``PowerHost.getUtilizationOfCpu``)."""
        u = self.host_umips[host] / self.host_cap[host]
        if 1.0 < u < 1.01:
            u = 1.0
        return u

    def power_now_w(self, host: int) -> float:
        """Power of ``host`` at its last update (an idle host on draws its idle power)."""
        return spec_power_w(self.host_power[host], self.utilisation(host))

    def allocated_mips(self, host: int) -> float:
        """MIPS allocated on ``host`` now, counting a migrating-in VM fully (CloudSim's
        ``getUtilizationOfCpuMips(host)`` of the allocation policy)."""
        cached = self._asum[host]
        if cached is not None:
            return cached
        total = 0.0
        alloc = self.host_alloc[host]
        inbound = self.host_in[host]
        for vm in self.host_vms[host]:
            if vm in inbound:
                total += alloc[vm] * 0.9 / 0.1
            total += alloc[vm]
        self._asum[host] = total
        return total

    def requested_mips(self, host: int) -> float:
        """Sum of the current demand of the VMs on ``host`` (its tentative VMs included)."""
        total = 0.0
        request = self.vm_request
        for vm in self.host_vms[host]:
            total += request[vm]
        return total

    def host_history(self, host: int, extra_vm: int | None = None) -> list[float]:
        """The host's CPU history, most recent first, trailing zeros trimmed
        (``PowerHostUtilizationHistory.getUtilizationHistory``).

        Args:
            host: the host.
            extra_vm: a VM counted as if appended to the host's VMs (a tentative placement).
        """
        vms = tuple(self.host_vms[host])
        cached = self._history_cache.get(host)
        cap = self.host_cap[host]
        if cached is not None and cached[0] == self.history_version and cached[1] == vms:
            values = list(cached[2])
        else:
            values = [0.0] * HISTORY_LENGTH
            for vm in vms:
                values = [
                    a + b / cap for a, b in zip(values, self._vm_mips_history(vm), strict=True)
                ]
            self._history_cache[host] = (self.history_version, vms, values)
            values = list(values)
        if extra_vm is not None:
            values = [
                a + b / cap for a, b in zip(values, self._vm_mips_history(extra_vm), strict=True)
            ]
        end = HISTORY_LENGTH
        while end > 0 and values[end - 1] == 0.0:
            end -= 1
        del values[end:]
        return values

    def _vm_mips_history(self, vm: int) -> list[float]:
        """The VM's history times its MIPS, padded with zeros to the full length."""
        cached = self._vm_history_cache.get(vm)
        if cached is not None and cached[0] == self.history_version:
            return cached[1]
        share = self.vm_mips[vm]
        scaled = [u * share for u in self.vm_history[vm]]
        scaled.extend([0.0] * (HISTORY_LENGTH - len(scaled)))
        self._vm_history_cache[vm] = (self.history_version, scaled)
        return scaled

    # -- the VM scheduler (VmSchedulerTimeSharedOverSubscription) ---------------------------

    def _allocate(self, host: int, vm: int, mips: float) -> None:
        self._asum[host] = None
        pe = self.host_pe[host]
        capped = pe if mips > pe else mips
        total = capped
        inbound = vm in self.host_in[host]
        self.host_req[host][vm] = mips
        if inbound:
            total *= 0.1
        if self.host_avail[host] >= total:
            if self.vm_in_migration[vm] and not inbound:
                capped *= 0.9
            elif inbound:
                capped *= 0.1
            self.host_alloc[host][vm] = capped
            self.host_avail[host] -= total
        else:
            self._redistribute(host)

    def _redistribute(self, host: int) -> None:
        pe = self.host_pe[host]
        inbound = self.host_in[host]
        requested = self.host_req[host]
        total = 0.0
        for vm, mips in requested.items():
            need = pe if mips > pe else mips
            if vm in inbound:
                need *= 0.1
            total += need
        scaling = self.host_cap[host] / total
        alloc = self.host_alloc[host]
        alloc.clear()
        migrating = self.vm_in_migration
        for vm, mips in requested.items():
            capped = pe if mips > pe else mips
            if migrating[vm] and vm not in inbound:
                capped = capped * scaling * 0.9
            elif vm in inbound:
                capped = capped * 0.1 * scaling
            else:
                capped *= scaling
            alloc[vm] = float(math.floor(capped))
        self.host_avail[host] = 0.0

    def _deallocate(self, host: int, vm: int) -> None:
        requested = self.host_req[host]
        requested.pop(vm, None)
        self._allocate_all(host, list(requested.items()))

    def _allocate_all(self, host: int, items: Sequence[tuple[int, float]]) -> None:
        """Allocate ``(vm, MIPS)`` in order on an emptied scheduler, as successive
        ``allocatePesForVm`` calls would: if one does not fit, everyone is scaled down."""
        self._asum[host] = None
        pe = self.host_pe[host]
        inbound = self.host_in[host]
        migrating = self.vm_in_migration
        avail = self.host_cap[host]
        alloc: dict[int, float] = {}
        requested: dict[int, float] = {}
        fits = True
        for vm, mips in items:
            requested[vm] = mips
            if not fits:
                continue
            capped = pe if mips > pe else mips
            if vm in inbound:
                if avail >= capped * 0.1:
                    alloc[vm] = capped * 0.1
                    avail -= capped * 0.1
                else:
                    fits = False
            elif avail >= capped:
                alloc[vm] = capped * 0.9 if migrating[vm] else capped
                avail -= capped
            else:
                fits = False
        self.host_req[host] = requested
        self.host_alloc[host] = alloc
        if fits:
            self.host_avail[host] = avail
        else:
            self._redistribute(host)

    # -- host operations --------------------------------------------------------------------

    def _save(self, host: int) -> None:
        if self._checkpointing and host not in self._checkpoint:
            self._checkpoint[host] = (
                list(self.host_vms[host]),
                dict(self.host_alloc[host]),
                dict(self.host_req[host]),
                self.host_avail[host],
            )

    def checkpoint(self) -> None:
        """Start recording changes so that :meth:`restore` undoes tentative placements."""
        self._checkpoint = {}
        self._checkpointing = True

    def restore(self) -> None:
        """Undo every :meth:`vm_create` / :meth:`vm_destroy` since :meth:`checkpoint`."""
        for host, (vms, alloc, req, avail) in self._checkpoint.items():
            self.host_vms[host] = vms
            self.host_alloc[host] = alloc
            self.host_req[host] = req
            self.host_avail[host] = avail
            self._asum[host] = None
        self._checkpoint = {}
        self._checkpointing = False

    def is_suitable(self, host: int, vm: int) -> bool:
        """``Host.isSuitableForVm``: one core can serve the VM's demand and the host has it free
        (memory and network only count while the VM is being instantiated, as in CloudSim)."""
        request = self.vm_request[vm]
        if self.host_pe[host] < request or self.host_avail[host] < request:
            return False
        if self.vm_instantiating[vm]:
            return (
                self.host_ram_free[host] >= self.vm_ram[vm]
                and self.host_bw_free[host] >= self.vm_bw[vm]
            )
        return True

    def vm_create(self, host: int, vm: int) -> None:
        """``Host.vmCreate``: allocate the VM's current demand on ``host``."""
        self._save(host)
        if self.vm_instantiating[vm]:
            self.host_ram_free[host] -= self.vm_ram[vm]
            self.host_bw_free[host] -= self.vm_bw[vm]
        self._allocate(host, vm, self.vm_request[vm])
        self.host_vms[host].append(vm)
        if self.on_change is not None:
            self.on_change(host)

    def vm_destroy(self, host: int, vm: int) -> None:
        """``Host.vmDestroy``: release the VM's share of ``host``."""
        self._save(host)
        self._deallocate(host, vm)
        self.host_vms[host].remove(vm)
        if self.on_change is not None:
            self.on_change(host)


class _Recorder:
    """SLA bookkeeping, fed entry by entry like CloudSim's state histories."""

    def __init__(self, n_hosts: int, n_vms: int) -> None:
        self.h_time = [-1.0] * n_hosts
        self.h_alloc = [0.0] * n_hosts
        self.h_req = [0.0] * n_hosts
        self.h_active = [True] * n_hosts
        self.active_s = 0.0
        self.violation_s = 0.0
        self.v_time = [-1.0] * n_vms
        self.v_alloc = [0.0] * n_vms
        self.v_req = [0.0] * n_vms
        self.v_mig = [False] * n_vms
        self.requested = 0.0
        self.under_migration = 0.0
        self.under = 0.0

    def host(self, host: int, time: float, alloc: float, req: float, active: bool) -> None:
        last = self.h_time[host]
        if last != time:
            if last != -1.0 and self.h_active[host]:
                span = time - last
                self.active_s += span
                if self.h_alloc[host] < self.h_req[host]:
                    self.violation_s += span
            self.h_time[host] = time
        self.h_alloc[host] = alloc
        self.h_req[host] = req
        self.h_active[host] = active

    def vm(self, vm: int, time: float, alloc: float, req: float, migrating: bool) -> None:
        last = self.v_time[vm]
        if last != time:
            if last != -1.0:
                span = time - last
                prev_alloc = self.v_alloc[vm]
                prev_req = self.v_req[vm]
                self.requested += prev_req * span
                if prev_alloc < prev_req:
                    missing = (prev_req - prev_alloc) * span
                    self.under += missing
                    if self.v_mig[vm]:
                        self.under_migration += missing
            self.v_time[vm] = time
        self.v_alloc[vm] = alloc
        self.v_req[vm] = req
        self.v_mig[vm] = migrating


class _Engine:
    def __init__(
        self,
        scenario: DynamicScenario,
        policy: Policy,
        progress: Callable[[int, int], None] | None,
        skip_unplaceable: bool = False,
    ) -> None:
        self.skip_unplaceable = skip_unplaceable
        self.scenario = scenario
        self.policy = policy
        self.progress = progress
        self.state = DatacenterState(scenario)
        self.record = _Recorder(self.state.n_hosts, self.state.n_vms)
        self.interval = float(scenario.interval_s)
        # Samples by time (column k holds every VM's sample k); UtilizationModelPlanetLabInMemory
        # keeps one more sample, equal to the last one.
        columns = list(zip(*scenario.traces, strict=True))
        columns.append(columns[-1])
        self.columns = columns
        self.energy_j = 0.0
        self.migrations = 0
        self.last_process = 0.0

    def utilisations_at(self, time: float) -> list[float]:
        """``UtilizationModelPlanetLabInMemory.getUtilization`` of every VM, Java's arithmetic."""
        interval = self.interval
        if math.fmod(time, interval) == 0:
            return list(self.columns[int(time) // int(interval)])
        t1 = math.floor(time / interval)
        t2 = math.ceil(time / interval)
        span = (t2 - t1) * interval
        offset = time - t1 * interval
        return [
            u1 + (u2 - u1) / span * offset
            for u1, u2 in zip(self.columns[t1], self.columns[t2], strict=True)
        ]

    def refresh_requests(self, time: float) -> None:
        """Every VM's demand at ``time`` (``Vm.getCurrentRequestedMips``) and its history."""
        state = self.state
        utilisations = self.utilisations_at(time)
        state.vm_request = [u * m for u, m in zip(utilisations, state.vm_mips, strict=True)]
        if math.fmod(time - self.scenario.start_offset_s, self.interval) == 0:
            removed = state.vm_removed
            for vm, history in enumerate(state.vm_history):
                if not removed[vm]:
                    history.appendleft(utilisations[vm])
            state.history_version += 1

    def update_host(self, host: int, time: float) -> None:
        """``HostDynamicWorkload.updateVmsProcessing``."""
        state = self.state
        vms = state.host_vms[host]
        request = state.vm_request
        migrating = state.vm_in_migration
        inbound = state.host_in[host]
        state.host_prev_umips[host] = state.host_umips[host]
        fast = not inbound
        if fast:
            # The usual case (no migration, enough MIPS), inlined from _allocate_all.
            pe = state.host_pe[host]
            avail = state.host_cap[host]
            fast_alloc: dict[int, float] = {}
            fast_req: dict[int, float] = {}
            for vm in vms:
                asked = request[vm]
                given = pe if asked > pe else asked
                if migrating[vm] or avail < given:
                    fast = False
                    break
                fast_req[vm] = asked
                fast_alloc[vm] = given
                avail -= given
            if fast:
                state.host_alloc[host] = fast_alloc
                state.host_req[host] = fast_req
                state.host_avail[host] = avail
                state._asum[host] = None
        if not fast:
            state._allocate_all(host, [(vm, request[vm]) for vm in vms])
        alloc = state.host_alloc[host]
        rec = self.record
        v_time = rec.v_time
        v_alloc = rec.v_alloc
        v_req = rec.v_req
        v_mig = rec.v_mig
        used = 0.0
        requested = 0.0
        for vm in vms:
            given = alloc[vm]
            asked = request[vm]
            if vm not in inbound:
                # Vm.addStateHistoryEntry, inlined (the engine's innermost loop).
                last = v_time[vm]
                if last != time:
                    if last != -1.0:
                        span = time - last
                        prev_req = v_req[vm]
                        rec.requested += prev_req * span
                        prev_alloc = v_alloc[vm]
                        if prev_alloc < prev_req:
                            missing = (prev_req - prev_alloc) * span
                            rec.under += missing
                            if v_mig[vm]:
                                rec.under_migration += missing
                    v_time[vm] = time
                v_alloc[vm] = given
                v_req[vm] = asked
                if migrating[vm]:
                    v_mig[vm] = True
                    given /= 0.9
                else:
                    v_mig[vm] = False
            used += given
            requested += asked
        state.host_umips[host] = used
        rec.host(host, time, used, requested, used > 0)

    def force_update(self, time: float, hosts: Sequence[int] | None = None) -> None:
        """``PowerDatacenter.updateCloudetProcessingWithoutSchedulingFutureEventsForce``.

        With ``hosts``, only those are updated (the others would give the same state again, as
        nothing changed for them since the last update at this very time).
        """
        state = self.state
        span = time - self.last_process
        if hosts is None:
            self.refresh_requests(time)
            hosts = [
                h
                for h, (vms, used) in enumerate(zip(state.host_vms, state.host_umips, strict=True))
                if vms or used != 0.0
            ]
        if self.policy.non_power_aware and span > 0:
            self.energy_j += sum(spec_power_w(p, 1.0) for p in state.host_power) * span
        frame = 0.0
        charge = span > 0 and not self.policy.non_power_aware
        host_vms = state.host_vms
        umips = state.host_umips
        for host in hosts:
            if not host_vms[host] and umips[host] == 0.0:
                state.host_prev_umips[host] = 0.0
                continue
            self.update_host(host, time)
            if charge:
                cap = state.host_cap[host]
                previous = state.host_prev_umips[host] / cap
                if 1.0 < previous < 1.01:
                    previous = 1.0
                if previous != 0:
                    table = state.host_power[host]
                    p_from = spec_power_w(table, previous)
                    p_to = spec_power_w(table, state.utilisation(host))
                    frame += (p_from + (p_to - p_from) / 2) * span
        self.energy_j += frame
        request = state.vm_request
        migrating = state.vm_in_migration
        for host in hosts:
            vms = host_vms[host]
            if not vms:
                continue
            done = [vm for vm in vms if request[vm] == 0 and not migrating[vm]]
            for vm in done:
                owner = state.vm_host[vm]
                if owner is not None:
                    state.vm_destroy(owner, vm)
                    state.vm_host[vm] = None
                state.vm_removed[vm] = True
        self.last_process = time

    def add_migrating_in(self, host: int, vm: int, time: float) -> None:
        """``PowerHost.addMigratingInVm``."""
        state = self.state
        state.vm_in_migration[vm] = True
        if vm in state.host_in[host]:
            return
        state.host_in[host].add(vm)
        state._allocate(host, vm, state.vm_request[vm])
        state.host_vms[host].append(vm)
        self.update_host(host, time)
        source = state.vm_host[vm]
        if source is not None:
            self.update_host(source, time)

    def complete_migration(self, vm: int, target: int) -> list[int]:
        """``Datacenter.processVmMigrate``: the VM leaves its host and lands on ``target``.

        Returns:
            The hosts whose VMs changed.
        """
        state = self.state
        source = state.vm_host[vm]
        if source is not None:
            state.vm_destroy(source, vm)
        state._deallocate(target, vm)
        state.host_in[target].discard(vm)
        if vm in state.host_vms[target]:
            state.host_vms[target].remove(vm)
        state.vm_in_migration[vm] = False
        state.vm_create(target, vm)
        state.vm_host[vm] = target
        return [target] if source is None else [source, target]

    def run(self) -> SimulationOutcome:
        state = self.state
        policy = self.policy
        skipped: list[int] = []
        for vm in range(state.n_vms):
            host = policy.initial_host(state, vm)
            if host is None:
                if self.skip_unplaceable:
                    # CloudSim logs the failed creation and runs without the VM.
                    skipped.append(vm)
                    state.vm_removed[vm] = True
                    continue
                raise SimulationError(
                    f"La VM {vm} ne tient sur aucun serveur au démarrage : ajoutez des serveurs "
                    "ou réduisez les VM (ou, pour refaire comme CloudSim, qui la laisse de côté, "
                    "lancez en mode parité CloudSim : skip_unplaceable=True, ou "
                    "--cloudsim-parity en ligne de commande)."
                )
            state.vm_create(host, vm)
            state.vm_host[vm] = host
            # Once created, a VM asks for nothing until its workload starts (CloudSim's cloudlet
            # scheduler: no cloudlet yet), so only the VM being placed counts in the overload
            # tests of the next placements; its MIPS stay allocated.
            state.vm_request[vm] = 0.0
        state.on_change = None
        state.vm_instantiating = [False] * state.n_vms
        interval = self.interval
        end = self.scenario.duration_s
        time = self.scenario.start_offset_s
        total_steps = max(0, math.ceil((end - time) / interval) - 1)
        pending: list[tuple[float, int, int, int]] = []
        serial = 0
        steps = 0
        active: list[int] = []
        power: list[float] = []
        times: list[float] = []
        while True:
            time = time + interval
            if time >= end:
                break
            energy_before = self.energy_j
            start = self.last_process
            self.force_update(time)
            steps += 1
            if policy.migrations:
                for vm, target in policy.optimize(state):
                    self.add_migrating_in(target, vm, time)
                    self.migrations += 1
                    delay = state.vm_ram[vm] / (state.host_bw_mbps[target] / 16.0)
                    pending.append((time + delay, serial, vm, target))
                    serial += 1
                pending.sort()
                horizon = min(time + interval, end)
                while pending and pending[0][0] < horizon:
                    instant = pending[0][0]
                    if instant > self.last_process:
                        self.force_update(instant)
                    touched: list[int] = []
                    while pending and pending[0][0] == instant:
                        _, _, vm, target = pending.pop(0)
                        touched.extend(self.complete_migration(vm, target))
                    self.force_update(instant, sorted(set(touched)))
            active.append(sum(1 for u in state.host_umips if u > 0))
            span = self.last_process - start
            power.append((self.energy_j - energy_before) / span if span > 0 else 0.0)
            times.append(time)
            if self.progress is not None:
                self.progress(steps, total_steps)
        record = self.record
        return SimulationOutcome(
            energy_j=self.energy_j,
            migrations=self.migrations,
            sla_time_active_s=record.active_s,
            sla_time_violation_s=record.violation_s,
            requested_mips_s=record.requested,
            underallocated_migration_mips_s=record.under_migration,
            underallocated_mips_s=record.under,
            steps=steps,
            last_time_s=self.last_process,
            active_hosts=tuple(active),
            power_w=tuple(power),
            step_times_s=tuple(times),
            removed_vms=sum(state.vm_removed) - len(skipped),
            skipped_vms=tuple(skipped),
        )


def run_simulation(
    scenario: DynamicScenario,
    policy: Policy,
    *,
    progress: Callable[[int, int], None] | None = None,
    skip_unplaceable: bool = False,
) -> SimulationOutcome:
    """Simulate ``scenario`` under ``policy``.

    Args:
        scenario: hosts, VMs and traces.
        policy: the consolidation policy (see :mod:`hvlab.sim.dynamic`).
        progress: called after each step with ``(step, total steps)``.
        skip_unplaceable: CloudSim-parity mode: a VM that fits on no host at time 0 is left out
            (CloudSim logs the failed creation and goes on without it) and listed in
            :attr:`SimulationOutcome.skipped_vms`; otherwise it is an error.

    Returns:
        The raw :class:`SimulationOutcome`.

    Raises:
        SimulationError: a VM fits on no host at time 0 (unless ``skip_unplaceable``).
    """
    return _Engine(scenario, policy, progress, skip_unplaceable).run()
