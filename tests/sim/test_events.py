"""The event log of a scenario and its table view."""

from __future__ import annotations

from pathlib import Path

from hvlab.show import to_payload
from hvlab.sim.display import Table
from hvlab.sim.world.events import EventLog, events_table
from hvlab.sim.world.network import NetworkEvent
from hvlab.sim.world.scenario import Scenario, load_scenario
from hvlab.sim.world.storage import StorageEvent

_SCENARIOS = Path(__file__).resolve().parents[2] / "labs" / "scenarios"


def _example(name: str) -> Scenario:
    return load_scenario(_SCENARIOS / f"{name}.yaml")


def test_events_table_has_time_kind_object_and_message() -> None:
    events: list[StorageEvent | NetworkEvent] = [
        StorageEvent(100.0, "vm-paused", "dev2", "nfs-dev", "dev2 est en pause."),
        NetworkEvent(12.5, "link-down", "esx02", "Le lien vmnic0 de esx02 est coupé."),
    ]
    table = events_table(events)
    assert table.columns == ("temps (s)", "type", "objet", "message")
    assert table.rows == (
        ("100", "VM mise en pause", "dev2 (nfs-dev)", "dev2 est en pause."),
        ("12,5", "lien coupé", "esx02", "Le lien vmnic0 de esx02 est coupé."),
    )


def test_scenario_events_show_as_a_table_in_time_order() -> None:
    scenario = _example("stockage-plein")
    scenario.write("dev2", 80, at_s=100)
    scenario.storage.delete_snapshot("dev1", "avant-migration-php", at_s=150)
    scenario.storage_vmotion("dev3", "san-secours", at_s=200)
    events = scenario.events
    assert isinstance(events, EventLog)
    payload = to_payload(events)
    assert payload["type"] == "table"
    rows = payload["data"]["rows"]
    assert [(r[0], r[1], r[2].split(" ")[0]) for r in rows] == [
        ("100", "VM mise en pause", "dev2"),
        ("150", "snapshot supprimé", "dev1"),
        ("200", "Storage vMotion", "dev3"),
        ("200", "VM relancée", "dev2"),
    ]
    assert isinstance(scenario.storage.events.to_table(), Table)


def test_network_events_of_a_scenario_show_as_a_table() -> None:
    scenario = _example("pannes-reseau")
    # esx02's vmnic0 is down in this scenario: bringing it back up is logged.
    scenario.set_link("esx02", "vmnic0", up=True, at_s=60)
    table = scenario.network.events.to_table()
    assert table.rows and table.rows[0][:3] == ("60", "lien rétabli", "esx02")
    assert to_payload(scenario.events)["type"] == "table"


def test_event_log_is_still_a_list() -> None:
    log: EventLog[NetworkEvent] = EventLog()
    log.append(NetworkEvent(1.0, "link-up", "esx1", "Lien rétabli."))
    assert log == [NetworkEvent(1.0, "link-up", "esx1", "Lien rétabli.")]
    assert log.to_dicts() == [
        {"time_s": 1.0, "kind": "link-up", "host": "esx1", "message": "Lien rétabli."}
    ]
