"""The course built by Zensical (Material for MkDocs' successor) has the same quiz and lab pages.

Zensical reads ``mkdocs.yml`` and runs its Python-Markdown extensions, but no MkDocs plugin: the
hvlab extension renders quizzes and labs on its own, and ``python -m hvlab.site`` writes the
browser assets and the wheel afterwards. This test builds the course both ways for the same
address and compares every quiz, lab and guest-machine block of every page, byte for byte, and
what the pages load.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, ServedSite, require

_EMBED = re.compile(r'<div class="(?:hvlab-quiz|hvlab-lab|hvlab-guest)[" ]')
_DIV = re.compile(r"<(/?)div\b[^>]*>")
_ASSET = re.compile(r'(?:src|href)="(?:\./|(?:\.\./)+)?(assets/hvlab/[^"?#]+)"')


def embeds(html: str) -> list[str]:
    """The outer HTML of every quiz, lab and guest-machine block of a page, in order."""
    found = []
    for start in _EMBED.finditer(html):
        depth = 0
        for tag in _DIV.finditer(html, start.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                found.append(html[start.start() : tag.end()])
                break
    return found


def test_embeds_reads_nested_blocks_whole() -> None:
    html = '<p>x</p><div class="hvlab-lab" data-lab="a"><div><div></div></div>fin</div><div>n</div>'
    assert embeds(html) == ['<div class="hvlab-lab" data-lab="a"><div><div></div></div>fin</div>']


def _zensical_site(url: str) -> Path:
    require(
        importlib.util.find_spec("zensical") is not None,
        "Zensical is not installed (make setup-test installs it)",
    )
    site = ROOT / "build" / "zensical-test" / "site"
    shutil.rmtree(site, ignore_errors=True)
    env = {**os.environ, "HVLAB_SITE_URL": url, "HVLAB_SITE_DIR": str(site)}
    build = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    assert "hvlab :" not in build.stdout + build.stderr, "a quiz or a lab could not be rendered"
    finish = subprocess.run(
        [sys.executable, "-m", "hvlab.site", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finish.returncode == 0, finish.stderr
    return site


@pytest.mark.slow
def test_zensical_builds_the_same_quiz_and_lab_pages_as_mkdocs(served_site: ServedSite) -> None:
    zensical = _zensical_site(served_site.url)
    mkdocs = served_site.directory
    compared, differences, missing_assets = 0, [], []
    for page in sorted(mkdocs.rglob("index.html")):
        relative = page.relative_to(mkdocs)
        expected = embeds(page.read_text(encoding="utf-8"))
        if not expected:
            continue
        built = zensical / relative
        html = built.read_text(encoding="utf-8") if built.is_file() else ""
        compared += len(expected)
        if embeds(html) != expected:
            differences.append(relative.parent.as_posix())
        for asset in set(_ASSET.findall(html)):
            if not (zensical / asset).is_file():
                missing_assets.append(f"{relative.parent.as_posix()}: {asset}")
        loaded = set(_ASSET.findall(page.read_text(encoding="utf-8")))
        if loaded != set(_ASSET.findall(html)):
            differences.append(f"{relative.parent.as_posix()} (scripts or styles)")
    assert compared >= 20, f"only {compared} quiz and lab blocks found in the MkDocs build"
    assert differences == []
    assert missing_assets == []
    (wheel,) = (mkdocs / "assets" / "hvlab" / "wheels").glob("*.whl")
    assert (zensical / wheel.relative_to(mkdocs)).read_bytes() == wheel.read_bytes()


def test_finishing_a_missing_site_is_a_french_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hvlab.site", str(tmp_path / "absent")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "dossier du site introuvable" in result.stderr
    assert "Traceback" not in result.stderr
