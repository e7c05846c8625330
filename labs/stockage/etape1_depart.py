from hvlab import show
from hvlab.labs.examples import load_example
from hvlab.sim import Table

# Le datacentre de l'équipe de développement : labs/scenarios/tp-stockage.yaml.
sc = load_example("tp-stockage")
disques = sc.storage.disks_on("nfs-dev")
show(
    Table(
        ("VM", "Disque", "Format", "Taille (Gio)", "Écrit par l'invité (Gio)"),
        tuple((d.vm, d.name, d.provisioning.label, d.size_gib, d.written_gib) for d in disques),
        "Les disques du datastore nfs-dev",
    )
)
capacite_gib = sc.storage.capacity_gib("nfs-dev")

# 1. Espace provisionné : la somme des tailles promises aux VM (Gio).
provisionne_gib = ...

# 2. Espace utilisé : ce que les disques occupent réellement sur le datastore (Gio).
utilise_gib = ...

# 3. Taux de surengagement : provisionné / capacité (une fraction, 1.0 = 100 %).
surengagement = ...

# 4. Les VM à disque fin écrivent chacune 2 Gio de données nouvelles par jour :
#    dans combien de jours le datastore sera-t-il plein ?
jours_avant_plein = ...

print("Capacité :", capacite_gib, "Gio")
print("Provisionné :", provisionne_gib, "Gio ; utilisé :", utilise_gib, "Gio")
print("Surengagement :", surengagement, "; plein dans", jours_avant_plein, "jours")
