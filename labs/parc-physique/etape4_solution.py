from hvlab import show
from hvlab.sim import before_after_chart, maintenance_downtime

services = 20

# 1. Sans virtualisation : 3 interventions par serveur et par an, de 4 h chacune.
sans_virtualisation = maintenance_downtime(services, interventions_per_year=3, duration_h=4)

# 2. Avec virtualisation et migration à chaud (mêmes interventions).
avec_migration = maintenance_downtime(
    services, interventions_per_year=3, duration_h=4, live_migration=True
)

# 3. Heures d'arrêt cumulées de tous les services en un an, sans virtualisation.
heures_arret_total = sans_virtualisation.total_downtime_h

# 4. Disponibilité d'un service sans virtualisation, en fraction.
disponibilite = sans_virtualisation.availability

# 5. Graphique avant / après : une ligne (indicateur, avant, après) par indicateur.
graphique = before_after_chart(
    [
        (
            "Arrêt par service (h/an)",
            sans_virtualisation.downtime_h_per_service,
            avec_migration.downtime_h_per_service,
        ),
        (
            "Arrêt cumulé (h/an)",
            sans_virtualisation.total_downtime_h,
            avec_migration.total_downtime_h,
        ),
        (
            "Disponibilité (%)",
            100 * sans_virtualisation.availability,
            100 * avec_migration.availability,
        ),
    ]
)

show(graphique, title="La maintenance avant et après la virtualisation")
print(f"Arrêt cumulé : {heures_arret_total:g} heures par an")
print(f"Disponibilité : {100 * disponibilite:.3f} %")
