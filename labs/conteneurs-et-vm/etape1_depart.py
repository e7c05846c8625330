from hvlab import show
from hvlab.sim import Table

# Sorties réelles de « ls -l /proc/self/ns » (remplacez-les par les vôtres si vous le souhaitez).
SORTIE_HOTE = """total 0
lrwxrwxrwx 1 root root 0 Dec  7 04:13 cgroup -> cgroup:[4026531835]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 ipc -> ipc:[4026531839]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 mnt -> mnt:[4026531832]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 net -> net:[4026531833]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 pid -> pid:[4026531836]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 pid_for_children -> pid:[4026531836]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 time -> time:[4026531834]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 time_for_children -> time:[4026531834]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 user -> user:[4026531837]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 uts -> uts:[4026531838]
"""
SORTIE_CONTENEUR = """total 0
lrwxrwxrwx 1 root root 0 Dec  7 04:13 cgroup -> cgroup:[4026532178]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 ipc -> ipc:[4026532176]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 mnt -> mnt:[4026532174]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 net -> net:[4026532179]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 pid -> pid:[4026532177]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 pid_for_children -> pid:[4026532177]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 time -> time:[4026531834]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 time_for_children -> time:[4026531834]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 user -> user:[4026531837]
lrwxrwxrwx 1 root root 0 Dec  7 04:13 uts -> uts:[4026532175]
"""


# 1. Nom de l'espace de noms -> identifiant (entier), sans les entrées « _for_children ».
def espaces(sortie: str) -> dict[str, int]:
    resultat: dict[str, int] = {}
    # À compléter : lire chaque ligne « nom -> nom:[identifiant] ».
    return resultat


hote = espaces(SORTIE_HOTE)
conteneur = espaces(SORTIE_CONTENEUR)

# 2. et 3. Les espaces propres au conteneur, puis ceux qu'il partage avec l'hôte (listes triées).
separes = ...
partages = ...

show(
    Table(
        ("Espace de noms", "Hôte", "Conteneur"),
        tuple((nom, hote.get(nom), conteneur.get(nom)) for nom in sorted(hote)),
        "Les espaces de noms des deux processus",
    )
)
print("Propres au conteneur :", separes)
print("Partagés avec l'hôte :", partages)
