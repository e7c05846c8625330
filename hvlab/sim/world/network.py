"""Network of a virtualised datacentre: standard vSwitches, uplinks, teaming, VLANs, reachability.

Each host has physical NICs (``vmnic0``…) with a speed and a link state, and standard vSwitches. A
vSwitch uses some NICs as *uplinks* and carries *port groups*; VMs and VMkernel ports connect to a
port group. A port group's VLAN ID says how its frames leave the host:

* ``0``: untagged — on the physical switch they land in the port's native VLAN;
* ``1``–``4094``: tagged by the vSwitch (VST), so the physical port must be a trunk allowing it;
* ``4095``: trunk — the guest tags its own frames (VGT); a VM there that tags VLAN 30 talks to the
  VMs of VLAN 30.

A teaming policy chooses which uplinks carry a port's traffic: route based on the originating
virtual port ID (the default), on the source MAC hash, on IP hash (needs an EtherChannel on the
physical switch), or the explicit failover order (the first working uplink only). Active uplinks
are used; a standby uplink replaces an active one whose link goes down; with *failback* the active
uplink takes its place back when its link returns.

:meth:`Network.reachability` tells whether two VMs can exchange frames at layer 2 and, when they
cannot, the precise French reason. Two VMs on the same vSwitch and VLAN of one host talk locally;
otherwise the frames leave through the uplink that carries each VM's traffic, and the physical
switch must allow the VLAN on both ports.

Teaching assumptions: all the physical switches form a single layer-2 fabric (their interconnects
carry every VLAN); a NIC that no physical switch port describes is plugged into a trunk port that
allows every VLAN with native VLAN 1; a guest on a trunk port group that tags nothing sends
untagged frames; a VM's virtual port IDs are numbered in the order its vSwitch's ports were
connected, and its MAC address, when not given, is derived from its name.
"""

from __future__ import annotations

__all__ = [
    "AttachedNic",
    "Endpoint",
    "HostNetwork",
    "LoadBalancing",
    "Network",
    "NetworkEvent",
    "PhysicalNic",
    "PortGroup",
    "Reachability",
    "SwitchPort",
    "TeamingPolicy",
    "VSwitch",
    "VmkService",
    "VmkernelPort",
    "vlan_label",
]

import ipaddress
import zlib
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NamedTuple

from hvlab.errors import SimulationError
from hvlab.sim.core.devices import VirtualNic, check_ip_interface
from hvlab.sim.world.events import EventLog

TRUNK_VLAN = 4095


class LoadBalancing(StrEnum):
    """Load-balancing policy of a NIC team."""

    PORT_ID = "port-id"
    MAC_HASH = "mac-hash"
    IP_HASH = "ip-hash"
    FAILOVER_ORDER = "failover-order"

    @property
    def label(self) -> str:
        """French label shown to students."""
        return _LB_LABELS[self]


_LB_LABELS = {
    LoadBalancing.PORT_ID: "selon l'ID du port virtuel d'origine",
    LoadBalancing.MAC_HASH: "selon le hachage de l'adresse MAC source",
    LoadBalancing.IP_HASH: "selon le hachage IP",
    LoadBalancing.FAILOVER_ORDER: "ordre de basculement explicite",
}


class VmkService(StrEnum):
    """Services a VMkernel port can carry.

    ``IP_STORAGE`` is a teaching simplification: vSphere has no such checkbox — iSCSI traffic uses
    the VMkernel ports bound to the software adapter, NFS the port of the array's subnet — but a
    VMkernel port dedicated to storage is the practice the course teaches.
    """

    MANAGEMENT = "management"
    VMOTION = "vmotion"
    IP_STORAGE = "ip-storage"

    @property
    def label(self) -> str:
        """French label shown to students."""
        return _SERVICE_LABELS[self]


_SERVICE_LABELS = {
    VmkService.MANAGEMENT: "gestion",
    VmkService.VMOTION: "vMotion",
    VmkService.IP_STORAGE: "stockage IP (iSCSI, NFS)",
}


@dataclass(frozen=True)
class PhysicalNic:
    """A physical network card of a host.

    Args:
        name: e.g. ``"vmnic0"``.
        speed_gbps: link speed in Gbit/s (1, 10, 25…).
        link_up: True when the cable is plugged and the link is up.
    """

    name: str
    speed_gbps: float
    link_up: bool = True


@dataclass(frozen=True)
class TeamingPolicy:
    """How a vSwitch (or a port group overriding it) uses its uplinks.

    Args:
        load_balancing: the load-balancing policy.
        active: active uplinks, in order (empty: every uplink of the vSwitch not in standby).
        standby: standby uplinks, in order.
        failback: an active uplink whose link returns takes its place back.
        notify_switches: tell the physical switches after a failover (RARP); informative.
    """

    load_balancing: LoadBalancing = LoadBalancing.PORT_ID
    active: tuple[str, ...] = ()
    standby: tuple[str, ...] = ()
    failback: bool = True
    notify_switches: bool = True


@dataclass(frozen=True)
class PortGroup:
    """A port group: a name VMs connect to and a VLAN ID (0, 1–4094 or 4095).

    Args:
        name: e.g. ``"Production"``; the name must exist on every host a VM may run on.
        vlan_id: 0 untagged, 1–4094 tagged by the vSwitch, 4095 trunk (the guest tags).
        teaming: overrides the vSwitch's teaming policy when given.
    """

    name: str
    vlan_id: int = 0
    teaming: TeamingPolicy | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.vlan_id <= TRUNK_VLAN:
            raise SimulationError(
                f"VLAN ID du groupe de ports {self.name} invalide : {self.vlan_id}. Il doit être "
                "compris entre 0 (non étiqueté) et 4095 (trunk)."
            )


@dataclass(frozen=True)
class VSwitch:
    """A standard vSwitch of one host.

    Args:
        name: e.g. ``"vSwitch0"``.
        uplinks: physical NICs it uses.
        port_groups: its port groups.
        teaming: default teaming policy of its port groups.
    """

    name: str
    uplinks: tuple[str, ...] = ()
    port_groups: tuple[PortGroup, ...] = ()
    teaming: TeamingPolicy = field(default_factory=TeamingPolicy)

    def port_group(self, name: str) -> PortGroup | None:
        """The port group named ``name``, if this vSwitch has it."""
        return next((pg for pg in self.port_groups if pg.name == name), None)


@dataclass(frozen=True)
class VmkernelPort:
    """A VMkernel port: the hypervisor's own IP interface (management, vMotion, storage).

    Args:
        name: e.g. ``"vmk1"``.
        port_group: the port group it is connected to.
        ip: address with prefix, e.g. ``"10.0.40.11/24"`` ("" when not modelled).
        services: the services enabled on it.
    """

    name: str
    port_group: str
    ip: str = ""
    services: frozenset[VmkService] = frozenset()

    def __post_init__(self) -> None:
        check_ip_interface(self.ip, f"le port VMkernel {self.name}", prefix_required=True)

    @property
    def interface(self) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface | None:
        """The IP interface, or None when no address is given."""
        return ipaddress.ip_interface(self.ip) if self.ip else None


@dataclass(frozen=True)
class HostNetwork:
    """The network configuration of one host."""

    host: str
    nics: tuple[PhysicalNic, ...] = ()
    vswitches: tuple[VSwitch, ...] = ()
    vmkernel_ports: tuple[VmkernelPort, ...] = ()


@dataclass(frozen=True)
class SwitchPort:
    """The physical switch port a host NIC is plugged into.

    Args:
        host: the host.
        nic: its NIC.
        allowed_vlans: VLANs the trunk carries (None: all of them).
        native_vlan: VLAN of untagged frames on this port.
        switch: name of the physical switch (for messages and diagrams).
        port_channel: EtherChannel the port belongs to ("" when none; IP hash needs one).
    """

    host: str
    nic: str
    allowed_vlans: frozenset[int] | None = None
    native_vlan: int = 1
    switch: str = ""
    port_channel: str = ""

    def allows(self, vlan: int) -> bool:
        """True when the port carries ``vlan``."""
        return self.allowed_vlans is None or vlan in self.allowed_vlans


class AttachedNic(NamedTuple):
    """A VM's virtual NIC as the network sees it: which VM, on which host, plugged where."""

    vm: str
    host: str
    nic: VirtualNic


@dataclass(frozen=True)
class Endpoint:
    """Anything connected to a port group: a VM NIC or a VMkernel port (used for reachability).

    Attributes:
        name: the VM name, or the VMkernel port name.
        host: the host.
        port_group: the port group.
        guest_vlan: the VLAN the guest tags on a trunk port group.
        kind: ``"vm"`` or ``"vmk"``.
        mac: MAC address ("" derived from the name).
        ip: IP address ("" unknown).
    """

    name: str
    host: str
    port_group: str
    guest_vlan: int | None = None
    kind: str = "vm"
    mac: str = ""
    ip: str = ""

    @property
    def subject(self) -> str:
        """French noun phrase with its article, e.g. ``"la VM web1"``."""
        if self.kind == "vmk":
            return f"le port VMkernel {self.name} de {self.host}"
        return f"la VM {self.name}"


@dataclass(frozen=True)
class Reachability:
    """Whether two endpoints can exchange frames, and why not.

    Attributes:
        source: first endpoint's name.
        target: second endpoint's name.
        reachable: True when frames get through.
        reasons: French reasons when they do not (empty when reachable).
        path: how the frames travel, in French (empty when unreachable).
    """

    source: str
    target: str
    reachable: bool
    reasons: tuple[str, ...] = ()
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "source": self.source,
            "target": self.target,
            "reachable": self.reachable,
            "reasons": list(self.reasons),
            "path": self.path,
        }


@dataclass(frozen=True)
class NetworkEvent:
    """A link change or failover, with a French message.

    Attributes:
        time_s: simulated time.
        kind: ``"link-down"``, ``"link-up"``, ``"failover"`` or ``"failback"``.
        host: the host concerned.
        message: what happened, in French.
    """

    time_s: float
    kind: str
    host: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, ready for JSON."""
        return {
            "time_s": self.time_s,
            "kind": self.kind,
            "host": self.host,
            "message": self.message,
        }

    @property
    def subject(self) -> str:
        """The object concerned, for tables: the host."""
        return self.host


def vlan_label(vlan_id: int) -> str:
    """French description of a port-group VLAN ID, e.g. ``"VLAN 4095 (trunk)"``."""
    if vlan_id == 0:
        return "VLAN 0 (non étiqueté)"
    if vlan_id == TRUNK_VLAN:
        return "VLAN 4095 (trunk)"
    return f"VLAN {vlan_id}"


_Team = tuple[str, str, str]  # host, vSwitch, port group


class Network:
    """The network of a datacentre: hosts' vSwitches, physical switch ports and VM NICs.

    The model is mutable: :meth:`set_link` brings a NIC down or up and applies the teaming
    failover, recording :class:`NetworkEvent` objects in :attr:`events`.
    """

    def __init__(self) -> None:
        self.hosts: dict[str, HostNetwork] = {}
        self.switch_ports: dict[tuple[str, str], SwitchPort] = {}
        self._vm_nics: list[tuple[str, VirtualNic]] = []
        self._vm_host: dict[str, str] = {}
        self._nics_by_vm: dict[str, list[VirtualNic]] = {}
        self._endpoints: _EndpointIndex | None = None
        self.events: EventLog[NetworkEvent] = EventLog()
        self._link_up: dict[tuple[str, str], bool] = {}
        self._in_use: dict[_Team, tuple[str, ...]] = {}

    def add_host(self, host: HostNetwork) -> None:
        """Add a host's network configuration.

        Raises:
            SimulationError: the host exists already, or a vSwitch uses an unknown NIC.
        """
        if host.host in self.hosts:
            raise SimulationError(f"L'hôte {host.host} est déjà décrit dans le réseau.")
        nic_names = {nic.name for nic in host.nics}
        for vswitch in host.vswitches:
            for uplink in vswitch.uplinks:
                if uplink not in nic_names:
                    raise SimulationError(
                        f"{vswitch.name} de {host.host} utilise {uplink}, une carte réseau que "
                        f"l'hôte n'a pas (cartes : {', '.join(sorted(nic_names)) or 'aucune'})."
                    )
        self.hosts[host.host] = host
        self._endpoints = None
        for nic in host.nics:
            self._link_up[(host.host, nic.name)] = nic.link_up
        for vswitch in host.vswitches:
            for pg in vswitch.port_groups:
                team = (host.host, vswitch.name, pg.name)
                self._in_use[team] = _fresh_in_use(
                    self._policy(vswitch, pg), vswitch, self._up(host.host)
                )

    def add_switch_port(self, port: SwitchPort) -> None:
        """Describe the physical switch port a host NIC is plugged into."""
        self.switch_ports[(port.host, port.nic)] = port

    def attach(self, vm: str, host: str, nic: VirtualNic) -> None:
        """Connect a NIC of ``vm``, which runs on ``host``, to the port group the NIC names.

        Raises:
            SimulationError: the host is unknown or has no port group of that name, or the VM
                already has NICs on another host.
        """
        current = self._vm_host.get(vm, host)
        if current != host:
            raise SimulationError(
                f"La VM {vm} a déjà des cartes réseau sur {current} : elle ne peut pas en avoir "
                f"aussi sur {host}."
            )
        self._locate(host, nic.port_group)
        self._vm_host[vm] = host
        self._vm_nics.append((vm, nic))
        self._nics_by_vm.setdefault(vm, []).append(nic)
        self._endpoints = None

    def move_vm(self, vm: str, host: str) -> None:
        """Move every NIC of ``vm`` to ``host`` (after a vMotion); port-group names are kept.

        Raises:
            SimulationError: the destination lacks one of the VM's port groups.
        """
        for nic in self.nics_of(vm):
            self._locate(host, nic.port_group)
        if vm in self._vm_host:
            self._vm_host[vm] = host
        self._endpoints = None

    @property
    def vm_nics(self) -> tuple[AttachedNic, ...]:
        """Every VM NIC with its VM and host, in the order they were attached."""
        return tuple(AttachedNic(vm, self._vm_host[vm], nic) for vm, nic in self._vm_nics)

    def nics_of(self, vm: str) -> list[VirtualNic]:
        """The virtual NICs of ``vm``, in the order they were attached."""
        return list(self._nics_by_vm.get(vm, ()))

    def link_up(self, host: str, nic: str) -> bool:
        """Current link state of a NIC."""
        try:
            return self._link_up[(host, nic)]
        except KeyError:
            raise SimulationError(f"Carte réseau inconnue : {nic} de {host}.") from None

    def nic(self, host: str, name: str) -> PhysicalNic:
        """The physical NIC ``name`` of ``host``, with its current link state."""
        for nic in self._host(host).nics:
            if nic.name == name:
                return replace(nic, link_up=self._link_up[(host, name)])
        raise SimulationError(f"Carte réseau inconnue : {name} de {host}.")

    def switch_port(self, host: str, nic: str) -> SwitchPort:
        """The physical switch port of a NIC (a trunk allowing every VLAN when undescribed)."""
        return self.switch_ports.get((host, nic), SwitchPort(host, nic))

    def port_group(self, host: str, name: str) -> tuple[VSwitch, PortGroup] | None:
        """The vSwitch and port group named ``name`` on ``host``, or None."""
        for vswitch in self._host(host).vswitches:
            pg = vswitch.port_group(name)
            if pg is not None:
                return vswitch, pg
        return None

    def port_group_names(self, host: str) -> set[str]:
        """Names of every port group of ``host``."""
        return {pg.name for vs in self._host(host).vswitches for pg in vs.port_groups}

    def active_uplinks(self, host: str, vswitch: str, port_group: str) -> tuple[str, ...]:
        """Uplinks currently carrying the traffic of a port group (after any failover)."""
        try:
            return self._in_use[(host, vswitch, port_group)]
        except KeyError:
            raise SimulationError(
                f"Groupe de ports inconnu : {port_group} sur {vswitch} de {host}."
            ) from None

    def uplink_roles(self, host: str, vswitch: str, port_group: str = "") -> dict[str, str]:
        """Role of each uplink of a vSwitch in its teaming policy (or a port group's override).

        Args:
            host: the host.
            vswitch: the vSwitch's name.
            port_group: a port group whose override to use ("" for the vSwitch's own policy).

        Returns:
            Uplink name → ``"active"``, ``"standby"`` or ``"unused"``, in the vSwitch's order
            (the configured roles; see `active_uplinks` for what carries traffic now).

        Raises:
            SimulationError: unknown host, vSwitch or port group.
        """
        found = next((v for v in self._host(host).vswitches if v.name == vswitch), None)
        if found is None:
            raise SimulationError(f"vSwitch inconnu : {vswitch} de {host}.")
        policy = found.teaming
        if port_group:
            pg = next((p for p in found.port_groups if p.name == port_group), None)
            if pg is None:
                raise SimulationError(
                    f"Groupe de ports inconnu : {port_group} sur {vswitch} de {host}."
                )
            policy = self._policy(found, pg)
        active, standby = _order(policy, found)
        return {
            u: "active" if u in active else "standby" if u in standby else "unused"
            for u in found.uplinks
        }

    def set_link(self, host: str, nic: str, up: bool, *, at_s: float = 0) -> list[NetworkEvent]:
        """Bring the link of a NIC down (cable pulled, switch port shut) or back up.

        Teams using the NIC fail over to a standby uplink, or fail back when ``up`` and the
        policy says so.

        Returns:
            The events recorded (link change, then one per port group that changed uplinks).
        """
        if self.link_up(host, nic) == up:
            return []
        self._link_up[(host, nic)] = up
        state = "rétabli" if up else "coupé"
        events = [
            NetworkEvent(
                at_s, "link-up" if up else "link-down", host, f"Lien de {nic} de {host} {state}."
            )
        ]
        for vswitch in self._host(host).vswitches:
            if nic not in vswitch.uplinks:
                continue
            for pg in vswitch.port_groups:
                team = (host, vswitch.name, pg.name)
                before = self._in_use[team]
                policy = self._policy(vswitch, pg)
                after = self._next_in_use(policy, vswitch, before, self._up(host))
                if after == before:
                    if up and not policy.failback and before and nic not in before:
                        events.append(
                            NetworkEvent(
                                at_s,
                                "link-up",
                                host,
                                f"Groupe de ports « {pg.name} » ({vswitch.name} de {host}) : "
                                f"{nic} reste inutilisé, {', '.join(before)} garde le trafic "
                                "(retour automatique désactivé).",
                            )
                        )
                    continue
                self._in_use[team] = after
                events.append(_team_event(at_s, host, vswitch.name, pg.name, before, after, up))
        self.events.extend(events)
        return events

    def endpoints(self) -> list[Endpoint]:
        """Every VM NIC and VMkernel port, as endpoints."""
        return list(self._index().endpoints)

    def reachability(self, vm_a: str, vm_b: str) -> Reachability:
        """Can VMs ``vm_a`` and ``vm_b`` exchange frames? (any pair of their NICs)

        Raises:
            SimulationError: a VM has no NIC in this network.
        """
        nics_a, nics_b = self._vm_endpoints(vm_a), self._vm_endpoints(vm_b)
        reasons: list[str] = []
        for a in nics_a:
            for b in nics_b:
                result = self.reach(a, b)
                if result.reachable:
                    return Reachability(vm_a, vm_b, True, (), result.path)
                reasons += [r for r in result.reasons if r not in reasons]
        return Reachability(vm_a, vm_b, False, tuple(reasons))

    def vmkernel_endpoint(self, host: str, vmk: str) -> Endpoint:
        """The endpoint of VMkernel port ``vmk`` of ``host``."""
        for port in self._host(host).vmkernel_ports:
            if port.name == vmk:
                return Endpoint(
                    port.name, host, port.port_group, None, "vmk", "", port.ip.split("/")[0]
                )
        raise SimulationError(f"Port VMkernel inconnu : {vmk} de {host}.")

    def uplink_for(self, endpoint: Endpoint, peer: Endpoint | None = None) -> str | None:
        """The uplink that carries ``endpoint``'s traffic (to ``peer`` for IP hash), or None."""
        vswitch, pg = self._locate(endpoint.host, endpoint.port_group)
        in_use = self._in_use[(endpoint.host, vswitch.name, pg.name)]
        if not in_use:
            return None
        policy = self._policy(vswitch, pg)
        if policy.load_balancing is LoadBalancing.PORT_ID:
            return in_use[self._port_index(endpoint, vswitch) % len(in_use)]
        if policy.load_balancing is LoadBalancing.MAC_HASH:
            return in_use[_mac_int(endpoint) % len(in_use)]
        if policy.load_balancing is LoadBalancing.IP_HASH:
            other = _ip_int(peer) if peer is not None else 0
            return in_use[(_ip_int(endpoint) ^ other) % len(in_use)]
        return in_use[0]

    def reach_keys(self, endpoints: list[Endpoint]) -> list[Hashable]:
        """A key per endpoint such that :meth:`reach` says the same thing for equal keys.

        Two endpoints with the same key are reachable (or not) from exactly the same other
        endpoints: the key holds what :meth:`reach` reads to decide — the port group found or
        not, the host and vSwitch (frames between two ports of one vSwitch stay local), the VLAN
        the frames carry, and the physical switch port they leave through (its native VLAN and
        the VLANs it allows; not the uplink's name, which only appears in the path). When an
        IP-hash team leaves through ports that do not all carry the same VLANs, the uplink
        depends on both addresses: the keys then hold the address too (then the keys are close
        to one per endpoint). Keep this method in step with :meth:`reach`.
        """
        ip_exact = any(
            len({self._port_view(host, u) for u in in_use}) > 1
            for (host, vswitch, pg_name), in_use in self._in_use.items()
            if self._team_policy(host, vswitch, pg_name).load_balancing is LoadBalancing.IP_HASH
        )
        keys: list[Hashable] = []
        for end in endpoints:
            located = self.port_group(end.host, end.port_group)
            if located is None:
                keys.append(("missing",))
                continue
            vswitch, pg = located
            in_use = self._in_use[(end.host, vswitch.name, pg.name)]
            if not in_use:
                exit_view: Hashable = None
            elif self._policy(vswitch, pg).load_balancing is LoadBalancing.IP_HASH:
                views = tuple(self._port_view(end.host, u) for u in in_use)
                exit_view = views[0] if len(set(views)) == 1 else ("ip-hash", views)
            else:
                uplink = self.uplink_for(end)
                assert uplink is not None
                exit_view = self._port_view(end.host, uplink)
            address = _ip_int(end) if ip_exact else None
            keys.append((end.host, vswitch.name, _tag(pg, end), exit_view, address))
        return keys

    def _team_policy(self, host: str, vswitch: str, port_group: str) -> TeamingPolicy:
        found = next(v for v in self._host(host).vswitches if v.name == vswitch)
        pg = found.port_group(port_group)
        assert pg is not None
        return self._policy(found, pg)

    def _port_view(self, host: str, uplink: str) -> tuple[int, frozenset[int] | None]:
        port = self.switch_port(host, uplink)
        return port.native_vlan, port.allowed_vlans

    def reach(self, a: Endpoint, b: Endpoint) -> Reachability:
        """Can endpoints ``a`` and ``b`` exchange frames at layer 2? With the French reasons."""
        sides = []
        for end in (a, b):
            located = self.port_group(end.host, end.port_group)
            if located is None:
                reason = (
                    f"Le groupe de ports « {end.port_group} » de {end.subject} n'existe pas "
                    f"sur {end.host}."
                )
                return Reachability(a.name, b.name, False, (reason,))
            sides.append(located)
        (vs_a, pg_a), (vs_b, pg_b) = sides
        tag_a, tag_b = _tag(pg_a, a), _tag(pg_b, b)
        if a.host == b.host and vs_a.name == vs_b.name:
            if tag_a == tag_b:
                return Reachability(
                    a.name, b.name, True, (), f"local : {vs_a.name} de {a.host}, {_segment(tag_a)}"
                )
            return Reachability(
                a.name, b.name, False, (_router_reason(a, _segment(tag_a), b, _segment(tag_b)),)
            )
        if tag_a is not None and tag_b is not None and tag_a != tag_b:
            return Reachability(
                a.name, b.name, False, (_router_reason(a, _segment(tag_a), b, _segment(tag_b)),)
            )
        # Most relevant reason first: no way out of a host; then two different VLANs (a
        # router is needed whatever the switch allows); then a VLAN the switch refuses.
        no_uplink: list[str] = []
        refused: list[str] = []
        natives: list[int] = []
        uplinks: list[str] = []
        for end, vswitch, tag, peer in ((a, vs_a, tag_a, b), (b, vs_b, tag_b, a)):
            uplink = self.uplink_for(end, peer)
            if uplink is None:
                no_uplink.append(self._no_uplink_reason(end.host, vswitch))
                continue
            uplinks.append(uplink)
            port = self.switch_port(end.host, uplink)
            natives.append(port.native_vlan)
            vlan = tag if tag is not None else port.native_vlan
            if not port.allows(vlan):
                refused.append(
                    f"Le commutateur physique n'autorise pas le VLAN {vlan} sur le port relié à "
                    f"{uplink} de {end.host} : ajoutez-le aux VLAN autorisés de ce trunk."
                )
        if no_uplink:
            return Reachability(a.name, b.name, False, tuple(no_uplink + refused))
        seg_a = tag_a if tag_a is not None else natives[0]
        seg_b = tag_b if tag_b is not None else natives[1]
        if seg_a != seg_b:
            router = _router_reason(a, _segment(tag_a, natives[0]), b, _segment(tag_b, natives[1]))
            return Reachability(a.name, b.name, False, (router, *refused))
        if refused:
            return Reachability(a.name, b.name, False, tuple(refused))
        return Reachability(
            a.name,
            b.name,
            True,
            (),
            f"par le commutateur physique, VLAN {seg_a} : {uplinks[0]} de {a.host} → "
            f"{uplinks[1]} de {b.host}",
        )

    def _no_uplink_reason(self, host: str, vswitch: VSwitch) -> str:
        if not vswitch.uplinks:
            return (
                f"{vswitch.name} de {host} n'a aucun lien montant : c'est un réseau interne à "
                "l'hôte, ses VM ne joignent que celles du même vSwitch."
            )
        cards = ", ".join(vswitch.uplinks)
        return (
            f"Aucun lien montant actif sur {vswitch.name} de {host} : ses cartes ({cards}) "
            "sont déconnectées ou inutilisées."
        )

    def _vm_endpoints(self, vm: str) -> list[Endpoint]:
        found = self._index().by_vm.get(vm, [])
        if not found:
            raise SimulationError(f"La VM « {vm} » n'a aucune carte réseau dans ce modèle.")
        return found

    def _port_index(self, endpoint: Endpoint, vswitch: VSwitch) -> int:
        ports = self._index().ports.get((endpoint.host, vswitch.name), {})
        return ports.get((endpoint.kind, endpoint.name, endpoint.port_group), 0)

    def _index(self) -> _EndpointIndex:
        if self._endpoints is None:
            self._endpoints = _EndpointIndex.build(self)
        return self._endpoints

    def _host(self, host: str) -> HostNetwork:
        try:
            return self.hosts[host]
        except KeyError:
            known = ", ".join(self.hosts) or "aucun"
            raise SimulationError(f"Hôte inconnu : « {host} » (hôtes : {known}).") from None

    def _locate(self, host: str, port_group: str) -> tuple[VSwitch, PortGroup]:
        located = self.port_group(host, port_group)
        if located is None:
            known = ", ".join(sorted(self.port_group_names(host))) or "aucun"
            raise SimulationError(
                f"Le groupe de ports « {port_group} » n'existe pas sur {host} (groupes : {known})."
            )
        return located

    def _up(self, host: str) -> set[str]:
        return {nic for (h, nic), up in self._link_up.items() if h == host and up}

    @staticmethod
    def _policy(vswitch: VSwitch, pg: PortGroup) -> TeamingPolicy:
        return pg.teaming if pg.teaming is not None else vswitch.teaming

    @staticmethod
    def _next_in_use(
        policy: TeamingPolicy, vswitch: VSwitch, before: tuple[str, ...], up: set[str]
    ) -> tuple[str, ...]:
        if policy.failback:
            return _fresh_in_use(policy, vswitch, up)
        return _fill(policy, vswitch, before, up)


@dataclass(frozen=True)
class _EndpointIndex:
    """Endpoints, by VM and by vSwitch port (rebuilt when a host or a NIC is added or moved)."""

    endpoints: tuple[Endpoint, ...]
    by_vm: dict[str, list[Endpoint]]
    ports: dict[tuple[str, str], dict[tuple[str, str, str], int]]

    @classmethod
    def build(cls, network: Network) -> _EndpointIndex:
        found = [
            Endpoint(a.vm, a.host, a.nic.port_group, a.nic.guest_vlan, "vm", a.nic.mac, a.nic.ip)
            for a in network.vm_nics
        ]
        for host in network.hosts.values():
            found += [
                Endpoint(v.name, host.host, v.port_group, None, "vmk", "", v.ip.split("/")[0])
                for v in host.vmkernel_ports
            ]
        by_vm: dict[str, list[Endpoint]] = {}
        ports: dict[tuple[str, str], dict[tuple[str, str, str], int]] = {}
        for end in found:
            if end.kind == "vm":
                by_vm.setdefault(end.name, []).append(end)
            located = network.port_group(end.host, end.port_group)
            if located is None:
                continue
            numbered = ports.setdefault((end.host, located[0].name), {})
            numbered.setdefault((end.kind, end.name, end.port_group), len(numbered))
        return cls(tuple(found), by_vm, ports)


def _order(policy: TeamingPolicy, vswitch: VSwitch) -> tuple[tuple[str, ...], tuple[str, ...]]:
    standby = tuple(u for u in policy.standby if u in vswitch.uplinks)
    active = tuple(u for u in policy.active if u in vswitch.uplinks)
    if not policy.active:
        active = tuple(u for u in vswitch.uplinks if u not in standby)
    return active, standby


def _fresh_in_use(policy: TeamingPolicy, vswitch: VSwitch, up: set[str]) -> tuple[str, ...]:
    active, standby = _order(policy, vswitch)
    if policy.load_balancing is LoadBalancing.FAILOVER_ORDER:
        first = next((u for u in (*active, *standby) if u in up), None)
        return (first,) if first else ()
    working = [u for u in active if u in up]
    missing = len(active) - len(working)
    return (*working, *[u for u in standby if u in up][:missing])


def _fill(
    policy: TeamingPolicy, vswitch: VSwitch, kept: tuple[str, ...], up: set[str]
) -> tuple[str, ...]:
    """Without failback: keep the uplinks in use, top up from the order list to the team size."""
    active, standby = _order(policy, vswitch)
    size = 1 if policy.load_balancing is LoadBalancing.FAILOVER_ORDER else len(active)
    team = [u for u in kept if u in up]
    for candidate in (*active, *standby):
        if len(team) >= size:
            break
        if candidate in up and candidate not in team:
            team.append(candidate)
    return tuple(team)


def _team_event(
    at_s: float,
    host: str,
    vswitch: str,
    pg: str,
    before: tuple[str, ...],
    after: tuple[str, ...],
    came_up: bool,
) -> NetworkEvent:
    where = f"Groupe de ports « {pg} » ({vswitch} de {host})"
    added = ", ".join(u for u in after if u not in before)
    dropped = ", ".join(u for u in before if u not in after)
    if not after:
        return NetworkEvent(at_s, "failover", host, f"{where} : plus aucun lien montant actif.")
    uplinks = ", ".join(after)
    if came_up and dropped:
        message = f"{where} : retour sur {added} (failback) ; liens utilisés : {uplinks}."
        return NetworkEvent(at_s, "failback", host, message)
    if came_up:
        message = f"{where} : {added} reprend le trafic ; liens utilisés : {uplinks}."
        return NetworkEvent(at_s, "link-up", host, message)
    change = (
        f"bascule sur la carte en attente {added}" if added else f"{dropped} n'est plus utilisé"
    )
    return NetworkEvent(at_s, "failover", host, f"{where} : {change} ; liens utilisés : {uplinks}.")


def _tag(pg: PortGroup, end: Endpoint) -> int | None:
    """VLAN the frames carry when they leave the vSwitch (None: untagged)."""
    if pg.vlan_id == TRUNK_VLAN:
        return end.guest_vlan
    return pg.vlan_id or None


def _segment(tag: int | None, native: int | None = None) -> str:
    if tag is not None:
        return f"VLAN {tag}"
    if native is None:
        return "VLAN 0, non étiqueté"
    return f"non étiqueté, VLAN natif {native}"


def _router_reason(a: Endpoint, seg_a: str, b: Endpoint, seg_b: str) -> str:
    first = a.subject[0].upper() + a.subject[1:]
    return (
        f"{first} ({seg_a}) et {b.subject} ({seg_b}) sont dans des VLAN différents : "
        "il faut un routeur."
    )


def _mac_int(end: Endpoint) -> int:
    if end.mac:
        try:
            return int(end.mac.replace(":", "").replace("-", ""), 16)
        except ValueError:
            pass
    return zlib.crc32(f"{end.kind}/{end.host if end.kind == 'vmk' else ''}/{end.name}".encode())


def _ip_int(end: Endpoint) -> int:
    if end.ip:
        try:
            return int(ipaddress.ip_address(end.ip.split("/")[0]))
        except ValueError:
            pass
    return zlib.crc32(end.name.encode())
