"""Network model: VLANs (0, tagged, 4095), physical switch trunks, teaming and failover."""

from __future__ import annotations

import pytest

from hvlab.errors import SimulationError
from hvlab.sim.core.devices import VirtualNic
from hvlab.sim.world.network import (
    HostNetwork,
    LoadBalancing,
    Network,
    PhysicalNic,
    PortGroup,
    SwitchPort,
    TeamingPolicy,
    VSwitch,
    vlan_label,
)

PORT_GROUPS = (
    PortGroup("Production", 20),
    PortGroup("BDD", 30),
    PortGroup("Natif", 0),
    PortGroup("Trunk", 4095),
)


def _host(
    name: str, *, failback: bool = True, lb: LoadBalancing = LoadBalancing.PORT_ID
) -> HostNetwork:
    return HostNetwork(
        name,
        nics=(PhysicalNic("vmnic0", 10), PhysicalNic("vmnic1", 10), PhysicalNic("vmnic2", 1)),
        vswitches=(
            VSwitch(
                "vSwitch0",
                ("vmnic0", "vmnic1"),
                PORT_GROUPS,
                TeamingPolicy(lb, active=("vmnic0",), standby=("vmnic1",), failback=failback),
            ),
            VSwitch("vSwitch1", ("vmnic2",), (PortGroup("Sauvegarde", 50),)),
            VSwitch("vSwitch2", (), (PortGroup("Interne", 0),)),
        ),
    )


def _network(*, failback: bool = True) -> Network:
    network = Network()
    network.add_host(_host("esx01", failback=failback))
    network.add_host(_host("esx02", failback=failback))
    return network


def _attach(network: Network, vm: str, host: str, pg: str, guest_vlan: int | None = None) -> None:
    network.attach(vm, host, VirtualNic("nic0", pg, guest_vlan=guest_vlan))


def test_vlan_label_names_the_three_kinds() -> None:
    assert [vlan_label(v) for v in (0, 20, 4095)] == [
        "VLAN 0 (non étiqueté)",
        "VLAN 20",
        "VLAN 4095 (trunk)",
    ]


def test_port_group_vlan_outside_0_4095_is_refused() -> None:
    with pytest.raises(SimulationError, match="entre 0 \\(non étiqueté\\) et 4095"):
        PortGroup("X", 4096)


def test_same_host_same_vlan_is_reachable_locally() -> None:
    network = _network()
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx01", "Production")
    result = network.reachability("web1", "web2")
    assert result.reachable
    assert result.path == "local : vSwitch0 de esx01, VLAN 20"


def test_different_vlans_need_a_router() -> None:
    network = _network()
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "db1", "esx01", "BDD")
    result = network.reachability("web1", "db1")
    assert not result.reachable
    assert result.reasons == (
        "La VM web1 (VLAN 20) et la VM db1 (VLAN 30) sont dans des VLAN différents : "
        "il faut un routeur.",
    )


def test_different_vlans_on_different_hosts_need_a_router() -> None:
    network = _network()
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "db1", "esx02", "BDD")
    assert network.reachability("web1", "db1").reasons == (
        "La VM web1 (VLAN 20) et la VM db1 (VLAN 30) sont dans des VLAN différents : "
        "il faut un routeur.",
    )


def test_same_vlan_on_two_hosts_goes_through_the_physical_switch() -> None:
    network = _network()
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx02", "Production")
    result = network.reachability("web1", "web2")
    assert result.reachable
    assert result.path == "par le commutateur physique, VLAN 20 : vmnic0 de esx01 → vmnic0 de esx02"


def test_physical_switch_dropping_the_vlan_cuts_two_hosts_apart() -> None:
    network = _network()
    network.add_switch_port(SwitchPort("esx02", "vmnic0", frozenset({10, 30})))
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx02", "Production")
    result = network.reachability("web1", "web2")
    assert not result.reachable
    assert result.reasons == (
        "Le commutateur physique n'autorise pas le VLAN 20 sur le port relié à vmnic0 de esx02 : "
        "ajoutez-le aux VLAN autorisés de ce trunk.",
    )


def test_physical_switch_dropping_the_vlan_does_not_matter_on_one_host() -> None:
    network = _network()
    network.add_switch_port(SwitchPort("esx01", "vmnic0", frozenset({10})))
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx01", "Production")
    assert network.reachability("web1", "web2").reachable


def test_vlan_0_untagged_frames_meet_in_the_native_vlan() -> None:
    network = _network()
    _attach(network, "a", "esx01", "Natif")
    _attach(network, "b", "esx02", "Natif")
    result = network.reachability("a", "b")
    assert result.reachable
    assert "VLAN 1" in result.path


def test_vlan_0_with_different_native_vlans_is_cut() -> None:
    network = _network()
    network.add_switch_port(SwitchPort("esx02", "vmnic0", native_vlan=10))
    _attach(network, "a", "esx01", "Natif")
    _attach(network, "b", "esx02", "Natif")
    assert network.reachability("a", "b").reasons == (
        "La VM a (non étiqueté, VLAN natif 1) et la VM b (non étiqueté, VLAN natif 10) sont dans "
        "des VLAN différents : il faut un routeur.",
    )


def test_vlan_0_lands_in_the_native_vlan_and_meets_a_tagged_vm() -> None:
    network = _network()
    network.add_switch_port(SwitchPort("esx01", "vmnic0", native_vlan=20))
    _attach(network, "a", "esx01", "Natif")
    _attach(network, "web2", "esx02", "Production")
    assert network.reachability("a", "web2").reachable


def test_vlan_0_and_tagged_vlan_on_one_vswitch_are_apart() -> None:
    network = _network()
    _attach(network, "a", "esx01", "Natif")
    _attach(network, "web1", "esx01", "Production")
    assert network.reachability("a", "web1").reasons == (
        "La VM a (VLAN 0, non étiqueté) et la VM web1 (VLAN 20) sont dans des VLAN différents : "
        "il faut un routeur.",
    )


@pytest.mark.parametrize("host", ["esx01", "esx02"])
def test_trunk_4095_guest_tagging_vlan_30_reaches_vlan_30(host: str) -> None:
    network = _network()
    _attach(network, "sonde", "esx01", "Trunk", guest_vlan=30)
    _attach(network, "db1", host, "BDD")
    assert network.reachability("sonde", "db1").reachable


def test_trunk_4095_guest_tagging_another_vlan_is_apart() -> None:
    network = _network()
    _attach(network, "sonde", "esx01", "Trunk", guest_vlan=20)
    _attach(network, "db1", "esx02", "BDD")
    assert network.reachability("sonde", "db1").reasons == (
        "La VM sonde (VLAN 20) et la VM db1 (VLAN 30) sont dans des VLAN différents : "
        "il faut un routeur.",
    )


def test_failover_moves_traffic_to_the_standby_uplink() -> None:
    network = _network()
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx02", "Production")
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic0",)
    events = network.set_link("esx01", "vmnic0", up=False, at_s=30)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic1",)
    assert events[0].message == "Lien de vmnic0 de esx01 coupé."
    assert events[1].message == (
        "Groupe de ports « Production » (vSwitch0 de esx01) : bascule sur la carte en attente "
        "vmnic1 ; liens utilisés : vmnic1."
    )
    result = network.reachability("web1", "web2")
    assert result.reachable
    assert "vmnic1 de esx01" in result.path


def test_failover_to_a_standby_whose_switch_port_drops_the_vlan_cuts_the_vm() -> None:
    network = _network()
    network.add_switch_port(SwitchPort("esx01", "vmnic1", frozenset({30})))
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx02", "Production")
    assert network.reachability("web1", "web2").reachable
    network.set_link("esx01", "vmnic0", up=False)
    assert network.reachability("web1", "web2").reasons == (
        "Le commutateur physique n'autorise pas le VLAN 20 sur le port relié à vmnic1 de esx01 : "
        "ajoutez-le aux VLAN autorisés de ce trunk.",
    )


def test_failback_returns_to_the_active_uplink() -> None:
    network = _network(failback=True)
    network.set_link("esx01", "vmnic0", up=False)
    events = network.set_link("esx01", "vmnic0", up=True)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic0",)
    assert events[1].kind == "failback"
    assert events[1].message == (
        "Groupe de ports « Production » (vSwitch0 de esx01) : retour sur vmnic0 (failback) ; "
        "liens utilisés : vmnic0."
    )


def test_without_failback_the_standby_keeps_the_traffic() -> None:
    network = _network(failback=False)
    network.set_link("esx01", "vmnic0", up=False)
    events = network.set_link("esx01", "vmnic0", up=True)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic1",)
    assert events[1].message == (
        "Groupe de ports « Production » (vSwitch0 de esx01) : vmnic0 reste inutilisé, vmnic1 "
        "garde le trafic (retour automatique désactivé)."
    )
    network.set_link("esx01", "vmnic1", up=False)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic0",)


def test_losing_one_of_two_active_uplinks_keeps_the_other() -> None:
    host = HostNetwork(
        "esx01",
        nics=(PhysicalNic("vmnic0", 10), PhysicalNic("vmnic1", 10)),
        vswitches=(VSwitch("vSwitch0", ("vmnic0", "vmnic1"), (PortGroup("Production", 20),)),),
    )
    network = Network()
    network.add_host(host)
    events = network.set_link("esx01", "vmnic0", up=False)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic1",)
    assert events[1].message == (
        "Groupe de ports « Production » (vSwitch0 de esx01) : vmnic0 n'est plus utilisé ; "
        "liens utilisés : vmnic1."
    )


def test_no_working_uplink_is_reported() -> None:
    network = _network()
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx02", "Production")
    network.set_link("esx01", "vmnic0", up=False)
    network.set_link("esx01", "vmnic1", up=False)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ()
    assert network.reachability("web1", "web2").reasons == (
        "Aucun lien montant actif sur vSwitch0 de esx01 : ses cartes (vmnic0, vmnic1) sont "
        "déconnectées ou inutilisées.",
    )


def test_vswitch_without_uplink_is_internal_to_the_host() -> None:
    network = _network()
    _attach(network, "a", "esx01", "Interne")
    _attach(network, "b", "esx01", "Interne")
    _attach(network, "c", "esx02", "Interne")
    assert network.reachability("a", "b").reachable
    assert network.reachability("a", "c").reasons == (
        "vSwitch2 de esx01 n'a aucun lien montant : c'est un réseau interne à l'hôte, ses VM ne "
        "joignent que celles du même vSwitch.",
        "vSwitch2 de esx02 n'a aucun lien montant : c'est un réseau interne à l'hôte, ses VM ne "
        "joignent que celles du même vSwitch.",
    )


def test_two_vswitches_of_one_host_talk_only_through_the_physical_switch() -> None:
    network = _network()
    network.add_switch_port(SwitchPort("esx01", "vmnic2", frozenset({50})))
    _attach(network, "save", "esx01", "Sauvegarde")
    _attach(network, "web1", "esx01", "Production")
    assert "il faut un routeur" in network.reachability("save", "web1").reasons[0]


def test_port_id_spreads_ports_over_the_active_uplinks() -> None:
    host = HostNetwork(
        "esx01",
        nics=(PhysicalNic("vmnic0", 10), PhysicalNic("vmnic1", 10)),
        vswitches=(VSwitch("vSwitch0", ("vmnic0", "vmnic1"), (PortGroup("Production", 20),)),),
    )
    network = Network()
    network.add_host(host)
    network.add_switch_port(SwitchPort("esx01", "vmnic1", frozenset({99})))
    network.add_host(_host("esx02"))
    for vm in ("vm0", "vm1", "vm2"):
        _attach(network, vm, "esx01", "Production")
    _attach(network, "web2", "esx02", "Production")
    # Ports 0 and 2 use vmnic0, port 1 uses vmnic1 (whose switch port drops VLAN 20).
    assert network.reachability("vm0", "web2").reachable
    assert not network.reachability("vm1", "web2").reachable
    assert network.reachability("vm2", "web2").reachable


def test_explicit_failover_order_uses_the_first_working_uplink() -> None:
    host = HostNetwork(
        "esx01",
        nics=(PhysicalNic("vmnic0", 10), PhysicalNic("vmnic1", 10), PhysicalNic("vmnic2", 10)),
        vswitches=(
            VSwitch(
                "vSwitch0",
                ("vmnic0", "vmnic1", "vmnic2"),
                (PortGroup("Production", 20),),
                TeamingPolicy(LoadBalancing.FAILOVER_ORDER, active=("vmnic1", "vmnic0")),
            ),
        ),
    )
    network = Network()
    network.add_host(host)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic1",)
    network.set_link("esx01", "vmnic1", up=False)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic0",)


def test_port_group_teaming_overrides_the_vswitch() -> None:
    host = HostNetwork(
        "esx01",
        nics=(PhysicalNic("vmnic0", 10), PhysicalNic("vmnic1", 10)),
        vswitches=(
            VSwitch(
                "vSwitch0",
                ("vmnic0", "vmnic1"),
                (
                    PortGroup("Production", 20),
                    PortGroup(
                        "vMotion", 40, TeamingPolicy(active=("vmnic1",), standby=("vmnic0",))
                    ),
                ),
            ),
        ),
    )
    network = Network()
    network.add_host(host)
    assert network.active_uplinks("esx01", "vSwitch0", "Production") == ("vmnic0", "vmnic1")
    assert network.active_uplinks("esx01", "vSwitch0", "vMotion") == ("vmnic1",)


def test_unknown_port_group_is_refused_with_the_known_ones() -> None:
    network = _network()
    with pytest.raises(SimulationError, match="« Prod » n'existe pas sur esx01"):
        _attach(network, "web1", "esx01", "Prod")


def test_vswitch_using_a_missing_nic_is_refused() -> None:
    network = Network()
    host = HostNetwork("esx01", (PhysicalNic("vmnic0", 1),), (VSwitch("vSwitch0", ("vmnic9",)),))
    with pytest.raises(SimulationError, match="utilise vmnic9"):
        network.add_host(host)


def test_moving_a_vm_keeps_its_port_group_names() -> None:
    network = _network()
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "web2", "esx02", "Production")
    network.move_vm("web1", "esx02")
    assert network.reachability("web1", "web2").path.startswith("local : vSwitch0 de esx02")


def _two_uplinks(lb: LoadBalancing) -> Network:
    host = HostNetwork(
        "esx01",
        nics=(PhysicalNic("vmnic0", 10), PhysicalNic("vmnic1", 10)),
        vswitches=(
            VSwitch(
                "vSwitch0",
                ("vmnic0", "vmnic1"),
                (PortGroup("Production", 20),),
                TeamingPolicy(lb),
            ),
        ),
    )
    network = Network()
    network.add_host(host)
    return network


def test_source_mac_hash_picks_the_uplink_from_the_mac() -> None:
    network = _two_uplinks(LoadBalancing.MAC_HASH)
    network.attach("a", "esx01", VirtualNic("nic0", "Production", mac="00:50:56:00:00:0a"))
    network.attach("b", "esx01", VirtualNic("nic0", "Production", mac="00:50:56:00:00:0b"))
    a, b = (e for e in network.endpoints() if e.kind == "vm")
    # 0x0a is even → vmnic0, 0x0b is odd → vmnic1 (MAC modulo the two active uplinks).
    assert (network.uplink_for(a), network.uplink_for(b)) == ("vmnic0", "vmnic1")


def test_ip_hash_picks_the_uplink_from_both_addresses() -> None:
    network = _two_uplinks(LoadBalancing.IP_HASH)
    network.attach("a", "esx01", VirtualNic("nic0", "Production", ip="10.0.20.1"))
    network.attach("b", "esx01", VirtualNic("nic0", "Production", ip="10.0.20.2"))
    network.attach("c", "esx01", VirtualNic("nic0", "Production", ip="10.0.20.3"))
    a, b, c = (e for e in network.endpoints() if e.kind == "vm")
    # (…1 xor …2) = 3, odd → vmnic1; (…1 xor …3) = 2, even → vmnic0.
    assert network.uplink_for(a, b) == "vmnic1"
    assert network.uplink_for(a, c) == "vmnic0"


def test_reachability_gives_different_vlans_before_a_vlan_refused_by_the_switch() -> None:
    # web1 is tagged VLAN 20 on esx01, whose switch port does not carry VLAN 20; b is untagged
    # on esx02 (native VLAN 1). Opening VLAN 20 on the trunk would not help: the two VMs are in
    # different VLANs, which is the first thing to say.
    network = _network()
    network.add_switch_port(SwitchPort("esx01", "vmnic0", frozenset({10, 30})))
    _attach(network, "web1", "esx01", "Production")
    _attach(network, "b", "esx02", "Natif")
    assert network.reachability("web1", "b").reasons == (
        "La VM web1 (VLAN 20) et la VM b (non étiqueté, VLAN natif 1) sont dans des VLAN "
        "différents : il faut un routeur.",
        "Le commutateur physique n'autorise pas le VLAN 20 sur le port relié à vmnic0 de esx01 : "
        "ajoutez-le aux VLAN autorisés de ce trunk.",
    )
