from hvlab import show
from hvlab.sim import Table, scenario_from_dict

# --- Le réseau réparé à l'étape 2 (le Web et les bases de données seulement) ---


def hote(nom: str) -> dict[str, object]:
    """Un hôte ESXi : vmnic0 active et vmnic1 en attente sur vSwitch0."""
    return {
        "name": nom,
        "nics": [{"name": "vmnic0", "speed_gbps": 10}, {"name": "vmnic1", "speed_gbps": 10}],
        "vswitches": [
            {
                "name": "vSwitch0",
                "uplinks": ["vmnic0", "vmnic1"],
                "teaming": {"active": ["vmnic0"], "standby": ["vmnic1"], "failback": True},
                "port_groups": [{"name": "Web", "vlan": 20}, {"name": "BDD", "vlan": 30}],
            }
        ],
    }


DONNEES = {
    "name": "Réseau du cluster de production",
    "hosts": [hote("esx01"), hote("esx02")],
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
                {"host": "esx01", "nic": "vmnic1", "allowed_vlans": [10, 30, 40]},
                {"host": "esx02", "nic": "vmnic1", "allowed_vlans": [10, 20, 30, 40]},
            ],
        },
    ],
    "vms": [
        {"name": "web1", "host": "esx01", "nics": [{"port_group": "Web"}]},
        {"name": "web2", "host": "esx02", "nics": [{"port_group": "Web"}]},
        {"name": "bdd1", "host": "esx01", "nics": [{"port_group": "BDD"}]},
        {"name": "bdd2", "host": "esx02", "nics": [{"port_group": "BDD"}]},
    ],
}
# --- fin de la configuration ---

sc = scenario_from_dict(DONNEES)

# 1. Les liens montants qui portent le groupe « Web » de esx01 avant la panne.
avant = ...

# 2. À 60 s, le câble de vmnic0 de esx01 est arraché : sc.set_link(hôte, carte, False, at_s=60).
panne = ...
pendant = ...
schema_panne = sc.to_mermaid()
# web1 joint-elle encore web2 pendant la panne ? (le résultat de sc.reachability)
web_pendant = ...

# 3. À 300 s, le câble est rebranché : sc.set_link(hôte, carte, True, at_s=300).
retour = ...
apres = ...

print("Liens du groupe Web de esx01 :", avant, "->", pendant, "->", apres)
print("Pendant la panne, web1 -> web2 :", web_pendant)
show(
    Table(
        ("Instant (s)", "Événement", "Hôte", "Message"),
        tuple((e.time_s, e.kind, e.host, e.message) for e in sc.network.events),
        "Événements du réseau",
    )
)
show(schema_panne, title="Le réseau pendant la panne")
