import xml.etree.ElementTree as ET

# La sortie de « virsh dumpxml web1 » (remplacez-la par la vôtre si vous avez un hôte KVM).
SORTIE = """
"""

racine = ET.fromstring(SORTIE.strip()) if SORTIE.strip() else ET.Element("domain")

nom = ...
memoire_mio = ...
vcpu = ...
disques = ...
cartes = ...

print(nom, ":", memoire_mio, "Mio,", vcpu, "vCPU")
print("Disques :", disques)
print("Cartes :", cartes)
