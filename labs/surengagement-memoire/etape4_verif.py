"""Vérifications de l'étape 4 : l'hôte sous pression dans le simulateur (hvlab.sim)."""

from hvlab.labs.checks import expect_close, expect_var

# Tailles configurées attendues, en Mio (Gio × 1 024), dans l'ordre de VMS.
CONFIG_MIO = (65536, 65536, 16384, 16384, 32768, 32768, 24576, 49152, 16384, 16384)
# Valeurs du modèle (hvlab.sim.reclaim_memory, vérifié par tests/sim/test_memory.py) : il faut
# reprendre 328 − 250 = 78 Gio ; le partage en trouve 2 (4 × 0,5), le ballon les 76 autres.
BALLON_GIO = 76.0
TEST1_GIO = {"test1_avec_taxe_gio": 7.486111, "test1_sans_taxe_gio": 11.272727}
APP1 = {"app1_avec_taxe": 116.1111, "app1_sans_taxe": 165.8182}


def _number(ns: dict[str, object], name: str) -> float:
    value = expect_var(ns, name)
    assert isinstance(value, (int, float)) and not isinstance(value, bool), (
        f"« {name} » devrait être un nombre, pas {value!r}."
    )
    return float(value)


def check_machines(ns: dict[str, object]) -> None:
    """Les VM du simulateur"""
    machines = expect_var(ns, "machines")
    assert isinstance(machines, list) and len(machines) == len(CONFIG_MIO), (
        f"« machines » devrait être une liste de {len(CONFIG_MIO)} MemoryVM, une par VM de VMS."
    )
    for machine, expected in zip(machines, CONFIG_MIO, strict=True):
        configured = getattr(machine, "configured_mib", None)
        assert isinstance(configured, (int, float)), (
            f"{machine!r} n'est pas une MemoryVM : construisez-la avec MemoryVM(nom, taille, …)."
        )
        if abs(configured * 1024 - expected) < 1e-6:
            raise AssertionError(
                f"{machine.name} : {configured} Mio configurés. Le simulateur compte en Mio : "
                "multipliez les Gio par MIO_PAR_GIO (1 024)."
            )
        expect_close(float(configured), expected, what=f"{machine.name}.configured_mib", unit="Mio")
        active = getattr(machine, "active_mib", 0)
        assert active > 0, (
            f'{machine.name} : mémoire active nulle. Passez active_mib=v["active_gio"] × 1 024.'
        )


def check_ballon(ns: dict[str, object]) -> None:
    """Ce que reprend le ballon"""
    expect_close(_number(ns, "ballon_gio"), BALLON_GIO, what="ballon_gio", unit="Gio")


def check_taxe(ns: dict[str, object]) -> None:
    """La taxe sur la mémoire inactive"""
    avec, sans = (_number(ns, name) for name in TEST1_GIO)
    if max(abs(avec - 16), abs(sans - 16)) < 1e-6:
        raise AssertionError(
            "test1 garde ses 16 Gio : rien n'est repris, l'hôte semble assez grand. Vérifiez les "
            "unités (des Mio partout, Gio × 1 024) et la mémoire de l'hôte."
        )
    if abs(avec - sans) < 1e-9:
        raise AssertionError(
            "test1 reçoit autant de mémoire avec et sans taxe : pour « sans_taxe », appelez "
            "reclaim_memory(..., tax_rate=0.0)."
        )
    for name, expected in TEST1_GIO.items():
        expect_close(_number(ns, name), expected, what=name, unit="Gio", rel_tol=1e-4)
    for name, expected in APP1.items():
        expect_close(_number(ns, name), expected, what=name, rel_tol=1e-4)
