# Collez ci-dessous la sortie de : VBoxManage showvminfo debian-tp --machinereadable
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

# 1. Le mode de chacune des cartes 1 à 4.
modes = ...

# 2. Ce que chaque mode permet, sans redirection de port (True ou False).
joignabilite = {
    "nat": {"hote_vers_vm": ..., "vm_vers_lan": ..., "lan_vers_vm": ..., "vm_vers_vm": ...},
    "bridged": {"hote_vers_vm": ..., "vm_vers_lan": ..., "lan_vers_vm": ..., "vm_vers_vm": ...},
    "hostonly": {"hote_vers_vm": ..., "vm_vers_lan": ..., "lan_vers_vm": ..., "vm_vers_vm": ...},
    "intnet": {"hote_vers_vm": ..., "vm_vers_lan": ..., "lan_vers_vm": ..., "vm_vers_vm": ...},
}

print("Modes :", modes)
