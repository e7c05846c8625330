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
    # À compléter : le ballon, la compression (moitié de ce qu'elle prend), puis l'échange.
    liberes["ballon"] = 0.0
    liberes["compression"] = 0.0
    liberes["echange"] = 0.0
    return liberes


# 1. et 2. Les deux cas.
avec_ballon = ...
sans_ballon = ...

show(
    Table(
        ("Technique", "Avec ballon (Gio)", "Sans ballon (Gio)"),
        tuple((t, avec_ballon[t], sans_ballon[t]) for t in TECHNIQUES)
        if isinstance(avec_ballon, dict) and isinstance(sans_ballon, dict)
        else (),
        "Récupérer 14 Gio",
    )
)
