from hvlab import show
from hvlab.sim import Table

FREQ_GHZ = 2.5  # fréquence du cœur (hypothèse)
CYCLES = 1500  # cycles par aller-retour sortie + entrée de VM, traitement compris (hypothèse)
SORTIES_EMULEE = 400_000  # sorties par seconde avec une carte Intel e1000 émulée (hypothèse)
SORTIES_VIRTIO = 20_000  # sorties par seconde avec une carte paravirtualisée (hypothèse)


# 1. Part du temps d'un cœur (fraction) consommée par les sorties de VM.
def part_sorties(sorties_par_s: float, cycles_par_sortie: float, freq_ghz: float) -> float:
    return 0.0  # à remplacer par le calcul de la part


# 2. La part perdue avec chaque carte.
part_emulee = ...
part_virtio = ...

# 3. La part de cœur rendue à la VM par la carte paravirtualisée.
gain = ...

lignes = tuple(
    (f"{s:,}".replace(",", " "), part_sorties(s, CYCLES, FREQ_GHZ))
    for s in (10_000, 100_000, 400_000, 1_000_000)
)
show(Table(("Sorties par seconde", "Part d'un cœur perdue"), lignes, "Coût des sorties de VM"))
print("Carte émulée :", part_emulee, "; carte paravirtualisée :", part_virtio, "; gain :", gain)
