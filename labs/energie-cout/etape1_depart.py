from hvlab import show
from hvlab.sim import HP_ML110_G4, HP_ML110_G5, LinearPowerModel, Table


def puissance_spec(watts: tuple[float, ...], u: float) -> float:
    """Puissance à la charge u (entre 0 et 1) d'après une table SPECpower de 11 valeurs."""
    position = u * 10  # entre 0 et 10 : 2.5 pour 25 %
    bas = min(int(position), 9)  # le palier inférieur : 2 pour 25 %
    # 1. À compléter : interpoler entre watts[bas] et watts[bas + 1].
    return watts[bas]


# 2. Les ML110 G4 et G5 à 25 % de charge, avec votre fonction.
g4_25 = ...
g5_25 = ...

# 3. Le serveur linéaire : 250 W au maximum, 70 % de ce maximum au repos, à 50 % de charge.
lineaire_50 = ...

# Votre fonction, le simulateur et un modèle linéaire de mêmes extrémités (86 W et 117 W).
droite = LinearPowerModel(max_w=117.0, idle_w=86.0)
lignes = tuple(
    (
        5 * k,
        round(puissance_spec(HP_ML110_G4.watts, k / 20), 2),
        round(HP_ML110_G4.power_w(k / 20), 2),
        round(droite.power_w(k / 20), 2),
    )
    for k in range(21)
)
colonnes = ("Charge (%)", "Votre fonction (W)", "Simulateur (W)", "Linéaire (W)")
show(Table(colonnes, lignes, "HP ProLiant ML110 G4"))
print("G4 à 25 % :", g4_25, "W ; G5 à 25 % :", g5_25, "W")
print("Serveur linéaire à 50 % :", lineaire_50, "W")
