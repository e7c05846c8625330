DISQUE_GIO = 2048
CHANGEMENT = 0.03  # part des blocs modifiés chaque jour
DEBIT_MO_S = 500
SEMAINES = 4
GO_PAR_GIO = 2**30 / 1e9  # 1,073741824

complete_go = DISQUE_GIO * GO_PAR_GIO
duree_complete_s = complete_go * 1000 / DEBIT_MO_S
incrementale_go = complete_go * CHANGEMENT
duree_incrementale_s = incrementale_go * 1000 / DEBIT_MO_S
volume_semaine_go = complete_go + 6 * incrementale_go
stockage_go = SEMAINES * volume_semaine_go

print("Complète :", duree_complete_s, "s ; incrémentale :", duree_incrementale_s, "s")
print("Par semaine :", volume_semaine_go, "Go ; pour", SEMAINES, "semaines :", stockage_go, "Go")
