from hvlab import show
from hvlab.sim import RACK_1U, VM, Cluster, HAReport, Host, guest_crash, host_failure


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


cluster = Cluster("prod", [Host(f"esx{i}", RACK_1U) for i in range(1, 5)])
cluster.place_vms(les_vms(), target=0.6)
print("VM de esx4 :", ", ".join(vm.name for vm in cluster.host("esx4").vms))

# 1. La priorité de redémarrage de chaque VM du cluster.
priorites = ...

# 2. La panne de esx4.
panne = ...

# 3. La première coupure (à la main) et la plus longue (s).
premiere_s = ...
coupure_max_s = ...

# 4. Le plantage du système invité de web1, et le nombre de VM qu'il arrête.
plantage = ...
touchees = ...

print(f"Première coupure : {premiere_s} s ; la plus longue : {coupure_max_s} s")
if isinstance(panne, HAReport):
    show(panne, title="Panne de esx4 : redémarrage des VM par la haute disponibilité")
    show(panne.to_chart(), title="Coupure de chaque VM de esx4")
if isinstance(plantage, HAReport):
    show(plantage, title="Plantage du système invité de web1")
    print(f"VM restées en marche pendant ce plantage : {len(plantage.unaffected)}")
