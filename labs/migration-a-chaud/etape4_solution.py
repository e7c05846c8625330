from hvlab import show
from hvlab.sim import (
    MigrationResult,
    Table,
    VegaLiteChart,
    cloudsim_migration_time_s,
    cold_migration,
    postcopy,
    precopy,
)

M = 8000.0  # mémoire de la VM (Mo)
D = 40.0  # taux de salissure (Mo/s)

# 1. Les débits des deux réseaux de vMotion, en Mo/s.
r_1g = 1000 / 8
r_10g = 10 * 1000 / 8

# 2. Migrations à froid.
froid_1g = cold_migration(M, r_1g)
froid_10g = cold_migration(M, r_10g)

# 3. Migrations à chaud (pré-copie).
chaud_1g = precopy(M, r_1g, D)
chaud_10g = precopy(M, r_10g, D)

# 4. L'estimation de CloudSim sur un lien de 1000 Mbit/s (s).
cloudsim_s = cloudsim_migration_time_s(M, 1000)

print(f"CloudSim estime la migration à {cloudsim_s} s.")

migrations = {
    ("1 Gbit/s", "à froid"): froid_1g,
    ("1 Gbit/s", "à chaud (pré-copie)"): chaud_1g,
    ("10 Gbit/s", "à froid"): froid_10g,
    ("10 Gbit/s", "à chaud (pré-copie)"): chaud_10g,
}
if isinstance(r_1g, (int, float)) and isinstance(r_10g, (int, float)):
    migrations[("1 Gbit/s", "post-copie")] = postcopy(M, r_1g)
    migrations[("10 Gbit/s", "post-copie")] = postcopy(M, r_10g)
faites: dict[tuple[str, str], MigrationResult] = {}
for cle, r in migrations.items():
    if isinstance(r, MigrationResult):
        faites[cle] = r

show(
    Table(
        columns=("réseau", "migration", "durée totale (s)", "indisponibilité (ms)"),
        rows=tuple(
            (lien, mode, round(r.total_time_s, 2), round(r.downtime_ms, 2))
            for (lien, mode), r in faites.items()
        ),
        title=f"Une VM de {M:g} Mo qui salit {D:g} Mo/s",
    )
)
show(
    VegaLiteChart(
        title="Indisponibilité selon la migration et le réseau",
        data={
            "values": [
                {"réseau": lien, "migration": mode, "indisponibilité (s)": r.downtime_s}
                for (lien, mode), r in faites.items()
            ]
        },
        mark="bar",
        encoding={
            "x": {
                "field": "migration",
                "type": "nominal",
                "title": None,
                "sort": ["à froid", "à chaud (pré-copie)", "post-copie"],
            },
            "xOffset": {"field": "réseau"},
            "y": {
                "field": "indisponibilité (s)",
                "type": "quantitative",
                "scale": {"type": "log"},
                "stack": None,
                "title": "Indisponibilité (s, échelle logarithmique)",
            },
            "color": {"field": "réseau", "type": "nominal", "title": "Réseau"},
        },
    )
)
