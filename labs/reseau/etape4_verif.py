"""Vérifications de l'étape 4 : prérequis de vMotion vers esx03, débit et durée de la copie."""

from hvlab.labs.checks import expect_close, expect_var
from hvlab.sim import MigrationResult, Scenario, VmkService, VMotionCheck

# À la main : le port vMotion de esx03 passe par une carte de 1 Gbit/s, celui de esx01 par une
# carte de 10 Gbit/s ; le plus lent fixe le débit : 1 Gbit/s = 125 Mo/s.
DEBIT_MB_S = 1 * 125.0
# La mémoire de web1 : 4 096 Mio = 4 096 × 1,048576 Mo.
MEMOIRE_MB = 4096 * 1.048576
PREMIERE_COPIE_S = MEMOIRE_MB / DEBIT_MB_S


def _scenario(ns: dict[str, object]) -> Scenario:
    sc = expect_var(ns, "sc")
    assert isinstance(sc, Scenario), "sc devrait rester le scénario construit par le code fourni."
    assert set(sc.hosts) == {"esx01", "esx02", "esx03"}, (
        f"Le cluster devrait compter esx01, esx02 et esx03, pas {', '.join(sc.hosts)}."
    )
    return sc


def check_stockage(ns: dict[str, object]) -> None:
    """Le datastore san-prod est présenté à esx03"""
    sc = _scenario(ns)
    store = sc.storage.datastores.get("san-prod")
    assert store is not None, "Le datastore san-prod a disparu : gardez son nom."
    assert store.visible_from("esx03"), (
        "esx03 ne voit pas san-prod : sur un SAN, on présente le LUN au nouvel hôte (ajoutez "
        "esx03 aux hôtes du datastore) ; vMotion déplace la mémoire, pas les disques."
    )
    assert sc.storage.datastores_of("web1") == ("san-prod",), (
        "Le disque de web1 doit rester sur san-prod, le datastore partagé."
    )


def check_port_vmotion(ns: dict[str, object]) -> None:
    """esx03 a un port VMkernel avec le service vMotion"""
    sc = _scenario(ns)
    ports = [
        p for p in sc.network.hosts["esx03"].vmkernel_ports if VmkService.VMOTION in p.services
    ]
    assert ports, (
        'Aucun port VMkernel de esx03 n\'a le service vMotion : ajoutez "vmotion" aux services '
        "de vmk1."
    )
    assert all(p.port_group == "vMotion" for p in ports), (
        "Le service vMotion doit être activé sur le port du groupe « vMotion » (vmk1, VLAN 40), "
        "pas sur celui de la gestion : on isole le trafic de vMotion."
    )


def check_groupe(ns: dict[str, object]) -> None:
    """Le groupe de ports « Web » existe sur esx03, sous ce nom exact"""
    sc = _scenario(ns)
    names = sc.network.port_group_names("esx03")
    assert "Web" in names, (
        f"Groupes de ports de esx03 : {', '.join(sorted(names))}. Il manque « Web » : le nom doit "
        "être exactement celui des autres hôtes, majuscule comprise."
    )
    located = sc.network.port_group("esx03", "Web")
    assert located is not None and located[1].vlan_id == 20, (
        "Le groupe « Web » de esx03 doit rester en VLAN 20, comme sur les autres hôtes."
    )


def check_evc(ns: dict[str, object]) -> None:
    """Les processeurs sont compatibles grâce à EVC"""
    sc = _scenario(ns)
    cpus = {name: sc.host_cpus.get(name) for name in sc.hosts}
    esx03 = cpus["esx03"]
    assert esx03 is not None and esx03.generation == "skylake", (
        "Les processeurs de esx03 sont des Skylake : on ne change pas le matériel en modifiant "
        "la configuration. Activez plutôt le mode EVC."
    )
    modes = {name: (cpu.evc_mode if cpu else "") for name, cpu in cpus.items()}
    assert len(set(modes.values())) == 1 and modes["esx03"], (
        "Modes EVC : "
        + ", ".join(f"{host} : {mode or 'aucun'}" for host, mode in sorted(modes.items()))
        + ". Donnez le même mode EVC (evc_mode) aux trois hôtes du cluster."
    )
    assert modes["esx03"] == "intel-skylake", (
        f"Mode EVC « {modes['esx03']} » : EVC aligne tous les hôtes sur la génération la plus "
        "ancienne du cluster, ici Skylake (« intel-skylake ») ; un processeur Skylake ne sait pas "
        "imiter un Cascade Lake, plus récent."
    )


def check_controle(ns: dict[str, object]) -> None:
    """Le contrôle de vMotion de web1 vers esx03"""
    controle = expect_var(ns, "controle")
    assert isinstance(controle, VMotionCheck), (
        f'controle devrait être le résultat de sc.check_vmotion("web1", "esx03"), pas {controle!r}.'
    )
    assert (controle.vm, controle.destination) == ("web1", "esx03"), (
        f"controle vérifie {controle.vm} vers {controle.destination}, on attend web1 vers esx03."
    )
    assert controle.eligible, "vMotion encore refusé : " + " ".join(controle.reasons)


def check_debit(ns: dict[str, object]) -> None:
    """Le débit du réseau vMotion et la durée de la première copie"""
    expect_close(
        expect_var(ns, "debit_mb_s"),
        DEBIT_MB_S,
        what="le débit vMotion (debit_mb_s)",
        unit="Mo/s",
        mistakes={
            1250: "c'est le débit de esx01 (10 Gbit/s) ; le plus lent des deux hôtes fixe le débit"
        },
    )
    expect_close(
        expect_var(ns, "premiere_copie_s"),
        PREMIERE_COPIE_S,
        what="la première copie (premiere_copie_s)",
        unit="s",
        mistakes={
            4096 / DEBIT_MB_S: "vous avez divisé des Mio par des Mo/s ; convertissez d'abord la "
            "mémoire en Mo (× 1,048576)",
            MEMOIRE_MB / 1250: "c'est la durée à 10 Gbit/s ; le réseau vMotion vers esx03 n'a "
            "que 1 Gbit/s",
        },
    )


def check_migration(ns: dict[str, object]) -> None:
    """La migration à chaud de web1"""
    sc = _scenario(ns)
    migration = expect_var(ns, "migration")
    assert isinstance(migration, MigrationResult), (
        f"migration devrait être le résultat de sc.vmotion(...), pas {migration!r}."
    )
    assert sc.host_of("web1") == "esx03", (
        f"web1 tourne sur {sc.host_of('web1')} : migrez-la vers esx03."
    )
    expect_close(migration.bandwidth_mb_s, DEBIT_MB_S, what="le débit de la migration", unit="Mo/s")
    expect_close(
        migration.dirty_rate_mb_s, 50, what="le taux de salissure de la migration", unit="Mo/s"
    )
    assert migration.total_time_s > PREMIERE_COPIE_S, (
        "La migration devrait durer plus que la première copie : il faut recopier les pages "
        "salies entre-temps."
    )
