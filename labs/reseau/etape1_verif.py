"""Vérifications de l'étape 1 : schéma, VLAN des trames de chaque VM, paires joignables."""

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import MermaidDiagram, Scenario

# À la main, d'après la configuration de l'énoncé :
# - web1 : groupe « Web » de esx01, VLAN 20, étiqueté par le vSwitch ;
# - web2 : groupe « Web » de esx02… configuré en VLAN 21 (la première panne) ;
# - bdd1 : groupe « BDD », VLAN 30 ;
# - sauv1 : groupe « Sauvegarde » en VLAN 0 : trames non étiquetées, qui prennent le VLAN natif
#   (50) du port du commutateur sw-sauvegarde ;
# - sonde : groupe « Supervision » en VLAN 4095 (trunk) : c'est l'invité qui étiquette, en 30.
VLANS = {"web1": 20, "web2": 21, "bdd1": 30, "sauv1": 50, "sonde": 30}
# Seules bdd1 et la sonde, sur le même vSwitch de esx01 et dans le même VLAN 30, se joignent.
JOIGNABLES = {frozenset(("bdd1", "sonde"))}
# Typical wrong answers, VM by VM.
MISTAKES: dict[str, dict[float, str]] = {
    "sauv1": {
        0: "0 est l'identifiant du groupe de ports, qui veut dire « non étiqueté » ; les trames "
        "sortent sans étiquette et prennent le VLAN natif du port du commutateur physique "
        "(native_vlan de sw-sauvegarde)",
        1: "le VLAN natif par défaut est 1, mais le port de sw-sauvegarde en déclare un autre "
        "(native_vlan)",
    },
    "sonde": {
        4095: "4095 n'est pas un VLAN, c'est le mode trunk du groupe de ports ; la VM étiquette "
        "elle-même ses trames : regardez son guest_vlan",
    },
    "web2": {
        20: "relisez la configuration de esx02 : son groupe « Web » n'est pas en VLAN 20, c'est "
        "justement la première panne à trouver",
    },
}


def check_schema(ns: dict[str, object]) -> None:
    """Le schéma du réseau"""
    schema = expect_var(ns, "schema")
    sc = expect_var(ns, "sc")
    assert isinstance(schema, MermaidDiagram), (
        f"schema devrait être un diagramme Mermaid (sc.to_mermaid()), pas {type(schema).__name__}."
    )
    assert isinstance(sc, Scenario) and schema == sc.to_mermaid(), (
        "schema ne correspond pas au scénario : utilisez sc.to_mermaid()."
    )


def check_vlans(ns: dict[str, object]) -> None:
    """Le VLAN des trames de chaque VM"""
    vlans = expect_var(ns, "vlans")
    assert isinstance(vlans, dict), f"vlans devrait être un dictionnaire, pas {vlans!r}."
    for vm, expected in VLANS.items():
        value = vlans.get(vm, Ellipsis)
        assert value is not Ellipsis, f"Complétez le VLAN de {vm} dans vlans."
        expect_close(
            value,
            expected,
            what=f"le VLAN de {vm}",
            rel_tol=0,
            abs_tol=0,
            mistakes=MISTAKES.get(vm, {}),
            common=(),
        )


def check_joignables(ns: dict[str, object]) -> None:
    """Les paires de VM qui se joignent"""
    joignables = expect_var(ns, "joignables")
    assert isinstance(joignables, (list, tuple, set)), (
        f"joignables devrait être une liste de paires (vm_a, vm_b), pas {joignables!r}."
    )
    pairs = set()
    for pair in joignables:
        assert isinstance(pair, (tuple, list)) and len(pair) == 2, (
            f"Chaque élément de joignables doit être une paire (vm_a, vm_b), pas {pair!r}."
        )
        pairs.add(frozenset(pair))
    extra = [" – ".join(sorted(p)) for p in pairs - JOIGNABLES]
    assert not extra, (
        f"Ces VM ne se joignent pas : {', '.join(extra)}. Ne gardez que les paires dont "
        "r.reachable est vrai."
    )
    assert pairs == JOIGNABLES, (
        "Il manque la paire bdd1 – sonde : elles sont sur le même vSwitch de esx01 et la sonde "
        "étiquette le VLAN 30."
    )
