from hvlab import show
from hvlab.sim import Table

TECHNIQUES = ("partage", "ballon", "compression", "echange")


def recuperer(
    manque_gio: float, partage_max: float, ballon_max: float, compressible_max: float
) -> dict[str, float]:
    """Gio libérés par chaque technique pour couvrir manque_gio, dans l'ordre de la cascade."""
    reste = manque_gio
    liberes = {}
    # Le partage de pages est fourni : il prend ce qu'il peut, dans la limite de son plafond.
    liberes["partage"] = min(reste, partage_max)
    reste -= liberes["partage"]
    # Le ballon : ce que les invités acceptent de rendre.
    liberes["ballon"] = min(reste, ballon_max)
    reste -= liberes["ballon"]
    # La compression libère la moitié des pages qu'elle prend.
    liberes["compression"] = min(reste, compressible_max / 2)
    reste -= liberes["compression"]
    # L'échange prend tout le reste.
    liberes["echange"] = reste
    return liberes


# 1. et 2. Les deux cas.
avec_ballon = recuperer(14, partage_max=2, ballon_max=6, compressible_max=4)
sans_ballon = recuperer(14, partage_max=2, ballon_max=0, compressible_max=4)

show(
    Table(
        ("Technique", "Avec ballon (Gio)", "Sans ballon (Gio)"),
        tuple((t, avec_ballon[t], sans_ballon[t]) for t in TECHNIQUES)
        if isinstance(avec_ballon, dict) and isinstance(sans_ballon, dict)
        else (),
        "Récupérer 14 Gio",
    )
)
