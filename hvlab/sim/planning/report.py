"""Before/after report: from one server per application to a consolidated virtualised cluster.

`compare` takes a fleet of dedicated servers (generated from a seed, or given), turns each
application into a VM sized on its peak demand, places the VMs on virtualisation hosts (best fit
decreasing, 80 % target, N+1 spare by default) and replays the workloads on the hosts to measure
utilisation and energy. The `ConsolidationReport` compares servers → hosts, utilisation,
kWh per year, rack units, purchase cost, energy cost and CO₂.

Assumptions, all configurable: the emission factor (0.052 kg CO₂e/kWh, the order of magnitude of
the French average electricity mix in ADEME's Base Empreinte — unverified; use ~0.25 for the EU
average), the energy price (0.20 €/kWh), the server models of `hvlab.sim.core.hardware` and the
hypervisor overhead of `hvlab.sim.core.hypervisor`. Energy counts IT equipment only (no cooling:
PUE 1).

Examples:
    >>> report = compare(40, seed=1)
    >>> report.after.servers < report.before.servers
    True
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_CO2_KG_PER_KWH",
    "DEFAULT_ENERGY_PRICE_EUR_PER_KWH",
    "ConsolidationReport",
    "compare",
]

import math
from dataclasses import dataclass, field
from typing import Any

from hvlab.errors import SimulationError
from hvlab.sim.core.hardware import RACK_2U, ServerModel
from hvlab.sim.core.hypervisor import HYPERVISORS, Hypervisor
from hvlab.sim.core.placement import PlacementItem, PlacementResult, place
from hvlab.sim.display.charts import before_after_chart, utilisation_chart
from hvlab.sim.display.values import Table, VegaLiteChart
from hvlab.sim.planning.physical import HOURS_PER_YEAR, FleetSummary, PhysicalFleet, generate_fleet

#: kg of CO₂ equivalent per kWh (teaching assumption, see the module docstring).
DEFAULT_CO2_KG_PER_KWH = 0.052
#: Price of one kWh, in euros (teaching assumption).
DEFAULT_ENERGY_PRICE_EUR_PER_KWH = 0.20


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number <= 1 else plural}"


def _change(before: float, after: float) -> float | None:
    return None if before == 0 else 100.0 * (after - before) / before


@dataclass(frozen=True)
class ConsolidationReport:
    """The before/after comparison.

    Attributes:
        before: the dedicated servers.
        after: the virtualisation hosts (spares included).
        placement: where each application's VM went.
        co2_kg_per_kwh: emission factor used.
        energy_price_eur_per_kwh: energy price used.
        before_model: name of the dedicated servers' model.
        host_model: name of the hosts' model.
        hypervisor: name of the hypervisor.
        interval_s: seconds between samples of ``host_utilisation``.
        host_utilisation: CPU utilisation of each host per sample (spares included).
    """

    before: FleetSummary
    after: FleetSummary
    placement: PlacementResult
    co2_kg_per_kwh: float
    energy_price_eur_per_kwh: float
    before_model: str
    host_model: str
    hypervisor: str
    interval_s: float
    host_utilisation: tuple[tuple[float, ...], ...] = field(repr=False)

    @property
    def consolidation_ratio(self) -> float:
        """Applications per active host."""
        return self.before.servers / max(1, self.placement.hosts_active)

    def co2_kg_per_year(self, summary: FleetSummary) -> float:
        """CO₂ of ``summary``'s energy over a year, in kg."""
        return summary.energy_kwh_per_year * self.co2_kg_per_kwh

    def energy_cost_eur_per_year(self, summary: FleetSummary) -> float:
        """Cost of ``summary``'s energy over a year, in euros."""
        return summary.energy_kwh_per_year * self.energy_price_eur_per_kwh

    def _rows(self) -> list[tuple[str, float, float]]:
        b, a = self.before, self.after
        return [
            ("Serveurs physiques", b.servers, a.servers),
            (
                "Utilisation CPU moyenne (%)",
                100 * b.average_utilisation,
                100 * a.average_utilisation,
            ),
            ("Utilisation CPU maximale (%)", 100 * b.peak_utilisation, 100 * a.peak_utilisation),
            ("Énergie (kWh/an)", b.energy_kwh_per_year, a.energy_kwh_per_year),
            (
                "Coût de l'énergie (€/an)",
                self.energy_cost_eur_per_year(b),
                self.energy_cost_eur_per_year(a),
            ),
            ("CO₂ (kg/an)", self.co2_kg_per_year(b), self.co2_kg_per_year(a)),
            ("Espace en baie (U)", b.rack_units, a.rack_units),
            ("Achat du matériel (€)", b.purchase_eur, a.purchase_eur),
        ]

    def to_dict(self) -> dict[str, Any]:
        """``{"before", "after", "change_percent", "consolidation_ratio", "placement",
        "assumptions"}``, ready for JSON."""

        def side(summary: FleetSummary) -> dict[str, Any]:
            return {
                **summary.to_dict(),
                "energy_cost_eur_per_year": self.energy_cost_eur_per_year(summary),
                "co2_kg_per_year": self.co2_kg_per_year(summary),
            }

        before, after = side(self.before), side(self.after)
        return {
            "before": before,
            "after": after,
            "change_percent": {key: _change(before[key], after[key]) for key in before},
            "consolidation_ratio": self.consolidation_ratio,
            "placement": {
                "algorithm": self.placement.algorithm,
                "hosts_used": self.placement.hosts_used,
                "hosts_active": self.placement.hosts_active,
                "spare_hosts": self.placement.spare_hosts,
                "lower_bound": self.placement.lower_bound,
            },
            "assumptions": {
                "before_model": self.before_model,
                "host_model": self.host_model,
                "hypervisor": self.hypervisor,
                "co2_kg_per_kwh": self.co2_kg_per_kwh,
                "energy_price_eur_per_kwh": self.energy_price_eur_per_kwh,
                "hours_per_year": HOURS_PER_YEAR,
            },
        }

    def to_table(self) -> Table:
        """Indicator, before, after and change in % (French)."""
        rows = []
        for label, before, after in self._rows():
            change = _change(before, after)
            rows.append(
                (
                    label,
                    round(before, 1),
                    round(after, 1),
                    None if change is None else round(change, 1),
                )
            )
        return Table(
            columns=("Indicateur", "Avant", "Après", "Variation (%)"),
            rows=tuple(rows),
            title=(
                f"{_count(self.before.servers, 'serveur dédié', 'serveurs dédiés')} → "
                f"{_count(self.after.servers, 'hôte', 'hôtes')} {self.hypervisor} "
                f"(dont {self.placement.spare_hosts} de réserve)"
            ),
        )

    def to_chart(self) -> VegaLiteChart:
        """Before/after bars for every indicator (Vega-Lite)."""
        return before_after_chart(self._rows())

    def utilisation_chart(self) -> VegaLiteChart:
        """CPU utilisation of each host over the day (Vega-Lite)."""
        names = [f"hôte {i + 1}" for i in range(len(self.host_utilisation))]
        return utilisation_chart(
            dict(zip(names, self.host_utilisation, strict=True)),
            interval_s=self.interval_s,
            title="Utilisation CPU des hôtes après consolidation",
        )


def compare(
    servers: int | None = None,
    *,
    seed: int = 0,
    fleet: PhysicalFleet | None = None,
    host_model: ServerModel = RACK_2U,
    hypervisor: Hypervisor | None = None,
    algorithm: str = "bfd",
    target: float = 0.8,
    spare_hosts: int = 1,
    co2_kg_per_kwh: float = DEFAULT_CO2_KG_PER_KWH,
    energy_price_eur_per_kwh: float = DEFAULT_ENERGY_PRICE_EUR_PER_KWH,
) -> ConsolidationReport:
    """Compare a fleet of dedicated servers with the same applications consolidated as VMs.

    Each application becomes a VM asking for its **peak** CPU (converted to cores of the host:
    ``peak × server MHz / host core MHz``) and the memory it uses plus the hypervisor's per-VM
    overhead. Hosts offer their cores and memory minus the hypervisor's overhead.

    Args:
        servers: number of dedicated servers to generate (with ``seed``); or give ``fleet``.
        seed: seed of the generated fleet.
        fleet: an existing fleet instead of a generated one.
        host_model: the virtualisation hosts' model.
        hypervisor: the hypervisor (VMware ESXi by default).
        algorithm: placement algorithm (see `place`).
        target: target utilisation of the hosts.
        spare_hosts: hosts kept empty for failures (N+1 by default); they are on and idle.
        co2_kg_per_kwh: emission factor, kg CO₂e per kWh.
        energy_price_eur_per_kwh: energy price, € per kWh.

    Returns:
        The report.

    Raises:
        SimulationError: neither ``servers`` nor ``fleet``, or invalid factors.
        PlacementError: an application too big for one host.
    """
    if fleet is None:
        if servers is None:
            raise SimulationError("Indiquez le nombre de serveurs à comparer (par exemple 40).")
        fleet = generate_fleet(servers, seed=seed)
    if co2_kg_per_kwh < 0 or energy_price_eur_per_kwh < 0:
        raise SimulationError(
            f"Facteurs invalides ({co2_kg_per_kwh!r} kg CO₂/kWh, {energy_price_eur_per_kwh!r} "
            "€/kWh) : ils doivent être positifs ou nuls."
        )
    hyper = hypervisor or HYPERVISORS["esxi"]
    overhead = hyper.effective_overhead
    usable_cores = overhead.usable_cores(host_model.cores)
    usable_ram = max(0.0, host_model.ram_gib - overhead.ram_gib)
    per_vm_ram = overhead.per_vm_ram_mib / 1024.0
    to_cores = [s.model.total_mhz / host_model.core_mhz for s in fleet.servers]
    items = [
        PlacementItem(s.name, s.workload.peak_cpu * factor, s.ram_used_gib + per_vm_ram)
        for s, factor in zip(fleet.servers, to_cores, strict=True)
    ]
    result = place(
        items,
        host_cpu=usable_cores,
        host_ram_gib=usable_ram,
        algorithm=algorithm,
        target=target,
        spare_hosts=spare_hosts,
    )
    samples = max(len(s.workload.cpu) for s in fleet.servers)
    overhead_cores = host_model.cores - usable_cores
    hosts: list[list[int]] = [[] for _ in range(result.hosts_active)]
    for position, server in enumerate(fleet.servers):
        hosts[result.placement[server.name]].append(position)
    series: list[tuple[float, ...]] = []
    for members in hosts:
        demand = [0.0] * samples
        for position in members:
            cpu = fleet.servers[position].workload.cpu
            factor = to_cores[position]
            length = len(cpu)
            for t in range(samples):
                demand[t] += cpu[t % length] * factor
        series.append(tuple(min(1.0, (overhead_cores + d) / host_model.cores) for d in demand))
    idle = overhead_cores / host_model.cores
    series += [(idle,) * samples for _ in range(spare_hosts)]
    energy = math.fsum(
        math.fsum(host_model.power_w(u) for u in s) / samples * HOURS_PER_YEAR / 1000.0
        for s in series
    )
    used_ram = math.fsum(i.ram_gib for i in items) + overhead.ram_gib * len(series)
    after = FleetSummary(
        servers=len(series),
        average_utilisation=math.fsum(math.fsum(s) for s in series) / (len(series) * samples),
        peak_utilisation=max(max(s) for s in series),
        ram_utilisation=used_ram / (len(series) * host_model.ram_gib),
        energy_kwh_per_year=energy,
        rack_units=len(series) * host_model.rack_units,
        purchase_eur=len(series) * host_model.price_eur,
    )
    return ConsolidationReport(
        before=fleet.summary(),
        after=after,
        placement=result,
        co2_kg_per_kwh=co2_kg_per_kwh,
        energy_price_eur_per_kwh=energy_price_eur_per_kwh,
        before_model=fleet.servers[0].model.name,
        host_model=host_model.name,
        hypervisor=hyper.name,
        interval_s=fleet.servers[0].workload.interval_s,
        host_utilisation=tuple(series),
    )
