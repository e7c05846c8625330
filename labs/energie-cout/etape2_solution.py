from hvlab import show
from hvlab.sim import HOURS_PER_YEAR, HP_ML110_G4, before_after_chart, energy_kwh

serveurs = 20
charge = 0.08  # 8 % en moyenne
hotes = 2

# 1. Puissance des 20 serveurs à 8 %, en watts.
puissance_avant_w = serveurs * HP_ML110_G4.power_w(charge)

# 2. Charge de chacun des 2 hôtes, en fraction.
charge_hote = serveurs * charge / hotes

# 3. Puissance des 2 hôtes, en watts.
puissance_apres_w = hotes * HP_ML110_G4.power_w(charge_hote)

# 4. Part de la puissance économisée, en fraction.
economie = 1 - puissance_apres_w / puissance_avant_w

# 5. Énergie économisée en un an, en kWh.
kwh_economises_an = energy_kwh(puissance_avant_w - puissance_apres_w, HOURS_PER_YEAR)

# 6. Puissance totale si la même charge est répartie sur 3 hôtes.
puissance_3_hotes_w = 3 * HP_ML110_G4.power_w(serveurs * charge / 3)

# 7. Le graphique avant / après : before_after_chart([(indicateur, avant, après), ...]) avec
#    les indicateurs « Serveurs allumés » et « Puissance (W) ».
graphique = before_after_chart(
    [
        ("Serveurs allumés", serveurs, hotes),
        ("Puissance (W)", puissance_avant_w, puissance_apres_w),
    ]
)

show(graphique, title="Le parc de la PME avant et après")
print(f"Avant : {puissance_avant_w:.1f} W ; après : {puissance_apres_w:.1f} W")
print(f"Économie : {100 * economie:.1f} %, soit {kwh_economises_an:.0f} kWh par an")
print(f"Avec 3 hôtes : {puissance_3_hotes_w:.1f} W")
