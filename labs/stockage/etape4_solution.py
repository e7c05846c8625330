from hvlab import show
from hvlab.labs.examples import load_example
from hvlab.sim import Table, before_after_chart

# Le datacentre de l'équipe de développement : labs/scenarios/tp-stockage.yaml.
sc = load_example("tp-stockage")
# La journée de l'étape 2 : dev2 et dev3 sont figées, nfs-dev est plein.
for instant, nom, gib in [
    (300, "dev2", 90),
    (600, "ci1", 40),
    (900, "dev3", 10),
    (1200, "bdd1", 20),
]:
    sc.write(nom, gib, at_s=instant)
avant = sc.report().datastores[0]  # nfs-dev, avant la réparation

# 1. Libérez de la place : déplacez les disques de ci1 (qui tourne sur esx02) vers san-prod.
deplacement = sc.storage_vmotion("ci1", "san-prod", at_s=1800)
# Durée de la copie à 200 Mo/s, calculée à la main (1 Gio = 1 073,741824 Mo), en secondes.
duree_copie_s = 100 * 1073.741824 / 200

# 2. Agrandissez nfs-dev juste assez pour que ses disques fins puissent atteindre leur taille.
nouvelle_capacite_gib = sc.storage.provisioned_gib("nfs-dev")
sc.storage.grow_datastore("nfs-dev", nouvelle_capacite_gib, at_s=2400)

# 3. outils1 (sur le disque local de esx01) peut-elle migrer à chaud vers esx02 ?
controle_avant = sc.check_vmotion("outils1", "esx02")
# Déplacez ses disques vers san-prod, puis contrôlez à nouveau et migrez-la.
sc.storage_vmotion("outils1", "san-prod", at_s=3000)
controle_apres = sc.check_vmotion("outils1", "esx02")
migration = sc.vmotion("outils1", "esx02", dirty_rate_mb_s=100)

print(f"Storage vMotion de ci1 : {deplacement.moved_gib:g} Gio en {deplacement.duration_s:g} s")
print(f"nfs-dev agrandi à {nouvelle_capacite_gib:g} Gio ; VM en pause : {sc.storage.paused_vms}")
print("Avant :", controle_avant.eligible, controle_avant.reasons)
print("Après :", controle_apres.eligible, "; outils1 tourne sur", sc.host_of("outils1"))
print(f"Migration à chaud : {migration.total_time_s:.2f} s, {migration.rounds} tours")

apres = sc.report().datastores[0]
show(
    before_after_chart(
        [
            ("Utilisé (Gio)", avant.used_gib, apres.used_gib),
            ("Libre (Gio)", avant.free_gib, apres.free_gib),
            ("Surengagement", avant.overcommit_ratio, apres.overcommit_ratio),
        ],
        title="Le datastore nfs-dev avant et après la réparation",
    )
)
show(
    Table(
        ("Instant (s)", "Événement", "VM", "Message"),
        tuple((e.time_s, e.kind, e.vm, e.message) for e in sc.storage.events),
        "Événements du stockage",
    )
)
