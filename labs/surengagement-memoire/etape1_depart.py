from typing import Any

from hvlab import show
from hvlab.sim import Table

HOTE_GIO = 256
POUR_LES_VM_GIO = 250  # 6 Gio gardés par l'hyperviseur

VMS: list[dict[str, Any]] = [
    {"nom": "bdd1", "config_gio": 64, "reserve_gio": 64, "active_gio": 58},
    {"nom": "bdd2", "config_gio": 64, "reserve_gio": 32, "active_gio": 52},
    {"nom": "web1", "config_gio": 16, "reserve_gio": 0, "active_gio": 9},
    {"nom": "web2", "config_gio": 16, "reserve_gio": 0, "active_gio": 10},
    {"nom": "app1", "config_gio": 32, "reserve_gio": 8, "active_gio": 27},
    {"nom": "app2", "config_gio": 32, "reserve_gio": 8, "active_gio": 26},
    {"nom": "fichiers", "config_gio": 24, "reserve_gio": 0, "active_gio": 20},
    {"nom": "messagerie", "config_gio": 48, "reserve_gio": 16, "active_gio": 40},
    {"nom": "test1", "config_gio": 16, "reserve_gio": 0, "active_gio": 6},
    {"nom": "test2", "config_gio": 16, "reserve_gio": 0, "active_gio": 8},
]

# 1. Surengagement : mémoire configurée / mémoire physique.
surengagement = ...

# 2. Mémoire active totale (Gio).
active_gio = ...

# 3. Ce qui manque pour que la mémoire active tienne dans POUR_LES_VM_GIO (0 sinon).
manque_gio = ...

# 4. Taille du .vswp de chaque VM, et leur total.
vswp_gio = ...
vswp_total_gio = ...

show(
    Table(
        ("VM", "Configurée (Gio)", "Réservée (Gio)", "Active (Gio)"),
        tuple((v["nom"], v["config_gio"], v["reserve_gio"], v["active_gio"]) for v in VMS),
        "Les VM de l'hôte",
    )
)
print("Surengagement :", surengagement, "; mémoire active :", active_gio, "Gio")
print("Manque :", manque_gio, "Gio ; fichiers d'échange :", vswp_total_gio, "Gio")
