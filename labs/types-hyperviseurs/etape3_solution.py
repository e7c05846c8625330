import math

from hvlab import show
from hvlab.sim import HYPERVISORS, RACK_1U, Hypervisor, Table


def vm_max(hyperviseur: Hypervisor, vcpus: int, ram_gib: float) -> int:
    """Nombre de VM identiques (vcpus, ram_gib) qu'accepte un serveur RACK_1U."""
    surcout = hyperviseur.effective_overhead
    par_cpu = math.floor(surcout.usable_cores(RACK_1U.cores) / vcpus)
    # 1. Combien de VM la mémoire accepte-t-elle ?
    par_ram = math.floor(
        (RACK_1U.ram_gib - surcout.ram_gib) / (ram_gib + surcout.per_vm_ram_mib / 1024)
    )
    return min(par_cpu, par_ram)


esxi, virtualbox = HYPERVISORS["esxi"], HYPERVISORS["virtualbox"]

# 2. VM de 1 vCPU et 4 Gio : combien ESXi en accepte-t-il de plus que VirtualBox ?
ecart_petites = vm_max(esxi, 1, 4) - vm_max(virtualbox, 1, 4)

# 3. VM de 1 vCPU et 16 Gio : même question.
ecart_grosses = vm_max(esxi, 1, 16) - vm_max(virtualbox, 1, 16)

tailles = [(1, 4), (2, 8), (1, 16), (4, 32)]
lignes = tuple(
    (f"{c} vCPU, {r} Gio", vm_max(esxi, c, r), vm_max(virtualbox, c, r)) for c, r in tailles
)
show(Table(("VM", "ESXi (type 1)", "VirtualBox (type 2)"), lignes, "VM par serveur RACK_1U"))
print("Écart pour les petites VM :", ecart_petites)
print("Écart pour les grosses VM :", ecart_grosses)
