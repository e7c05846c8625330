"""``hvlab serve``: run the graded-sessions server, and manage its teacher accounts (in French).

The server itself is in :mod:`hvlab.server` (extra ``[server]``); this module imports it only when
the command runs, so that ``hvlab --help`` works without it.
"""

from __future__ import annotations

__all__ = ["register"]

import argparse
import getpass
import os
import sys
from typing import Any

from hvlab.commands._options import add_quizzes_dir
from hvlab.errors import HvlabError


def register(groups: Any) -> None:
    """Add ``hvlab serve`` to the ``hvlab`` parser."""
    serve = groups.add_parser(
        "serve",
        help="lancer le serveur d'évaluations notées (les clés restent sur le serveur)",
        description="Serveur d'évaluations notées : les enseignants créent des évaluations à "
        "partir des quiz, les étudiants les passent dans leur navigateur, la correction se fait "
        "sur le serveur. Sans option, crée hvlab.db (SQLite) dans le dossier courant et écoute "
        "sur http://127.0.0.1:8080.",
        epilog="Premier compte : hvlab serve --create-teacher IDENTIFIANT. Guide : "
        "docs/guide/serveur.md.",
    )
    serve.add_argument(
        "--db",
        default="hvlab.db",
        metavar="ADRESSE",
        help="base de données : un fichier SQLite (par défaut : hvlab.db) ou une adresse "
        "postgresql://utilisateur@hôte/base",
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADRESSE_IP",
        help="adresse d'écoute (par défaut : 127.0.0.1)",
    )
    serve.add_argument("--port", type=int, default=8080, help="port d'écoute (par défaut : 8080)")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="nombre de processus (plusieurs processus : PostgreSQL conseillé)",
    )
    add_quizzes_dir(serve, "dossier des quiz")
    serve.add_argument(
        "--labs",
        default="labs",
        metavar="DOSSIER",
        help="dossier des TP qu'un cours peut lier comme TP notés par LTI (par défaut : labs/)",
    )
    serve.add_argument(
        "--site", default="", metavar="DOSSIER", help="site construit (mkdocs build) à servir aussi"
    )
    serve.add_argument(
        "--public-url",
        default="",
        metavar="URL",
        help="adresse publique, par exemple https://hvlab.lycee.fr (derrière un proxy TLS : "
        "cookies Secure, HSTS)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        metavar="IP",
        help="adresses du proxy dont les en-têtes X-Forwarded-* sont crus (par défaut : 127.0.0.1)",
    )
    serve.add_argument(
        "--join-limit",
        type=int,
        default=300,
        metavar="N",
        help="tentatives pour rejoindre une évaluation permises par adresse et par 5 minutes "
        "(par défaut : 300 ; une classe derrière le même routeur partage une adresse)",
    )
    serve.add_argument(
        "--timezone",
        default="Europe/Paris",
        help="fuseau horaire de l'établissement (par défaut : Europe/Paris)",
    )
    accounts = serve.add_argument_group("comptes enseignants (sans lancer le serveur)")
    accounts.add_argument(
        "--create-teacher",
        metavar="IDENTIFIANT",
        help="créer un compte enseignant (mot de passe demandé)",
    )
    accounts.add_argument("--name", default="", metavar="NOM", help="nom affiché du nouveau compte")
    accounts.add_argument(
        "--set-password", metavar="IDENTIFIANT", help="changer le mot de passe d'un compte"
    )
    accounts.add_argument(
        "--list-teachers", action="store_true", help="lister les comptes enseignants"
    )
    accounts.add_argument(
        "--admin",
        action="store_true",
        help="avec --create-teacher : le compte administre aussi hvlab (plateformes LTI, clés) ; "
        "le premier compte créé l'est toujours",
    )
    accounts.add_argument(
        "--grant-admin", metavar="IDENTIFIANT", help="faire d'un compte un administrateur"
    )
    accounts.add_argument(
        "--revoke-admin", metavar="IDENTIFIANT", help="retirer le rôle d'administrateur à un compte"
    )
    lti = serve.add_argument_group(
        "LTI 1.3 (plateformes comme Moodle ; sans lancer le serveur)",
        "Valeurs à recopier depuis les « Infos de configuration de l'outil » de Moodle.",
    )
    lti.add_argument("--add-platform", metavar="NOM", help="enregistrer une plateforme LTI")
    lti.add_argument(
        "--moodle",
        metavar="URL",
        help="adresse du Moodle : remplit l'identifiant de plateforme et les trois adresses",
    )
    lti.add_argument("--issuer", metavar="URL", help="identifiant de plateforme (issuer)")
    lti.add_argument("--client-id", metavar="ID", help="identifiant de client")
    lti.add_argument(
        "--deployment-id",
        metavar="ID",
        action="append",
        default=[],
        help="identifiant de déploiement (option répétable)",
    )
    lti.add_argument("--auth-url", metavar="URL", help="URL de requête d'authentification")
    lti.add_argument("--token-url", metavar="URL", help="URL du jeton d'accès")
    lti.add_argument("--jwks-url", metavar="URL", help="URL du jeu de clefs public")
    lti.add_argument("--list-platforms", action="store_true", help="lister les plateformes LTI")
    lti.add_argument(
        "--rotate-lti-key",
        action="store_true",
        help="changer la clé de signature de l'outil (l'ancienne reste publiée une semaine)",
    )
    serve.set_defaults(func=_serve)


def _settings(args: argparse.Namespace) -> Any:
    from hvlab.server.settings import Settings

    if args.workers < 1 or args.workers > 64:
        raise HvlabError(f"--workers doit être compris entre 1 et 64 (reçu {args.workers})")
    if not 1 <= args.join_limit <= 1_000_000:
        raise HvlabError(
            f"--join-limit doit être compris entre 1 et 1000000 (reçu {args.join_limit})"
        )
    if not 1 <= args.port <= 65535:
        raise HvlabError(f"--port doit être compris entre 1 et 65535 (reçu {args.port})")
    if args.site and not os.path.isfile(os.path.join(args.site, "index.html")):
        raise HvlabError(
            f"« {args.site} » n'est pas un site construit (pas de index.html) : lancez d'abord "
            "mkdocs build"
        )
    return Settings(
        database_url=args.db,
        quizzes_dir=args.quizzes,
        labs_dir=args.labs,
        site_dir=args.site,
        public_url=args.public_url,
        timezone=args.timezone,
        join_limit=args.join_limit,
    )


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Mot de passe : ")
        second = getpass.getpass("Mot de passe (encore) : ")
        if first != second:
            raise HvlabError("les deux mots de passe diffèrent")
        return first
    return sys.stdin.readline().rstrip("\n")


def _accounts(args: argparse.Namespace) -> int:
    import time

    from hvlab.server.passwords import check_new_password, hash_password
    from hvlab.server.store import IntegrityError, migrate, open_database
    from hvlab.server.store import accounts as store

    database = open_database(args.db, pool_size=1)
    try:
        migrate(database)
        if args.list_teachers:
            with database.transaction(write=False) as tx:
                teachers = store.list_teachers(tx)
            if not teachers:
                print("Aucun compte enseignant. Créez-en un : hvlab serve --create-teacher NOM")
            for teacher in teachers:
                state = "" if teacher.active else " (désactivé)"
                role = " (administrateur)" if teacher.is_admin else ""
                print(f"{teacher.username} — {teacher.display_name}{role}{state}")
            return 0
        if args.grant_admin or args.revoke_admin:
            name = args.grant_admin or args.revoke_admin
            with database.transaction() as tx:
                if not store.set_admin(tx, name, bool(args.grant_admin)):
                    raise HvlabError(
                        f"aucun compte « {name} » à mot de passe (un compte ouvert par une "
                        "plateforme LTI n'administre jamais hvlab)"
                    )
            print(
                f"« {name} » est maintenant administrateur."
                if args.grant_admin
                else f"« {name} » n'est plus administrateur."
            )
            return 0
        username = (args.create_teacher or args.set_password or "").strip()
        if not username or len(username) > 100 or any(ch.isspace() for ch in username):
            raise HvlabError("identifiant invalide : sans espace, 100 caractères au plus")
        if username.startswith("lti:"):
            raise HvlabError(
                "identifiant invalide : « lti: » est réservé aux comptes des plateformes"
            )
        password = _read_password()
        problem = check_new_password(password)
        if problem:
            raise HvlabError(problem)
        hashed = hash_password(password)
        with database.transaction() as tx:
            if args.create_teacher:
                first = not any(not t.from_lms for t in store.list_teachers(tx))
                try:
                    store.create_teacher(tx, username, args.name or username, hashed, time.time())
                except IntegrityError:
                    raise HvlabError(f"le compte « {username} » existe déjà") from None
                if first or args.admin:
                    store.set_admin(tx, username, True)
                    print(f"Compte enseignant « {username} » créé (administrateur).")
                else:
                    print(f"Compte enseignant « {username} » créé.")
            elif not store.set_password(tx, username, hashed):
                raise HvlabError(f"aucun compte « {username} »")
            else:
                print(f"Mot de passe de « {username} » changé.")
        return 0
    finally:
        database.close()


def _lti(args: argparse.Namespace) -> int:
    import time

    from hvlab.server.lti import keys, platforms
    from hvlab.server.lti.errors import LtiError
    from hvlab.server.store import migrate, open_database

    database = open_database(args.db, pool_size=1)
    try:
        migrate(database)
        with database.transaction() as tx:
            if args.rotate_lti_key:
                kid = keys.rotate(tx, time.time())
                print(
                    f"Nouvelle clé de signature LTI « {kid} » (l'ancienne reste publiée 7 jours)."
                )
                return 0
            if args.list_platforms:
                found = platforms.list_platforms(tx)
                if not found:
                    print(
                        "Aucune plateforme LTI. Enregistrez-en une : hvlab serve --add-platform …"
                    )
                for platform in found:
                    deployments = ", ".join(platform.deployment_ids)
                    print(
                        f"{platform.name} — {platform.issuer} (client {platform.client_id}, "
                        f"déploiements {deployments})"
                    )
                return 0
            values = {
                "name": args.add_platform,
                "issuer": args.issuer or "",
                "client_id": args.client_id or "",
                "deployment_ids": ",".join(args.deployment_id),
                "auth_url": args.auth_url or "",
                "token_url": args.token_url or "",
                "jwks_url": args.jwks_url or "",
            }
            if args.moodle:
                values.update(platforms.moodle_endpoints(args.moodle))
            try:
                platform = platforms.register_platform(
                    tx, platforms.settings_from_values(values), time.time()
                )
            except LtiError as error:
                raise HvlabError(error.message[0].lower() + error.message[1:]) from None
            print(f"Plateforme « {platform.name} » enregistrée ({platform.issuer}).")
            return 0
    finally:
        database.close()


def _serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from hvlab.server.app import create_app
        from hvlab.server.settings import ENVIRONMENT_VARIABLE
        from hvlab.server.store import migrate, open_database
    except ImportError:
        raise HvlabError(
            "le serveur a besoin de paquets supplémentaires : pip install 'hvlab[server]'"
        ) from None
    if (
        args.create_teacher
        or args.set_password
        or args.list_teachers
        or args.grant_admin
        or args.revoke_admin
    ):
        return _accounts(args)
    if args.add_platform or args.list_platforms or args.rotate_lti_key:
        return _lti(args)
    settings = _settings(args)
    database = open_database(settings.database_url, pool_size=1)
    migrate(database)
    database.close()
    where = f"http://{args.host}:{args.port}"
    print(f"Serveur d'évaluations sur {where} (base : {settings.database_url}).")
    print(f"Enseignants : {where}/enseignant/ — étudiants : {where}/rejoindre")
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "proxy_headers": True,
        "forwarded_allow_ips": args.forwarded_allow_ips,
        "log_level": "info",
        "server_header": False,
        # A student's page saves every few seconds: keep its connection open between saves
        # (uvicorn's default of 5 s closes it, and a save racing the close fails and is retried).
        "timeout_keep_alive": 75,
    }
    if args.workers == 1:
        uvicorn.run(create_app(settings), **options)
    else:
        os.environ[ENVIRONMENT_VARIABLE] = settings.to_environment()
        uvicorn.run(
            "hvlab.server.app:app_from_environment", factory=True, workers=args.workers, **options
        )
    return 0
