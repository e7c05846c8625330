"""Hand-written validation of a scenario document (a dict), collecting every problem at once.

The checks mirror the published JSON Schema (``hvlab/sim/world/schema/scenario.schema.json``)
and add what a schema cannot say: references between sections (a VM's host, a disk's datastore, an
uplink's NIC), unique names, thick disks that do not fit. Each problem is a ``(path, message)``
pair, the path reading like ``hosts[2].nics[0].speed_gbps``; messages are French.
"""

from __future__ import annotations

import difflib
import ipaddress
import math
import re
import reprlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hvlab.errors import SimulationError
from hvlab.sim.core.devices import check_ip_interface
from hvlab.sim.core.hardware import SERVER_MODELS
from hvlab.sim.core.hypervisor import HYPERVISORS
from hvlab.sim.display.values import fr_number

_Check = Callable[[Any], str]

_DATASTORE_TYPES = ("local", "nfs", "iscsi", "fc")
_PROVISIONING = ("thin", "thick-lazy", "thick-eager")
_POLICIES = ("port-id", "mac-hash", "ip-hash", "failover-order")
_SERVICES = ("management", "vmotion", "ip-storage")
_VENDORS = ("intel", "amd")
_LINK = ("up", "down")

#: The server model of a host whose document gives none.
DEFAULT_SERVER_MODEL = "rack-1u"


_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxdict = 4
_REPR.maxstring = _REPR.maxother = 40


def _describe(value: Any) -> str:
    text = _REPR.repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """`` (vouliez-vous dire « x » ?)`` when one choice is clearly the closest to ``word``."""
    scores = sorted(
        ((difflib.SequenceMatcher(None, word, c).ratio(), c) for c in choices), reverse=True
    )
    if not scores or scores[0][0] < 0.6 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return ""
    return f" (vouliez-vous dire « {scores[0][1]} » ?)"


def _text(value: Any) -> str:
    if isinstance(value, str) and value.strip():
        return ""
    return f"doit être un texte non vide (reçu : {_describe(value)})."


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _positive(value: Any) -> str:
    if _number(value) and value > 0:
        return ""
    return f"doit être un nombre strictement positif (reçu : {_describe(value)})."


def _non_negative(value: Any) -> str:
    if _number(value) and value >= 0:
        return ""
    return f"doit être un nombre positif ou nul (reçu : {_describe(value)})."


def _integer(low: int, high: int) -> _Check:
    def check(value: Any) -> str:
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return ""
        return f"doit être un entier entre {low} et {high} (reçu : {_describe(value)})."

    return check


def _boolean(value: Any) -> str:
    return (
        "" if isinstance(value, bool) else f"doit valoir true ou false (reçu : {_describe(value)})."
    )


def _choice(choices: tuple[str, ...]) -> _Check:
    def check(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return ""
        hint = _hint(value, choices) if isinstance(value, str) else ""
        return (
            f"valeur {_describe(value)} non reconnue{hint} : valeurs possibles : "
            f"{', '.join(choices)}."
        )

    return check


def _sequence(value: Any) -> str:
    return "" if isinstance(value, list) else f"doit être une liste (reçu : {_describe(value)})."


def _anything(_value: Any) -> str:
    return ""


@dataclass(frozen=True)
class _Field:
    check: _Check
    required: bool = False


@dataclass
class Checker:
    """Collects ``(path, message)`` problems while walking a scenario document."""

    problems: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        """Record a problem at ``path``."""
        self.problems.append((path, message))

    def mapping(self, value: Any, path: str, spec: Mapping[str, _Field]) -> dict[str, Any] | None:
        """Check ``value`` is a mapping whose keys and scalar values follow ``spec``.

        Returns:
            The mapping restricted to the keys whose values are valid, or None when ``value`` is
            not a mapping.
        """
        if not isinstance(value, dict):
            self.add(path, f"doit être un dictionnaire de clés (reçu : {_describe(value)}).")
            return None
        valid: dict[str, Any] = {}
        for key, item in value.items():
            shown = str(key) if isinstance(key, str) else _describe(key)
            where = _join(path, shown)
            if not isinstance(key, str) or key not in spec:
                hint = _hint(shown, list(spec))
                self.add(
                    where,
                    f"clé inconnue « {shown} »{hint} ; clés possibles : {', '.join(spec)}.",
                )
                continue
            message = spec[key].check(item)
            if message:
                self.add(where, message)
            else:
                valid[key] = item
        for key, rule in spec.items():
            if rule.required and key not in value:
                self.add(path, f"la clé « {key} » est obligatoire.")
        return valid

    def items(
        self, parent: dict[str, Any], key: str, path: str, spec: Mapping[str, _Field]
    ) -> list[tuple[str, dict[str, Any]]]:
        """The valid mapping items of list ``parent[key]``, each with its path."""
        found = []
        for index, item in enumerate(parent.get(key, [])):
            where = f"{_join(path, key)}[{index}]"
            checked = self.mapping(item, where, spec)
            if checked is not None:
                found.append((where, checked))
        return found

    def unique(self, items: list[tuple[str, dict[str, Any]]], what: str) -> dict[str, str]:
        """Report repeated ``name`` values; returns name → path of the first occurrence."""
        seen: dict[str, str] = {}
        for where, item in items:
            name = item.get("name")
            if not isinstance(name, str):
                continue
            if name in seen:
                self.add(_join(where, "name"), f"{what} « {name} » est déjà défini ({seen[name]}).")
            else:
                seen[name] = where
        return seen


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _vlan_list(value: Any) -> str:
    if value == "all":
        return ""
    if not isinstance(value, list):
        return f"doit valoir « all » ou une liste de VLAN (reçu : {_describe(value)})."
    for item in value:
        if parse_vlan_item(item) is None:
            return (
                f"élément {_describe(item)} invalide : donnez des VLAN entre 1 et 4094, seuls ou "
                "en plages « 100-110 »."
            )
    return ""


_VLAN_RANGE = re.compile(r"([0-9]{1,4})-([0-9]{1,4})")


def parse_vlan_item(item: Any) -> range | None:
    """A VLAN (int) or a range ("100-110") of allowed VLANs, or None when invalid."""
    if isinstance(item, int) and not isinstance(item, bool):
        return range(item, item + 1) if 1 <= item <= 4094 else None
    match = _VLAN_RANGE.fullmatch(item) if isinstance(item, str) else None
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        if 1 <= low <= high <= 4094:
            return range(low, high + 1)
    return None


def _ip(value: Any) -> str:
    if isinstance(value, str) and "/" in value:
        try:
            ipaddress.ip_interface(value)
        except ValueError:
            pass
        else:
            return ""
    return (
        "doit être une adresse avec préfixe, par exemple « 10.0.40.11/24 » "
        f"(reçu : {_describe(value)})."
    )


def _address(value: Any) -> str:
    """A VM's IP address, with or without its prefix length."""
    if isinstance(value, str):
        try:
            check_ip_interface(value, "la carte")
        except SimulationError:
            pass
        else:
            return ""
    return (
        "doit être une adresse IP, par exemple « 10.0.20.5 » ou « 10.0.20.5/24 » (quatre "
        f"nombres de 0 à 255, préfixe de 0 à 32) (reçu : {_describe(value)})."
    )


def _names(value: Any) -> str:
    message = _sequence(value)
    if message:
        return message
    bad = [item for item in value if not isinstance(item, str) or not item]
    return f"doit être une liste de noms (élément invalide : {_describe(bad[0])})." if bad else ""


ROOT = {
    "name": _Field(_text, required=True),
    "description": _Field(_text),
    "hosts": _Field(_sequence, required=True),
    "datastores": _Field(_sequence),
    "physical_switches": _Field(_sequence),
    "vms": _Field(_sequence),
}
HOST = {
    "name": _Field(_text, required=True),
    "hypervisor": _Field(_choice(tuple(HYPERVISORS))),
    "model": _Field(_choice(tuple(SERVER_MODELS))),
    "cpu": _Field(_anything),
    "nics": _Field(_sequence, required=True),
    "vswitches": _Field(_sequence),
    "vmkernel": _Field(_sequence),
}
CPU = {
    "vendor": _Field(_choice(_VENDORS), required=True),
    "generation": _Field(_text, required=True),
    "evc_mode": _Field(_text),
}
NIC = {
    "name": _Field(_text, required=True),
    "speed_gbps": _Field(_positive, required=True),
    "link": _Field(_choice(_LINK)),
}
TEAMING = {
    "policy": _Field(_choice(_POLICIES)),
    "active": _Field(_names),
    "standby": _Field(_names),
    "failback": _Field(_boolean),
    "notify_switches": _Field(_boolean),
}
VSWITCH = {
    "name": _Field(_text, required=True),
    "uplinks": _Field(_names),
    "teaming": _Field(_anything),
    "port_groups": _Field(_sequence),
}
PORT_GROUP = {
    "name": _Field(_text, required=True),
    "vlan": _Field(_integer(0, 4095)),
    "teaming": _Field(_anything),
}
VMKERNEL = {
    "name": _Field(_text, required=True),
    "port_group": _Field(_text, required=True),
    "ip": _Field(_ip),
    "services": _Field(_sequence),
}
DATASTORE = {
    "name": _Field(_text, required=True),
    "type": _Field(_choice(_DATASTORE_TYPES), required=True),
    "capacity_gib": _Field(_positive, required=True),
    "hosts": _Field(_names, required=True),
}
SWITCH = {
    "name": _Field(_text, required=True),
    "ports": _Field(_sequence, required=True),
}
SWITCH_PORT = {
    "host": _Field(_text, required=True),
    "nic": _Field(_text, required=True),
    "allowed_vlans": _Field(_vlan_list),
    "native_vlan": _Field(_integer(1, 4094)),
    "port_channel": _Field(_text),
}
VM = {
    "name": _Field(_text, required=True),
    "host": _Field(_text, required=True),
    "vcpus": _Field(_integer(1, 768)),
    "ram_mib": _Field(_integer(1, 24 * 1024 * 1024)),
    "disks": _Field(_sequence),
    "nics": _Field(_sequence),
    "snapshots": _Field(_sequence),
}
SNAPSHOT = {
    "name": _Field(_text, required=True),
    "delta_gib": _Field(_non_negative),
}
DISK = {
    "name": _Field(_text, required=True),
    "datastore": _Field(_text, required=True),
    "size_gib": _Field(_positive, required=True),
    "provisioning": _Field(_choice(_PROVISIONING)),
    "used_gib": _Field(_non_negative),
}
VM_NIC = {
    "port_group": _Field(_text, required=True),
    "guest_vlan": _Field(_integer(1, 4094)),
    "mac": _Field(_text),
    "ip": _Field(_address),
}


def check_document(data: Any) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """Validate a whole scenario document.

    Returns:
        The problems, and the valid part of the document (to build from when there is none).
    """
    checker = Checker()
    root = checker.mapping(data, "", ROOT)
    if root is None:
        return checker.problems, {}
    hosts = checker.items(root, "hosts", "", HOST)
    if "hosts" in root and not root["hosts"]:
        checker.add("hosts", "la liste des hôtes est vide : décrivez au moins un hôte.")
    host_paths = checker.unique(hosts, "L'hôte")
    network = {where: _check_host(checker, where, host) for where, host in hosts}
    nics = {host["name"]: network[where][0] for where, host in hosts if "name" in host}
    port_groups = {host["name"]: network[where][1] for where, host in hosts if "name" in host}
    datastores = checker.items(root, "datastores", "", DATASTORE)
    checker.unique(datastores, "Le datastore")
    visible: dict[str, set[str]] = {}
    for where, store in datastores:
        for index, host in enumerate(store.get("hosts", [])):
            if host not in host_paths:
                checker.add(f"{where}.hosts[{index}]", _unknown("l'hôte", host, host_paths))
        if "name" in store:
            visible[store["name"]] = set(store.get("hosts", []))
    _check_switches(checker, root, nics)
    capacities = {s["name"]: s.get("capacity_gib", math.inf) for _, s in datastores if "name" in s}
    cores = {
        host["name"]: SERVER_MODELS[host.get("model") or DEFAULT_SERVER_MODEL].cores
        for _, host in hosts
        if isinstance(host.get("name"), str)
        and (host.get("model") or DEFAULT_SERVER_MODEL) in SERVER_MODELS
    }
    _check_vms(checker, root, host_paths, visible, port_groups, capacities, datastores, cores)
    return checker.problems, root


def _unknown(what: str, name: Any, known: Mapping[str, Any] | set[str]) -> str:
    names = sorted(known)
    hint = _hint(str(name), names)
    listed = ", ".join(names) or "aucun"
    return f"{what} « {name} » n'existe pas{hint} ; connus : {listed}."


def _check_host(
    checker: Checker, where: str, host: dict[str, Any]
) -> tuple[set[str], dict[str, int]]:
    if "cpu" in host:
        checker.mapping(host["cpu"], f"{where}.cpu", CPU)
    nics = checker.items(host, "nics", where, NIC)
    nic_names = set(checker.unique(nics, "La carte réseau"))
    if "nics" in host and not host["nics"]:
        checker.add(f"{where}.nics", "la liste des cartes réseau est vide.")
    port_groups: dict[str, int] = {}
    used_by: dict[str, str] = {}
    vswitches = checker.items(host, "vswitches", where, VSWITCH)
    checker.unique(vswitches, "Le vSwitch")
    for vs_path, vswitch in vswitches:
        uplinks = vswitch.get("uplinks", [])
        for index, uplink in enumerate(uplinks):
            path = f"{vs_path}.uplinks[{index}]"
            if uplink not in nic_names:
                checker.add(path, _unknown("la carte réseau", uplink, nic_names))
            elif uplink in used_by:
                checker.add(path, f"{uplink} est déjà un lien montant de {used_by[uplink]}.")
            else:
                used_by[uplink] = str(vswitch.get("name", vs_path))
        if "teaming" in vswitch:
            _check_teaming(checker, f"{vs_path}.teaming", vswitch["teaming"], uplinks)
        groups = checker.items(vswitch, "port_groups", vs_path, PORT_GROUP)
        for pg_path, group in groups:
            name = group.get("name")
            if isinstance(name, str) and name in port_groups:
                checker.add(
                    f"{pg_path}.name",
                    f"le groupe de ports « {name} » existe déjà sur cet hôte : les noms doivent "
                    "être uniques par hôte.",
                )
            elif isinstance(name, str):
                port_groups[name] = group.get("vlan", 0)
            if "teaming" in group:
                _check_teaming(checker, f"{pg_path}.teaming", group["teaming"], uplinks)
    vmks = checker.items(host, "vmkernel", where, VMKERNEL)
    checker.unique(vmks, "Le port VMkernel")
    for vmk_path, vmk in vmks:
        pg = vmk.get("port_group")
        if pg is not None and pg not in port_groups:
            checker.add(f"{vmk_path}.port_group", _unknown("le groupe de ports", pg, port_groups))
        check = _choice(_SERVICES)
        for index, service in enumerate(vmk.get("services", [])):
            message = check(service)
            if message:
                checker.add(f"{vmk_path}.services[{index}]", message)
    return nic_names, port_groups


def _check_teaming(checker: Checker, path: str, value: Any, uplinks: list[Any]) -> None:
    teaming = checker.mapping(value, path, TEAMING)
    if teaming is None:
        return
    for key in ("active", "standby"):
        for index, name in enumerate(teaming.get(key, [])):
            if name not in uplinks:
                checker.add(
                    f"{path}.{key}[{index}]",
                    f"{name} n'est pas un lien montant de ce vSwitch "
                    f"(liens : {', '.join(map(str, uplinks)) or 'aucun'}).",
                )
    both = set(teaming.get("active", [])) & set(teaming.get("standby", []))
    if both:
        checker.add(
            f"{path}.standby",
            f"{', '.join(sorted(both))} ne peut pas être à la fois actif et en attente.",
        )


def _check_switches(checker: Checker, root: dict[str, Any], nics: dict[str, set[str]]) -> None:
    switches = checker.items(root, "physical_switches", "", SWITCH)
    checker.unique(switches, "Le commutateur")
    cabled: dict[tuple[str, str], str] = {}
    for sw_path, switch in switches:
        for port_path, port in checker.items(switch, "ports", sw_path, SWITCH_PORT):
            host, nic = port.get("host"), port.get("nic")
            if host is None or nic is None:
                continue
            if host not in nics:
                checker.add(f"{port_path}.host", _unknown("l'hôte", host, nics))
            elif nic not in nics[host]:
                checker.add(f"{port_path}.nic", _unknown(f"la carte de {host}", nic, nics[host]))
            elif (host, nic) in cabled:
                checker.add(
                    f"{port_path}.nic", f"{nic} de {host} est déjà relié à {cabled[(host, nic)]}."
                )
            else:
                cabled[(host, nic)] = port_path


def _check_vms(
    checker: Checker,
    root: dict[str, Any],
    hosts: dict[str, str],
    visible: dict[str, set[str]],
    port_groups: dict[str, dict[str, int]],
    capacities: dict[str, float],
    datastores: list[tuple[str, dict[str, Any]]],
    cores: dict[str, int],
) -> None:
    vms = checker.items(root, "vms", "", VM)
    checker.unique(vms, "La VM")
    allocated: dict[str, float] = {}
    for vm_path, vm in vms:
        host = vm.get("host")
        if host is not None and host not in hosts:
            checker.add(f"{vm_path}.host", _unknown("l'hôte", host, hosts))
            host = None
        vcpus = vm.get("vcpus", 1)
        if host in cores and isinstance(vcpus, int) and vcpus > cores[host]:
            checker.add(
                f"{vm_path}.vcpus",
                f"{vcpus} vCPU sur {host}, qui n'a que {cores[host]} cœurs : une VM ne peut pas "
                "avoir plus de vCPU que son hôte n'a de processeurs logiques (elle ne démarrerait "
                "pas). Réduisez ses vCPU ou placez-la sur un hôte plus gros.",
            )
        disks = checker.items(vm, "disks", vm_path, DISK)
        checker.unique(disks, "Le disque")
        for disk_path, disk in disks:
            _check_disk(checker, disk_path, disk, host, visible, allocated)
        _check_snapshots(checker, vm_path, vm, disks, allocated)
        for nic_path, nic in checker.items(vm, "nics", vm_path, VM_NIC):
            pg = nic.get("port_group")
            if host is None or pg is None:
                continue
            groups = port_groups.get(host, {})
            if pg not in groups:
                checker.add(
                    f"{nic_path}.port_group",
                    _unknown(f"sur {host}, le groupe de ports", pg, groups),
                )
            elif "guest_vlan" in nic and groups[pg] != 4095:
                checker.add(
                    f"{nic_path}.guest_vlan",
                    f"seul un groupe de ports trunk (VLAN 4095) laisse l'invité étiqueter ses "
                    f"trames ; « {pg} » est en VLAN {groups[pg]}.",
                )
    for ds_path, store in datastores:
        name = store.get("name")
        used = allocated.get(name, 0.0) if isinstance(name, str) else 0.0
        capacity = capacities.get(name, math.inf) if isinstance(name, str) else math.inf
        if used > capacity:
            checker.add(
                f"{ds_path}.capacity_gib",
                f"les disques placés sur {name} occupent {fr_number(used)} Gio (les disques "
                "épais comptent en entier, les disques fins et les snapshots pour leur espace "
                "utilisé) pour une capacité de "
                f"{fr_number(capacity)} Gio : agrandissez le datastore ou déplacez des disques.",
            )


def _check_snapshots(
    checker: Checker,
    vm_path: str,
    vm: dict[str, Any],
    disks: list[tuple[str, dict[str, Any]]],
    allocated: dict[str, float],
) -> None:
    snapshots = checker.items(vm, "snapshots", vm_path, SNAPSHOT)
    checker.unique(snapshots, "Le snapshot")
    if not snapshots:
        return
    if not vm.get("disks"):
        checker.add(f"{vm_path}.snapshots", "une VM sans disque ne peut pas avoir de snapshot.")
        return
    sized = [d for _, d in disks if "size_gib" in d]
    total = sum(d["size_gib"] for d in sized)
    for snap_path, snapshot in snapshots:
        delta = snapshot.get("delta_gib", 0)
        if delta > total:
            checker.add(
                f"{snap_path}.delta_gib",
                f"{fr_number(delta)} Gio de delta pour {fr_number(total)} Gio de disques : un "
                "delta ne peut pas dépasser la taille des disques de la VM.",
            )
            continue
        for disk in sized:
            store = disk.get("datastore")
            if isinstance(store, str) and total > 0:
                allocated[store] = allocated.get(store, 0.0) + delta * disk["size_gib"] / total


def _check_disk(
    checker: Checker,
    path: str,
    disk: dict[str, Any],
    host: str | None,
    visible: dict[str, set[str]],
    allocated: dict[str, float],
) -> None:
    store = disk.get("datastore")
    size = disk.get("size_gib")
    used = disk.get("used_gib", 0)
    if size is not None and used > size:
        checker.add(
            f"{path}.used_gib",
            f"{fr_number(used)} Gio utilisés pour un disque de {fr_number(size)} Gio : l'espace "
            "utilisé ne peut pas dépasser la taille.",
        )
    if store is None:
        return
    if store not in visible:
        checker.add(f"{path}.datastore", _unknown("le datastore", store, visible))
        return
    if host is not None and host not in visible[store]:
        checker.add(
            f"{path}.datastore",
            f"l'hôte {host} de la VM ne voit pas le datastore {store} (vu par : "
            f"{', '.join(sorted(visible[store])) or 'aucun hôte'}).",
        )
    if size is not None:
        thin = disk.get("provisioning", "thin") == "thin"
        allocated[store] = allocated.get(store, 0.0) + (min(used, size) if thin else size)
