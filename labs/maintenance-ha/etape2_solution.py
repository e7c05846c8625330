from hvlab import show
from hvlab.sim import RACK_1U, VM, Cluster, Host, MaintenanceReport, enter_maintenance


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


def construire_cluster() -> Cluster:
    """Le cluster de l'étape 1 : quatre hôtes RACK_1U, les 20 VM placées à 60 %."""
    cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 5)])
    cluster.place_vms(les_vms(), target=0.6)
    return cluster


SALISSURE = {"bdd1": 60.0, "bdd2": 60.0, "messagerie1": 40.0}  # Mo/s ; 20 Mo/s pour les autres
cluster = construire_cluster()

# 1. Mettre esx1 en maintenance, sur un réseau de vMotion à 10 Gbit/s.
rapport = enter_maintenance(cluster, "esx1", bandwidth_mb_s=1250, dirty_rate_mb_s=SALISSURE)

# 2. La plus longue interruption d'un service (ms).
pire_ms = rapport.max_downtime_s * 1000

# 3. L'interruption d'un service sans virtualisation (min).
sans_virt_min = (2 + 120 + 5) * 1.0

# 4. La même maintenance sur 1 Gbit/s, sur un cluster neuf.
rapport_1g = enter_maintenance(
    construire_cluster(), "esx1", bandwidth_mb_s=125, dirty_rate_mb_s=SALISSURE
)

print(f"Pire interruption : {pire_ms} ms ; sans virtualisation : {sans_virt_min} min")
if isinstance(rapport, MaintenanceReport):
    show(rapport)
    graphique = rapport.to_chart()
    graphique["encoding"]["y"]["stack"] = None  # barres côte à côte : une échelle log n'empile pas
    show(graphique, title="Interruption de chaque service, avec et sans virtualisation")
    show(cluster.to_mermaid())
if isinstance(rapport, MaintenanceReport) and isinstance(rapport_1g, MaintenanceReport):
    print(
        f"Évacuation de esx1 : {rapport.evacuation_s:.0f} s sur 10 Gbit/s, "
        f"{rapport_1g.evacuation_s:.0f} s sur 1 Gbit/s."
    )
