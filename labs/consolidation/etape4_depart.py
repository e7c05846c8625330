from hvlab import show
from hvlab.sim import RACK_1U, PlacementItem, before_after_chart, generate_fleet, place

parc = generate_fleet(40, seed=1)
puissance_avant_w = sum(s.mean_power_w for s in parc.servers)
demandes = [
    PlacementItem(s.name, cpu=s.workload.percentile_cpu(95) * s.model.cores, ram_gib=s.ram_used_gib)
    for s in parc.servers
]
placement_80 = place(
    demandes, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, algorithm="ffd", target=0.8
)
# Cœurs utilisés en moyenne par chaque VM (nom -> cœurs).
coeurs_moyens = {s.name: s.workload.mean_cpu * s.model.cores for s in parc.servers}

# 1. Puissance moyenne des hôtes après consolidation, en watts.
puissance_apres_w = ...

# 2. Le graphique avant / après : (indicateur, avant, après).
lignes = [
    ("Serveurs allumés", len(parc.servers), ...),
    ("Puissance (W)", puissance_avant_w, puissance_apres_w),
    ("Place en baie (U)", sum(s.model.rack_units for s in parc.servers), ...),
]
graphique = ...

# 3. La topologie : les hôtes et leurs VM.
diagramme = ...

show(graphique, title="Avant et après la consolidation")
show(diagramme, title="Placement FFD à 80 %")
