from hvlab import show
from hvlab.sim import HYPERVISORS, HypervisorType, Table

# Le catalogue du simulateur, sans la colonne du type.
lignes = tuple(
    (ident, h.name, h.vendor, h.host_os or "—", h.note) for ident, h in HYPERVISORS.items()
)
colonnes = ("Identifiant", "Produit", "Éditeur", "Système hôte", "Remarque")
show(Table(colonnes, lignes, "Les hyperviseurs du simulateur"))

# 1. Identifiants des hyperviseurs de type 1 (natifs).
type1 = ...

# 2. Identifiants des hyperviseurs de type 2 (hébergés).
type2 = ...

print("Type 1 :", type1)
print("Type 2 :", type2)
