from hvlab import show
from hvlab.sim import scenario_from_dict

# --- La configuration du réseau : corrigez-la directement dans ce dictionnaire ---
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
    ],
    "physical_switches": [
        {
            "name": "sw-a",
            "ports": [
                {"host": "esx01", "nic": "vmnic0", "allowed_vlans": [10, 20, 30, 40]},
                {"host": "esx02", "nic": "vmnic0", "allowed_vlans": [10, 20, 30, 40]},
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

# Les causes possibles d'une panne de communication entre deux VM :
ROUTEUR = "VLAN différents : il faut un routeur"
VLAN_REFUSE = "VLAN refusé par le commutateur physique"
SANS_LIEN = "aucun lien montant actif"

# 1. Le diagnostic de la configuration D'ORIGINE : la cause de chaque panne (une des trois
#    constantes ci-dessus).
causes = {
    ("web1", "web2"): ROUTEUR,
    ("bdd1", "bdd2"): VLAN_REFUSE,
    ("sauv1", "sauv2"): SANS_LIEN,
    ("web1", "bdd1"): ROUTEUR,
}

# 2. Corrigez ensuite la configuration (le dictionnaire DONNEES) pour que web1 joigne web2,
#    bdd1 joigne bdd2 et sauv1 joigne sauv2, puis exécutez à nouveau.
for a, b in causes:
    r = sc.reachability(a, b)
    print(f"{a} <-> {b} :", "joignables" if r.reachable else "NON joignables")
    for raison in r.reasons:
        print("    ", raison)
show(sc.report().to_table("matrix"))
