import math

from hvlab import show
from hvlab.sim import generate_fleet, utilisation_chart

# Le parc de la PME : 20 serveurs, une application chacun (toujours le même avec seed=2).
parc = generate_fleet(20, seed=2)
show(parc, title="Le parc physique de la PME")

# La charge des trois premiers serveurs au cours de la journée.
courbes = {s.name: s.workload.cpu for s in parc.servers[:3]}
show(utilisation_chart(courbes, title="Charge CPU de trois serveurs", threshold=None))

# 1. Utilisation CPU moyenne du parc, en fraction (0.08 pour 8 %).
utilisation_moyenne = ...

# 2. Travail réel du parc, en « serveurs pleins » : la somme des utilisations moyennes.
serveurs_equivalents = ...

# 3. Nombre entier de serveurs qui suffiraient en théorie (arrondi au-dessus, math.ceil).
serveurs_suffisants = ...

print("Utilisation moyenne :", utilisation_moyenne)
print("Travail réel :", serveurs_equivalents, "serveur(s) plein(s)")
print("Serveurs suffisants :", serveurs_suffisants, "sur", len(parc.servers))
