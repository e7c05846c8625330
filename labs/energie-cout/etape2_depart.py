from hvlab import show
from hvlab.sim import HOURS_PER_YEAR, HP_ML110_G4, before_after_chart, energy_kwh

serveurs = 20
charge = 0.08  # 8 % en moyenne
hotes = 2

# 1. Puissance des 20 serveurs à 8 %, en watts.
puissance_avant_w = ...

# 2. Charge de chacun des 2 hôtes, en fraction.
charge_hote = ...

# 3. Puissance des 2 hôtes, en watts.
puissance_apres_w = ...

# 4. Part de la puissance économisée, en fraction.
economie = ...

# 5. Énergie économisée en un an, en kWh.
kwh_economises_an = ...

# 6. Puissance totale si la même charge est répartie sur 3 hôtes.
puissance_3_hotes_w = ...

# 7. Le graphique avant / après : before_after_chart([(indicateur, avant, après), ...]) avec
#    les indicateurs « Serveurs allumés » et « Puissance (W) ».
graphique = ...

show(graphique, title="Le parc de la PME avant et après")
print("Avant :", puissance_avant_w, "W ; après :", puissance_apres_w, "W")
print("Économie :", economie, "soit", kwh_economises_an, "kWh par an")
print("Avec 3 hôtes :", puissance_3_hotes_w, "W")
