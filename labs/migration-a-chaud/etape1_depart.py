import math

from hvlab import show
from hvlab.sim import MigrationResult, closed_form, precopy

M = 1000.0  # mémoire de la VM (Mo)
R = 125.0  # débit du réseau de migration (Mo/s) : 1 Gbit/s
D = 25.0  # taux de salissure : mémoire modifiée chaque seconde (Mo/s)
V_THD = 1.0  # seuil d'arrêt : ce qui peut rester pour l'arrêt et copie (Mo)

# 1. Le rapport λ = D / R (une fraction).
lam = ...

# 2. À la main, avec les formules du cours.
n = ...  # nombre de tours avant l'arrêt et copie (un entier)
volume_mo = ...  # volume total transféré (Mo)
duree_s = ...  # durée totale (s)
indispo_ms = ...  # indisponibilité (ms)

# 3. Le simulateur : la forme close…
forme_close = ...

# 4. … et le modèle tour par tour.
tour_par_tour = ...

print(f"À la main : λ = {lam}, n = {n}, {volume_mo} Mo en {duree_s} s, {indispo_ms} ms")
show(forme_close, title="Forme close")
show(tour_par_tour, title="Tour par tour")
if isinstance(tour_par_tour, MigrationResult):
    show(tour_par_tour.to_chart(), title="Données envoyées à chaque tour")
