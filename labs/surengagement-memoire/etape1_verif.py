"""Vérifications de l'étape 1 : surengagement, mémoire active, fichiers d'échange."""

from hvlab.labs.checks import expect_close, expect_number, expect_var

# Configurée : 64 + 64 + 16 + 16 + 32 + 32 + 24 + 48 + 16 + 16 = 328 Gio, soit 328 / 256.
# Active : 58 + 52 + 9 + 10 + 27 + 26 + 20 + 40 + 6 + 8 = 256 Gio, 6 de trop pour 250.
VSWP = {
    "bdd1": 0,
    "bdd2": 32,
    "web1": 16,
    "web2": 16,
    "app1": 24,
    "app2": 24,
    "fichiers": 24,
    "messagerie": 32,
    "test1": 16,
    "test2": 16,
}


def check_surengagement(ns: dict[str, object]) -> None:
    """Le surengagement de l'hôte"""
    value = expect_number(ns, "surengagement")
    if abs(value - 328 / 250) < 1e-6:
        raise AssertionError(
            "surengagement vaut 1,312 : vous avez divisé par les 250 Gio donnés aux VM. Le "
            "surengagement se rapporte à la mémoire physique de l'hôte, 256 Gio "
            "(on attend 1,28125)."
        )
    if abs(value - 128.125) < 1e-6:
        raise AssertionError("Donnez un rapport (1,28125), pas un pourcentage.")
    expect_close(value, 328 / 256, what="surengagement")


def check_active_et_manque(ns: dict[str, object]) -> None:
    """Mémoire active et manque"""
    expect_close(expect_number(ns, "active_gio"), 256, what="active_gio", unit="Gio")
    manque = expect_number(ns, "manque_gio")
    if abs(manque - 72) < 1e-6:
        raise AssertionError(
            "manque_gio vaut 72 : c'est la mémoire configurée qui dépasse. Ce qui manque se "
            "compare à la mémoire active des VM (on attend 6 Gio)."
        )
    expect_close(manque, 6, what="manque_gio", unit="Gio")


def check_vswp(ns: dict[str, object]) -> None:
    """Les fichiers d'échange"""
    value = expect_var(ns, "vswp_gio")
    assert isinstance(value, dict), f"« vswp_gio » devrait être un dictionnaire, pas {value!r}."
    assert set(value) == set(VSWP), (
        f"« vswp_gio » devrait avoir une entrée par VM ({', '.join(VSWP)})."
    )
    for nom, expected in VSWP.items():
        got = value[nom]
        assert got == expected, (
            f"Le .vswp de {nom} vaut {got!r} Gio, on attend {expected} Gio (configurée − réservée)."
        )
    expect_close(expect_number(ns, "vswp_total_gio"), 200, what="vswp_total_gio", unit="Gio")
