from hvlab import show
from hvlab.sim import Table

ECHEC_4K = 0.01  # taux d'échec du TLB avec des pages de 4 Kio (hypothèse)
ECHEC_2M = 0.002  # taux d'échec du TLB avec des pages de 2 Mio (hypothèse)


def lectures_traduction(n_invite: int, n_hote: int) -> int:
    return (n_invite + 1) * (n_hote + 1) - 1


# 1. Lectures en mémoire par accès, en moyenne.
def lectures_moyennes(taux_echec: float, lectures_par_echec: int) -> float:
    return 1.0  # à remplacer par le calcul de la moyenne


# 2. à 4. Les trois cas.
natif_moyen = ...
vm_moyen = ...
vm_2m_moyen = ...

# 5. Surcoût de chaque VM par rapport à la machine physique (fraction).
surcout_vm = ...
surcout_vm_2m = ...

show(
    Table(
        ("Cas", "Lectures par accès"),
        (
            ("Machine physique, pages de 4 Kio", natif_moyen),
            ("VM, pages de 4 Kio", vm_moyen),
            ("VM, pages de 2 Mio", vm_2m_moyen),
        ),
        "Coût moyen d'un accès mémoire",
    )
)
print("Surcoût de la VM :", surcout_vm, "; avec des pages de 2 Mio :", surcout_vm_2m)
