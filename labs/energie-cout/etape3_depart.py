from hvlab import show
from hvlab.sim import compare

# 1. Le bilan de la consolidation de 100 applications (réglages par défaut).
rapport = ...

# 2. Nombre d'hôtes après consolidation, réserve comprise.
hotes = ...

# 3. Énergie économisée en un an, en kWh.
kwh_economises_an = ...

# 4. Place libérée en baie, en U.
unites_liberees = ...

# 5. Coût de l'énergie économisé en un an, en euros.
euros_economises_an = ...

# 6. CO₂ évité en un an, en kg.
co2_evite_kg_an = ...

# 7. Le graphique avant / après.
graphique = ...

show(rapport, title="Bilan de la consolidation")
show(graphique, title="Avant et après la consolidation")
print("Hôtes :", hotes)
print("Énergie économisée :", kwh_economises_an, "kWh par an")
print("Place libérée :", unites_liberees, "U")
print("Économie :", euros_economises_an, "€ par an ; CO₂ évité :", co2_evite_kg_an, "kg par an")
