"""The result of a dynamic-consolidation run: energy, migrations and SLA metrics.

As CloudSim's ``Helper.printResults``:

* energy — the hosts' energy in kWh;
* SLATAH — SLA violation time per active host: the share of the hosts' active time during which
  the VMs asked for more MIPS than the host gave them;
* PDM — performance degradation due to migration: MIPS not served to migrating VMs over MIPS
  asked by all VMs, both integrated over time;
* SLAV = SLATAH × PDM.

The three SLA figures are fractions (0.05 for 5 %).
"""

from __future__ import annotations

__all__ = ["DynamicResult"]

from dataclasses import dataclass
from typing import Any

from hvlab.sim.display.values import Table, VegaLiteChart
from hvlab.sim.dynamic.engine import SimulationOutcome


@dataclass(frozen=True)
class DynamicResult:
    """Figures of one run of a consolidation policy.

    Attributes:
        policy: the policy's name, e.g. ``thr-mmt-0.8``.
        hosts: number of hosts.
        vms: number of VMs.
        energy_kwh: energy of all hosts.
        migrations: number of live migrations.
        slatah: SLA violation time per active host (fraction).
        pdm: performance degradation due to migrations (fraction).
        slav: ``slatah × pdm``.
        outcome: the engine's raw figures (time series included).

    ``vms`` counts every VM of the scenario, as CloudSim's report does, those left out at time
    0 in CloudSim-parity mode included (:attr:`skipped_vms`).
    """

    policy: str
    hosts: int
    vms: int
    energy_kwh: float
    migrations: int
    slatah: float
    pdm: float
    slav: float
    outcome: SimulationOutcome

    @classmethod
    def from_outcome(
        cls, policy: str, hosts: int, vms: int, outcome: SimulationOutcome
    ) -> DynamicResult:
        """Derive the metrics from the engine's figures."""
        active = outcome.sla_time_active_s
        slatah = outcome.sla_time_violation_s / active if active > 0 else 0.0
        requested = outcome.requested_mips_s
        pdm = outcome.underallocated_migration_mips_s / requested if requested > 0 else 0.0
        return cls(
            policy=policy,
            hosts=hosts,
            vms=vms,
            energy_kwh=outcome.energy_j / 3_600_000.0,
            migrations=outcome.migrations,
            slatah=slatah,
            pdm=pdm,
            slav=slatah * pdm,
            outcome=outcome,
        )

    @property
    def skipped_vms(self) -> int:
        """VMs left out at time 0 because they fitted nowhere (CloudSim-parity mode)."""
        return len(self.outcome.skipped_vms)

    def to_dict(self) -> dict[str, Any]:
        """``{"energy_kwh", "migrations", "slatah", "pdm", "slav", "hosts", "vms",
        "skipped_vms"}``."""
        return {
            "energy_kwh": self.energy_kwh,
            "migrations": self.migrations,
            "slatah": self.slatah,
            "pdm": self.pdm,
            "slav": self.slav,
            "hosts": self.hosts,
            "vms": self.vms,
            "skipped_vms": self.skipped_vms,
        }

    def to_table(self) -> Table:
        """The figures in French, SLA ones in percent."""
        return Table(
            columns=("indicateur", "valeur"),
            rows=(
                ("politique", self.policy),
                ("serveurs", self.hosts),
                ("VM", self.vms),
                ("VM non créées (aucun serveur au départ)", self.skipped_vms),
                ("énergie (kWh)", round(self.energy_kwh, 2)),
                ("migrations", self.migrations),
                ("SLATAH (%)", round(self.slatah * 100, 2)),
                ("PDM (%)", round(self.pdm * 100, 4)),
                ("SLAV (%)", round(self.slav * 100, 5)),
            ),
            title=f"Consolidation dynamique : {self.policy}",
        )

    def to_chart(self) -> VegaLiteChart:
        """Active hosts and power over time (two lines)."""
        values: list[dict[str, Any]] = []
        for time, active, power in zip(
            self.outcome.step_times_s,
            self.outcome.active_hosts,
            self.outcome.power_w,
            strict=True,
        ):
            hours = round(time / 3600, 3)
            values.append({"heure": hours, "série": "serveurs actifs", "valeur": active})
            values.append({"heure": hours, "série": "puissance (kW)", "valeur": power / 1000})
        return VegaLiteChart(
            {
                "description": f"Serveurs actifs et puissance au cours du temps ({self.policy})",
                "data": {"values": values},
                "mark": "line",
                "encoding": {
                    "x": {"field": "heure", "type": "quantitative", "title": "Heure"},
                    "y": {"field": "valeur", "type": "quantitative", "title": "Valeur"},
                    "row": {"field": "série", "type": "nominal", "title": None},
                },
                "resolve": {"scale": {"y": "independent"}},
            }
        )
