from hvlab import show
from hvlab.sim import MigrationResult, VegaLiteChart, precopy

M = 1000.0  # mémoire de la VM (Mo)
R = 125.0  # débit du réseau de migration (Mo/s) : 1 Gbit/s
debits = [float(d) for d in range(5, 125, 5)]  # taux de salissure essayés : 5, 10, …, 120 Mo/s

# 1. Une pré-copie tour par tour pour chaque taux de salissure.
resultats = [precopy(M, R, d) for d in debits]

# 2. La durée totale (s) et l'indisponibilité (ms) de chaque migration.
durees_s = [r.total_time_s for r in resultats]
indispos_ms = [r.downtime_ms for r in resultats]

# 3. Le premier débit (et le λ correspondant) pour lequel la pré-copie ne converge plus.
debit_limite = min(r.dirty_rate_mb_s for r in resultats if not r.converged)
lam_limite = debit_limite / R

print(f"La pré-copie ne converge plus à partir de D = {debit_limite} Mo/s (λ = {lam_limite}).")


def courbes(debits: list[float], durees_s: list[float], indispos_ms: list[float]) -> VegaLiteChart:
    """Durée totale et indisponibilité selon le taux de salissure, l'une sous l'autre."""
    valeurs = [
        {"D (Mo/s)": d, "durée totale (s)": t, "indisponibilité (ms)": i}
        for d, t, i in zip(debits, durees_s, indispos_ms, strict=True)
    ]
    x = {"field": "D (Mo/s)", "type": "quantitative", "title": "Taux de salissure D (Mo/s)"}
    return VegaLiteChart(
        title="Pré-copie d'une VM de 1 000 Mo sur 1 Gbit/s",
        data={"values": valeurs},
        vconcat=[
            {
                "width": 420,
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": x,
                    "y": {"field": "durée totale (s)", "type": "quantitative"},
                },
            },
            {
                "width": 420,
                "mark": {"type": "line", "point": True, "color": "firebrick"},
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "indisponibilité (ms)",
                        "type": "quantitative",
                        "scale": {"type": "log"},
                    },
                },
            },
        ],
    )


if isinstance(durees_s, list) and isinstance(indispos_ms, list):
    show(courbes(debits, durees_s, indispos_ms))
if isinstance(resultats, list) and resultats and isinstance(resultats[-1], MigrationResult):
    show(resultats[-1], title=f"Le dernier cas, D = {debits[-1]:g} Mo/s")
