"""Étape 1 : combien d'hôtes faut-il pour consolider le parc ?"""

import math

serveurs = 40  # serveurs physiques, un par application
utilisation = 0.07  # utilisation moyenne de chacun (7 %)
cible = 0.80  # utilisation visée sur les hôtes (80 %)

hotes = ...  # à compléter : le nombre d'hôtes, arrondi à l'entier supérieur
print("Hôtes nécessaires :", hotes)
