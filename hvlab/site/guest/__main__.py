"""``python -m hvlab.site.guest build | update-pins``: build the guest image, refresh its pins."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hvlab.site.guest.image import ImageError, build_image, update_pins


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (French message on stderr when something fails)."""
    parser = argparse.ArgumentParser(
        prog="python -m hvlab.site.guest",
        description="Image de la machine invitée (paquets Debian i386, v86).",
    )
    parser.add_argument(
        "action",
        choices=["build", "update-pins"],
        help="build : construire l'image (ou la reprendre du cache) dans build/guest ; "
        "update-pins : épingler les versions actuelles des paquets Debian",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="dossier du projet")
    args = parser.parse_args(argv)
    try:
        if args.action == "build":
            image = build_image(args.root, args.root / "build" / "guest")
            print(f"Machine invitée : {image.folder} ({image.key[:16]}).")
        else:
            changes = update_pins()
            print("\n".join(changes) if changes else "Les épingles sont à jour.")
    except ImageError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
