from hvlab import show
from hvlab.sim import Table, scenario_from_dict

# --- Le datacentre de l'équipe de développement (ne modifiez pas ce bloc) ---


def hote(nom: str, ip: int) -> dict[str, object]:
    """Un hôte ESXi : deux cartes 10 Gbit/s, un vSwitch, trois ports VMkernel."""
    return {
        "name": nom,
        "cpu": {"vendor": "intel", "generation": "cascade-lake"},
        "nics": [{"name": "vmnic0", "speed_gbps": 10}, {"name": "vmnic1", "speed_gbps": 10}],
        "vswitches": [
            {
                "name": "vSwitch0",
                "uplinks": ["vmnic0", "vmnic1"],
                "port_groups": [
                    {"name": "Gestion", "vlan": 10},
                    {"name": "vMotion", "vlan": 40},
                    {"name": "Stockage IP", "vlan": 70},
                    {"name": "Développement", "vlan": 60},
                ],
            }
        ],
        "vmkernel": [
            {
                "name": "vmk0",
                "port_group": "Gestion",
                "ip": f"10.0.10.{ip}/24",
                "services": ["management"],
            },
            {
                "name": "vmk1",
                "port_group": "vMotion",
                "ip": f"10.0.40.{ip}/24",
                "services": ["vmotion"],
            },
            {
                "name": "vmk2",
                "port_group": "Stockage IP",
                "ip": f"10.0.70.{ip}/24",
                "services": ["ip-storage"],
            },
        ],
    }


def vm(
    nom: str,
    hote: str,
    datastore: str,
    taille_gib: int,
    provisionnement: str,
    ecrit_gib: int = 0,
    ram_mib: int = 4096,
) -> dict[str, object]:
    """Une VM avec un disque virtuel et une carte réseau."""
    disque = {
        "name": f"{nom}.vmdk",
        "datastore": datastore,
        "size_gib": taille_gib,
        "provisioning": provisionnement,
        "used_gib": ecrit_gib,
    }
    return {
        "name": nom,
        "host": hote,
        "ram_mib": ram_mib,
        "disks": [disque],
        "nics": [{"port_group": "Développement"}],
    }


DONNEES = {
    "name": "Stockage de l'équipe de développement",
    "hosts": [hote("esx01", 11), hote("esx02", 12)],
    "datastores": [
        {"name": "nfs-dev", "type": "nfs", "capacity_gib": 500, "hosts": ["esx01", "esx02"]},
        {"name": "san-prod", "type": "iscsi", "capacity_gib": 1000, "hosts": ["esx01", "esx02"]},
        {"name": "local-esx01", "type": "local", "capacity_gib": 300, "hosts": ["esx01"]},
    ],
    "vms": [
        vm("dev1", "esx01", "nfs-dev", 200, "thin", ecrit_gib=100),
        vm("dev2", "esx01", "nfs-dev", 200, "thin", ecrit_gib=80),
        vm("dev3", "esx02", "nfs-dev", 200, "thin", ecrit_gib=60),
        vm("ci1", "esx02", "nfs-dev", 100, "thick-lazy"),
        vm("bdd1", "esx02", "nfs-dev", 100, "thick-eager", ram_mib=8192),
        vm("outils1", "esx01", "local-esx01", 80, "thin", ecrit_gib=30, ram_mib=2048),
    ],
}
# --- fin du bloc ---

sc = scenario_from_dict(DONNEES)
disque = sc.storage.disks_of("bdd1")[0]

# Avant la mise à jour de la base de données, l'administrateur prend un snapshot.
sc.storage.take_snapshot("bdd1", "avant-maj", at_s=0)
sc.write("bdd1", 25, at_s=600)  # la mise à jour réécrit 25 Gio
# Puis un second snapshot, « au cas où », et la VM continue de travailler.
sc.storage.take_snapshot("bdd1", "apres-maj", at_s=1200)
sc.write("bdd1", 15, at_s=1800)

# 1. Les fichiers qu'une lecture traverse, du plus récent au disque de base.
chaine = disque.read_chain

# 2. La place totale des deltas de bdd1 sur le datastore (Gio).
deltas_gib = sum(d.allocated_gib for d in disque.deltas)

# 3. bdd1 écrit encore 30 Gio à l'instant 3600 : gardez le résultat de sc.write(...).
blocage = sc.write("bdd1", 30, at_s=3600)

# 4. Supprimez les deux snapshots, le plus ancien d'abord (delete_snapshot renvoie les Gio
#    libérés) : libere_gib est le total libéré.
libere_gib = sc.storage.delete_snapshot("bdd1", "avant-maj", at_s=4000)
libere_gib += sc.storage.delete_snapshot("bdd1", "apres-maj", at_s=4600)

# 5. La chaîne après la consolidation.
chaine_finale = disque.read_chain

print("Chaîne :", " -> ".join(chaine))
print(f"Deltas : {deltas_gib:g} Gio ; bdd1 mise en pause à 3600 s ? {blocage.paused}")
print(f"Libéré : {libere_gib:g} Gio ; chaîne finale : {' -> '.join(chaine_finale)}")

show(
    Table(
        ("Instant (s)", "Événement", "VM", "Message"),
        tuple((e.time_s, e.kind, e.vm, e.message) for e in sc.storage.events),
        "Événements du stockage",
    )
)
