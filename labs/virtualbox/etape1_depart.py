# Collez ci-dessous la sortie de : VBoxManage showvminfo debian-tp --machinereadable
SORTIE = """
"""


# 1. Le dictionnaire clé -> valeur, sans guillemets.
def lire(sortie: str) -> dict[str, str]:
    config: dict[str, str] = {}
    # À compléter : une ligne « clé=valeur » par réglage.
    return config


config = lire(SORTIE)

# 2. Quelques réglages de la VM.
memoire_mio = ...
vcpu = ...
micrologiciel = ...
disque = ...

print(len(config), "réglages lus")
print("Mémoire :", memoire_mio, "Mio ; vCPU :", vcpu, "; micrologiciel :", micrologiciel)
print("Disque :", disque)
