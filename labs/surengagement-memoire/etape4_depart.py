from typing import Any

from hvlab import show
from hvlab.sim import MemoryPressure, MemoryVM, reclaim_memory

MIO_PAR_GIO = 1024
POUR_LES_VM_GIO = 250  # 6 Gio gardés par l'hyperviseur

# Les VM de l'étape 1, avec la mémoire que le partage de pages trouve à l'intérieur de chacune.
VMS: list[dict[str, Any]] = [
    {"nom": "bdd1", "config_gio": 64, "reserve_gio": 64, "active_gio": 58, "partage_gio": 0},
    {"nom": "bdd2", "config_gio": 64, "reserve_gio": 32, "active_gio": 52, "partage_gio": 0},
    {"nom": "web1", "config_gio": 16, "reserve_gio": 0, "active_gio": 9, "partage_gio": 0.5},
    {"nom": "web2", "config_gio": 16, "reserve_gio": 0, "active_gio": 10, "partage_gio": 0.5},
    {"nom": "app1", "config_gio": 32, "reserve_gio": 8, "active_gio": 27, "partage_gio": 0},
    {"nom": "app2", "config_gio": 32, "reserve_gio": 8, "active_gio": 26, "partage_gio": 0},
    {"nom": "fichiers", "config_gio": 24, "reserve_gio": 0, "active_gio": 20, "partage_gio": 0},
    {"nom": "messagerie", "config_gio": 48, "reserve_gio": 16, "active_gio": 40, "partage_gio": 0},
    {"nom": "test1", "config_gio": 16, "reserve_gio": 0, "active_gio": 6, "partage_gio": 0.5},
    {"nom": "test2", "config_gio": 16, "reserve_gio": 0, "active_gio": 8, "partage_gio": 0.5},
]

# 1. Les VM pour le simulateur (tailles en Mio) : une MemoryVM par entrée de VMS.
machines: list[MemoryVM] = []

# 2. L'hôte sous pression, avec la taxe par défaut (75 %) puis sans taxe (tax_rate=0.0),
#    et les Gio récupérés par le ballon avec la taxe.
avec_taxe = ...
sans_taxe = ...
ballon_gio = ...

# 3. La mémoire allouée à test1, en Gio, avec et sans taxe.
test1_avec_taxe_gio = ...
test1_sans_taxe_gio = ...

# 4. Le ralentissement estimé de app1, avec et sans taxe.
app1_avec_taxe = ...
app1_sans_taxe = ...

if isinstance(avec_taxe, MemoryPressure):
    show(avec_taxe.to_table())
    show(avec_taxe.vm_table())
print("test1 :", test1_avec_taxe_gio, "Gio avec la taxe,", test1_sans_taxe_gio, "Gio sans")
print("app1 ralentie", app1_avec_taxe, "fois avec la taxe,", app1_sans_taxe, "fois sans")
