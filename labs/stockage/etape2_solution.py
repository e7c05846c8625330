from hvlab import show
from hvlab.labs.examples import load_example
from hvlab.sim import Table

# Le datacentre de l'équipe de développement : labs/scenarios/tp-stockage.yaml.
sc = load_example("tp-stockage")

# Une journée de travail : (instant en secondes, VM, Gio de données nouvelles écrites).
journee = [(300, "dev2", 90), (600, "ci1", 40), (900, "dev3", 10), (1200, "bdd1", 20)]

# 1. Faites écrire chaque VM, dans l'ordre, avec sc.write(vm, gio, at_s=instant) ;
#    gardez les résultats dans une liste.
resultats = [sc.write(nom, gib, at_s=instant) for instant, nom, gib in journee]

# 2. Les VM mises en pause (une liste ou un tuple de noms).
en_pause = sc.storage.paused_vms

# 3. Combien de Gio dev2 a-t-elle réellement écrits avant sa mise en pause ?
ecrit_dev2_gib = resultats[0].written_gib

for r in resultats:
    etat = "EN PAUSE" if r.paused else "continue"
    print(f"{r.vm} : {r.written_gib:g} Gio écrits sur {r.requested_gib:g} demandés -> {etat}")
show(
    Table(
        ("Instant (s)", "Événement", "VM", "Message"),
        tuple((e.time_s, e.kind, e.vm, e.message) for e in sc.storage.events),
        "Événements du stockage",
    )
)
show(sc.to_mermaid(), title="Les VM en pause sont signalées sur le schéma")
show(sc.report().to_table("datastores"))
