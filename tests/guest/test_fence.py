"""The ``guest`` Markdown block: what it renders from a built image, and its errors."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest

from hvlab.site.embed import EmbedContext
from hvlab.site.guest.fence import copy_guest_image, format_guest
from hvlab.site.guest.image import IMAGE_FILES
from tests.site.fence_page import fence_markdown

MANIFEST: dict[str, Any] = {
    "key": "ab" * 32,
    "distribution": "Debian 12 (bookworm)",
    "packages": {"linux-image-6.1.0-50-686": "6.1.176-1", "busybox-static": "1:1.35.0"},
    "machine": {"memory_mib": 96, "vga_memory_kib": 256, "cmdline": "console=ttyS0"},
    "prompt": "invite:~# ",
    "banner": "Bonjour\r\ninvite:~# ",
    "files": {
        role: {"name": name, "bytes": 2_500_000 if role == "state" else 1000}
        for role, name in IMAGE_FILES.items()
    },
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "build" / "guest"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps(MANIFEST), encoding="utf-8")
    for name in IMAGE_FILES.values():
        (folder / name).write_bytes(name.encode())
    return tmp_path


def _render(root: Path, body: str) -> tuple[str, list[str]]:
    context = EmbedContext(root=root)
    md = fence_markdown(context, "guest", format_guest)
    return md.convert(f"```guest\n{body}```\n"), context.take_problems()


def test_block_carries_what_the_browser_needs(project: Path) -> None:
    page, problems = _render(project, "")
    assert not problems
    root = re.search(r'<div class="hvlab-guest"[^>]*>', page)
    assert root is not None
    attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', root.group(0)))
    assert attrs["data-guest"] == "invite" and attrs["id"] == "machine-invite"
    assert attrs["data-image"] == "ab" * 8
    assert json.loads(html.unescape(attrs["data-machine"]))["memory_mib"] == 96
    assert html.unescape(attrs["data-banner"]) == "Bonjour\r\ninvite:~# "
    assert "96 Mio de mémoire" in page and "2,5\u00a0Mo" in page
    assert "noyau Linux 6.1.176 et les commandes de BusyBox de Debian 12," in page
    assert "<noscript>" in page


def test_block_takes_a_machine_name(project: Path) -> None:
    page, problems = _render(project, "id: serveur-2\n")
    assert not problems and 'data-guest="serveur-2"' in page


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("nom: x\n", "clé(s) inconnue(s)"),
        ("id: Machine 1\n", "minuscules sans accent"),
        ("[1, 2]\n", "doit être vide"),
        ("id: [\n", "YAML valide"),
    ],
)
def test_wrong_blocks_are_reported(project: Path, body: str, message: str) -> None:
    page, problems = _render(project, body)
    assert len(problems) == 1 and message in problems[0]
    assert "hvlab-embed-error" in page


def test_without_an_image_the_page_says_how_to_build_it(tmp_path: Path) -> None:
    _, problems = _render(tmp_path, "")
    assert len(problems) == 1 and "make build" in problems[0]


def test_the_image_is_copied_under_its_key(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert copy_guest_image(project, site) == len(IMAGE_FILES)
    assert (site / "assets" / "guest" / ("ab" * 8) / "state.bin.gz").read_bytes() == b"state.bin.gz"
    assert copy_guest_image(project, site) == 0
    assert copy_guest_image(tmp_path / "nowhere", site) == 0
