from hvlab import show
from hvlab.sim import HYPERVISORS, HypervisorType, Table

# Le catalogue du simulateur, sans la colonne du type.
lignes = tuple(
    (ident, h.name, h.vendor, h.host_os or "—", h.note) for ident, h in HYPERVISORS.items()
)
colonnes = ("Identifiant", "Produit", "Éditeur", "Système hôte", "Remarque")
show(Table(colonnes, lignes, "Les hyperviseurs du simulateur"))

# 1. Identifiants des hyperviseurs de type 1 (natifs).
type1 = [ident for ident, h in HYPERVISORS.items() if h.type is HypervisorType.TYPE_1]

# 2. Identifiants des hyperviseurs de type 2 (hébergés).
type2 = [ident for ident, h in HYPERVISORS.items() if h.type is HypervisorType.TYPE_2]

print("Type 1 :", ", ".join(type1))
print("Type 2 :", ", ".join(type2))
