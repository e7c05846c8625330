from hvlab import show
from hvlab.sim import compare

# 1. Le bilan de la consolidation de 100 applications (réglages par défaut).
rapport = compare(100, seed=1)
avant, apres = rapport.before, rapport.after

# 2. Nombre d'hôtes après consolidation, réserve comprise.
hotes = apres.servers

# 3. Énergie économisée en un an, en kWh.
kwh_economises_an = avant.energy_kwh_per_year - apres.energy_kwh_per_year

# 4. Place libérée en baie, en U.
unites_liberees = avant.rack_units - apres.rack_units

# 5. Coût de l'énergie économisé en un an, en euros.
euros_economises_an = rapport.energy_cost_eur_per_year(avant) - rapport.energy_cost_eur_per_year(
    apres
)

# 6. CO₂ évité en un an, en kg.
co2_evite_kg_an = rapport.co2_kg_per_year(avant) - rapport.co2_kg_per_year(apres)

# 7. Le graphique avant / après.
graphique = rapport.to_chart()

show(rapport, title="Bilan de la consolidation")
show(graphique, title="Avant et après la consolidation")
show(rapport.utilisation_chart())
print(f"Hôtes : {hotes}")
print(f"Énergie économisée : {kwh_economises_an:.0f} kWh par an")
print(f"Place libérée : {unites_liberees} U")
print(
    f"Économie : {euros_economises_an:.0f} € par an ; CO₂ évité : {co2_evite_kg_an:.0f} kg par an"
)
