from hvlab import show
from hvlab.sim import MigrationResult, Table, precopy, qemu_precopy, xen_precopy

M = 1000.0  # mémoire de la VM (Mo)
R = 125.0  # 1 Gbit/s (Mo/s)
R_10G = 1250.0  # 10 Gbit/s (Mo/s)
D = 150.0  # taux de salissure d'une base de données très active (Mo/s)

# 1. Le rapport λ.
lam = D / R

# 2. À la main : l'indisponibilité si toute la mémoire est encore sale à l'arrêt forcé (s).
prevision_s = M / R

# 3. Trois règles d'arrêt sur le lien à 1 Gbit/s.
generique = precopy(M, R, D)
xen = xen_precopy(M, R, D)
qemu = qemu_precopy(M, R, D)

# 4. Xen et QEMU sur un réseau à 10 Gbit/s.
xen_10g = xen_precopy(M, R_10G, D)
qemu_10g = qemu_precopy(M, R_10G, D)

print(f"λ = {lam} ; indisponibilité prévue : {prevision_s} s")


def ligne(nom: str, r: MigrationResult) -> tuple[object, ...]:
    """Une ligne du tableau de comparaison."""
    return (
        nom,
        r.rounds,
        round(r.transferred_mb),
        round(r.total_time_s, 1),
        round(r.downtime_ms, 1),
        "oui" if r.converged else "non",
        r.stop_reason,
    )


migrations = {
    "générique, 1 Gbit/s": generique,
    "Xen, 1 Gbit/s": xen,
    "QEMU, 1 Gbit/s": qemu,
    "Xen, 10 Gbit/s": xen_10g,
    "QEMU, 10 Gbit/s": qemu_10g,
}
lignes: list[tuple[object, ...]] = []
for nom, r in migrations.items():
    if isinstance(r, MigrationResult):
        lignes.append(ligne(nom, r))
tableau = Table(
    columns=(
        "règle",
        "tours",
        "envoyé (Mo)",
        "durée (s)",
        "indisponibilité (ms)",
        "converge",
        "raison de l'arrêt",
    ),
    rows=tuple(lignes),
    title=f"Une VM de 1 000 Mo qui salit {D:g} Mo/s",
)
show(tableau)
