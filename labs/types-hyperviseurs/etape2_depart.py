from hvlab import show
from hvlab.sim import HYPERVISORS, RACK_1U, VM, Cluster, Host, Table


def identiques(n: int) -> list[VM]:
    """n VM identiques : 1 vCPU et 4 Gio chacune."""
    return [VM.with_ram_gib(f"vm{i + 1:02d}", vcpus=1, ram_gib=4) for i in range(n)]


# 1. Deux hôtes RACK_1U : l'un sous VMware ESXi, l'autre sous VirtualBox.
hote_type1 = ...
hote_type2 = ...

# 2. Les cœurs laissés aux VM par chaque hyperviseur.
coeurs_type1 = ...
coeurs_type2 = ...

# 3. Placez 40 VM identiques sur chaque hôte (un cluster par hôte, target=1.0).
...

# 4. Le nombre de VM acceptées par chaque hôte.
vm_type1 = ...
vm_type2 = ...

lignes = (
    ("VMware ESXi (type 1)", str(coeurs_type1).replace(".", ","), str(vm_type1)),
    ("VirtualBox (type 2)", str(coeurs_type2).replace(".", ","), str(vm_type2)),
)
show(Table(("Hyperviseur", "Cœurs pour les VM", "VM placées"), lignes, "Le même serveur"))
