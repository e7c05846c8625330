from hvlab import show
from hvlab.sim import scenario_from_dict

# --- La configuration du réseau, telle que l'équipe précédente l'a laissée ---
DONNEES = {
    "name": "Réseau du cluster de production",
    "hosts": [
        {
            "name": "esx01",
            "nics": [
                {"name": "vmnic0", "speed_gbps": 10},
                {"name": "vmnic1", "speed_gbps": 10},
                {"name": "vmnic2", "speed_gbps": 10},
            ],
            "vswitches": [
                {
                    "name": "vSwitch0",
                    "uplinks": ["vmnic0", "vmnic1"],
                    "teaming": {"active": ["vmnic0"], "standby": ["vmnic1"]},
                    "port_groups": [
                        {"name": "Gestion", "vlan": 10},
                        {"name": "vMotion", "vlan": 40},
                        {"name": "Web", "vlan": 20},
                        {"name": "BDD", "vlan": 30},
                        {"name": "Supervision", "vlan": 4095},
                    ],
                },
                {
                    "name": "vSwitch1",
                    "uplinks": ["vmnic2"],
                    "teaming": {"active": ["vmnic2"], "standby": []},
                    "port_groups": [{"name": "Sauvegarde", "vlan": 0}],
                },
            ],
            "vmkernel": [
                {"name": "vmk0", "port_group": "Gestion", "services": ["management"]},
                {"name": "vmk1", "port_group": "vMotion", "services": ["vmotion"]},
            ],
        },
        {
            "name": "esx02",
            "nics": [
                {"name": "vmnic0", "speed_gbps": 10},
                {"name": "vmnic1", "speed_gbps": 10},
                {"name": "vmnic2", "speed_gbps": 10},
            ],
            "vswitches": [
                {
                    "name": "vSwitch0",
                    "uplinks": ["vmnic0", "vmnic1"],
                    "teaming": {"active": ["vmnic0"], "standby": ["vmnic1"]},
                    "port_groups": [
                        {"name": "Gestion", "vlan": 10},
                        {"name": "vMotion", "vlan": 40},
                        {"name": "Web", "vlan": 21},
                        {"name": "BDD", "vlan": 30},
                        {"name": "Supervision", "vlan": 4095},
                    ],
                },
                {
                    "name": "vSwitch1",
                    "uplinks": ["vmnic2"],
                    "teaming": {"active": [], "standby": ["vmnic2"]},
                    "port_groups": [{"name": "Sauvegarde", "vlan": 0}],
                },
            ],
            "vmkernel": [
                {"name": "vmk0", "port_group": "Gestion", "services": ["management"]},
                {"name": "vmk1", "port_group": "vMotion", "services": ["vmotion"]},
            ],
        },
    ],
    "physical_switches": [
        {
            "name": "sw-a",
            "ports": [
                {"host": "esx01", "nic": "vmnic0", "allowed_vlans": [10, 20, 30, 40]},
                {"host": "esx02", "nic": "vmnic0", "allowed_vlans": [10, 20, 40]},
            ],
        },
        {
            "name": "sw-b",
            "ports": [
                {"host": "esx01", "nic": "vmnic1", "allowed_vlans": [10, 20, 30, 40]},
                {"host": "esx02", "nic": "vmnic1", "allowed_vlans": [10, 20, 30, 40]},
            ],
        },
        {
            "name": "sw-sauvegarde",
            "ports": [
                {"host": "esx01", "nic": "vmnic2", "allowed_vlans": [50], "native_vlan": 50},
                {"host": "esx02", "nic": "vmnic2", "allowed_vlans": [50], "native_vlan": 50},
            ],
        },
    ],
    "vms": [
        {"name": "web1", "host": "esx01", "nics": [{"port_group": "Web"}]},
        {"name": "web2", "host": "esx02", "nics": [{"port_group": "Web"}]},
        {"name": "bdd1", "host": "esx01", "nics": [{"port_group": "BDD"}]},
        {"name": "bdd2", "host": "esx02", "nics": [{"port_group": "BDD"}]},
        {"name": "sauv1", "host": "esx01", "nics": [{"port_group": "Sauvegarde"}]},
        {"name": "sauv2", "host": "esx02", "nics": [{"port_group": "Sauvegarde"}]},
        {
            "name": "sonde",
            "host": "esx01",
            "nics": [{"port_group": "Supervision", "guest_vlan": 30}],
        },
    ],
}
# --- fin de la configuration ---

sc = scenario_from_dict(DONNEES)
rapport = sc.report()

# 1. Le schéma du réseau : un diagramme Mermaid produit par le scénario.
schema = ...
show(schema, title="Le réseau du cluster")

# 2. Le VLAN dans lequel voyagent les trames de chaque VM une fois sorties de son vSwitch
#    (un nombre entre 1 et 4094 ; lisez le schéma et la configuration ci-dessus).
vlans = {"web1": ..., "web2": ..., "bdd1": ..., "sauv1": ..., "sonde": ...}

# 3. Les paires de VM qui se joignent, d'après le rapport : une liste de tuples (vm_a, vm_b).
joignables = ...

show(rapport.to_table("matrix"))
print("Paires joignables :", joignables)
