"""Vérifications de l'étape 4 : Storage vMotion, agrandissement, vMotion après Storage vMotion."""

from hvlab.fr import significant
from hvlab.labs.checks import expect_close, expect_number, expect_type, expect_var
from hvlab.sim import MigrationResult, Scenario, StorageVMotionResult, VMotionCheck

# À la main. ci1 : disque épais de 100 Gio, copié à 200 Mo/s. 1 Gio = 2^30 octets et le débit
# compte des Mo de 10^6 octets : 1 Gio = 1 073,741824 Mo, soit 536,870912 s.
DUREE_S = 100 * 1073.741824 / 200
# Sur nfs-dev, après le départ de ci1 : 3 disques fins de 200 Gio et bdd1 (100 Gio).
PROVISIONNE_GIB = 3 * 200 + 100
ANCIEN_PROVISIONNE_GIB = PROVISIONNE_GIB + 100


def _scenario(ns: dict[str, object]) -> Scenario:
    return expect_type(ns, "sc", Scenario, "le scénario construit par le code fourni")


def check_storage_vmotion(ns: dict[str, object]) -> None:
    """Le Storage vMotion de ci1 libère nfs-dev"""
    sc = _scenario(ns)
    deplacement = expect_type(
        ns, "deplacement", StorageVMotionResult, "le résultat de sc.storage_vmotion(...)"
    )
    assert deplacement.vm == "ci1", (
        f"deplacement concerne {deplacement.vm} : la consigne demande de déplacer ci1, une VM "
        "qui tourne (dev2 et dev3 sont figées)."
    )
    assert deplacement.target == "san-prod", (
        f"ci1 est partie vers {deplacement.target}, on attend san-prod, le datastore vide."
    )
    assert sc.storage.datastores_of("ci1") == ("san-prod",), (
        f"Les disques de ci1 sont sur {', '.join(sc.storage.datastores_of('ci1'))}, on les attend "
        "sur san-prod."
    )
    paused = sc.storage.paused_vms
    assert not paused, (
        f"{', '.join(paused)} est encore en pause : la place libérée aurait dû la faire reprendre."
    )
    unites = "1 Gio vaut 2³⁰ octets, soit 1 073,741824 Mo de 10⁶ octets (ni 1 000 ni 1 024 Mo)"
    conversion = "convertissez les Gio en Mo (× 1 073,741824) et donnez des secondes"
    expect_close(
        expect_number(ns, "duree_copie_s"),
        DUREE_S,
        what="la durée de la copie (duree_copie_s)",
        unit="s",
        mistakes={
            100 * 1000 / 200: unites,
            100 * 1024 / 200: unites,
            100 / 200: conversion,
            DUREE_S / 60: conversion,
        },
    )


def check_agrandissement(ns: dict[str, object]) -> None:
    """L'agrandissement de nfs-dev"""
    sc = _scenario(ns)
    expect_close(
        expect_number(ns, "nouvelle_capacite_gib"),
        PROVISIONNE_GIB,
        what="la nouvelle capacité (nouvelle_capacite_gib)",
        unit="Gio",
        mistakes={
            ANCIEN_PROVISIONNE_GIB: ("ci1 n'est plus sur nfs-dev, ses 100 Gio ne comptent plus")
        },
    )
    capacity = sc.storage.capacity_gib("nfs-dev")
    assert abs(capacity - PROVISIONNE_GIB) < 1e-6, (
        f"nfs-dev a une capacité de {significant(capacity, 6)} Gio : appelez "
        'sc.storage.grow_datastore("nfs-dev", nouvelle_capacite_gib).'
    )
    ratio = sc.storage.overcommit_ratio("nfs-dev")
    assert ratio <= 1 + 1e-9, (
        f"Le surengagement de nfs-dev vaut {significant(ratio, 6)} : il ne devrait plus "
        "dépasser 1 (a-t-on remis un disque sur nfs-dev ?)."
    )


def check_vmotion(ns: dict[str, object]) -> None:
    """outils1 : vMotion refusé, puis possible après un Storage vMotion"""
    sc = _scenario(ns)
    avant = expect_type(ns, "controle_avant", VMotionCheck, "le résultat de sc.check_vmotion(...)")
    assert (avant.vm, avant.destination) == ("outils1", "esx02"), (
        f"controle_avant vérifie {avant.vm} vers {avant.destination} ; on attend outils1 vers "
        "esx02."
    )
    assert not avant.eligible and avant.needs_storage_vmotion, (
        "controle_avant devrait montrer un vMotion refusé faute de stockage partagé : "
        "contrôlez AVANT de déplacer les disques d'outils1."
    )
    apres = expect_var(ns, "controle_apres")
    assert isinstance(apres, VMotionCheck) and apres.vm == "outils1", (
        f'controle_apres devrait être sc.check_vmotion("outils1", "esx02"), pas {apres!r}.'
    )
    assert apres.eligible, "controle_apres refuse encore le vMotion : " + " ".join(apres.reasons)
    stores = sc.storage.datastores_of("outils1")
    assert stores == ("san-prod",), (
        f"Les disques d'outils1 sont sur {', '.join(stores)} : déplacez-les vers san-prod "
        "(nfs-dev est déjà réservé aux VM de développement)."
    )
    expect_type(ns, "migration", MigrationResult, "le résultat de sc.vmotion(...)")
    assert sc.host_of("outils1") == "esx02", (
        f"outils1 tourne encore sur {sc.host_of('outils1')} : migrez-la avec "
        'sc.vmotion("outils1", "esx02", ...).'
    )
