"""Vérifications de l'étape 1 : une VM créée avec VBoxManage, lue dans showvminfo."""

from hvlab.labs.checks import expect_var

_EXEMPLE = 'name="vm test"\nmemory=512\n"SATA-0-0"="/tmp/a.vdi"\n\nfirmware="BIOS"\n'


def _lire(sortie: str) -> dict[str, str]:
    """Independent reading of « showvminfo --machinereadable »: key=value, quotes removed."""
    config: dict[str, str] = {}
    for ligne in sortie.splitlines():
        cle, egal, valeur = ligne.partition("=")
        if egal:
            config[cle.strip().strip('"')] = valeur.strip().strip('"')
    return config


def _sortie(ns: dict[str, object]) -> dict[str, str]:
    sortie = expect_var(ns, "SORTIE")
    assert isinstance(sortie, str), 'SORTIE doit rester une chaîne de caractères (entre """).'
    config = _lire(sortie)
    assert "name" in config and "memory" in config, (
        "SORTIE ne ressemble pas à la sortie de « VBoxManage showvminfo debian-tp "
        "--machinereadable » : collez-la en entier entre les triples guillemets (elle commence "
        'par name="debian-tp").'
    )
    return config


def check_lire(ns: dict[str, object]) -> None:
    """La fonction lire"""
    fonction = expect_var(ns, "lire")
    assert callable(fonction), "« lire » devrait rester une fonction."
    obtenu = fonction(_EXEMPLE)
    attendu = _lire(_EXEMPLE)
    assert isinstance(obtenu, dict), f"lire(...) renvoie {obtenu!r}, pas un dictionnaire."
    assert obtenu, "lire(...) renvoie un dictionnaire vide : lisez chaque ligne « clé=valeur »."
    guillemets = '"SATA-0-0"' in obtenu or any(
        v.startswith('"') for v in obtenu.values() if isinstance(v, str)
    )
    assert not guillemets, (
        "lire(...) garde des guillemets : retirez-les de la clé et de la valeur avec .strip('\"')."
    )
    assert obtenu == attendu, f"lire(...) renvoie {obtenu!r} ; on attend {attendu!r}."
    config = _sortie(ns)
    assert fonction(str(ns["SORTIE"])) == config, (
        "lire(SORTIE) ne lit pas toute votre sortie : vérifiez les lignes dont la valeur contient "
        "un signe = ou des espaces."
    )


def check_valeurs(ns: dict[str, object]) -> None:
    """Les réglages extraits"""
    config = _sortie(ns)
    attendus: dict[str, object] = {
        "memoire_mio": int(config["memory"]),
        "vcpu": int(config.get("cpus", "1")),
        "micrologiciel": config.get("firmware"),
        "disque": config.get("SATA-0-0"),
    }
    for nom, attendu in attendus.items():
        valeur = expect_var(ns, nom)
        assert nom not in ("memoire_mio", "vcpu") or not isinstance(valeur, str), (
            f"« {nom} » vaut {valeur!r} : convertissez-le en entier avec int(...)."
        )
        assert valeur == attendu, f"« {nom} » vaut {valeur!r} ; votre sortie dit {attendu!r}."


def check_vm(ns: dict[str, object]) -> None:
    """La VM elle-même"""
    config = _sortie(ns)
    assert config["name"] == "debian-tp", (
        f"La VM s'appelle « {config['name']} » : le TP attend « debian-tp »."
    )
    assert int(config["memory"]) == 2048, (
        f"La VM a {config['memory']} Mio de mémoire : VBoxManage modifyvm debian-tp --memory 2048."
    )
    assert config.get("cpus") == "2", (
        f"La VM a {config.get('cpus', '1')} vCPU : VBoxManage modifyvm debian-tp --cpus 2."
    )
    assert config.get("firmware") == "EFI", (
        f"Le micrologiciel est « {config.get('firmware')} » : VBoxManage modifyvm debian-tp "
        "--firmware efi."
    )
    disque = config.get("SATA-0-0", "none")
    assert disque != "none", (
        "Aucun disque sur le port 0 du contrôleur SATA : VBoxManage storageattach debian-tp "
        "--storagectl SATA --port 0 --device 0 --type hdd --medium debian-tp.vdi."
    )
    assert disque.lower().endswith((".vdi", ".vmdk", ".vhd", ".vhdx")), (
        f"Le port SATA 0 porte « {disque} », qui n'est pas un disque virtuel (.vdi attendu)."
    )
    assert config.get("nic1") == "nat", (
        f"La carte 1 est en mode « {config.get('nic1')} » : VBoxManage modifyvm debian-tp "
        "--nic1 nat."
    )
