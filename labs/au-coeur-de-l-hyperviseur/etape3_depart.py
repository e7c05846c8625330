from hvlab import show
from hvlab.sim import Table


# 1. Lectures en mémoire d'une traduction à deux dimensions (n niveaux invité, m niveaux hôte).
def lectures_traduction(n_invite: int, n_hote: int) -> int:
    return n_invite  # le compte d'une machine physique : à corriger


# 2. Machine physique, tables à 4 niveaux.
natif = ...

# 3. VM, tables à 4 niveaux chez l'invité et chez l'hôte.
vm_4k = ...

# 4. VM, tables à 5 niveaux des deux côtés.
vm_5_niveaux = ...

# 5. VM, pages de 2 Mio chez l'invité et chez l'hôte.
vm_2m = ...

show(
    Table(
        ("Cas", "Lectures par échec du TLB"),
        (
            ("Machine physique (4 niveaux)", natif),
            ("VM, pages de 4 Kio (4 + 4 niveaux)", vm_4k),
            ("VM, 5 + 5 niveaux", vm_5_niveaux),
            ("VM, pages de 2 Mio (3 + 3 niveaux)", vm_2m),
        ),
        "Traduction d'adresses",
    )
)
