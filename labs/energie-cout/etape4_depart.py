from hvlab import show
from hvlab.sim import Table, compare

objectifs = [0.5, 0.6, 0.7, 0.8, 0.9, 1.0]

# 1. Pour chaque objectif : hôtes (réserve comprise) et énergie des hôtes (kWh par an).
hotes_par_objectif: dict[float, int] = {}
kwh_par_objectif: dict[float, float] = {}
for objectif in objectifs:
    r = ...
    print(f"Objectif {100 * objectif:.0f} % :", r)

# 2. CO₂ évité en un an (kg) avec le facteur européen de 0,25 kg par kWh.
co2_evite_ue_kg_an = ...

lignes = tuple(
    (round(100 * o), hotes_par_objectif.get(o), round(kwh_par_objectif.get(o, 0.0)))
    for o in objectifs
)
show(Table(("Objectif (%)", "Hôtes", "Énergie (kWh/an)"), lignes, "Sensibilité à l'objectif"))
print("CO₂ évité avec le facteur européen :", co2_evite_ue_kg_an, "kg par an")
