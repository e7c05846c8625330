from hvlab import show
from hvlab.labs.examples import example_data
from hvlab.sim import scenario_from_dict

# La configuration du réseau, telle que l'équipe précédente l'a laissée (le fichier d'exemple
# labs/scenarios/tp-reseau.yaml), sous forme de dictionnaire : print(donnees) l'affiche en entier.
donnees = example_data("tp-reseau")
sc = scenario_from_dict(donnees)
rapport = sc.report()

# 1. Le schéma du réseau : un diagramme Mermaid produit par le scénario.
schema = ...
show(schema, title="Le réseau du cluster")

# 2. Le VLAN dans lequel voyagent les trames de chaque VM une fois sorties de son vSwitch
#    (un nombre entre 1 et 4094 ; lisez le schéma et la configuration donnees).
vlans = {"web1": ..., "web2": ..., "bdd1": ..., "sauv1": ..., "sonde": ...}

# 3. Les paires de VM qui se joignent, d'après le rapport : une liste de tuples (vm_a, vm_b).
joignables = ...

show(rapport.to_table("matrix"))
print("Paires joignables :", joignables)
