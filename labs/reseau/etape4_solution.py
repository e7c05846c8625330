from hvlab import show
from hvlab.sim import scenario_from_dict

# --- Le cluster avec son nouvel hôte, esx03 : corrigez la configuration ici ---


def hote(nom: str, ip: int) -> dict[str, object]:
    """esx01 et esx02 : deux cartes 10 Gbit/s, un port VMkernel vMotion (vmk1)."""
    return {
        "name": nom,
        "cpu": {"vendor": "intel", "generation": "cascade-lake", "evc_mode": "intel-skylake"},
        "nics": [{"name": "vmnic0", "speed_gbps": 10}, {"name": "vmnic1", "speed_gbps": 10}],
        "vswitches": [
            {
                "name": "vSwitch0",
                "uplinks": ["vmnic0", "vmnic1"],
                "port_groups": [
                    {"name": "Gestion", "vlan": 10},
                    {"name": "Web", "vlan": 20},
                    {"name": "vMotion", "vlan": 40},
                ],
            }
        ],
        "vmkernel": [
            {"name": "vmk0", "port_group": "Gestion", "ip": f"10.0.10.{ip}/24"},
            {
                "name": "vmk1",
                "port_group": "vMotion",
                "ip": f"10.0.40.{ip}/24",
                "services": ["vmotion"],
            },
        ],
    }


ESX03 = {
    "name": "esx03",
    "cpu": {"vendor": "intel", "generation": "skylake", "evc_mode": "intel-skylake"},
    "nics": [{"name": "vmnic0", "speed_gbps": 1}, {"name": "vmnic1", "speed_gbps": 1}],
    "vswitches": [
        {
            "name": "vSwitch0",
            "uplinks": ["vmnic0", "vmnic1"],
            "port_groups": [
                {"name": "Gestion", "vlan": 10},
                {"name": "Web", "vlan": 20},
                {"name": "vMotion", "vlan": 40},
            ],
        }
    ],
    "vmkernel": [
        {"name": "vmk0", "port_group": "Gestion", "ip": "10.0.10.13/24"},
        {"name": "vmk1", "port_group": "vMotion", "ip": "10.0.40.13/24", "services": ["vmotion"]},
    ],
}

DONNEES = {
    "name": "Cluster de production et son nouvel hôte",
    "hosts": [hote("esx01", 11), hote("esx02", 12), ESX03],
    "datastores": [
        {
            "name": "san-prod",
            "type": "fc",
            "capacity_gib": 2048,
            "hosts": ["esx01", "esx02", "esx03"],
        },
    ],
    "vms": [
        {
            "name": "web1",
            "host": "esx01",
            "ram_mib": 4096,
            "disks": [
                {"name": "web1.vmdk", "datastore": "san-prod", "size_gib": 40, "used_gib": 12}
            ],
            "nics": [{"port_group": "Web"}],
        }
    ],
}
# --- fin de la configuration ---

sc = scenario_from_dict(DONNEES)

# 1. Le contrôle des prérequis de vMotion pour web1, de esx01 vers esx03.
controle = sc.check_vmotion("web1", "esx03")
show(sc.report().to_table("vmotion"))

# 2. Le débit du réseau vMotion entre esx01 et esx03, en Mo/s.
debit_mb_s = sc.vmotion_bandwidth_mb_s("esx01", "esx03")

# 3. La durée de la première copie de la mémoire de web1 (4 096 Mio), en secondes, à la main.
premiere_copie_s = 4096 * 1.048576 / debit_mb_s

# 4. La migration à chaud elle-même (la VM salit 50 Mo de mémoire par seconde).
migration = sc.vmotion("web1", "esx03", dirty_rate_mb_s=50)

print("Débit :", debit_mb_s, "Mo/s ; première copie :", premiere_copie_s, "s")
show(migration, title="La migration de web1, tour par tour")
