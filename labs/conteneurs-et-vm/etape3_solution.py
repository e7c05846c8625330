N_APPS = 20
APP_GIO = 0.3  # mémoire d'une application (hypothèse)
SYSTEME_GIO = 1.0  # mémoire d'un système invité (hypothèse)
MICRO_VM_GIO = 5 / 1024  # surcoût d'une microVM Firecracker (moins de 5 Mio)

memoire_vm_gio = N_APPS * (APP_GIO + SYSTEME_GIO)
memoire_conteneurs_gio = SYSTEME_GIO + N_APPS * APP_GIO
rapport = memoire_vm_gio / memoire_conteneurs_gio
memoire_micro_vm_gio = SYSTEME_GIO + N_APPS * (APP_GIO + MICRO_VM_GIO)

print("En VM :", memoire_vm_gio, "Gio ; en conteneurs :", memoire_conteneurs_gio, "Gio")
print("Rapport :", rapport, "; en microVM :", memoire_micro_vm_gio, "Gio")
