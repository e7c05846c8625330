"""Vérifications de l'étape 4 : la chaîne de snapshots d'une VM VirtualBox."""

from hvlab.labs.checks import expect_close, expect_var


def _lire(sortie: str) -> dict[str, str]:
    config: dict[str, str] = {}
    for ligne in sortie.splitlines():
        cle, egal, valeur = ligne.partition("=")
        if egal:
            config[cle.strip().strip('"')] = valeur.strip().strip('"')
    return config


def _chaine(config: dict[str, str]) -> list[str]:
    """Names from the root snapshot to the current one, following CurrentSnapshotNode."""
    noeud = config["CurrentSnapshotNode"]
    morceaux = noeud.split("-")
    return [config["-".join(morceaux[: i + 1])] for i in range(len(morceaux))]


def _arbre(ns: dict[str, object]) -> tuple[dict[str, str], list[str]]:
    sortie = expect_var(ns, "SORTIE")
    assert isinstance(sortie, str), "SORTIE doit rester une chaîne de caractères."
    config = _lire(sortie)
    assert "SnapshotName" in config and "CurrentSnapshotNode" in config, (
        "SORTIE ne ressemble pas à la sortie de « VBoxManage snapshot debian-tp list "
        "--machinereadable » (lignes SnapshotName=… et CurrentSnapshotNode=…). Si la commande "
        "répond « This machine does not have any snapshots », prenez d'abord les snapshots."
    )
    return config, _chaine(config)


def check_vm(ns: dict[str, object]) -> None:
    """Les snapshots de la VM"""
    config, chaine = _arbre(ns)
    noms = [v for k, v in config.items() if k.startswith("SnapshotName")]
    for attendu in ("installation", "avant-maj", "apres-maj"):
        assert attendu in noms, (
            f"Il n'y a pas de snapshot « {attendu} » : "
            f"VBoxManage snapshot debian-tp take {attendu}."
        )
    assert len(chaine) >= 3, (
        f"La chaîne jusqu'au snapshot courant n'a que {len(chaine)} snapshot(s) : prenez les trois "
        "snapshots l'un après l'autre, sans en restaurer un entre-temps."
    )


def check_chaine(ns: dict[str, object]) -> None:
    """La chaîne, le snapshot courant, les fichiers traversés"""
    config, attendue = _arbre(ns)
    chaine = expect_var(ns, "chaine")
    assert isinstance(chaine, list), f"« chaine » devrait être une liste de noms, pas {chaine!r}."
    assert list(reversed(chaine)) != attendue or chaine == attendue, (
        "« chaine » est à l'envers : de la racine vers le snapshot courant."
    )
    assert chaine == attendue, (
        f"« chaine » vaut {chaine!r} ; en suivant {config['CurrentSnapshotNode']} depuis la "
        f"racine, on attend {attendue!r}."
    )
    courant = expect_var(ns, "courant")
    assert courant == config["CurrentSnapshotName"], (
        f"« courant » vaut {courant!r} ; votre sortie dit {config['CurrentSnapshotName']!r}."
    )
    expect_close(
        expect_var(ns, "fichiers_disque"),
        len(attendue) + 1,
        what="fichiers_disque",
        rel_tol=0,
        abs_tol=0,
        mistakes={len(attendue): "n'oubliez pas le disque de base, sous le premier snapshot"},
        common=(),
        hint="le disque de base et un disque de différences par snapshot de la chaîne",
    )
