from hvlab import show
from hvlab.sim import physical_provisioning, timeline_chart, virtual_provisioning

# 1. Les deux déroulés, avec les durées par défaut (hypothèses du cours).
physique = physical_provisioning()
virtuel = virtual_provisioning()

# 2. Délai total du serveur physique, en jours.
delai_physique_j = physique.total_days

# 3. Délai total de la VM, en heures.
delai_virtuel_h = virtuel.total_h

# 4. Part du délai physique due à la commande du serveur (fraction).
part_commande = physique.steps[0].duration_h / physique.total_h

# 5. Le diagramme de Gantt des deux déroulés.
graphique = timeline_chart([physique, virtuel])

show(physique)
show(virtuel)
show(graphique, title="Délai de mise en production")
print(f"Serveur physique : {delai_physique_j:.1f} jours")
print(f"Machine virtuelle : {delai_virtuel_h:g} heures")
print(f"Part de la commande : {100 * part_commande:.0f} %")
