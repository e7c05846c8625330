from hvlab import show
from hvlab.sim import (
    RACK_1U,
    VM,
    AdmissionReport,
    Cluster,
    HAReport,
    Host,
    HostFailuresPolicy,
    admission_check,
    host_failure,
)


def les_vms() -> list[VM]:
    """Les 20 VM de la PME (nom, vCPU, mémoire en Gio), éteintes."""
    modeles = [
        ("bdd", 8, 96, 2),
        ("web", 2, 8, 6),
        ("app", 4, 32, 4),
        ("fichiers", 2, 16, 2),
        ("ad", 2, 8, 2),
        ("messagerie", 4, 48, 1),
        ("test", 2, 16, 3),
    ]
    return [
        VM.with_ram_gib(f"{nom}{i}", vcpus, ram_gib)
        for nom, vcpus, ram_gib, nombre in modeles
        for i in range(1, nombre + 1)
    ]


cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 6)])

# 1. La part utilisable sous N+1, sur le cluster encore vide.
utilisable = ...

cluster.place_vms(les_vms(), target=0.8)

# 2. Le contrôle d'admission avec les 20 VM.
admission = ...

projet = [VM.with_ram_gib(f"calcul{i}", 4, 48) for i in range(1, 15)]
cluster.place_vms(projet, target=1.0)  # le contrôle d'admission est contourné

# 3. Le contrôle d'admission après le projet.
admission_projet = ...

# 4. La panne de esx1, et les VM que la haute disponibilité n'a pas pu redémarrer.
panne = ...
non_redemarrees = ...

print(f"Part utilisable sous N+1 : {utilisable}")
for rapport in (admission, admission_projet):
    if isinstance(rapport, AdmissionReport):
        print(rapport.message)
if isinstance(panne, HAReport):
    show(panne, title="Panne de esx1 : que deviennent ses VM ?")
print("VM non redémarrées :", non_redemarrees)
