from hvlab import show
from hvlab.sim import generate_fleet

# Le parc : 40 serveurs physiques, une application chacun (toujours le même avec seed=1).
parc = generate_fleet(40, seed=1)
show(parc, title="Le parc physique")

# 1. Utilisation CPU moyenne des serveurs, en fraction (0.07 pour 7 %).
utilisation_moyenne = sum(s.workload.mean_cpu for s in parc.servers) / len(parc.servers)

# 2. Cœurs réellement utilisés en moyenne, sur tout le parc.
coeurs_utilises = sum(s.workload.mean_cpu * s.model.cores for s in parc.servers)

# 3. Puissance moyenne consommée par le parc, en watts.
puissance_avant_w = sum(s.mean_power_w for s in parc.servers)

print(f"Utilisation moyenne : {utilisation_moyenne * 100:.1f} %")
print(f"Cœurs utilisés : {coeurs_utilises:.1f} sur {8 * len(parc.servers)} installés")
print(f"Puissance : {puissance_avant_w:.0f} W")
