from hvlab import show
from hvlab.sim import generate_fleet

# Le parc : 40 serveurs physiques, une application chacun (toujours le même avec seed=1).
parc = generate_fleet(40, seed=1)
show(parc, title="Le parc physique")

# 1. Utilisation CPU moyenne des serveurs, en fraction (0.07 pour 7 %).
utilisation_moyenne = ...

# 2. Cœurs réellement utilisés en moyenne, sur tout le parc.
coeurs_utilises = ...

# 3. Puissance moyenne consommée par le parc, en watts.
puissance_avant_w = ...

print("Utilisation moyenne :", utilisation_moyenne)
print("Cœurs utilisés :", coeurs_utilises, "sur", 8 * len(parc.servers), "installés")
print("Puissance :", puissance_avant_w, "W")
