"""The built site references no asset on another host (script, link, img, font, import)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import ServedSite

_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)
_JS_IMPORT = re.compile(
    r"""(?:\bimport\s*\(\s*|\bimport\s[^'"]*?\bfrom\s*|\bimport\s*|importScripts\(\s*)"""
    r"""['"]((?:https?:)?//[^'"]+)['"]"""
)
_ASSET_ATTRIBUTES = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "track": ("src",),
}


class _AssetCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = _ASSET_ATTRIBUTES.get(tag, ())
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") in {"canonical", "alternate"}:
            return
        for name in names:
            value = values.get(name) or ""
            for candidate in value.split(","):
                if _EXTERNAL.match(candidate.strip()):
                    self.external.append(f"<{tag} {name}={value!r}>")
        style = values.get("style") or ""
        self.external.extend(_CSS_URL.findall(style))


def external_assets(site: Path) -> list[str]:
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            collector = _AssetCollector()
            collector.feed(path.read_text(encoding="utf-8"))
            found += [f"{path.relative_to(site)}: {ref}" for ref in collector.external]
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(site)}: {u}" for u in _CSS_URL.findall(text)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {u}" for u in _CSS_URL.findall(text)]
        elif path.suffix in {".js", ".mjs"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {u}" for u in _JS_IMPORT.findall(text)]
    return found


def test_built_site_has_no_asset_on_another_host(served_site: ServedSite) -> None:
    assert external_assets(served_site.directory) == []


def test_scanner_catches_every_kind_of_external_reference(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/css">'
        '<img src="http://img.example.org/i.png">'
        '<a href="https://example.org/">a plain link is fine</a>',
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text(
        "@font-face{src:url(https://fonts.example.org/f.woff2)}", encoding="utf-8"
    )
    (tmp_path / "c.mjs").write_text('import x from "https://esm.example.org/m.js";', "utf-8")
    found = external_assets(tmp_path)
    assert len(found) == 5, found


def test_site_ships_pyodide_and_mermaid_but_not_unused_npm_files(served_site: ServedSite) -> None:
    vendor = served_site.directory / "assets" / "vendor"
    assert (vendor / "pyodide" / "pyodide.asm.wasm").is_file()
    assert (vendor / "pyodide" / "pyodide-lock.json").is_file()
    assert (vendor / "mermaid" / "mermaid.min.js").is_file()
    assert not list(vendor.rglob("*.map"))
    assert not list(vendor.rglob("*.d.ts"))
    assert not (served_site.directory / "node_modules").exists()
