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
placement_100 = place(
    demandes, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, algorithm="ffd", target=1.0
)

# 2. Taux d'occupation CPU de l'hôte le plus chargé (entre 0 et 1).
rho_80 = max(cpu / COEURS for cpu in placement_80.cpu_used)
rho_100 = max(cpu / COEURS for cpu in placement_100.cpu_used)

# 3. Temps de réponse (en multiples du temps de service) si l'hôte était un serveur unique (M/M/1).
attente_m1_80 = response_time_factor(rho_80)


# 4. Temps de réponse avec 32 cœurs (M/M/c) : 1 + erlang_c(c, a) / (c - a), avec a = rho * c.
def attente_mmc(rho: float) -> float:
    a = rho * COEURS
    return 1 + erlang_c(COEURS, a) / (COEURS - a)


attente_80 = attente_mmc(rho_80)
attente_100 = attente_mmc(rho_100)

# 5. Charge des hôtes restants si un hôte tombe en panne (au-delà de 1, les VM ne tiennent plus).
charge_panne_80 = sum(placement_80.cpu_used) / ((placement_80.hosts_used - 1) * COEURS)
charge_panne_100 = sum(placement_100.cpu_used) / ((placement_100.hosts_used - 1) * COEURS)

for cible, placement, rho, attente, panne in (
    ("80 %", placement_80, rho_80, attente_80, charge_panne_80),
    ("100 %", placement_100, rho_100, attente_100, charge_panne_100),
):
    print(
        f"Objectif {cible} : {placement.hosts_used} hôtes ; hôte le plus chargé à "
        f"{rho * 100:.1f} % : R = {attente:.2f} × S (M/M/c) ; après une panne, "
        f"les hôtes restants portent {panne * 100:.0f} % de leur capacité"
    )
print(f"Le modèle M/M/1 aurait annoncé R = {attente_m1_80:.1f} × S à 80 %.")
