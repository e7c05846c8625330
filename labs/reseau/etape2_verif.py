"""Vérifications de l'étape 2 : diagnostic des trois pannes et correction de la configuration."""

from hvlab.labs.checks import expect_var
from hvlab.sim import Scenario

ROUTEUR = "VLAN différents : il faut un routeur"
VLAN_REFUSE = "VLAN refusé par le commutateur physique"
SANS_LIEN = "aucun lien montant actif"
# À la main, d'après la configuration d'origine :
# - web2 est dans un groupe « Web » en VLAN 21 sur esx02, web1 en VLAN 20 sur esx01 ;
# - le port de sw-a relié à vmnic0 de esx02 n'autorise pas le VLAN 30 de bdd2 ;
# - vSwitch1 de esx02 n'a sa seule carte, vmnic2, qu'en attente : aucun lien actif ;
# - Web (20) et BDD (30) sont séparés exprès : seul un routeur (ou un pare-feu) les relie.
CAUSES = {
    ("web1", "web2"): ROUTEUR,
    ("bdd1", "bdd2"): VLAN_REFUSE,
    ("sauv1", "sauv2"): SANS_LIEN,
    ("web1", "bdd1"): ROUTEUR,
}
GROUPES = {
    "web1": "Web",
    "web2": "Web",
    "bdd1": "BDD",
    "bdd2": "BDD",
    "sauv1": "Sauvegarde",
    "sauv2": "Sauvegarde",
    "sonde": "Supervision",
}
NOMS = {ROUTEUR: "ROUTEUR", VLAN_REFUSE: "VLAN_REFUSE", SANS_LIEN: "SANS_LIEN"}


def _listed(vlans: list[int]) -> str:
    """« le VLAN 30 » or « les VLAN 20 et 30 »."""
    if len(vlans) == 1:
        return f"le VLAN {vlans[0]}"
    return "les VLAN " + ", ".join(map(str, vlans[:-1])) + f" et {vlans[-1]}"


def _scenario(ns: dict[str, object]) -> Scenario:
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    for vm, groupe in GROUPES.items():
        nics = sc.network.nics_of(vm) if vm in sc.vms else []
        found = [nic.port_group for nic in nics]
        assert found == [groupe], (
            f"La VM {vm} devrait rester branchée sur le groupe « {groupe} » (elle l'est sur "
            f"{found or 'rien'}) : corrigez la configuration des hôtes et des commutateurs, pas "
            "celle des VM."
        )
    return sc


def _vlan(sc: Scenario, host: str, group: str) -> int | None:
    located = sc.network.port_group(host, group)
    return None if located is None else located[1].vlan_id


def check_causes(ns: dict[str, object]) -> None:
    """Le diagnostic des pannes"""
    causes = expect_var(ns, "causes")
    assert isinstance(causes, dict), f"causes devrait être un dictionnaire, pas {causes!r}."
    for pair, expected in CAUSES.items():
        value = causes.get(pair, Ellipsis)
        label = " – ".join(pair)
        assert value is not Ellipsis, (
            f"Complétez la cause de la panne {label} avec ROUTEUR, VLAN_REFUSE ou SANS_LIEN."
        )
        assert value in NOMS, (
            f"Cause de {label} : {value!r} ; utilisez une des constantes ROUTEUR, VLAN_REFUSE "
            "ou SANS_LIEN."
        )
        assert value == expected, (
            f"Cause de {label} : {NOMS[str(value)]}, ce n'est pas la bonne. Relisez la raison "
            "donnée par sc.reachability dans la configuration d'origine."
        )


def check_web(ns: dict[str, object]) -> None:
    """web1 et web2 se joignent, dans le VLAN 20"""
    sc = _scenario(ns)
    vlan_1, vlan_2 = _vlan(sc, "esx01", "Web"), _vlan(sc, "esx02", "Web")
    assert vlan_1 == 20, (
        f"Le groupe « Web » de esx01 est en VLAN {vlan_1} : le plan d'adressage met le Web dans "
        "le VLAN 20. C'est esx02 qui se trompe, pas esx01."
    )
    assert vlan_2 == 20, (
        f"Le groupe « Web » de esx02 est en VLAN {vlan_2} : mettez-le en VLAN 20, comme sur "
        "esx01 (un groupe de ports de même nom doit avoir le même VLAN sur tous les hôtes)."
    )
    result = sc.reachability("web1", "web2")
    assert result.reachable, "web1 et web2 ne se joignent pas : " + " ".join(result.reasons)


def check_bdd(ns: dict[str, object]) -> None:
    """bdd1 et bdd2 se joignent : le VLAN 30 est autorisé sur le trunk"""
    sc = _scenario(ns)
    port = sc.network.switch_port("esx02", "vmnic0")
    assert port.allowed_vlans is not None, (
        "Vous avez autorisé tous les VLAN sur le port de sw-a relié à vmnic0 de esx02 : un trunk "
        "ne doit laisser passer que les VLAN utiles. Ajoutez seulement le 30 à la liste."
    )
    missing = sorted({10, 20, 30, 40} - port.allowed_vlans)
    assert not missing, (
        f"Le port de sw-a relié à vmnic0 de esx02 n'autorise pas {_listed(missing)} : il doit "
        "porter 10, 20, 30 et 40, comme celui de esx01."
    )
    result = sc.reachability("bdd1", "bdd2")
    assert result.reachable, "bdd1 et bdd2 ne se joignent pas : " + " ".join(result.reasons)


def check_sauvegarde(ns: dict[str, object]) -> None:
    """sauv1 et sauv2 se joignent : vmnic2 est active sur vSwitch1 de esx02"""
    sc = _scenario(ns)
    try:
        active = sc.network.active_uplinks("esx02", "vSwitch1", "Sauvegarde")
    except Exception as error:
        raise AssertionError(
            "Le groupe « Sauvegarde » devrait rester sur vSwitch1 de esx02 : " + str(error)
        ) from None
    assert active == ("vmnic2",), (
        f"Liens actifs du groupe « Sauvegarde » de esx02 : {active or 'aucun'} ; on attend "
        "vmnic2 : placez-la dans la liste active de l'association de cartes de vSwitch1."
    )
    result = sc.reachability("sauv1", "sauv2")
    assert result.reachable, "sauv1 et sauv2 ne se joignent pas : " + " ".join(result.reasons)


def check_separation(ns: dict[str, object]) -> None:
    """Le Web et les bases de données restent séparés"""
    sc = _scenario(ns)
    assert not sc.reachability("web1", "bdd1").reachable, (
        "web1 joint bdd1 au niveau 2 : le Web et les bases de données sont séparés exprès, dans "
        "deux VLAN ; c'est un routeur ou un pare-feu qui doit les relier, pas le vSwitch."
    )
