"""Vérifications de l'étape 3 : la formule du nombre de VM par serveur."""

import math
from collections.abc import Callable

from hvlab.fr import significant
from hvlab.labs.checks import declare_calls, expect_close, expect_var
from hvlab.sim import HYPERVISORS, Hypervisor, HypervisorType, Overhead

# Un hyperviseur imaginaire au surcoût très différent : une fonction qui recopie les chiffres
# d'ESXi ou de VirtualBox au lieu de lire effective_overhead se trompe sur lui.
MAISON = Hypervisor(
    "Hyperviseur maison",
    "TP",
    HypervisorType.TYPE_2,
    overhead=Overhead(cpu_fraction=0.25, ram_gib=16.0, per_vm_ram_mib=512.0),
)
CAS = (
    ("esxi", 1, 4.0),
    ("virtualbox", 1, 4.0),
    ("esxi", 1, 16.0),
    ("virtualbox", 1, 16.0),
    ("kvm", 2, 8.0),
    ("vmware-workstation", 4, 32.0),
    ("maison", 1, 8.0),
    ("maison", 1, 10.5),
    ("maison", 1, 16.0),
)


def _hyperviseur(ident: str) -> Hypervisor:
    return MAISON if ident == "maison" else HYPERVISORS[ident]


# Les appels que check_vm_max fait à la fonction de l'élève (faits de son côté, après son code).
APPELS = declare_calls("vm_max", *((_hyperviseur(i), vcpus, ram) for i, vcpus, ram in CAS))


def _attendu(h: Hypervisor, vcpus: int, ram_gib: float) -> tuple[int, int]:
    """(par CPU, par RAM), calculés à la main sur 32 cœurs et 256 Gio."""
    s = h.effective_overhead
    par_cpu = math.floor(32 * (1 - s.cpu_fraction) / vcpus)
    par_ram = math.floor((256 - s.ram_gib) / (ram_gib + s.per_vm_ram_mib / 1024))
    return par_cpu, par_ram


def check_vm_max(ns: dict[str, object]) -> None:
    """La fonction vm_max"""
    function = expect_var(ns, "vm_max")
    assert callable(function), "vm_max devrait être une fonction (def vm_max…)."
    vm_max: Callable[[Hypervisor, int, float], object] = function
    for ident, vcpus, ram in CAS:
        h = _hyperviseur(ident)
        s = h.effective_overhead
        par_cpu, par_ram = _attendu(h, vcpus, ram)
        # Typical mistakes, the first that matches wins (setdefault keeps the first hint).
        mistakes: dict[float, str] = {
            par_cpu: f"c'est la limite du processeur ; la mémoire n'en accepte que {par_ram} : "
            "ajoutez sa limite (par_ram)"
        }
        if par_ram < par_cpu:
            mistakes.setdefault(
                math.floor((256 - s.ram_gib) / ram),
                f"vous oubliez les {significant(s.per_vm_ram_mib, 6)} Mio de surcoût par VM",
            )
        mistakes.setdefault(
            math.floor(256 / (ram + s.per_vm_ram_mib / 1024)),
            "retranchez d'abord la mémoire que garde l'hyperviseur "
            f"({significant(s.ram_gib, 6)} Gio)",
        )
        expect_close(
            vm_max(h, vcpus, ram),
            min(par_cpu, par_ram),
            what=f"vm_max({ident}, {vcpus} vCPU, {significant(ram, 6)} Gio)",
            rel_tol=0,
            abs_tol=0,
            mistakes=mistakes,
            common=(),
            hint=f"le processeur en accepte {par_cpu}, la mémoire {par_ram} ; lisez le surcoût "
            "dans hyperviseur.effective_overhead",
        )


def _ecart(vcpus: int, ram: float) -> int:
    return min(_attendu(HYPERVISORS["esxi"], vcpus, ram)) - min(
        _attendu(HYPERVISORS["virtualbox"], vcpus, ram)
    )


def check_ecarts(ns: dict[str, object]) -> None:
    """Les écarts entre ESXi et VirtualBox"""
    for name, vcpus, ram in (("ecart_petites", 1, 4.0), ("ecart_grosses", 1, 16.0)):
        expected = _ecart(vcpus, ram)
        expect_close(
            expect_var(ns, name),
            expected,
            what=name,
            rel_tol=0,
            abs_tol=0,
            mistakes={-expected: "c'est VirtualBox moins ESXi ; faites ESXi moins VirtualBox"},
            common=(),
            hint=f"VM de {vcpus} vCPU et {significant(ram, 6)} Gio",
        )
