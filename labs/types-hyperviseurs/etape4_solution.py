from hvlab import show
from hvlab.errors import SimulationError
from hvlab.sim import HYPERVISORS, RACK_1U, VM, Cluster, FailureEvent, FailureImpact, Host, Table

NOMS = ("web", "bdd", "fichiers", "messagerie")
COLONNES = ("Hyperviseur", "Panne", "VM arrêtées", "VM qui continuent")


def _hote(nom: str, hyperviseur: str) -> Host:
    hote = Host(nom, RACK_1U, hypervisor=HYPERVISORS[hyperviseur])
    for vm in NOMS:
        hote.add_vm(VM.with_ram_gib(vm, vcpus=2, ram_gib=8).power_on())
    return hote


def nouveau_poste(nom: str) -> Host:
    """Un poste sous VirtualBox (type 2) et ses quatre VM en marche."""
    return _hote(nom, "virtualbox")


def nouveau_serveur(nom: str) -> Host:
    """Un serveur sous VMware ESXi (type 1) et ses quatre VM en marche."""
    return _hote(nom, "esxi")


def ligne(hyperviseur: str, impact: FailureImpact) -> tuple[str, str, str, str]:
    """Une ligne du tableau : hyperviseur, panne, VM arrêtées, VM qui continuent."""
    return (
        hyperviseur,
        impact.event.label,
        ", ".join(impact.stopped) or "aucune",
        ", ".join(impact.unaffected) or "aucune",
    )


poste_a, poste_b, serveur = (
    nouveau_poste("poste-a"),
    nouveau_poste("poste-b"),
    nouveau_serveur("esx1"),
)

# 1. Sur poste_a, le système invité de la VM « web » plante.
impact_invite = poste_a.fail(FailureEvent.GUEST_CRASH, crashed_vm="web")

# 2. Sur poste_b, le système hôte plante.
impact_hote = poste_b.fail(FailureEvent.HOST_OS_CRASH)

# 3. Sur serveur, le matériel tombe en panne.
impact_materiel = serveur.fail(FailureEvent.HARDWARE_FAILURE)

# 4. Le tableau : une ligne par impact, avec ligne("VirtualBox", ...) ou ligne("VMware ESXi", ...).
tableau = Table(
    COLONNES,
    (
        ligne("VirtualBox", impact_invite),
        ligne("VirtualBox", impact_hote),
        ligne("VMware ESXi", impact_materiel),
    ),
    "Domaines de panne",
)

show(tableau, title="Domaines de panne")
for hote in (poste_a, poste_b, serveur):
    show(Cluster(hote.name, [hote]).to_mermaid(), title=f"État des VM de {hote.name}")
try:
    nouveau_serveur("esx2").fail(FailureEvent.HOST_OS_CRASH)
except SimulationError as erreur:
    print("ESXi :", erreur)
