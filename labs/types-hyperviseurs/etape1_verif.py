"""Vérifications de l'étape 1 : le classement du catalogue en type 1 et type 2."""

from hvlab.labs.checks import expect_var
from hvlab.sim import HYPERVISORS

# Le classement du chapitre 4 : type 1 = ESXi, Hyper-V, Xen, KVM, Oracle VM Server ;
# type 2 = VirtualBox, VMware Workstation, VMware Server, Virtual PC.
TYPE1 = {"esxi", "hyper-v", "xen", "kvm", "oracle-vm-server"}
TYPE2 = {"virtualbox", "vmware-workstation", "vmware-server", "virtual-pc"}
NAMES = {h.name: ident for ident, h in HYPERVISORS.items()}


def _identifiers(ns: dict[str, object], name: str) -> set[str]:
    value = expect_var(ns, name)
    assert isinstance(value, (list, tuple, set)), (
        f"« {name} » devrait être une liste d'identifiants, pas {type(value).__name__} ({value!r})."
    )
    found: set[str] = set()
    for item in value:
        assert not (isinstance(item, str) and item in NAMES), (
            f"« {name} » contient « {item} » : c'est le nom du produit. Donnez son "
            f"identifiant, la clé du dictionnaire (« {NAMES[str(item)]} »)."
        )
        assert isinstance(item, str) and item in HYPERVISORS, (
            f"« {name} » contient {item!r}, qui n'est pas un identifiant du catalogue "
            f"({', '.join(HYPERVISORS)})."
        )
        found.add(item)
    assert len(found) == len(value), f"« {name} » contient des doublons."
    return found


def _check(found: set[str], expected: set[str], name: str, label: str) -> None:
    intrus = sorted(found - expected)
    assert not intrus, (
        f"« {name} » contient {', '.join(intrus)}, qui n'est pas de {label}. Regardez h.type."
    )
    manquants = sorted(expected - found)
    assert not manquants, f"Il manque dans « {name} » : {', '.join(manquants)}."


def check_type1(ns: dict[str, object]) -> None:
    """Les hyperviseurs de type 1"""
    _check(_identifiers(ns, "type1"), TYPE1, "type1", "type 1")


def check_type2(ns: dict[str, object]) -> None:
    """Les hyperviseurs de type 2"""
    _check(_identifiers(ns, "type2"), TYPE2, "type2", "type 2")
