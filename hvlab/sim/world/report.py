"""The report of a scenario: datastore space, reachability, vMotion eligibility, warnings.

:meth:`hvlab.sim.world.scenario.Scenario.report` builds a :class:`ScenarioReport`;
``to_dict()`` gives JSON, ``to_table(section)`` a :class:`~hvlab.sim.display.values.Table` for
``hvlab.show`` and the CLI.
"""

from __future__ import annotations

__all__ = ["DatastoreReport", "ScenarioReport"]

from dataclasses import dataclass
from typing import Any

from hvlab.errors import SimulationError
from hvlab.sim.display.values import Table
from hvlab.sim.world.network import Reachability
from hvlab.sim.world.storage import DatastoreType
from hvlab.sim.world.vmotion import VMotionCheck


@dataclass(frozen=True)
class DatastoreReport:
    """Space on one datastore.

    Attributes:
        name: datastore name.
        kind: ``local``, ``nfs``, ``iscsi`` or ``fc``.
        hosts: hosts that see it.
        shared: seen by at least two hosts.
        capacity_gib: capacity.
        provisioned_gib: sum of the disks' provisioned sizes (and snapshot deltas).
        used_gib: space actually taken.
        free_gib: space left.
        overcommit_ratio: provisioned / capacity.
    """

    name: str
    kind: str
    hosts: tuple[str, ...]
    shared: bool
    capacity_gib: float
    provisioned_gib: float
    used_gib: float
    free_gib: float
    overcommit_ratio: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "name": self.name,
            "kind": self.kind,
            "hosts": list(self.hosts),
            "shared": self.shared,
            "capacity_gib": self.capacity_gib,
            "provisioned_gib": self.provisioned_gib,
            "used_gib": self.used_gib,
            "free_gib": self.free_gib,
            "overcommit_ratio": self.overcommit_ratio,
        }


_SECTIONS = ("datastores", "matrix", "reachability", "vmotion", "warnings")


@dataclass(frozen=True)
class ScenarioReport:
    """What :meth:`Scenario.report` finds: space, reachability, vMotion eligibility, warnings.

    Attributes:
        scenario: the scenario's name.
        datastores: one entry per datastore.
        reachability: one entry per pair of VMs.
        vmotion: one entry per VM and other host.
        warnings: French warnings (single uplink, datastore that will fill up…).
    """

    scenario: str
    datastores: tuple[DatastoreReport, ...] = ()
    reachability: tuple[Reachability, ...] = ()
    vmotion: tuple[VMotionCheck, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "scenario": self.scenario,
            "datastores": [d.to_dict() for d in self.datastores],
            "reachability": [r.to_dict() for r in self.reachability],
            "vmotion": [v.to_dict() for v in self.vmotion],
            "warnings": list(self.warnings),
        }

    def to_table(self, section: str = "datastores") -> Table:
        """One section as a table.

        Sections: ``datastores``; ``matrix`` (VM × VM grid, « oui » / « non »); ``reachability``
        (one row per pair, with the path or the reasons); ``vmotion``; ``warnings``.

        Raises:
            SimulationError: unknown section.
        """
        if section == "datastores":
            return Table(
                (
                    "Datastore",
                    "Type",
                    "Partagé",
                    "Capacité (Gio)",
                    "Provisionné (Gio)",
                    "Utilisé (Gio)",
                    "Libre (Gio)",
                    "Surallocation",
                ),
                tuple(
                    (
                        d.name,
                        DatastoreType(d.kind).label,
                        d.shared,
                        round(d.capacity_gib, 2),
                        round(d.provisioned_gib, 2),
                        round(d.used_gib, 2),
                        round(d.free_gib, 2),
                        round(d.overcommit_ratio, 2),
                    )
                    for d in self.datastores
                ),
                "Datastores",
            )
        if section == "matrix":
            return self._matrix()
        if section == "reachability":
            return Table(
                ("VM A", "VM B", "Joignables", "Chemin ou raison"),
                tuple(
                    (r.source, r.target, r.reachable, r.path or " ".join(r.reasons))
                    for r in self.reachability
                ),
                "Joignabilité entre VM (couche 2)",
            )
        if section == "vmotion":
            return Table(
                ("VM", "Depuis", "Vers", "vMotion possible", "Débit (Mo/s)", "Raisons"),
                tuple(
                    (
                        v.vm,
                        v.source,
                        v.destination,
                        v.eligible,
                        round(v.bandwidth_mb_s, 1),
                        " ".join(v.reasons),
                    )
                    for v in self.vmotion
                ),
                "Éligibilité à vMotion",
            )
        if section == "warnings":
            return Table(("Avertissement",), tuple((w,) for w in self.warnings), "Avertissements")
        raise SimulationError(
            f"Section de rapport inconnue : « {section} » (sections : {', '.join(_SECTIONS)})."
        )

    def _matrix(self) -> Table:
        names: list[str] = []
        for pair in self.reachability:
            names += [n for n in (pair.source, pair.target) if n not in names]
        reachable = {frozenset((p.source, p.target)): p.reachable for p in self.reachability}
        rows = tuple(
            (
                row,
                *(
                    "—" if row == col else ("oui" if reachable[frozenset((row, col))] else "non")
                    for col in names
                ),
            )
            for row in names
        )
        return Table(("VM", *names), rows, "Matrice de joignabilité")

    def tables(self) -> tuple[Table, ...]:
        """Every section, in order."""
        return tuple(self.to_table(section) for section in _SECTIONS)
