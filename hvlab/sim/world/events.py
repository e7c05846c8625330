"""The event log of a scenario: storage and network events, with a table view.

`StorageModel.events`, `Network.events` and `Scenario.events` are `EventLog` objects: plain
lists of events (they compare, iterate and serialise like lists) that also offer
``to_table()``, so that ``hvlab.show(sc.events)`` draws a table — time, kind, object, French
message — instead of printing a list of dataclasses. `events_table` does the same for any
sequence of events.

Examples:
    >>> from hvlab.sim.world.network import NetworkEvent
    >>> log = EventLog([NetworkEvent(5.0, "link-down", "esx1", "Lien coupé.")])
    >>> log.to_table().rows
    (('5', 'lien coupé', 'esx1', 'Lien coupé.'),)
"""

from __future__ import annotations

__all__ = ["EVENT_KIND_LABELS", "Event", "EventLog", "events_table"]

from collections.abc import Iterable
from typing import Any, Protocol, TypeVar

from hvlab.sim.display.values import Table

#: French labels of the event kinds, by identifier (an unknown kind is shown as is).
EVENT_KIND_LABELS: dict[str, str] = {
    "vm-paused": "VM mise en pause",
    "vm-resumed": "VM relancée",
    "snapshot-created": "snapshot créé",
    "snapshot-deleted": "snapshot supprimé",
    "storage-vmotion": "Storage vMotion",
    "link-down": "lien coupé",
    "link-up": "lien rétabli",
    "failover": "basculement",
    "failback": "retour sur la carte active",
}


class Event(Protocol):
    """What every event offers: a time, a kind, the object concerned and a French message."""

    @property
    def time_s(self) -> float: ...

    @property
    def kind(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def message(self) -> str: ...

    def to_dict(self) -> dict[str, Any]: ...


_E = TypeVar("_E", bound=Event)


def _seconds(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def events_table(events: Iterable[Event], title: str = "Événements") -> Table:
    """The events as a table: « temps (s) », « type », « objet », « message » (French).

    Args:
        events: the events, shown in the order given.
        title: the table's caption.

    Returns:
        One row per event.
    """
    return Table(
        columns=("temps (s)", "type", "objet", "message"),
        rows=tuple(
            (_seconds(e.time_s), EVENT_KIND_LABELS.get(e.kind, e.kind), e.subject, e.message)
            for e in events
        ),
        title=title,
    )


class EventLog(list[_E]):
    """A list of events that ``hvlab.show`` draws as a table (see `events_table`)."""

    def to_table(self) -> Table:
        """The events as a French table (time, kind, object, message)."""
        return events_table(self)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Every event as a plain dict, ready for JSON."""
        return [e.to_dict() for e in self]
