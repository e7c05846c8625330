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
provisionne_gib = sum(d.size_gib for d in disques)

# 2. Espace utilisé : ce que les disques occupent réellement sur le datastore (Gio).
utilise_gib = sum(d.written_gib if d.provisioning == "thin" else d.size_gib for d in disques)

# 3. Taux de surengagement : provisionné / capacité (une fraction, 1.0 = 100 %).
surengagement = provisionne_gib / capacite_gib

# 4. Les VM à disque fin écrivent chacune 2 Gio de données nouvelles par jour :
#    dans combien de jours le datastore sera-t-il plein ?
fins = [d for d in disques if d.provisioning == "thin"]
jours_avant_plein = (capacite_gib - utilise_gib) / (2 * len(fins))

print(f"Capacité : {capacite_gib:.0f} Gio")
print(f"Provisionné : {provisionne_gib:.0f} Gio ; utilisé : {utilise_gib:.0f} Gio")
print(f"Surengagement : {surengagement:.2f} ; plein dans {jours_avant_plein:.0f} jours")
show(sc.report().to_table("datastores"))
