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
disques = sc.storage.disks_on("nfs-dev")
show(
    Table(
        ("VM", "Disque", "Format", "Taille (Gio)", "Écrit par l'invité (Gio)"),
        tuple((d.vm, d.name, d.provisioning.label, d.size_gib, d.written_gib) for d in disques),
        "Les disques du datastore nfs-dev",
    )
)
capacite_gib = sc.storage.capacity_gib("nfs-dev")

# 1. Espace provisionné : la somme des tailles promises aux VM (Gio).
provisionne_gib = ...

# 2. Espace utilisé : ce que les disques occupent réellement sur le datastore (Gio).
utilise_gib = ...

# 3. Taux de surengagement : provisionné / capacité (une fraction, 1.0 = 100 %).
surengagement = ...

# 4. Les VM à disque fin écrivent chacune 2 Gio de données nouvelles par jour :
#    dans combien de jours le datastore sera-t-il plein ?
jours_avant_plein = ...

print("Capacité :", capacite_gib, "Gio")
print("Provisionné :", provisionne_gib, "Gio ; utilisé :", utilise_gib, "Gio")
print("Surengagement :", surengagement, "; plein dans", jours_avant_plein, "jours")
