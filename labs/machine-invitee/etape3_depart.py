"""Étape 3 : l'invité se sait-il virtualisé ?"""

from hvlab.guest import console, last_output

texte = console()
flags = last_output(texte, "flags")
noyau = last_output(texte, "dmesg")
print(flags)
print(noyau)

# La liste des drapeaux du processeur (les mots après « flags : »).
drapeaux = ...

# True si le processeur de l'invité offre VT-x (vmx) ou AMD-V (svm).
assistance_materielle = ...

# True si le drapeau « hypervisor » est présent.
se_sait_virtualise = ...

# Le nom de l'hyperviseur que le noyau dit avoir détecté.
hyperviseur_annonce = ...
