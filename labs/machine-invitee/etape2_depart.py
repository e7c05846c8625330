"""Étape 2 : la même boucle dans l'invité et en Python."""

import time

from hvlab.guest import console, last_output, time_seconds

sortie = last_output(console(), "awk")
duree_invite = time_seconds(sortie)  # secondes (ligne « real » de time), None sans mesure
print("Dans l'invité :", duree_invite, "s")

debut = time.perf_counter()
s = 0
for i in range(100_000):
    s += i
print("Somme en Python :", s)

# La durée de la boucle Python, en secondes.
duree_python = ...

# Combien de fois la boucle est plus lente dans l'invité.
rapport = ...

print("En Python :", duree_python, "s")
print("Rapport :", rapport)
