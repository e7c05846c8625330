"""The report of a scenario: datastore space, reachability, vMotion eligibility, warnings.

:meth:`hvlab.sim.world.scenario.Scenario.report` builds a :class:`ScenarioReport`;
``to_dict()`` gives JSON, ``to_table(section)`` a :class:`~hvlab.sim.display.values.Table` for
``hvlab.show`` and the CLI.
"""

from __future__ import annotations

__all__ = [
    "FULL_PAIRS_MAX_VMS",
    "DatastoreReport",
    "ReachabilityClass",
    "ReachabilitySummary",
    "ScenarioReport",
    "UnreachableClassPair",
]

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


#: Up to this many VMs the report lists every pair of VMs; beyond, only the summary by class
#: (19,900 pairs at 200 VMs: a table one still scrolls through; 10,000 VMs would make 50 million).
FULL_PAIRS_MAX_VMS = 200


@dataclass(frozen=True)
class ReachabilityClass:
    """VMs that every other VM answers alike: each reaches the same VMs as the others.

    Attributes:
        number: the class's number in the report (1, 2…).
        vms: how many VMs it holds.
        examples: the names of its first VMs (at most three).
        port_groups: its VMs' port groups with their VLAN, e.g. ``"Production (VLAN 20)"``.
        hosts: how many hosts its VMs run on.
        reaches: how many other VMs each of its VMs reaches.
    """

    number: int
    vms: int
    examples: tuple[str, ...]
    port_groups: tuple[str, ...]
    hosts: int
    reaches: int

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "number": self.number,
            "vms": self.vms,
            "examples": list(self.examples),
            "port_groups": list(self.port_groups),
            "hosts": self.hosts,
            "reaches": self.reaches,
        }


@dataclass(frozen=True)
class UnreachableClassPair:
    """Two classes (or one class with itself) whose VMs cannot reach each other, and why.

    Attributes:
        first: number of the first class.
        second: number of the second class (the same for VMs of one class).
        pairs: how many pairs of VMs that makes.
        example: one such pair of VMs.
        reasons: the French reasons for that pair (the same reasons, with other names, hold
            for every pair of the two classes).
    """

    first: int
    second: int
    pairs: int
    example: tuple[str, str]
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "first": self.first,
            "second": self.second,
            "pairs": self.pairs,
            "example": list(self.example),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class ReachabilitySummary:
    """Reachability between VMs by class: counts for every size of scenario.

    Attributes:
        vms: number of VMs.
        pairs: number of pairs of VMs.
        reachable_pairs: pairs that exchange frames.
        listed: True when the report lists every pair (``vms`` ≤ :data:`FULL_PAIRS_MAX_VMS`).
        classes: the classes of VMs.
        reachable_classes: pairs of class numbers whose VMs reach each other (``(n, n)`` when
            the VMs of class ``n`` reach each other).
        unreachable: the pairs of classes whose VMs do not, with the reasons.
    """

    vms: int
    pairs: int
    reachable_pairs: int
    listed: bool
    classes: tuple[ReachabilityClass, ...] = ()
    reachable_classes: tuple[tuple[int, int], ...] = ()
    unreachable: tuple[UnreachableClassPair, ...] = ()

    @property
    def unreachable_pairs(self) -> int:
        """Pairs of VMs that cannot exchange frames."""
        return self.pairs - self.reachable_pairs

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "vms": self.vms,
            "pairs": self.pairs,
            "reachable_pairs": self.reachable_pairs,
            "unreachable_pairs": self.unreachable_pairs,
            "listed": self.listed,
            "full_list_max_vms": FULL_PAIRS_MAX_VMS,
            "classes": [c.to_dict() for c in self.classes],
            "reachable_classes": [list(pair) for pair in self.reachable_classes],
            "unreachable": [u.to_dict() for u in self.unreachable],
        }

    @property
    def sentence(self) -> str:
        """The counts in one French sentence."""
        listed = (
            "chaque paire est détaillée ci-dessous"
            if self.listed
            else f"au-delà de {FULL_PAIRS_MAX_VMS} VM, le rapport les résume par classe de VM"
        )
        return (
            f"{_count(self.pairs)} paires de VM : {_count(self.reachable_pairs)} joignables, "
            f"{_count(self.unreachable_pairs)} non joignables ({listed})."
        )


def _count(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


_SECTIONS = ("datastores", "matrix", "reachability", "vmotion", "warnings")
_SUMMARY_SECTIONS = ("datastores", "classes", "matrix", "reachability", "vmotion", "warnings")


@dataclass(frozen=True)
class ScenarioReport:
    """What :meth:`Scenario.report` finds: space, reachability, vMotion eligibility, warnings.

    Attributes:
        scenario: the scenario's name.
        datastores: one entry per datastore.
        reachability: one entry per pair of VMs, up to :data:`FULL_PAIRS_MAX_VMS` VMs (empty
            beyond: see ``reachability_summary``).
        vmotion: one entry per VM and other host.
        warnings: French warnings (single uplink, datastore that will fill up…).
        reachability_summary: the counts and the classes of VMs, whatever the size.
    """

    scenario: str
    datastores: tuple[DatastoreReport, ...] = ()
    reachability: tuple[Reachability, ...] = ()
    vmotion: tuple[VMotionCheck, ...] = ()
    warnings: tuple[str, ...] = ()
    reachability_summary: ReachabilitySummary | None = None

    @property
    def summarised(self) -> bool:
        """True when the pairs are too many to list and only the summary is given."""
        return self.reachability_summary is not None and not self.reachability_summary.listed

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "scenario": self.scenario,
            "datastores": [d.to_dict() for d in self.datastores],
            "reachability": [r.to_dict() for r in self.reachability],
            "vmotion": [v.to_dict() for v in self.vmotion],
            "warnings": list(self.warnings),
            "reachability_summary": (
                self.reachability_summary.to_dict() if self.reachability_summary else None
            ),
        }

    def to_table(self, section: str = "datastores") -> Table:
        """One section as a table.

        Sections: ``datastores``; ``matrix`` (VM × VM grid, « oui » / « non »); ``reachability``
        (one row per pair, with the path or the reasons); ``vmotion``; ``warnings``. Beyond
        :data:`FULL_PAIRS_MAX_VMS` VMs, ``classes`` lists the classes of VMs, ``matrix`` is
        the class × class grid and ``reachability`` one row per pair of classes that cannot
        reach each other, with the reasons for one pair of their VMs.

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
        if section == "classes":
            return self._classes()
        if section == "matrix":
            return self._class_matrix() if self.summarised else self._matrix()
        if section == "reachability" and self.summarised:
            return self._unreachable_classes()
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
        sections = _SUMMARY_SECTIONS if self.summarised else (*_SECTIONS, "classes")
        raise SimulationError(
            f"Section de rapport inconnue : « {section} » (sections : {', '.join(sections)})."
        )

    def _summary(self) -> ReachabilitySummary:
        if self.reachability_summary is None:
            raise SimulationError("Ce rapport n'a pas de résumé de joignabilité par classe.")
        return self.reachability_summary

    def _classes(self) -> Table:
        return Table(
            ("Classe", "VM", "Exemples", "Groupes de ports", "Hôtes", "VM jointes par chacune"),
            tuple(
                (
                    c.number,
                    c.vms,
                    ", ".join(c.examples) + ("…" if c.vms > len(c.examples) else ""),
                    ", ".join(c.port_groups) or "aucune carte réseau",
                    c.hosts,
                    c.reaches,
                )
                for c in self._summary().classes
            ),
            "Classes de VM (joignabilité identique)",
        )

    def _class_matrix(self) -> Table:
        summary = self._summary()
        numbers = [c.number for c in summary.classes]
        reachable = {frozenset(pair) for pair in summary.reachable_classes}
        rows = tuple(
            (
                f"classe {row}",
                *("oui" if frozenset((row, col)) in reachable else "non" for col in numbers),
            )
            for row in numbers
        )
        return Table(
            ("Classe", *(f"classe {n}" for n in numbers)),
            rows,
            "Matrice de joignabilité entre classes de VM",
        )

    def _unreachable_classes(self) -> Table:
        return Table(
            ("Classe A", "Classe B", "Paires de VM", "Exemple", "Raison"),
            tuple(
                (
                    u.first,
                    u.second,
                    u.pairs,
                    f"{u.example[0]} et {u.example[1]}",
                    " ".join(u.reasons),
                )
                for u in self._summary().unreachable
            ),
            "Classes de VM non joignables entre elles (couche 2)",
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
        """Every section, in order (with ``classes`` when the pairs are summarised)."""
        sections = _SUMMARY_SECTIONS if self.summarised else _SECTIONS
        return tuple(self.to_table(section) for section in sections)
