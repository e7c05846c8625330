from hvlab import show
from hvlab.labs.examples import example_data
from hvlab.sim import scenario_from_dict

# La configuration du réseau (le fichier d'exemple labs/scenarios/tp-reseau.yaml), sous forme de
# dictionnaire : print(donnees) l'affiche en entier.
donnees = example_data("tp-reseau")
esx01, esx02 = donnees["hosts"]  # chacun : "nics", "vswitches" (et leurs "port_groups"), "vmkernel"
sw_a, sw_b, sw_sauvegarde = donnees["physical_switches"]  # chacun : "ports" (VLAN autorisés)

# La réparation (point 2, après le diagnostic) : corrigez les entrées fautives de donnees,
# une ligne par correction, sur le modèle de ces exemples (hôte, numéros et valeurs à choisir) :
#   hote["vswitches"][0]["port_groups"][0]["vlan"] = ...
#   commutateur["ports"][0]["allowed_vlans"] = [...]
#   hote["vswitches"][0]["teaming"] = {"active": [...], "standby": [...]}
# ...

sc = scenario_from_dict(donnees)

# Les causes possibles d'une panne de communication entre deux VM :
ROUTEUR = "VLAN différents : il faut un routeur"
VLAN_REFUSE = "VLAN refusé par le commutateur physique"
SANS_LIEN = "aucun lien montant actif"

# 1. Le diagnostic de la configuration D'ORIGINE : la cause de chaque panne (une des trois
#    constantes ci-dessus).
causes = {
    ("web1", "web2"): ...,
    ("bdd1", "bdd2"): ...,
    ("sauv1", "sauv2"): ...,
    ("web1", "bdd1"): ...,
}

# 2. Corrigez ensuite donnees (plus haut) pour que web1 joigne web2, bdd1 joigne bdd2 et sauv1
#    joigne sauv2, puis exécutez à nouveau.
for a, b in causes:
    r = sc.reachability(a, b)
    print(f"{a} <-> {b} :", "joignables" if r.reachable else "NON joignables")
    for raison in r.reasons:
        print("    ", raison)
show(sc.report().to_table("matrix"))
