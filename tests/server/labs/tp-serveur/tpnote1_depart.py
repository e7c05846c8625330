taille_go = 8
debit_gbit_s = 10

duree_s = ...
