from hvlab import show
from hvlab.sim import RACK_1U, VM, Cluster, Host, Table


def les_vms() -> list[VM]:
    """Les 20 VM de la PME (nom, vCPU, mémoire en Gio), éteintes."""
    modeles = [
        ("bdd", 8, 96, 2),
        ("web", 2, 8, 6),
        ("app", 4, 32, 4),
        ("fichiers", 2, 16, 2),
        ("ad", 2, 8, 2),
        ("messagerie", 4, 48, 1),
        ("test", 2, 16, 3),
    ]
    return [
        VM.with_ram_gib(f"{nom}{i}", vcpus, ram_gib)
        for nom, vcpus, ram_gib, nombre in modeles
        for i in range(1, nombre + 1)
    ]


# 1. Le cluster de quatre hôtes esx1 … esx4.
cluster = ...

# 2. Le placement des 20 VM à 60 % d'utilisation.
placement = ...

# 3. et 4. La charge mémoire moyenne, sur quatre hôtes puis sur trois.
charge_moyenne = ...
charge_sur_3 = ...

print(f"Charge moyenne : {charge_moyenne} ; sur trois hôtes : {charge_sur_3}")
if isinstance(cluster, Cluster):
    show(
        Table(
            columns=("hôte", "VM", "vCPU", "mémoire des VM (Gio)", "charge mémoire (%)"),
            rows=tuple(
                (
                    h.name,
                    len(h.vms),
                    h.allocated_vcpus,
                    h.allocated_ram_gib,
                    round(100 * h.allocated_ram_gib / h.model.ram_gib, 1),
                )
                for h in cluster.hosts
            ),
            title="Le cluster « prod » après placement",
        )
    )
    show(cluster.to_mermaid())
