# Collez ci-dessous la sortie de : VBoxManage snapshot debian-tp list --machinereadable
SORTIE = """
"""


def lire(sortie: str) -> dict[str, str]:
    config: dict[str, str] = {}
    for ligne in sortie.splitlines():
        if "=" not in ligne:
            continue
        cle, _, valeur = ligne.partition("=")
        config[cle.strip().strip('"')] = valeur.strip().strip('"')
    return config


config = lire(SORTIE)

# 1. à 3. La chaîne jusqu'au snapshot courant, son nom, et les fichiers qu'une lecture traverse.
chaine = ...
courant = ...
fichiers_disque = ...

print("Chaîne :", chaine, "; courant :", courant, "; fichiers :", fichiers_disque)
