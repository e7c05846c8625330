"""Power-aware best fit without scanning every host: CloudSim's ``findHostForVm``, indexed.

CloudSim's ``PowerVmAllocationPolicyMigrationAbstract.findHostForVm`` looks at every host and keeps
the suitable one whose power grows least with the VM (the first one among equals), skipping hosts
that would be overloaded. Done naively, each search costs a pass over the datacentre and a day
needs one search per VM placed or tried, so the time grows with the square of the datacentre's
size. :class:`PowerAwareSearch` gives the same host while looking at few of them.

For a host at CPU utilisation ``x`` (its allocated MIPS over its capacity) whose power at the last
update was ``P(u)``, a VM asking for ``δ`` of the host's capacity costs
``f = P(x + δ) − P(u) = g(x) + D`` with ``g(x) = P(x + δ) − P(x)`` and ``D = P(x) − P(u)``. After an
update ``x = u`` (``D = 0``) for every active host; only the hosts a step changes get ``D ≠ 0``.
The hosts fall in three groups, each listing its hosts in increasing order of a lower bound of
their cost:

* switched-off hosts (no VM, nothing at the last update): those of one model all cost the same
  and the first one wins a tie, so the first one of each model is the only candidate;
* untouched active hosts, sorted by ``x`` for each model: a SPECpower table is linear between its
  points, so ``g`` is linear between the breakpoints ``k/10`` and ``k/10 − δ``; on each piece
  the hosts are listed from the cheap end (or all of them, when the cost is the same along the
  piece: CloudSim then compares them to the last bit, and so do we);
* changed hosts, in buckets of ``x`` (width 0.05) sorted by ``D``: ``D`` plus the least ``g`` over
  the bucket is a lower bound.

A listed host's exact cost (the engine's arithmetic) goes into a heap; the cheapest host of the
heap is taken only when no lower bound still to list is below it, with a margin (1e-9 W) far above
rounding errors. Hosts are thus taken in exactly the order of ``(cost, host number)`` of the full
scan, and the overload test runs on them in that order.
"""

from __future__ import annotations

__all__ = ["PowerAwareSearch"]

import heapq
import math
from bisect import bisect_left, insort
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

from hvlab.sim.core.power import spec_power_w
from hvlab.sim.dynamic.engine import DatacenterState

#: Margin of the lower bounds, in watts: far above the rounding errors of a few operations on
#: values of about 100 W (1e-13 W), far below any real difference of power.
_MARGIN_W = 1e-9
#: Width of a bucket of changed hosts, in utilisation.
_BUCKET = 0.05
_BUCKETS = 20

Overloaded = Callable[[DatacenterState, int, int], bool]
# A source of candidates: (lower bound of the next one, tie-breaker, kind, data).
_Source = tuple[float, int, int, Any]


class PowerAwareSearch:
    """The index of hosts for one scheduling step (rebuilt by :meth:`prepare`).

    The policy calls :meth:`prepare` after each update, :meth:`changed` after each change of a
    host's VMs (``vm_create`` / ``vm_destroy``), and :meth:`find` to place a VM. Exclusions
    given to :meth:`find` must only grow during a step (once excluded, a host stays excluded), as
    they do in CloudSim's optimisation: excluded hosts are dropped from the index.
    """

    def __init__(self, state: DatacenterState) -> None:
        self.state = state
        first = [state.host_type.index(t) for t in range(len(state.host_types))]
        self._tables = [state.host_power[h] for h in first]
        self._type_caps = [state.host_cap[h] for h in first]
        self._type_pes = [state.host_pe[h] for h in first]
        self._slopes = [[(t[i + 1] - t[i]) * 10 for i in range(10)] for t in self._tables]
        self._min_slope = [min(max(v, 0.0) for v in slopes) for slopes in self._slopes]
        self.power_now: list[float] = []
        self._off: list[list[int]] = []
        self._off_set: set[int] = set()
        self._sorted: list[list[tuple[float, int]]] = []
        self._x: dict[int, float] = {}
        self._buckets: list[list[list[tuple[float, int]]]] = []
        self._changed: dict[int, tuple[int, float]] = {}
        self._dropped: set[int] = set()

    # -- keeping the index -----------------------------------------------------------------

    def prepare(self) -> None:
        """Index the hosts as they are after the last update."""
        state = self.state
        n_types = len(self._tables)
        self.power_now = [state.power_now_w(h) for h in range(state.n_hosts)]
        self._off = [[] for _ in range(n_types)]
        self._off_set = set()
        self._sorted = [[] for _ in range(n_types)]
        self._x = {}
        self._buckets = [[[] for _ in range(_BUCKETS)] for _ in range(n_types)]
        self._changed = {}
        self._dropped = set()
        cap = state.host_cap
        umips = state.host_umips
        host_type = state.host_type
        host_vms = state.host_vms
        for host in range(state.n_hosts):
            if not host_vms[host] and umips[host] == 0:
                self._off[host_type[host]].append(host)
                self._off_set.add(host)
            elif host_vms[host] and state.allocated_mips(host) == umips[host]:
                x = umips[host] / cap[host]
                self._x[host] = x
                self._sorted[host_type[host]].append((x, host))
            else:
                self._bucket(host)
        for entries in self._sorted:
            entries.sort()

    def changed(self, host: int) -> None:
        """The VMs of ``host`` changed: file it again under its new cost."""
        if host in self._dropped:
            return
        state = self.state
        kind = state.host_type[host]
        if host in self._off_set:
            self._off_set.discard(host)
            off = self._off[kind]
            del off[bisect_left(off, host)]
        x = self._x.get(host)
        if x is not None:
            entries = self._sorted[kind]
            position = bisect_left(entries, (x, host))
            present = position < len(entries) and entries[position][1] == host
            if state.host_vms[host] and state.allocated_mips(host) == state.host_umips[host]:
                # Back to its state of the last update (a tentative placement undone).
                if not present:
                    entries.insert(position, (x, host))
                self._unbucket(host)
                return
            if present:
                del entries[position]
        self._bucket(host)

    def _bucket(self, host: int) -> None:
        self._unbucket(host)
        state = self.state
        x = state.allocated_mips(host) / state.host_cap[host]
        d = spec_power_w(state.host_power[host], x) - self.power_now[host]
        index = min(max(int(x / _BUCKET), 0), _BUCKETS - 1)
        insort(self._buckets[state.host_type[host]][index], (d, host))
        self._changed[host] = (index, d)

    def _unbucket(self, host: int) -> None:
        filed = self._changed.pop(host, None)
        if filed is not None:
            index, d = filed
            bucket = self._buckets[self.state.host_type[host]][index]
            del bucket[bisect_left(bucket, (d, host))]

    def _drop(self, host: int) -> None:
        """Remove an excluded host from the index for the rest of the step."""
        self._dropped.add(host)
        x = self._x.get(host)
        if x is not None:
            entries = self._sorted[self.state.host_type[host]]
            position = bisect_left(entries, (x, host))
            if position < len(entries) and entries[position][1] == host:
                del entries[position]
        self._unbucket(host)

    # -- the search ------------------------------------------------------------------------

    def find(
        self,
        vm: int,
        excluded: set[int],
        overloaded: Overloaded,
        *,
        include_off: bool = True,
    ) -> int | None:
        """The host ``findHostForVm`` chooses for ``vm``, or ``None``.

        Args:
            vm: the VM to place (its current demand counts).
            excluded: hosts never to choose (they only grow during a step).
            overloaded: ``overloaded(state, host, vm)``, the detector's test with the VM added;
                it is run, in order of cost, on the hosts that already have MIPS allocated.
            include_off: consider switched-off hosts (not for evacuations of underloaded hosts).
        """
        state = self.state
        request = state.vm_request[vm]
        instantiating = state.vm_instantiating[vm]
        avail = state.host_avail
        pes = state.host_pe
        cap = state.host_cap
        tables = state.host_power
        power_now = self.power_now
        allocated = state.allocated_mips
        cached = state._asum

        def cost(host: int) -> float:
            used = cached[host]
            if used is None:
                used = allocated(host)
            return spec_power_w(tables[host], (used + request) / cap[host]) - power_now[host]

        found: list[tuple[float, int]] = []
        sources: list[_Source] = []
        for kind, pe in enumerate(self._type_pes):
            if pe < request:
                continue
            delta = request / self._type_caps[kind]
            if include_off:
                for host in self._off[kind]:
                    if host not in excluded:
                        if avail[host] >= request and (
                            not instantiating or state.is_suitable(host, vm)
                        ):
                            found.append((cost(host), host))
                        break
            if self._sorted[kind]:
                self._pieces(kind, delta, sources)
            crude = self._min_slope[kind] * delta
            for index, bucket in enumerate(self._buckets[kind]):
                if bucket:
                    bound = bucket[0][0] + crude - _MARGIN_W
                    sources.append((bound, len(sources), 3, (bucket, index, kind, delta)))
        heapq.heapify(found)
        heapq.heapify(sources)
        drop: list[int] = []
        chosen: int | None = None
        serial = len(sources)
        while True:
            if found and (not sources or found[0][0] < sources[0][0]):
                _, host = heapq.heappop(found)
                if allocated(host) != 0 and overloaded(state, host, vm):
                    continue
                chosen = host
                break
            if not sources:
                break
            _, _, kind, data = heapq.heappop(sources)
            if kind == 2:
                # A piece along which every host costs the same: all of them, at once.
                entries, start, stop = data
                for _, host in entries[start:stop]:
                    if host in excluded:
                        drop.append(host)
                    elif avail[host] >= request:
                        found.append((cost(host), host))
                heapq.heapify(found)
                continue
            if kind == 3:
                # A bucket of changed hosts reached with its crude bound: make it tight.
                bucket, index, of_type, delta = data
                least = _least_g(self._tables[of_type], index * _BUCKET, delta)
                bound = bucket[0][0] + least - _MARGIN_W
                serial += 1
                heapq.heappush(sources, (bound, serial, 1, (bucket, 0, least)))
                continue
            if kind == 0:
                entries, position, stop, step, a, at_a, slope = data
                host = entries[position][1]
                position += step
                if position != stop:
                    x = entries[position][0]
                    bound = at_a + slope * (x - a) - _MARGIN_W
                    serial += 1
                    heapq.heappush(
                        sources,
                        (bound, serial, 0, (entries, position, stop, step, a, at_a, slope)),
                    )
            else:
                bucket, position, least = data
                host = bucket[position][1]
                position += 1
                if position < len(bucket):
                    bound = bucket[position][0] + least - _MARGIN_W
                    serial += 1
                    heapq.heappush(sources, (bound, serial, 1, (bucket, position, least)))
            if host in excluded:
                drop.append(host)
            elif (
                avail[host] >= request
                and pes[host] >= request
                and (not instantiating or state.is_suitable(host, vm))
            ):
                heapq.heappush(found, (cost(host), host))
        for host in drop:
            self._drop(host)
        return chosen

    def _pieces(self, kind: int, delta: float, sources: list[_Source]) -> None:
        """One source per linear piece of ``g`` over the untouched hosts of model ``kind``."""
        entries = self._sorted[kind]
        top = 1.0 - delta
        if top < 0.0:
            return
        table = self._tables[kind]
        slopes = self._slopes[kind]
        cuts = [0.0]
        for k in range(1, 10):
            for point in (k / 10 - delta, k / 10):
                if 0.0 < point < top:
                    cuts.append(point)
        cuts.sort()
        cuts.append(top)
        count = len(entries)
        lo = 0
        for a, b in pairwise(cuts):
            hi = bisect_left(entries, (b, -1), lo)
            if lo < hi:
                middle = (a + b) / 2
                after = slopes[min(int((middle + delta) * 10), 9)]
                slope = after - slopes[min(int(middle * 10), 9)]
                at_a = _power(table, a + delta) - _power(table, a)
                if slope == 0.0:
                    sources.append((at_a - _MARGIN_W, len(sources), 2, (entries, lo, hi)))
                else:
                    if slope < 0:
                        start, stop, step = hi - 1, lo - 1, -1
                    else:
                        start, stop, step = lo, hi, 1
                    x = entries[start][0]
                    bound = at_a + slope * (x - a) - _MARGIN_W
                    sources.append(
                        (bound, len(sources), 0, (entries, start, stop, step, a, at_a, slope))
                    )
            lo = hi
        if lo < count:
            # At or above 1 − δ (the VM fits there only by rounding): P(1) − P(x) at most.
            at_top = _power(table, 1.0) - _power(table, min(entries[-1][0], 1.0))
            sources.append((at_top - _MARGIN_W, len(sources), 2, (entries, lo, count)))


def _power(table: Sequence[float], utilisation: float) -> float:
    """The table interpolated at ``utilisation`` (plain arithmetic, for bounds only)."""
    if utilisation >= 1.0:
        return table[10]
    if utilisation <= 0.0:
        return table[0]
    i = min(int(utilisation * 10), 9)
    return table[i] + (table[i + 1] - table[i]) * (utilisation * 10 - i)


def _least_g(table: Sequence[float], lo: float, delta: float) -> float:
    """The least ``P(x + δ) − P(x)`` over ``x`` in ``[lo, lo + bucket width]`` (``x + δ ≤ 1``)."""
    end = min(lo + _BUCKET, 1.0)
    hi = min(end, 1.0 - delta)
    # Above 1 − δ the VM no longer fits; a host there by rounding costs at least P(1) − P(end).
    least = _power(table, 1.0) - _power(table, end) if hi < end else math.inf
    if hi < lo:
        return least
    points = [lo, hi]
    for k in range(1, 10):
        inner = k / 10 - delta
        if lo < inner < hi:
            points.append(inner)
    return min(least, *(_power(table, x + delta) - _power(table, x) for x in points))
