from hvlab import show
from hvlab.sim import HYPERVISORS, RACK_1U, VM, Cluster, Host, Table


def identiques(n: int) -> list[VM]:
    """n VM identiques : 1 vCPU et 4 Gio chacune."""
    return [VM.with_ram_gib(f"vm{i + 1:02d}", vcpus=1, ram_gib=4) for i in range(n)]


# 1. Deux hôtes RACK_1U : l'un sous VMware ESXi, l'autre sous VirtualBox.
hote_type1 = Host("esx1", RACK_1U, hypervisor=HYPERVISORS["esxi"])
hote_type2 = Host("pc1", RACK_1U, hypervisor=HYPERVISORS["virtualbox"])

# 2. Les cœurs laissés aux VM par chaque hyperviseur.
coeurs_type1 = hote_type1.usable_cores
coeurs_type2 = hote_type2.usable_cores

# 3. Placez 40 VM identiques sur chaque hôte (un cluster par hôte, target=1.0).
Cluster("type 1", [hote_type1]).place_vms(identiques(40), target=1.0)
Cluster("type 2", [hote_type2]).place_vms(identiques(40), target=1.0)

# 4. Le nombre de VM acceptées par chaque hôte.
vm_type1 = len(hote_type1.vms)
vm_type2 = len(hote_type2.vms)

lignes = (
    ("VMware ESXi (type 1)", str(coeurs_type1).replace(".", ","), str(vm_type1)),
    ("VirtualBox (type 2)", str(coeurs_type2).replace(".", ","), str(vm_type2)),
)
show(Table(("Hyperviseur", "Cœurs pour les VM", "VM placées"), lignes, "Le même serveur"))
