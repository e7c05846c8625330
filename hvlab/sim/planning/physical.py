"""Before virtualisation: one operating system and one application per physical server.

A `PhysicalFleet` is a set of `PhysicalServer`, each running one application with
its own `Workload`. The fleet reports what the course notes describe:
low utilisation (5–10 % of the machine really used), energy, rack space and purchase cost
(`FleetSummary`); the long provisioning of a new server (`physical_provisioning`,
against `virtual_provisioning`); and the service downtime that hardware maintenance causes
(`maintenance_downtime`).

Every duration and count here is a **teaching assumption**, stated in the docstring that uses it
and configurable by argument.

Examples:
    >>> fleet = generate_fleet(10, seed=1)
    >>> 0.05 <= fleet.summary().average_utilisation <= 0.12
    True
"""

from __future__ import annotations

__all__ = [
    "HOURS_PER_YEAR",
    "FleetSummary",
    "MaintenanceDowntime",
    "PhysicalFleet",
    "PhysicalServer",
    "ProvisioningStep",
    "ProvisioningTimeline",
    "generate_fleet",
    "maintenance_downtime",
    "physical_provisioning",
    "virtual_provisioning",
]

import math
import random
from dataclasses import dataclass

from hvlab.errors import SimulationError
from hvlab.fr import number
from hvlab.sim.core.hardware import ENTRY_1U, ServerModel
from hvlab.sim.core.workload import Workload, bursty, constant, diurnal
from hvlab.sim.display.charts import timeline_chart
from hvlab.sim.display.values import Table, VegaLiteChart

#: Hours in a (non-leap) year.
HOURS_PER_YEAR = 8760.0
#: The most servers a generated fleet may have (a very large datacentre).
MAX_FLEET = 100_000


@dataclass(frozen=True)
class PhysicalServer:
    """A physical server dedicated to one application.

    Args:
        name: the application's (and server's) name.
        model: the server model.
        workload: the application's CPU demand, as shares of the whole server.
        ram_used_gib: memory the application and its OS really use, in GiB.
    """

    name: str
    model: ServerModel
    workload: Workload
    ram_used_gib: float

    def __post_init__(self) -> None:
        if not 0 <= self.ram_used_gib <= self.model.ram_gib:
            raise SimulationError(
                f"Serveur « {self.name} » : mémoire utilisée invalide ({self.ram_used_gib!r} Gio) ;"
                f" elle doit être comprise entre 0 et {self.model.ram_gib} Gio installés."
            )

    @property
    def mean_power_w(self) -> float:
        """Mean power over the workload, in watts."""
        power = self.model.power_w
        return math.fsum(power(u) for u in self.workload.cpu) / len(self.workload.cpu)

    @property
    def energy_kwh_per_year(self) -> float:
        """Energy over a year at this workload (repeated), in kWh."""
        return self.mean_power_w * HOURS_PER_YEAR / 1000.0

    def cpu_demand_mhz(self, sample: int) -> float:
        """CPU used at ``sample``, in MHz (= MIPS), so it can move to a host of another speed."""
        return self.workload.cpu[sample % len(self.workload.cpu)] * self.model.total_mhz


@dataclass(frozen=True)
class FleetSummary:
    """Figures of a fleet of servers (before or after virtualisation).

    Attributes:
        servers: physical machines switched on.
        average_utilisation: mean CPU utilisation over machines and time, in [0, 1].
        peak_utilisation: highest CPU utilisation of any machine at any sample.
        ram_utilisation: memory in use / memory installed.
        energy_kwh_per_year: energy over a year, in kWh.
        rack_units: rack space, in U.
        purchase_eur: purchase cost of the machines, in euros.
    """

    servers: int
    average_utilisation: float
    peak_utilisation: float
    ram_utilisation: float
    energy_kwh_per_year: float
    rack_units: int
    purchase_eur: float

    def to_dict(self) -> dict[str, float | int]:
        """The figures, ready for JSON."""
        return {
            "servers": self.servers,
            "average_utilisation": self.average_utilisation,
            "peak_utilisation": self.peak_utilisation,
            "ram_utilisation": self.ram_utilisation,
            "energy_kwh_per_year": self.energy_kwh_per_year,
            "rack_units": self.rack_units,
            "purchase_eur": self.purchase_eur,
        }


@dataclass(frozen=True)
class PhysicalFleet:
    """Servers of the non-virtualised world: one application each.

    Args:
        servers: the servers.
    """

    servers: tuple[PhysicalServer, ...]

    def __post_init__(self) -> None:
        if not self.servers:
            raise SimulationError("Parc vide : donnez au moins un serveur.")

    def __len__(self) -> int:
        return len(self.servers)

    def summary(self) -> FleetSummary:
        """Utilisation, energy, space and cost of the fleet."""
        samples = sum(len(s.workload.cpu) for s in self.servers)
        total = math.fsum(math.fsum(s.workload.cpu) for s in self.servers)
        return FleetSummary(
            servers=len(self.servers),
            average_utilisation=total / samples,
            peak_utilisation=max(s.workload.peak_cpu for s in self.servers),
            ram_utilisation=math.fsum(s.ram_used_gib for s in self.servers)
            / math.fsum(s.model.ram_gib for s in self.servers),
            energy_kwh_per_year=math.fsum(s.energy_kwh_per_year for s in self.servers),
            rack_units=sum(s.model.rack_units for s in self.servers),
            purchase_eur=math.fsum(s.model.price_eur for s in self.servers),
        )

    def to_table(self) -> Table:
        """One row per server: mean and peak CPU, memory used, power (French columns)."""
        rows = tuple(
            (
                s.name,
                round(100 * s.workload.mean_cpu, 1),
                round(100 * s.workload.peak_cpu, 1),
                round(s.ram_used_gib, 1),
                round(s.mean_power_w, 1),
            )
            for s in self.servers
        )
        return Table(
            columns=(
                "Serveur",
                "CPU moyen (%)",
                "CPU max (%)",
                "RAM utilisée (Gio)",
                "Puissance (W)",
            ),
            rows=rows,
            title="Parc physique : une application par serveur",
        )

    def to_dict(self) -> dict[str, object]:
        """The fleet's summary and servers, ready for JSON."""
        return {
            "summary": self.summary().to_dict(),
            "servers": [
                {
                    "name": s.name,
                    "model": s.model.name,
                    "mean_cpu": s.workload.mean_cpu,
                    "peak_cpu": s.workload.peak_cpu,
                    "ram_used_gib": s.ram_used_gib,
                }
                for s in self.servers
            ],
        }


#: RAM really used by one application and its OS, in GiB (teaching assumption: 1–4 GiB, mean
#: 2.4 GiB, i.e. about 7.5 % of a 32 GiB entry server, inside the 5–10 % of the course notes).
_RAM_CHOICES_GIB = (1.0, 2.0, 2.0, 3.0, 4.0)


def generate_fleet(
    servers: int,
    *,
    seed: int = 0,
    model: ServerModel = ENTRY_1U,
    samples: int = 288,
    interval_s: float = 300.0,
) -> PhysicalFleet:
    """A seeded fleet of ``servers`` dedicated servers with typical light workloads.

    Applications cycle through three kinds: constant (level drawn in 4–10 %), diurnal (mean
    5–10 %, amplitude 2–6 %) and bursty (base 3–6 %). Their mean utilisation falls in the
    5–12 % reported for non-virtualised servers (REFERENCES.md); their RAM use is drawn in
    1–4 GiB. Same seed, same fleet.

    Args:
        servers: number of servers (≥ 1).
        seed: seed of the random generator.
        model: the server model of every machine (entry 1U server by default).
        samples: samples per workload (288 = one day at 300 s).
        interval_s: seconds between samples.

    Returns:
        The fleet; applications are named ``app001``, ``app002``…

    Raises:
        SimulationError: fewer than one server.
    """
    if not isinstance(servers, int) or not 1 <= servers <= MAX_FLEET:
        raise SimulationError(
            f"Nombre de serveurs invalide : {servers!r}. Donnez un entier entre 1 et "
            f"{number(MAX_FLEET, 0)}."
        )
    rng = random.Random(seed)
    width = max(3, len(str(servers)))
    fleet = []
    for index in range(servers):
        name = f"app{index + 1:0{width}d}"
        sub_seed = rng.randrange(2**32)
        kind = index % 3
        if kind == 0:
            workload = constant(
                rng.uniform(0.04, 0.10), samples=samples, interval_s=interval_s, name=name
            )
        elif kind == 1:
            workload = diurnal(
                rng.uniform(0.05, 0.10),
                rng.uniform(0.02, 0.06),
                peak_hour=rng.uniform(9.0, 18.0),
                samples=samples,
                interval_s=interval_s,
                seed=sub_seed,
                name=name,
            )
        else:
            workload = bursty(
                rng.uniform(0.03, 0.06),
                samples=samples,
                interval_s=interval_s,
                seed=sub_seed,
                name=name,
            )
        ram = min(model.ram_gib, rng.choice(_RAM_CHOICES_GIB))
        fleet.append(PhysicalServer(name, model, workload, ram))
    return PhysicalFleet(tuple(fleet))


@dataclass(frozen=True)
class ProvisioningStep:
    """One step of putting a service into production.

    Args:
        label: what is done, in French.
        duration_h: how long it takes, in hours of elapsed time.
    """

    label: str
    duration_h: float

    def __post_init__(self) -> None:
        if not self.duration_h >= 0:
            raise SimulationError(
                f"Étape « {self.label} » : durée invalide ({self.duration_h!r} h). Elle doit être "
                "positive ou nulle."
            )


@dataclass(frozen=True)
class ProvisioningTimeline:
    """Steps run one after the other, from the request to the service in production.

    Args:
        title: e.g. « Serveur physique ».
        steps: the steps, in order.
    """

    title: str
    steps: tuple[ProvisioningStep, ...]

    @property
    def total_h(self) -> float:
        """Elapsed time from request to production, in hours."""
        return math.fsum(step.duration_h for step in self.steps)

    @property
    def total_days(self) -> float:
        """Elapsed time from request to production, in days of 24 h."""
        return self.total_h / 24.0

    def schedule(self) -> list[tuple[str, float, float]]:
        """``(label, start_h, end_h)`` of every step."""
        start = 0.0
        out = []
        for step in self.steps:
            out.append((step.label, start, start + step.duration_h))
            start += step.duration_h
        return out

    def to_dict(self) -> dict[str, object]:
        """The timeline, ready for JSON."""
        return {
            "title": self.title,
            "total_h": self.total_h,
            "steps": [
                {"label": label, "start_h": start, "end_h": end}
                for label, start, end in self.schedule()
            ],
        }

    def to_table(self) -> Table:
        """One row per step (French columns)."""
        return Table(
            columns=("Étape", "Début (h)", "Fin (h)", "Durée (h)"),
            rows=tuple((label, start, end, end - start) for label, start, end in self.schedule()),
            title=f"{self.title} : {self.total_h:g} h ({self.total_days:.1f} j)".replace(".", ","),
        )

    def to_chart(self) -> VegaLiteChart:
        """A Gantt chart of the steps (Vega-Lite)."""
        return timeline_chart([self])


def physical_provisioning(
    *,
    order_days: float = 15.0,
    racking_h: float = 4.0,
    os_install_h: float = 2.0,
    os_update_h: float = 2.0,
    configuration_h: float = 4.0,
    application_h: float = 8.0,
) -> ProvisioningTimeline:
    """Putting a new application into production on its own physical server.

    The steps are those of the course notes (order the server, install and update the OS,
    configure the system, install and configure the application), plus racking and cabling.
    Default durations are **teaching assumptions**: 15 days from order to delivery (quotation,
    purchase order, shipping), 4 h to rack and cable, 2 h to install the OS, 2 h of updates,
    4 h of system configuration, 8 h to install and configure the application.

    Returns:
        The timeline (about 16 days with the defaults).
    """
    return ProvisioningTimeline(
        "Serveur physique",
        (
            ProvisioningStep("Commande et livraison du serveur", order_days * 24.0),
            ProvisioningStep("Mise en baie et câblage", racking_h),
            ProvisioningStep("Installation du système d'exploitation", os_install_h),
            ProvisioningStep("Mises à jour du système", os_update_h),
            ProvisioningStep("Configuration du système", configuration_h),
            ProvisioningStep("Installation et configuration de l'application", application_h),
        ),
    )


def virtual_provisioning(
    *,
    clone_h: float = 0.25,
    os_update_h: float = 0.5,
    configuration_h: float = 1.0,
    application_h: float = 8.0,
) -> ProvisioningTimeline:
    """Putting the same application into production in a VM on an existing cluster.

    Teaching assumptions: a VM is deployed from an up-to-date template in 15 minutes (the course
    notes: « création d'une VM en quelques minutes »), 30 min of remaining updates, 1 h of
    configuration (network, naming), and the same 8 h for the application.

    Returns:
        The timeline (under 10 h with the defaults).
    """
    return ProvisioningTimeline(
        "Machine virtuelle",
        (
            ProvisioningStep("Déploiement de la VM depuis un modèle", clone_h),
            ProvisioningStep("Mises à jour du système", os_update_h),
            ProvisioningStep("Configuration du système", configuration_h),
            ProvisioningStep("Installation et configuration de l'application", application_h),
        ),
    )


@dataclass(frozen=True)
class MaintenanceDowntime:
    """Service downtime caused by hardware maintenance over a year.

    Attributes:
        services: number of applications.
        interventions_per_year: hardware interventions per server and per year.
        duration_h: length of one intervention (server stopped), in hours.
        live_migration: True if the VMs are moved away before the intervention.
        downtime_h_per_service: hours per year each service is down because of maintenance.
        total_downtime_h: the same, summed over all services.
        availability: share of the year each service is up (maintenance only).
    """

    services: int
    interventions_per_year: float
    duration_h: float
    live_migration: bool
    downtime_h_per_service: float
    total_downtime_h: float
    availability: float

    def to_dict(self) -> dict[str, object]:
        """The figures, ready for JSON."""
        return {
            "services": self.services,
            "interventions_per_year": self.interventions_per_year,
            "duration_h": self.duration_h,
            "live_migration": self.live_migration,
            "downtime_h_per_service": self.downtime_h_per_service,
            "total_downtime_h": self.total_downtime_h,
            "availability": self.availability,
        }


def maintenance_downtime(
    services: int,
    *,
    interventions_per_year: float = 2.0,
    duration_h: float = 4.0,
    live_migration: bool = False,
) -> MaintenanceDowntime:
    """Downtime that hardware maintenance causes to the services.

    Without virtualisation, each intervention on a server (replacing a part, a firmware update,
    adding memory) stops the only application it runs for the whole intervention. With
    virtualisation and live migration, the host is emptied first (maintenance mode): the services
    keep running. Defaults — 2 interventions per server per year, 4 h each — are teaching
    assumptions.

    Args:
        services: number of applications (one per server before virtualisation).
        interventions_per_year: interventions per server per year.
        duration_h: length of one intervention, in hours.
        live_migration: True when VMs are moved away before the intervention.

    Returns:
        The downtime figures.
    """
    if services < 0 or interventions_per_year < 0 or duration_h < 0:
        raise SimulationError(
            f"Paramètres de maintenance invalides ({services!r} services, "
            f"{interventions_per_year!r} interventions par an, {duration_h!r} h) : "
            "ils doivent être positifs ou nuls."
        )
    per_service = 0.0 if live_migration else interventions_per_year * duration_h
    return MaintenanceDowntime(
        services=services,
        interventions_per_year=interventions_per_year,
        duration_h=duration_h,
        live_migration=live_migration,
        downtime_h_per_service=per_service,
        total_downtime_h=per_service * services,
        availability=1.0 - per_service / HOURS_PER_YEAR,
    )
