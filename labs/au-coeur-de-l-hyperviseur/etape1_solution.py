from hvlab import show
from hvlab.sim import Table

# Quelques instructions du x86 32 bits d'origine (Robin et Irvine, 2000).
INSTRUCTIONS = {
    "ADD": {"sensible": False, "privilegiee": False, "role": "addition"},
    "MOV entre registres": {"sensible": False, "privilegiee": False, "role": "copie de données"},
    "LGDT": {
        "sensible": True,
        "privilegiee": True,
        "role": "charge la table globale des descripteurs",
    },
    "LIDT": {"sensible": True, "privilegiee": True, "role": "charge la table des interruptions"},
    "MOV vers CR3": {"sensible": True, "privilegiee": True, "role": "change de table de pages"},
    "HLT": {"sensible": True, "privilegiee": True, "role": "arrête le processeur"},
    "CLI": {"sensible": True, "privilegiee": True, "role": "masque les interruptions"},
    "WRMSR": {"sensible": True, "privilegiee": True, "role": "écrit un registre de configuration"},
    "POPF": {"sensible": True, "privilegiee": False, "role": "recharge les indicateurs, dont IF"},
    "PUSHF": {"sensible": True, "privilegiee": False, "role": "lit les indicateurs, dont IF"},
    "SGDT": {"sensible": True, "privilegiee": False, "role": "lit l'adresse de la table globale"},
    "SIDT": {
        "sensible": True,
        "privilegiee": False,
        "role": "lit l'adresse de la table des interruptions",
    },
    "SMSW": {"sensible": True, "privilegiee": False, "role": "lit le mot d'état de la machine"},
    "STR": {"sensible": True, "privilegiee": False, "role": "lit le registre de tâche"},
}

# 1. Les instructions sensibles mais non privilégiées (liste triée de noms).
problemes = sorted(nom for nom, p in INSTRUCTIONS.items() if p["sensible"] and not p["privilegiee"])

# 2. Le critère de Popek et Goldberg est-il respecté ?
virtualisable = len(problemes) == 0

lignes = [
    (nom, "oui" if p["sensible"] else "non", "oui" if p["privilegiee"] else "non", p["role"])
    for nom, p in INSTRUCTIONS.items()
]
show(Table(("Instruction", "Sensible", "Privilégiée", "Rôle"), tuple(lignes), "Instructions x86"))
print("Instructions gênantes :", problemes)
print("Virtualisable par « piéger et émuler » :", virtualisable)
