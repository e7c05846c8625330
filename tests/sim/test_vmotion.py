"""vMotion prerequisites: shared storage, vMotion VMkernel ports, port groups, CPUs, bandwidth."""

from __future__ import annotations

import pytest

from hvlab.sim.core.devices import DiskProvisioning, VirtualNic
from hvlab.sim.world.network import (
    HostNetwork,
    Network,
    PhysicalNic,
    PortGroup,
    SwitchPort,
    TeamingPolicy,
    VmkernelPort,
    VmkService,
    VSwitch,
)
from hvlab.sim.world.storage import Datastore, DatastoreType, StorageModel
from hvlab.sim.world.vmotion import (
    HostCpu,
    check_vmotion,
    cpu_incompatibility,
    vmotion_bandwidth_mb_s,
)

VMOTION = frozenset({VmkService.VMOTION})


def _host(
    name: str,
    ip: str,
    *,
    vmotion: bool = True,
    speed_gbps: float = 10,
    port_groups: tuple[str, ...] = ("Production",),
) -> HostNetwork:
    services = VMOTION if vmotion else frozenset({VmkService.MANAGEMENT})
    return HostNetwork(
        name,
        nics=(PhysicalNic("vmnic0", speed_gbps),),
        vswitches=(
            VSwitch(
                "vSwitch0",
                ("vmnic0",),
                (*(PortGroup(pg, 20) for pg in port_groups), PortGroup("vMotion", 40)),
            ),
        ),
        vmkernel_ports=(VmkernelPort("vmk1", "vMotion", ip, services),),
    )


def _models(
    dest: HostNetwork | None = None,
) -> tuple[StorageModel, Network]:
    network = Network()
    network.add_host(_host("esx01", "10.0.40.11/24"))
    network.add_host(dest or _host("esx02", "10.0.40.12/24"))
    network.attach("app1", "esx01", VirtualNic("nic0", "Production"))
    storage = StorageModel()
    storage.add_datastore(Datastore("local-esx01", DatastoreType.LOCAL, 500, ("esx01",)))
    storage.add_datastore(Datastore("san01", DatastoreType.FC, 1000, ("esx01", "esx02")))
    storage.create_disk("app1", "app1.vmdk", 40, DiskProvisioning.THIN, "local-esx01")
    return storage, network


CPUS = {"esx01": HostCpu("intel", "cascade-lake"), "esx02": HostCpu("intel", "cascade-lake")}


def test_vmotion_refused_for_a_local_datastore_then_allowed_after_storage_vmotion() -> None:
    storage, network = _models()
    refused = check_vmotion("app1", "esx02", source="esx01", storage=storage, network=network)
    assert not refused.eligible
    assert refused.needs_storage_vmotion
    assert refused.reasons == (
        "Le datastore local-esx01 du disque app1.vmdk n'est pas visible depuis esx02 (VMFS local, "
        "vu seulement par esx01) : un disque local ne se partage pas, faites d'abord un storage "
        "vMotion vers un datastore partagé par les deux hôtes.",
    )
    assert refused.datastores_to_present == ()
    storage.storage_vmotion("app1", "san01", host="esx01")
    allowed = check_vmotion(
        "app1", "esx02", source="esx01", storage=storage, network=network, cpus=CPUS
    )
    assert allowed.eligible
    assert allowed.reasons == ()
    assert allowed.bandwidth_mb_s == pytest.approx(1250.0)  # 10 Gbit/s × 125


def test_vmotion_needs_a_vmotion_vmkernel_port_on_both_hosts() -> None:
    storage, network = _models(_host("esx02", "10.0.40.12/24", vmotion=False))
    storage.storage_vmotion("app1", "san01")
    check = check_vmotion("app1", "esx02", source="esx01", storage=storage, network=network)
    assert check.reasons == (
        "Aucun port VMkernel de esx02 n'a le service vMotion : activez-le sur un port VMkernel "
        "(par exemple vmk1).",
    )
    assert check.bandwidth_mb_s == 0


def test_vmotion_ports_in_different_subnets_are_refused() -> None:
    storage, network = _models(_host("esx02", "10.0.41.12/24"))
    storage.storage_vmotion("app1", "san01")
    check = check_vmotion("app1", "esx02", source="esx01", storage=storage, network=network)
    assert check.reasons == (
        "Les ports vMotion vmk1 de esx01 (10.0.40.11/24) et vmk1 de esx02 (10.0.41.12/24) ne "
        "sont pas dans le même sous-réseau IP : donnez-leur des adresses du même réseau.",
    )


def test_vmotion_network_cut_by_the_physical_switch_is_refused() -> None:
    storage, network = _models()
    network.add_switch_port(SwitchPort("esx02", "vmnic0", frozenset({20})))
    storage.storage_vmotion("app1", "san01")
    check = check_vmotion("app1", "esx02", source="esx01", storage=storage, network=network)
    assert check.reasons == (
        "Le commutateur physique n'autorise pas le VLAN 40 sur le port relié à vmnic0 de esx02 : "
        "ajoutez-le aux VLAN autorisés de ce trunk.",
    )


def test_vmotion_needs_the_same_port_group_names() -> None:
    storage, network = _models(_host("esx02", "10.0.40.12/24", port_groups=("production",)))
    storage.storage_vmotion("app1", "san01")
    check = check_vmotion("app1", "esx02", source="esx01", storage=storage, network=network)
    assert check.reasons == (
        "Le groupe de ports « Production » de app1 n'existe pas sur esx02 : créez-le avec "
        "exactement le même nom (la casse compte).",
    )


def test_vmotion_below_1_gbe_is_refused() -> None:
    storage, network = _models(_host("esx02", "10.0.40.12/24", speed_gbps=0.1))
    storage.storage_vmotion("app1", "san01")
    check = check_vmotion("app1", "esx02", source="esx01", storage=storage, network=network)
    assert check.reasons == (
        "Le réseau vMotion de esx02 n'offre que 0,1 Gbit/s : vMotion exige au moins 1 GbE.",
    )
    assert check.bandwidth_mb_s == pytest.approx(12.5)


def test_concurrent_vmotions_need_250_mbit_each() -> None:
    storage, network = _models(_host("esx02", "10.0.40.12/24", speed_gbps=1))
    storage.storage_vmotion("app1", "san01")
    four = check_vmotion(
        "app1", "esx02", source="esx01", storage=storage, network=network, concurrent=4
    )
    assert four.eligible
    assert four.bandwidth_mb_s == pytest.approx(125 / 4)
    five = check_vmotion(
        "app1", "esx02", source="esx01", storage=storage, network=network, concurrent=5
    )
    assert five.reasons == (
        "5 vMotion simultanés sur 1 Gbit/s (esx02) : chacun doit disposer d'au moins 250 Mbit/s ; "
        "lancez-les les uns après les autres.",
    )


def test_bandwidth_is_set_by_the_slower_host() -> None:
    _, network = _models(_host("esx02", "10.0.40.12/24", speed_gbps=1))
    assert vmotion_bandwidth_mb_s(network, "esx01", "esx02") == pytest.approx(125.0)


def test_cpu_vendors_never_mix_even_with_evc() -> None:
    reason = cpu_incompatibility(
        "esx01", HostCpu("intel", "skylake", "x"), "esx03", HostCpu("amd", "zen3", "x")
    )
    assert reason == (
        "Processeurs incompatibles : esx01 a des processeurs Intel, esx03 des AMD ; même EVC ne "
        "permet pas de migrer à chaud d'un fabricant à l'autre (arrêtez la VM pour la déplacer)."
    )


def test_cpu_generations_differ_without_then_with_a_common_evc_mode() -> None:
    old, new = HostCpu("intel", "skylake"), HostCpu("intel", "ice-lake")
    assert cpu_incompatibility("esx01", old, "esx02", new) == (
        "Processeurs de générations différentes (esx01 : skylake, esx02 : ice-lake) sans mode EVC "
        "commun : activez EVC sur le cluster au niveau de la génération la plus ancienne."
    )
    evc_old = HostCpu("intel", "skylake", "intel-skylake")
    evc_new = HostCpu("intel", "ice-lake", "intel-skylake")
    assert cpu_incompatibility("esx01", evc_old, "esx02", evc_new) == ""


def test_vmotion_only_between_esxi_hosts() -> None:
    storage, network = _models()
    storage.storage_vmotion("app1", "san01")
    check = check_vmotion(
        "app1",
        "esx02",
        source="esx01",
        storage=storage,
        network=network,
        hypervisors={"esx01": "VMware ESXi", "esx02": "KVM"},
    )
    assert check.reasons == (
        "vMotion ne fonctionne qu'entre hôtes VMware ESXi : esx02 exécute KVM.",
    )


def test_vmotion_to_its_own_host_is_not_a_migration() -> None:
    storage, network = _models()
    check = check_vmotion("app1", "esx01", source="esx01", storage=storage, network=network)
    assert check.reasons == ("app1 tourne déjà sur esx01.",)


def test_every_unmet_prerequisite_is_listed_at_once() -> None:
    storage, network = _models(
        _host("esx02", "10.0.40.12/24", vmotion=False, port_groups=("Prod",))
    )
    cpus = {"esx01": HostCpu("intel", "skylake"), "esx02": HostCpu("amd", "zen3")}
    check = check_vmotion(
        "app1", "esx02", source="esx01", storage=storage, network=network, cpus=cpus
    )
    assert len(check.reasons) == 4
    assert [r.split(" ")[0] for r in check.reasons] == ["Le", "Aucun", "Le", "Processeurs"]


def test_multi_nic_vmotion_adds_the_uplinks_up() -> None:
    def host(name: str, last: int) -> HostNetwork:
        return HostNetwork(
            name,
            nics=(PhysicalNic("vmnic0", 10), PhysicalNic("vmnic1", 10)),
            vswitches=(
                VSwitch(
                    "vSwitch0",
                    ("vmnic0", "vmnic1"),
                    (
                        PortGroup("vMotion-A", 40, TeamingPolicy(active=("vmnic0",))),
                        PortGroup("vMotion-B", 40, TeamingPolicy(active=("vmnic1",))),
                    ),
                ),
            ),
            vmkernel_ports=(
                VmkernelPort("vmk1", "vMotion-A", f"10.0.40.{last}/24", VMOTION),
                VmkernelPort("vmk2", "vMotion-B", f"10.0.40.{last + 100}/24", VMOTION),
            ),
        )

    network = Network()
    network.add_host(host("esx01", 11))
    network.add_host(host("esx02", 12))
    # Two 10 Gbit/s uplinks per host: 20 Gbit/s = 2500 MB/s.
    assert vmotion_bandwidth_mb_s(network, "esx01", "esx02") == pytest.approx(2500.0)


def test_cpu_evc_mode_newer_than_a_host_is_refused() -> None:
    # Cascade Lake (2019) comes after Skylake (2015): a Skylake host cannot present its
    # instructions, so vCenter refuses the mode even though both hosts name the same one.
    skylake = HostCpu("intel", "skylake", "intel-cascade-lake")
    cascade = HostCpu("intel", "cascade-lake", "intel-cascade-lake")
    assert cpu_incompatibility("esx01", skylake, "esx02", cascade) == (
        "Le mode EVC intel-cascade-lake de esx01 est plus récent que ses processeurs (skylake) : "
        "un hôte ne peut présenter que les instructions qu'il possède. Choisissez un mode EVC de "
        "la génération la plus ancienne du cluster, au plus intel-skylake."
    )
    # At the oldest generation of the two, the mode is accepted.
    fixed = HostCpu("intel", "cascade-lake", "intel-skylake")
    assert (
        cpu_incompatibility("esx01", HostCpu("intel", "skylake", "intel-skylake"), "x", fixed) == ""
    )


def test_cpu_evc_mode_of_the_other_vendor_is_refused() -> None:
    reason = cpu_incompatibility(
        "esx01", HostCpu("amd", "zen3", "intel-skylake"), "esx02", HostCpu("amd", "zen3")
    )
    assert reason.startswith("Le mode EVC intel-skylake de esx01 est un mode Intel")


def test_cpu_generations_are_ordered_per_vendor() -> None:
    from hvlab.sim.world.vmotion import CPU_GENERATIONS

    intel = CPU_GENERATIONS["intel"]
    assert intel.index("skylake") < intel.index("cascade-lake") < intel.index("ice-lake")
    amd = CPU_GENERATIONS["amd"]
    assert amd.index("zen2") < amd.index("zen3") < amd.index("zen4")


@pytest.mark.parametrize(
    ("kind", "how"),
    [
        (DatastoreType.NFS, "autorisez-le dans l'export NFS puis montez le partage"),
        (DatastoreType.ISCSI, "ajoutez-le au masquage du LUN iSCSI puis relancez l'analyse"),
        (DatastoreType.FC, "ajoutez-le au zonage et au masquage du LUN puis relancez l'analyse"),
    ],
)
def test_vmotion_suggests_presenting_a_shared_datastore_not_a_storage_vmotion(
    kind: DatastoreType, how: str
) -> None:
    storage, network = _models()
    storage.add_datastore(Datastore("partage", kind, 1000, ("esx01",)))
    storage.storage_vmotion("app1", "partage", host="esx01")
    refused = check_vmotion("app1", "esx02", source="esx01", storage=storage, network=network)
    assert not refused.eligible
    assert not refused.needs_storage_vmotion
    assert refused.datastores_to_present == ("partage",)
    assert refused.reasons == (
        f"Le datastore partage du disque app1.vmdk n'est pas visible depuis esx02 ({kind.label}, "
        f"vu seulement par esx01) : présentez-le à esx02 ({how}).",
    )
