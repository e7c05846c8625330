from hvlab.sim import RACK_1U, PlacementItem, erlang_c, generate_fleet, place, response_time_factor

parc = generate_fleet(40, seed=1)
demandes = [
    PlacementItem(s.name, cpu=s.workload.percentile_cpu(95) * s.model.cores, ram_gib=s.ram_used_gib)
    for s in parc.servers
]
placement_80 = place(
    demandes, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, algorithm="ffd", target=0.8
)
COEURS = RACK_1U.cores

# 1. Le même placement FFD, en remplissant les hôtes à 100 %.
placement_100 = ...

# 2. Taux d'occupation CPU de l'hôte le plus chargé (entre 0 et 1).
rho_80 = ...
rho_100 = ...

# 3. Temps de réponse (en multiples du temps de service) si l'hôte était un serveur unique (M/M/1).
attente_m1_80 = ...

# 4. Temps de réponse avec 32 cœurs (M/M/c) : 1 + erlang_c(c, a) / (c - a), avec a = rho * c.
attente_80 = ...
attente_100 = ...

# 5. Charge des hôtes restants si un hôte tombe en panne (au-delà de 1, les VM ne tiennent plus).
charge_panne_80 = ...
charge_panne_100 = ...

print("À 80 % :", placement_80.hosts_used, "hôtes ; hôte le plus chargé :", rho_80)
print("  M/M/1 :", attente_m1_80, "; M/M/c :", attente_80, "; après une panne :", charge_panne_80)
print("À 100 % :", "?", "hôtes ; hôte le plus chargé :", rho_100)
print("  M/M/c :", attente_100, "; après une panne :", charge_panne_100)
