from hvlab import show
from hvlab.sim import before_after_chart, maintenance_downtime

services = 20

# 1. Sans virtualisation : 3 interventions par serveur et par an, de 4 h chacune.
sans_virtualisation = ...

# 2. Avec virtualisation et migration à chaud (mêmes interventions).
avec_migration = ...

# 3. Heures d'arrêt cumulées de tous les services en un an, sans virtualisation.
heures_arret_total = ...

# 4. Disponibilité d'un service sans virtualisation, en fraction.
disponibilite = ...

# 5. Graphique avant / après : une ligne (indicateur, avant, après) par indicateur.
graphique = ...

show(graphique, title="La maintenance avant et après la virtualisation")
print("Arrêt cumulé :", heures_arret_total, "heures par an")
print("Disponibilité :", disponibilite)
