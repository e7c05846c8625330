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
    expect_close(
        expect_number(ns, "surengagement"),
        328 / 256,
        what="surengagement",
        mistakes={
            328 / 250: "vous avez divisé par les 250 Gio donnés aux VM ; le surengagement se "
            "rapporte à la mémoire physique de l'hôte, 256 Gio",
            100 * 328 / 256: "donnez un rapport, pas un pourcentage",
        },
    )


def check_active_et_manque(ns: dict[str, object]) -> None:
    """Mémoire active et manque"""
    expect_close(expect_number(ns, "active_gio"), 256, what="active_gio", unit="Gio")
    expect_close(
        expect_number(ns, "manque_gio"),
        6,
        what="manque_gio",
        unit="Gio",
        mistakes={
            72: "c'est la mémoire configurée qui dépasse ; ce qui manque se compare à la mémoire "
            "active des VM"
        },
    )


def check_vswp(ns: dict[str, object]) -> None:
    """Les fichiers d'échange"""
    value = expect_var(ns, "vswp_gio")
    assert isinstance(value, dict), f"« vswp_gio » devrait être un dictionnaire, pas {value!r}."
    assert set(value) == set(VSWP), (
        f"« vswp_gio » devrait avoir une entrée par VM ({', '.join(VSWP)})."
    )
    for nom, expected in VSWP.items():
        expect_close(
            value[nom],
            expected,
            what=f"le .vswp de {nom}",
            rel_tol=0,
            abs_tol=0,
            unit="Gio",
            common=(),
            hint="un .vswp a la taille de la mémoire configurée moins la réservée",
        )
    expect_close(expect_number(ns, "vswp_total_gio"), 200, what="vswp_total_gio", unit="Gio")
