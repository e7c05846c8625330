"""Étape 1 : le matériel que voit l'invité."""

from hvlab.guest import console, last_output

texte = console()
cpuinfo = last_output(texte, "cat /proc/cpuinfo")
meminfo = last_output(texte, "cat /proc/meminfo")
pci = last_output(texte, "lspci")
print(pci)

# Le modèle du processeur (ligne « model name » de /proc/cpuinfo).
modele = ""
for ligne in cpuinfo.splitlines():
    if ligne.startswith("model name"):
        modele = ligne.split(":", 1)[1].strip()

# La mémoire que gère le noyau, en Mio (ligne « MemTotal » de /proc/meminfo, en Kio).
memoire_mio = 0.0
for ligne in meminfo.splitlines():
    if ligne.startswith("MemTotal"):
        memoire_mio = int(ligne.split()[1]) / 1024

# Le nombre de périphériques PCI (une ligne par périphérique dans la sortie de lspci).
nb_pci = len(pci.splitlines())

print("Processeur :", modele)
print("Mémoire :", memoire_mio, "Mio")
print("Périphériques PCI :", nb_pci)
