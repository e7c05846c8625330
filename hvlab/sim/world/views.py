"""Views of a datacentre scenario: datastore figures, warnings, a Mermaid diagram.

They read the parts of a scenario (any object with the attributes of :class:`ScenarioParts`,
such as :class:`~hvlab.sim.world.scenario.Scenario`) and change nothing.
"""

from __future__ import annotations

__all__ = ["FULL_WARNING_FRACTION", "ScenarioParts", "datastore_reports", "mermaid", "warnings"]

import re
from collections.abc import Mapping
from typing import Protocol

from hvlab.sim.core.datacenter import Host
from hvlab.sim.core.vm import VM
from hvlab.sim.display.values import MermaidDiagram, fr_number
from hvlab.sim.world.network import LoadBalancing, Network, VmkService, vlan_label
from hvlab.sim.world.report import DatastoreReport
from hvlab.sim.world.storage import DatastoreType, StorageModel

#: A datastore used above this share of its capacity gets a warning (teaching assumption).
FULL_WARNING_FRACTION = 0.85


class ScenarioParts(Protocol):
    """What the views read from a scenario."""

    @property
    def hosts(self) -> Mapping[str, Host]: ...

    @property
    def vms(self) -> Mapping[str, VM]: ...

    @property
    def vm_hosts(self) -> Mapping[str, str]: ...

    @property
    def storage(self) -> StorageModel: ...

    @property
    def network(self) -> Network: ...

    @property
    def switches(self) -> Mapping[str, tuple[tuple[str, str], ...]]: ...


def _fr(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def datastore_reports(scenario: ScenarioParts) -> tuple[DatastoreReport, ...]:
    """Capacity, provisioned, used, free space and overcommit ratio of every datastore."""
    storage = scenario.storage
    return tuple(
        DatastoreReport(
            name,
            store.kind.value,
            store.hosts,
            store.shared,
            store.capacity_gib,
            storage.provisioned_gib(name),
            storage.used_gib(name),
            storage.free_gib(name),
            storage.overcommit_ratio(name),
        )
        for name, store in storage.datastores.items()
    )


def warnings(scenario: ScenarioParts) -> tuple[str, ...]:
    """French warnings: weak redundancy, links down, datastores that fill up, local disks."""
    found: list[str] = []
    network = scenario.network
    for host in network.hosts.values():
        for nic in host.nics:
            if not network.link_up(host.host, nic.name):
                found.append(f"{nic.name} de {host.host} est déconnecté (lien coupé).")
        for vswitch in host.vswitches:
            if len(vswitch.uplinks) == 1:
                found.append(
                    f"{vswitch.name} de {host.host} n'a qu'un lien montant "
                    f"({vswitch.uplinks[0]}) : aucune redondance si ce lien tombe."
                )
            for pg in vswitch.port_groups:
                policy = pg.teaming or vswitch.teaming
                if policy.load_balancing is not LoadBalancing.IP_HASH or len(vswitch.uplinks) < 2:
                    continue
                channels = {network.switch_port(host.host, u).port_channel for u in vswitch.uplinks}
                if len(channels) != 1 or "" in channels:
                    found.append(
                        f"« {pg.name} » ({vswitch.name} de {host.host}) répartit selon le hachage "
                        f"IP : ses liens montants ({', '.join(vswitch.uplinks)}) doivent former un "
                        "même EtherChannel statique sur le commutateur physique."
                    )
    storage = scenario.storage
    for name, store in storage.datastores.items():
        if store.kind in (DatastoreType.NFS, DatastoreType.ISCSI):
            for mounter in store.hosts:
                known = network.hosts.get(mounter)
                ports = known.vmkernel_ports if known is not None else ()
                if not any(VmkService.IP_STORAGE in port.services for port in ports):
                    found.append(
                        f"{mounter} monte le datastore {name} ({store.kind.label}) sans port "
                        "VMkernel de stockage IP : le trafic de stockage partage le réseau de "
                        "gestion."
                    )
    for name, store in storage.datastores.items():
        provisioned, capacity = storage.provisioned_gib(name), store.capacity_gib
        if provisioned > capacity:
            found.append(
                f"Le datastore {name} sera plein si les disques fins atteignent leur taille "
                f"provisionnée : {_fr(provisioned)} Gio provisionnés pour {_fr(capacity)} Gio de "
                f"capacité (ratio {_fr(provisioned / capacity, 2)})."
            )
        used = storage.used_gib(name)
        if used >= FULL_WARNING_FRACTION * capacity:
            found.append(
                f"Le datastore {name} est rempli à {_fr(100 * used / capacity)} % : il reste "
                f"{_fr(storage.free_gib(name), 1)} Gio."
            )
    for vm in scenario.vms:
        local = [ds for ds in storage.datastores_of(vm) if not storage.datastores[ds].shared]
        if local and len(scenario.hosts) > 1:
            found.append(
                f"La VM {vm} a un disque sur le datastore local {', '.join(local)} : ni vMotion "
                "ni redémarrage HA sur un autre hôte tant qu'il n'est pas déplacé."
            )
        snapshots = storage.snapshots.get(vm, [])
        if snapshots:
            deltas = sum(d.allocated_gib for disk in storage.disks_of(vm) for d in disk.deltas)
            found.append(
                f"La VM {vm} tourne sur {len(snapshots)} snapshot(s) ({', '.join(snapshots)} ; "
                f"{_fr(deltas, 1)} Gio de deltas) : un snapshot n'est pas une sauvegarde, "
                "supprimez-le dès qu'il ne sert plus, son delta grossit à chaque écriture."
            )
        if storage.is_paused(vm):
            found.append(f"La VM {vm} est en pause : son datastore est plein.")
    return tuple(found)


_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


class _Ids:
    """Mermaid node ids: readable, unique within one diagram."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str, ...], str] = {}
        self._used: set[str] = set()

    def __call__(self, *parts: str) -> str:
        if parts not in self._ids:
            base = _UNSAFE.sub("_", "_".join(parts))
            candidate, index = base, 2
            while candidate in self._used:
                candidate, index = f"{base}_{index}", index + 1
            self._ids[parts] = candidate
            self._used.add(candidate)
        return self._ids[parts]


def _label(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


_ROLE_LABELS = {"active": "actif", "standby": "en attente", "unused": "inutilisé"}
_CLASS_DEFS = (
    "  classDef upActive fill:#e8f5e9,stroke:#2e7d32",
    "  classDef upStandby fill:#fff8e1,stroke:#f9a825,stroke-dasharray:4 2",
    "  classDef upUnused fill:#eeeeee,stroke:#9e9e9e,color:#616161",
    "  classDef upDown fill:#fdecea,stroke:#c62828,color:#b71c1c",
    "  classDef noActive fill:#fdecea,stroke:#c62828,color:#b71c1c",
)
_ROLE_CLASSES = {"active": "upActive", "standby": "upStandby", "unused": "upUnused"}


def _team_text(roles: dict[str, str]) -> str:
    parts = []
    for role in ("active", "standby", "unused"):
        names = [u for u, r in roles.items() if r == role]
        if names:
            parts.append(f"{_ROLE_LABELS[role]} : {', '.join(names)}")
    return " · ".join(parts)


def mermaid(scenario: ScenarioParts) -> MermaidDiagram:
    """The scenario's network as a Mermaid flowchart (left to right).

    Each uplink shows its role in the vSwitch's teaming policy (« actif », « en attente »,
    « inutilisé »), « coupé » when its link is down and « en service » when a standby or unused
    uplink carries traffic after a failover; classes colour them (``upActive``, ``upStandby``,
    ``upUnused``, ``upDown``). A port group overriding the vSwitch's policy lists its own roles.
    A port group with no working uplink, and a vSwitch none of whose port groups has one, say
    « aucun lien actif » and take the ``noActive`` class.
    """
    network = scenario.network
    _id = _Ids()
    lines = ["flowchart LR"]
    edges: list[str] = []
    classes: dict[str, list[str]] = {}
    cabled: set[tuple[str, str]] = set()
    for switch, ports in scenario.switches.items():
        lines.append(f"  {_id('sw', switch)}[({_label(switch)})]")
        cabled.update(ports)
    for host in network.hosts.values():
        product = scenario.hosts[host.host].hypervisor.name
        lines.append(f"  subgraph {_id('h', host.host)}[{_label(f'{host.host} · {product}')}]")
        lines.append("    direction LR")
        for vswitch in host.vswitches:
            vs_id = _id("vs", host.host, vswitch.name)
            roles = network.uplink_roles(host.host, vswitch.name)
            in_use = {
                pg.name: network.active_uplinks(host.host, vswitch.name, pg.name)
                for pg in vswitch.port_groups
            }
            carrying = {u for used in in_use.values() for u in used}
            vs_text = vswitch.name
            if not carrying:
                vs_text += " · aucun lien actif"
                classes.setdefault("noActive", []).append(vs_id)
            lines.append(f"    subgraph {vs_id}[{_label(vs_text)}]")
            for pg in vswitch.port_groups:
                pg_id = _id("pg", host.host, pg.name)
                text = f"{pg.name}<br/>{vlan_label(pg.vlan_id)}"
                own = network.uplink_roles(host.host, vswitch.name, pg.name)
                if own != roles:
                    text += f"<br/>{_team_text(own)}"
                if not in_use[pg.name] and carrying:
                    text += "<br/>aucun lien actif"
                    classes.setdefault("noActive", []).append(pg_id)
                lines.append(f"      {pg_id}[{_label(text)}]")
            lines.append("    end")
            for uplink in vswitch.uplinks:
                nic = network.nic(host.host, uplink)
                up_id = _id("up", host.host, uplink)
                role = roles[uplink]
                state = _ROLE_LABELS[role]
                if not nic.link_up:
                    state += " · coupé"
                elif role != "active" and uplink in carrying:
                    state += " · en service"
                speed = fr_number(nic.speed_gbps, 3)
                lines.append(f"    {up_id}[[{_label(f'{uplink} · {speed} Gbit/s<br/>{state}')}]]")
                css = "upDown" if not nic.link_up else _ROLE_CLASSES[role]
                classes.setdefault(css, []).append(up_id)
                edges.append(f"  {vs_id} {'---' if uplink in carrying else '-.-'} {up_id}")
                switch_name = network.switch_port(host.host, uplink).switch
                target = _id("sw", switch_name) if switch_name else "phys"
                if not switch_name:
                    cabled.add(("", ""))
                edges.append(f"  {up_id} {'---' if nic.link_up else '-. coupé .-'} {target}")
        for vmk in host.vmkernel_ports:
            vmk_id = _id("vmk", host.host, vmk.name)
            services = ", ".join(s.label for s in sorted(vmk.services))
            text = f"{vmk.name} · {services or 'aucun service'}"
            if vmk.ip:
                text += f"<br/>{vmk.ip}"
            lines.append(f"    {vmk_id}{{{{{_label(text)}}}}}")
            edges.append(f"  {vmk_id} --- {_id('pg', host.host, vmk.port_group)}")
        for vm, vm_host in scenario.vm_hosts.items():
            if vm_host == host.host:
                paused = " · en pause" if scenario.storage.is_paused(vm) else ""
                lines.append(f"    {_id('vm', vm)}([{_label(vm + paused)}])")
        for attached in network.vm_nics:
            if attached.host != host.host:
                continue
            vnic = attached.nic
            tag = f"VLAN {vnic.guest_vlan}" if vnic.guest_vlan else ""
            link = f"-- {_label(tag)} ---" if tag else "---"
            target = _id("pg", host.host, vnic.port_group)
            edges.append(f"  {_id('vm', attached.vm)} {link} {target}")
        lines.append("  end")
    if ("", "") in cabled:
        lines.append(f"  phys[({_label('Réseau physique')})]")
    styles = [*_CLASS_DEFS, *(f"  class {','.join(ids)} {css}" for css, ids in classes.items())]
    return MermaidDiagram("\n".join(lines + edges + styles) + "\n")
