from hvlab import show
from hvlab.sim import physical_provisioning, timeline_chart, virtual_provisioning

# 1. Les deux déroulés, avec les durées par défaut (hypothèses du cours).
physique = ...
virtuel = ...

# 2. Délai total du serveur physique, en jours.
delai_physique_j = ...

# 3. Délai total de la VM, en heures.
delai_virtuel_h = ...

# 4. Part du délai physique due à la commande du serveur (fraction).
part_commande = ...

# 5. Le diagramme de Gantt des deux déroulés.
graphique = ...

show(physique)
show(virtuel)
show(graphique, title="Délai de mise en production")
print("Serveur physique :", delai_physique_j, "jours")
print("Machine virtuelle :", delai_virtuel_h, "heures")
print("Part de la commande :", part_commande)
