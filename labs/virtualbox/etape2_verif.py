"""Vérifications de l'étape 2 : les quatre modes réseau de VirtualBox."""

from hvlab.labs.checks import expect_var

# Manuel de VirtualBox, tableau des modes réseau (sans redirection de port) :
# NAT : la VM sort, rien n'entre ; pont : tout ; réseau privé hôte : hôte et VM entre elles ;
# réseau interne : les VM entre elles seulement.
TABLEAU = {
    "nat": {"hote_vers_vm": False, "vm_vers_lan": True, "lan_vers_vm": False, "vm_vers_vm": False},
    "bridged": {"hote_vers_vm": True, "vm_vers_lan": True, "lan_vers_vm": True, "vm_vers_vm": True},
    "hostonly": {
        "hote_vers_vm": True,
        "vm_vers_lan": False,
        "lan_vers_vm": False,
        "vm_vers_vm": True,
    },
    "intnet": {
        "hote_vers_vm": False,
        "vm_vers_lan": False,
        "lan_vers_vm": False,
        "vm_vers_vm": True,
    },
}
QUESTIONS = {
    "hote_vers_vm": "l'hôte ouvre-t-il une connexion vers la VM",
    "vm_vers_lan": "la VM joint-elle le réseau local",
    "lan_vers_vm": "le réseau local joint-il la VM",
    "vm_vers_vm": "deux VM du même mode se joignent-elles",
}
ATTENDUS = {1: "nat", 2: "bridged", 3: ("hostonly", "hostonlynet"), 4: "intnet"}


def _lire(sortie: str) -> dict[str, str]:
    config: dict[str, str] = {}
    for ligne in sortie.splitlines():
        cle, egal, valeur = ligne.partition("=")
        if egal:
            config[cle.strip().strip('"')] = valeur.strip().strip('"')
    return config


def check_vm(ns: dict[str, object]) -> None:
    """Les cartes de la VM"""
    sortie = expect_var(ns, "SORTIE")
    assert isinstance(sortie, str), "SORTIE doit rester une chaîne de caractères."
    config = _lire(sortie)
    assert "nic1" in config, (
        "SORTIE ne contient pas de ligne nic1=… : collez toute la sortie de « VBoxManage "
        "showvminfo debian-tp --machinereadable »."
    )
    commandes = {
        2: 'VBoxManage modifyvm debian-tp --nic2 bridged --bridgeadapter2 "votre carte"',
        3: "VBoxManage modifyvm debian-tp --nic3 hostonly --hostonlyadapter3 vboxnet0",
        4: "VBoxManage modifyvm debian-tp --nic4 intnet --intnet4 labo",
    }
    for carte, attendu in ATTENDUS.items():
        mode = config.get(f"nic{carte}", "none")
        permis = attendu if isinstance(attendu, tuple) else (attendu,)
        assert mode in permis, (
            f"La carte {carte} est en mode « {mode} », on attend « {permis[0]} »"
            + (f" : {commandes[carte]}." if carte in commandes else " : --nic1 nat.")
        )
    assert config.get("bridgeadapter2"), "La carte 2 est en pont, mais sur quelle carte physique ?"
    assert config.get("intnet4") == "labo", (
        f"La carte 4 est sur le réseau interne « {config.get('intnet4')} », on attend « labo »."
    )


def check_modes(ns: dict[str, object]) -> None:
    """Le dictionnaire des modes"""
    sortie = expect_var(ns, "SORTIE")
    config = _lire(str(sortie))
    modes = expect_var(ns, "modes")
    assert isinstance(modes, dict), f"« modes » devrait être un dictionnaire, pas {modes!r}."
    attendu = {n: config.get(f"nic{n}") for n in range(1, 5)}
    cles_texte = {str(k) for k in modes} == {"1", "2", "3", "4"}
    assert all(isinstance(k, int) for k in modes) or not cles_texte, (
        "Les clés de « modes » doivent être des entiers (1, 2, 3, 4)."
    )
    assert modes == attendu, f"« modes » vaut {modes!r} ; votre sortie dit {attendu!r}."


def check_joignabilite(ns: dict[str, object]) -> None:
    """Ce que chaque mode permet"""
    table = expect_var(ns, "joignabilite")
    assert isinstance(table, dict) and set(table) == set(TABLEAU), (
        "« joignabilite » doit garder ses quatre modes : nat, bridged, hostonly, intnet."
    )
    for mode, reponses in TABLEAU.items():
        donnees = table[mode]
        assert isinstance(donnees, dict), f"joignabilite[{mode!r}] devrait être un dictionnaire."
        for question, attendu in reponses.items():
            valeur = donnees.get(question, Ellipsis)
            assert valeur is not Ellipsis, (
                f"joignabilite[{mode!r}][{question!r}] vaut encore « ... » : True ou False ?"
            )
            assert valeur is attendu, (
                f"En mode {mode}, {QUESTIONS[question]} ? Vous répondez {valeur!r}, le manuel de "
                f"VirtualBox dit {attendu}."
            )
