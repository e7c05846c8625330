"""``python -m hvlab.site SITE_DIR``: finish a site built by Zensical (assets, wheel).

See :mod:`hvlab.site.finish`. A problem is told in French, without a traceback (exit status 2).
A maintenance command of the build, like ``python -m hvlab.site.guest``: plain argparse (the
site layer does not import the command line's, see docs/guide/architecture.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hvlab.site.cache import BuildCache
from hvlab.site.embed import EmbedContext
from hvlab.site.finish import SiteError, finish_site
from hvlab.site.lab_build import finish_labs


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m hvlab.site",
        description=(
            "Termine un site construit par Zensical : copie les ressources du navigateur "
            "(Pyodide, Mermaid, scripts des quiz et des TP) et écrit le paquet Python des TP."
        ),
    )
    parser.add_argument("site_dir", type=Path, help="dossier du site construit")
    parser.add_argument(
        "--racine", type=Path, default=Path("."), help="dossier du projet (par défaut : .)"
    )
    args = parser.parse_args(argv)
    root = args.racine.resolve()
    cache = BuildCache(root / "build" / "cache")
    try:
        finished = finish_site(
            args.site_dir.resolve(),
            node_modules=root / "node_modules",
            built_assets=root / "build" / "assets",
            cache=cache,
        )
    except SiteError as error:
        print(f"hvlab : {error}", file=sys.stderr)
        return 2
    finish_labs(
        args.site_dir.resolve(),
        wheel=finished.wheel,
        node_modules=root / "node_modules",
        context=EmbedContext(root=root, build_cache=cache),
        cache=cache,
    )
    print(
        f"Site terminé : {finished.copied} ressources copiées, "
        f"paquet des TP {finished.wheel.relative_to(args.site_dir.resolve())}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
