from hvlab.sim import RACK_1U, PlacementItem, place
from hvlab.sim.contention import response_time_factor
from hvlab.sim.physical import generate_fleet

parc = generate_fleet(40, seed=1)
demandes = [
    PlacementItem(s.name, cpu=s.workload.percentile_cpu(95) * s.model.cores, ram_gib=s.ram_used_gib)
    for s in parc.servers
]
placement_80 = place(
    demandes, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, algorithm="ffd", target=0.8
)

# 1. Le même placement FFD, en remplissant les hôtes à 100 %.
placement_100 = place(
    demandes, host_cpu=RACK_1U.cores, host_ram_gib=RACK_1U.ram_gib, algorithm="ffd", target=1.0
)

# 2. Taux d'occupation CPU de l'hôte le plus chargé (entre 0 et 1).
rho_80 = max(cpu / RACK_1U.cores for cpu in placement_80.cpu_used)
rho_100 = max(cpu / RACK_1U.cores for cpu in placement_100.cpu_used)

# 3. Temps de réponse sur cet hôte, en multiples du temps de service (M/M/1).
attente_80 = response_time_factor(rho_80)
attente_100 = response_time_factor(rho_100)

for cible, placement, rho, attente in (
    ("80 %", placement_80, rho_80, attente_80),
    ("100 %", placement_100, rho_100, attente_100),
):
    print(
        f"Objectif {cible} : {placement.hosts_used} hôtes ; hôte le plus chargé à "
        f"{rho * 100:.1f} % : temps de réponse = {attente:.0f} × le temps de service"
    )
