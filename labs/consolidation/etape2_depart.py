from hvlab import show
from hvlab.sim import RACK_1U, PlacementItem, generate_fleet, lower_bound, place

parc = generate_fleet(40, seed=1)

# 1. Une demande par serveur : son nom, son 95e centile en cœurs, sa RAM utilisée.
demandes = ...

# 2. La borne inférieure du nombre d'hôtes RACK_1U à 80 %.
borne_80 = ...

# 3. Le placement FFD à 80 % sur des hôtes RACK_1U.
placement_80 = ...

print("Borne inférieure :", borne_80)
show(placement_80)
