from hvlab import show
from hvlab.sim import Table

T_MEMOIRE_NS = 100  # lecture en mémoire (ordre de grandeur)
T_COMPRESSEE_NS = 5_000  # décompression d'une page (ordre de grandeur)
T_SSD_NS = 100_000  # lecture sur SSD (ordre de grandeur)
T_HDD_NS = 10_000_000  # lecture sur disque dur (ordre de grandeur)


# 1. Durée moyenne d'un accès mémoire, en nanosecondes.
def acces_moyen_ns(part_compressee: float, part_echangee: float, t_disque_ns: float) -> float:
    return float(T_MEMOIRE_NS)  # à compléter : compter les pages compressées et échangées


# 2. à 4. Les facteurs de ralentissement (accès moyen / T_MEMOIRE_NS).
ralenti_ssd = ...
ralenti_hdd = ...
ralenti_compression = ...

show(
    Table(
        ("Cas", "Ralentissement des accès mémoire"),
        (
            ("2 % compressées, 1 % échangées sur SSD", ralenti_ssd),
            ("2 % compressées, 1 % échangées sur disque dur", ralenti_hdd),
            ("3 % compressées, rien d'échangé", ralenti_compression),
        ),
        "Ce que coûte la récupération",
    )
)
