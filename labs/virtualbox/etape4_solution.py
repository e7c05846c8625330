# Collez ci-dessous la sortie de : VBoxManage snapshot debian-tp list --machinereadable
SORTIE = """
SnapshotName="installation"
SnapshotUUID="c4e1a7d2-5b3f-4c86-9e0a-2f7d1b6c8e45"
SnapshotName-1="avant-maj"
SnapshotUUID-1="7a9f3e12-84cd-4b1e-a6f0-3d5c9e2b1a78"
SnapshotName-1-1="apres-maj"
SnapshotUUID-1-1="e2b8c6d4-1f7a-4e93-b5c2-9a0d4f6e3b11"
CurrentSnapshotName="apres-maj"
CurrentSnapshotUUID="e2b8c6d4-1f7a-4e93-b5c2-9a0d4f6e3b11"
CurrentSnapshotNode="SnapshotName-1-1"
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
noeud = config["CurrentSnapshotNode"]  # par exemple « SnapshotName-1-1 »
morceaux = noeud.split("-")  # ["SnapshotName", "1", "1"]
chaine = [config["-".join(morceaux[: i + 1])] for i in range(len(morceaux))]
courant = config["CurrentSnapshotName"]
fichiers_disque = len(chaine) + 1

print("Chaîne :", chaine, "; courant :", courant, "; fichiers :", fichiers_disque)
