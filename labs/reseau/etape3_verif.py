"""Vérifications de l'étape 3 : basculement sur la carte en attente, trunk complet, retour."""

from hvlab.labs.checks import expect_var
from hvlab.sim import Reachability, Scenario

# À la main : vSwitch0 a vmnic0 active et vmnic1 en attente, avec retour automatique.
AVANT = ("vmnic0",)
PENDANT = ("vmnic1",)
APRES = ("vmnic0",)


def _listed(vlans: list[int]) -> str:
    """« le VLAN 30 » or « les VLAN 20 et 30 »."""
    if len(vlans) == 1:
        return f"le VLAN {vlans[0]}"
    return "les VLAN " + ", ".join(map(str, vlans[:-1])) + f" et {vlans[-1]}"


def _scenario(ns: dict[str, object]) -> Scenario:
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    return sc


def _uplinks(ns: dict[str, object], name: str, expected: tuple[str, ...], when: str) -> None:
    value = expect_var(ns, name)
    assert isinstance(value, tuple), (
        f"{name} devrait être le tuple renvoyé par sc.network.active_uplinks(...), pas {value!r}."
    )
    assert value == expected, (
        f"{name} vaut {value}, on attend {expected} : {when}. Appelez "
        'sc.network.active_uplinks("esx01", "vSwitch0", "Web") au bon moment.'
    )


def check_basculement(ns: dict[str, object]) -> None:
    """Le basculement sur vmnic1"""
    _uplinks(ns, "avant", AVANT, "avant la panne, seule la carte active porte le trafic")
    panne = expect_var(ns, "panne")
    assert isinstance(panne, list) and panne, (
        f"panne devrait être la liste d'événements renvoyée par sc.set_link(...), pas {panne!r}."
    )
    assert panne[0].kind == "link-down" and "vmnic0 de esx01" in panne[0].message, (
        f"Premier événement de panne : « {panne[0].message} » ; on attend la coupure de vmnic0 "
        'de esx01 (sc.set_link("esx01", "vmnic0", False, at_s=60)).'
    )
    assert any(event.kind == "failover" for event in panne), (
        "Aucun basculement dans panne : coupez bien vmnic0 de esx01, la carte active."
    )
    _uplinks(ns, "pendant", PENDANT, "pendant la panne, la carte en attente prend le relais")


def check_trunk(ns: dict[str, object]) -> None:
    """web1 joint web2 pendant la panne : le VLAN 20 passe aussi par sw-b"""
    web = expect_var(ns, "web_pendant")
    assert isinstance(web, Reachability), (
        f'web_pendant devrait être le résultat de sc.reachability("web1", "web2"), pas {web!r}.'
    )
    assert (web.source, web.target) == ("web1", "web2"), (
        f"web_pendant teste {web.source} et {web.target}, on attend web1 et web2."
    )
    sc = _scenario(ns)
    port = sc.network.switch_port("esx01", "vmnic1")
    assert port.allowed_vlans is not None, (
        "Vous avez autorisé tous les VLAN sur le port de sw-b relié à vmnic1 de esx01 : un trunk "
        "ne doit porter que les VLAN utiles. Ajoutez seulement le 20 à sa liste."
    )
    missing = sorted({10, 20, 30, 40} - port.allowed_vlans)
    assert not missing, (
        f"Le port de sw-b relié à vmnic1 de esx01 n'autorise pas {_listed(missing)} : une carte "
        "en attente doit porter les mêmes VLAN que la carte active, sinon la panne de l'une coupe "
        "le réseau."
    )
    assert web.reachable, "Pendant la panne, web1 ne joint pas web2 : " + " ".join(web.reasons)
    assert "vmnic1 de esx01" in web.path, (
        f"web_pendant a été calculé hors de la panne ({web.path}) : appelez sc.reachability "
        "entre les deux appels à sc.set_link."
    )


def check_retour(ns: dict[str, object]) -> None:
    """Le retour sur vmnic0 (failback)"""
    retour = expect_var(ns, "retour")
    assert isinstance(retour, list) and retour, (
        f"retour devrait être la liste d'événements renvoyée par sc.set_link(...), pas {retour!r}."
    )
    assert any(event.kind == "failback" for event in retour), (
        "Aucun retour automatique dans retour : rebranchez vmnic0 de esx01 "
        '(sc.set_link("esx01", "vmnic0", True, at_s=300)).'
    )
    _uplinks(ns, "apres", APRES, "le lien revenu, le retour automatique rend le trafic à vmnic0")
