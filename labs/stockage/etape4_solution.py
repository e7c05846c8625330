from hvlab import show
from hvlab.sim import Table, before_after_chart, scenario_from_dict

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
# La journée de l'étape 2 : dev2 et dev3 sont figées, nfs-dev est plein.
for instant, nom, gib in [
    (300, "dev2", 90),
    (600, "ci1", 40),
    (900, "dev3", 10),
    (1200, "bdd1", 20),
]:
    sc.write(nom, gib, at_s=instant)
avant = sc.report().datastores[0]  # nfs-dev, avant la réparation

# 1. Libérez de la place : déplacez les disques de ci1 (qui tourne sur esx02) vers san-prod.
deplacement = sc.storage_vmotion("ci1", "san-prod", at_s=1800)
# Durée de la copie à 200 Mo/s, calculée à la main (1 Gio = 1 073,741824 Mo), en secondes.
duree_copie_s = 100 * 1073.741824 / 200

# 2. Agrandissez nfs-dev juste assez pour que ses disques fins puissent atteindre leur taille.
nouvelle_capacite_gib = sc.storage.provisioned_gib("nfs-dev")
sc.storage.grow_datastore("nfs-dev", nouvelle_capacite_gib, at_s=2400)

# 3. outils1 (sur le disque local de esx01) peut-elle migrer à chaud vers esx02 ?
controle_avant = sc.check_vmotion("outils1", "esx02")
# Déplacez ses disques vers san-prod, puis contrôlez à nouveau et migrez-la.
sc.storage_vmotion("outils1", "san-prod", at_s=3000)
controle_apres = sc.check_vmotion("outils1", "esx02")
migration = sc.vmotion("outils1", "esx02", dirty_rate_mb_s=100)

print(f"Storage vMotion de ci1 : {deplacement.moved_gib:g} Gio en {deplacement.duration_s:g} s")
print(f"nfs-dev agrandi à {nouvelle_capacite_gib:g} Gio ; VM en pause : {sc.storage.paused_vms}")
print("Avant :", controle_avant.eligible, controle_avant.reasons)
print("Après :", controle_apres.eligible, "; outils1 tourne sur", sc.host_of("outils1"))
print(f"Migration à chaud : {migration.total_time_s:.2f} s, {migration.rounds} tours")

apres = sc.report().datastores[0]
show(
    before_after_chart(
        [
            ("Utilisé (Gio)", avant.used_gib, apres.used_gib),
            ("Libre (Gio)", avant.free_gib, apres.free_gib),
            ("Surengagement", avant.overcommit_ratio, apres.overcommit_ratio),
        ],
        title="Le datastore nfs-dev avant et après la réparation",
    )
)
show(
    Table(
        ("Instant (s)", "Événement", "VM", "Message"),
        tuple((e.time_s, e.kind, e.vm, e.message) for e in sc.storage.events),
        "Événements du stockage",
    )
)
