"""Vérifications de l'étape 2 : capacité du même serveur sous un type 1 et sous un type 2."""

import math

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import Host, HypervisorType

# Hypothèses du simulateur : type 1 = 3 % du CPU, 2 Gio ; type 2 = 10 %, 4 Gio ; 64 Mio par VM.
# RACK_1U : 32 cœurs, 256 Gio. VM : 1 vCPU, 4 Gio.
COEURS_1 = 32 * (1 - 0.03)
COEURS_2 = 32 * (1 - 0.10)
# Le CPU limite : 31,04 → 31 VM et 28,8 → 28 VM (la mémoire en accepterait plus de 60).
VM_1 = math.floor(COEURS_1 / 1)
VM_2 = math.floor(COEURS_2 / 1)


def _host(ns: dict[str, object], name: str, kind: HypervisorType) -> Host:
    host = expect_var(ns, name)
    assert isinstance(host, Host), (
        f"« {name} » devrait être un hôte, Host(nom, RACK_1U, hypervisor=...), pas "
        f"{type(host).__name__}."
    )
    assert host.model.cores == 32 and host.model.ram_gib == 256, (
        f"« {name} » est du modèle « {host.model.name} » : prenez le serveur RACK_1U (32 cœurs, "
        "256 Gio)."
    )
    assert host.hypervisor.type is kind, (
        f"« {name} » tourne sous {host.hypervisor.name}, de {host.hypervisor.type.label} ; on "
        f"attend {'VMware ESXi' if kind is HypervisorType.TYPE_1 else 'VirtualBox'}."
    )
    return host


def check_hotes(ns: dict[str, object]) -> None:
    """Les deux hôtes"""
    _host(ns, "hote_type1", HypervisorType.TYPE_1)
    _host(ns, "hote_type2", HypervisorType.TYPE_2)


def check_coeurs(ns: dict[str, object]) -> None:
    """Les cœurs laissés aux VM"""
    for name, expected in (("coeurs_type1", COEURS_1), ("coeurs_type2", COEURS_2)):
        expect_close(
            expect_var(ns, name),
            expected,
            what=name,
            unit="cœurs",
            mistakes={
                32: "ce sont les cœurs physiques ; prenez ceux que l'hyperviseur laisse aux VM "
                "(hote.usable_cores)"
            },
        )


def check_vm(ns: dict[str, object]) -> None:
    """Les VM placées sur chaque hôte"""
    for name, host_name, expected in (
        ("vm_type1", "hote_type1", VM_1),
        ("vm_type2", "hote_type2", VM_2),
    ):
        expect_close(
            expect_var(ns, name),
            expected,
            what=name,
            unit="VM",
            rel_tol=0,
            abs_tol=0,
            mistakes={
                40: "c'est le nombre de VM proposées ; comptez celles que l'hôte a acceptées, "
                f"len({host_name}.vms)",
                0: f"aucune VM placée : placez-les sur {host_name} avec "
                "Cluster(...).place_vms(identiques(40), target=1.0)",
            },
            common=(),
            hint="vérifiez target=1.0 et le nombre de VM proposées",
        )
