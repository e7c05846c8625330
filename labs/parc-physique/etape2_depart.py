from hvlab import show
from hvlab.sim import ENTRY_1U, HOURS_PER_YEAR, Table, generate_fleet

parc = generate_fleet(20, seed=2)

# La puissance d'un serveur ENTRY_1U selon sa charge CPU.
courbe = tuple((10 * k, ENTRY_1U.power_w(k / 10)) for k in range(11))
show(Table(("Charge CPU (%)", "Puissance (W)"), courbe, "Un serveur ENTRY_1U"))

# 1. Puissance à vide / puissance maximale, en fraction.
part_repos = ...

# 2. Puissance moyenne consommée par le parc, en watts.
puissance_parc_w = ...

# 3. Puissance d'un parc parfaitement proportionnel : utilisation moyenne × puissance maximale.
puissance_proportionnelle_w = ...

# 4. Énergie du parc sur un an, en kWh.
energie_kwh_an = ...

# 5. Place en baie, en unités de rack (U).
unites_baie = ...

print("Part de la puissance maximale consommée à vide :", part_repos)
print("Puissance du parc :", puissance_parc_w, "W")
print("Si la consommation suivait la charge :", puissance_proportionnelle_w, "W")
print("Énergie :", energie_kwh_an, "kWh par an")
print("Place en baie :", unites_baie, "U")
