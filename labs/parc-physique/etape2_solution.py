from hvlab import show
from hvlab.sim import ENTRY_1U, HOURS_PER_YEAR, Table, generate_fleet

parc = generate_fleet(20, seed=2)

# La puissance d'un serveur ENTRY_1U selon sa charge CPU.
courbe = tuple((10 * k, ENTRY_1U.power_w(k / 10)) for k in range(11))
show(Table(("Charge CPU (%)", "Puissance (W)"), courbe, "Un serveur ENTRY_1U"))

# 1. Puissance à vide / puissance maximale, en fraction.
part_repos = ENTRY_1U.power_w(0.0) / ENTRY_1U.power_w(1.0)

# 2. Puissance moyenne consommée par le parc, en watts.
puissance_parc_w = sum(s.mean_power_w for s in parc.servers)

# 3. Puissance d'un parc parfaitement proportionnel : utilisation moyenne × puissance maximale.
puissance_proportionnelle_w = sum(s.workload.mean_cpu * s.model.power_w(1.0) for s in parc.servers)

# 4. Énergie du parc sur un an, en kWh.
energie_kwh_an = puissance_parc_w * HOURS_PER_YEAR / 1000

# 5. Place en baie, en unités de rack (U).
unites_baie = sum(s.model.rack_units for s in parc.servers)

print(f"Part de la puissance maximale consommée à vide : {100 * part_repos:.0f} %")
print(f"Puissance du parc : {puissance_parc_w:.0f} W")
print(f"Si la consommation suivait la charge : {puissance_proportionnelle_w:.0f} W")
print(f"Énergie : {energie_kwh_an:.0f} kWh par an")
print(f"Place en baie : {unites_baie} U")
