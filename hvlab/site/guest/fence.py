"""The ``guest`` fence: puts the guest machine (its console and buttons) in a page.

In ``mkdocs.yml`` (``pymdownx.superfences`` custom fence)::

    - name: guest
      class: hvlab-guest
      format: !!python/name:hvlab.site.guest.fence.format_guest

On a page::

    ```guest
    id: invite     # optional: the name the labs' checks use (console-invite.txt)
    ```

The fence renders, at build time, a short description of the machine (read from the built
image's manifest) and the attributes the browser side (``hvlab/site/js/guest/``) needs: the
image's folder in the site, the machine's settings, and the console text that was on screen
when the state was saved. Without a built image, the page reports it (a warning naming the page,
fatal under ``mkdocs build --strict``) and shows an error box.
"""

from __future__ import annotations

__all__ = ["DEFAULT_ID", "GUEST_DIR", "copy_guest_image", "format_guest", "guest_html"]

import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

from hvlab.site.embed import EmbedContext
from hvlab.site.fences import FenceProblem, fence_formatter
from hvlab.site.guest.image import IMAGE_FILES, GuestImage, ImageError, load_image

#: Where the asset step leaves the built image, relative to the project folder.
GUEST_DIR = "build/guest"
#: Name of a guest block without ``id``.
DEFAULT_ID = "invite"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _guest(body: dict[str, Any], context: EmbedContext) -> str:
    guest_id = str(body.get("id", DEFAULT_ID))
    if not _ID.match(guest_id):
        raise FenceProblem(
            f"« id: {guest_id} » : l'identifiant d'une machine s'écrit en minuscules sans accent, "
            "chiffres et tirets (« invite », « machine-2 »).",
        )
    try:
        image = _image(context)
    except ImageError as error:
        raise FenceProblem(str(error)) from None
    return guest_html(image, guest_id)


#: Superfences formatter of the ``guest`` fence: its body is empty or ``id: <name>``; the machine's
#: HTML, or an error box when the fence or the image is wrong.
format_guest = fence_formatter(
    "guest",
    _guest,
    keys=frozenset({"id"}),
    shape="le bloc « guest » doit être vide ou contenir « id: <nom> » (« id: invite »).",
)


def guest_html(image: GuestImage, guest_id: str = DEFAULT_ID) -> str:
    """HTML of a guest machine for the browser side.

    Args:
        image: the built image.
        guest_id: the machine's name on the page.

    Returns:
        The HTML fragment.
    """
    manifest = image.manifest
    machine = manifest["machine"]
    state_mb = manifest["files"]["state"]["bytes"] / 1e6
    boot_mb = sum(manifest["files"][r]["bytes"] for r in ("bios", "kernel", "initrd")) / 1e6
    kernel = next((v for p, v in manifest["packages"].items() if p.startswith("linux-")), "")
    distribution = str(manifest["distribution"]).split(" (")[0]
    attrs = {
        "class": "hvlab-guest",
        "id": f"machine-{guest_id}",
        "data-guest": guest_id,
        "data-image": image.key[:16],
        "data-machine": json.dumps(machine, ensure_ascii=False),
        "data-banner": str(manifest.get("banner", "")),
        "data-prompt": str(manifest.get("prompt", "# ")),
    }
    attributes = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    about = (
        f"Un PC à un processeur x86 32 bits et {machine['memory_mib']} Mio de mémoire, émulé "
        "dans votre navigateur par v86 ; il fait tourner le noyau Linux "
        f"{html.escape(kernel.split('-')[0])} et les commandes de BusyBox de "
        f"{html.escape(distribution)}, sans réseau. « Démarrer » reprend la machine déjà "
        f"démarrée (état enregistré, {_mb(state_mb)} à télécharger la première fois) ; "
        "« Réinitialiser » la redémarre entièrement, BIOS puis noyau "
        f"({_mb(boot_mb)}), ce qui prend plusieurs dizaines de secondes."
    )
    return (
        f"<div {attributes}>"
        f'<p class="hvlab-guest-about">{about}</p>'
        '<div class="hvlab-guest-workspace"><noscript><p class="hvlab-guest-noscript">'
        "La machine invitée s'exécute dans le navigateur : activez JavaScript pour la "
        "démarrer.</p></noscript></div></div>"
    )


def copy_guest_image(root: Path, site_dir: Path) -> int:
    """Copy the built image (if any) into the site; returns the number of files copied."""
    try:
        image = load_image(root / GUEST_DIR)
    except ImageError:
        return 0
    target = site_dir / image.site_folder
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for name in IMAGE_FILES.values():
        source, destination = image.folder / name, target / name
        same = destination.is_file() and destination.stat().st_size == source.stat().st_size
        if not same or int(destination.stat().st_mtime) != int(source.stat().st_mtime):
            shutil.copy2(source, destination)
            copied += 1
    return copied


def _image(context: EmbedContext) -> GuestImage:
    cached = context.cache.get("guest-image")
    if cached is None:
        cached = load_image(context.root / GUEST_DIR)
        context.cache["guest-image"] = cached
    assert isinstance(cached, GuestImage)
    return cached


def _mb(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "\u00a0Mo"
