from hvlab import show
from hvlab.sim import RACK_1U, PlacementItem, generate_fleet, lower_bound, place

parc = generate_fleet(40, seed=1)

# 1. Une demande par serveur : son nom, son 95e centile en cœurs, sa RAM utilisée.
demandes = [
    PlacementItem(
        s.name,
        cpu=s.workload.percentile_cpu(95) * s.model.cores,
        ram_gib=s.ram_used_gib,
    )
    for s in parc.servers
]

# 2. La borne inférieure du nombre d'hôtes RACK_1U à 80 %.
borne_80 = lower_bound(demandes, RACK_1U.cores, RACK_1U.ram_gib, target=0.8)

# 3. Le placement FFD à 80 % sur des hôtes RACK_1U.
placement_80 = place(
    demandes,
    host_cpu=RACK_1U.cores,
    host_ram_gib=RACK_1U.ram_gib,
    algorithm="ffd",
    target=0.8,
)

print("Borne inférieure :", borne_80)
show(placement_80)
