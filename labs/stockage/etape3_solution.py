from hvlab import show
from hvlab.labs.examples import load_example
from hvlab.sim import Table

# Le datacentre de l'équipe de développement : labs/scenarios/tp-stockage.yaml.
sc = load_example("tp-stockage")
disque = sc.storage.disks_of("bdd1")[0]

# Avant la mise à jour de la base de données, l'administrateur prend un snapshot.
sc.storage.take_snapshot("bdd1", "avant-maj", at_s=0)
sc.write("bdd1", 25, at_s=600)  # la mise à jour réécrit 25 Gio
# Puis un second snapshot, « au cas où », et la VM continue de travailler.
sc.storage.take_snapshot("bdd1", "apres-maj", at_s=1200)
sc.write("bdd1", 15, at_s=1800)

# 1. Les fichiers qu'une lecture traverse, du plus récent au disque de base.
chaine = disque.read_chain

# 2. La place totale des deltas de bdd1 sur le datastore (Gio).
deltas_gib = sum(d.allocated_gib for d in disque.deltas)

# 3. bdd1 écrit encore 30 Gio à l'instant 3600 : gardez le résultat de sc.write(...).
blocage = sc.write("bdd1", 30, at_s=3600)

# 4. Supprimez les deux snapshots, le plus ancien d'abord (delete_snapshot renvoie les Gio
#    libérés) : libere_gib est le total libéré.
libere_gib = sc.storage.delete_snapshot("bdd1", "avant-maj", at_s=4000)
libere_gib += sc.storage.delete_snapshot("bdd1", "apres-maj", at_s=4600)

# 5. La chaîne après la consolidation.
chaine_finale = disque.read_chain

print("Chaîne :", " -> ".join(chaine))
print(f"Deltas : {deltas_gib:g} Gio ; bdd1 mise en pause à 3600 s ? {blocage.paused}")
print(f"Libéré : {libere_gib:g} Gio ; chaîne finale : {' -> '.join(chaine_finale)}")

show(
    Table(
        ("Instant (s)", "Événement", "VM", "Message"),
        tuple((e.time_s, e.kind, e.vm, e.message) for e in sc.storage.events),
        "Événements du stockage",
    )
)
