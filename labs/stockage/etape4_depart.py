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
deplacement = ...
# Durée de la copie à 200 Mo/s, calculée à la main (1 Gio = 1 073,741824 Mo), en secondes.
duree_copie_s = ...

# 2. Agrandissez nfs-dev juste assez pour que ses disques fins puissent atteindre leur taille.
nouvelle_capacite_gib = ...

# 3. outils1 (sur le disque local de esx01) peut-elle migrer à chaud vers esx02 ?
controle_avant = ...
# Déplacez ses disques vers san-prod, puis contrôlez à nouveau et migrez-la.
controle_apres = ...
migration = ...

print("Durée de la copie :", duree_copie_s, "s ; nouvelle capacité :", nouvelle_capacite_gib)

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
