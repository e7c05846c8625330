"""What a build keeps for the next one: the build cache and, under ``mkdocs serve``, the pages.

The rebuild test drives MkDocs as ``mkdocs serve`` does (the plugins told ``serve`` at start-up,
then one ``build`` per edit with a freshly loaded configuration), on a copy of the course, and
compares the result with the site the rest of the suite uses, built by ``mkdocs build``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hvlab.site.cache import BuildCache, code_fingerprint
from tests.conftest import ROOT, ServedSite


def test_a_value_is_computed_once_then_read_from_memory_and_from_disk(tmp_path: Path) -> None:
    calls: list[int] = []

    def make() -> str:
        calls.append(1)
        return "<div>quiz</div>"

    cache = BuildCache(tmp_path, code="v1")
    key = cache.key(b"source")
    assert cache.text("quiz", key, make) == "<div>quiz</div>"
    assert cache.text("quiz", key, make) == "<div>quiz</div>"
    later = BuildCache(tmp_path, code="v1")
    assert later.text("quiz", later.key(b"source"), make) == "<div>quiz</div>"
    assert len(calls) == 1
    assert later.computed == 0


def test_the_key_follows_the_inputs_bytes_and_the_code(tmp_path: Path) -> None:
    quiz = tmp_path / "quiz.yaml"
    quiz.write_text("title: A\n", encoding="utf-8")
    cache = BuildCache(None, code="v1")
    first = cache.key("quiz", quiz)
    assert cache.key("quiz", quiz) == first
    quiz.write_text("title: B\n", encoding="utf-8")
    assert cache.key("quiz", quiz) != first
    quiz.write_text("title: A\n", encoding="utf-8")
    os.utime(quiz, (time.time() + 60, time.time() + 60))
    assert cache.key("quiz", quiz) == first, "a date alone must not change the key"
    assert BuildCache(None, code="v2").key("quiz", quiz) != first


def test_a_folder_key_sees_an_added_file_but_not_where_the_project_lies(tmp_path: Path) -> None:
    cache = BuildCache(None, code="v1")
    for name in ("a", "b"):
        (tmp_path / name / "lab").mkdir(parents=True)
        (tmp_path / name / "lab" / "lab.yaml").write_text("id: x\n", encoding="utf-8")
    assert cache.key(tmp_path / "a" / "lab") == cache.key(tmp_path / "b" / "lab")
    (tmp_path / "b" / "lab" / "etape2.md").write_text("Texte\n", encoding="utf-8")
    assert cache.key(tmp_path / "a" / "lab") != cache.key(tmp_path / "b" / "lab")


def test_data_reads_the_same_whether_computed_or_found(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, code="v1")
    key = cache.key(b"lab")
    computed = cache.data("lab", key, lambda: {"steps": ("a", "b")})
    found = BuildCache(tmp_path, code="v1").data("lab", key, lambda: None)
    assert computed == found == {"steps": ["a", "b"]}


def test_an_unreadable_entry_is_computed_again(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, code="v1")
    key = cache.key(b"lab")
    cache.data("lab", key, lambda: {"id": 1})
    (tmp_path / "lab" / f"{key}.json").write_text("{tronqué", encoding="utf-8")
    assert BuildCache(tmp_path, code="v1").data("lab", key, lambda: {"id": 2}) == {"id": 2}


def test_an_error_is_not_kept(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, code="v1")
    key = cache.key(b"quiz")

    def broken() -> str:
        raise ValueError("quiz invalide")

    with pytest.raises(ValueError):
        cache.text("quiz", key, broken)
    assert cache.text("quiz", key, lambda: "ok") == "ok"


def test_prune_removes_entries_unused_for_a_week(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, code="v1")
    old, recent = cache.key(b"old"), cache.key(b"recent")
    cache.text("quiz", old, lambda: "old")
    cache.text("quiz", recent, lambda: "recent")
    eight_days_ago = time.time() - 8 * 24 * 3600
    os.utime(tmp_path / "quiz" / f"{old}.txt", (eight_days_ago, eight_days_ago))
    assert cache.prune() == 1
    assert [p.stem for p in (tmp_path / "quiz").iterdir()] == [recent]


def test_code_fingerprint_covers_the_package_sources(tmp_path: Path) -> None:
    package = tmp_path / "hvlab"
    package.mkdir()
    (package / "__init__.py").write_text("x = 1\n", encoding="utf-8")
    first = code_fingerprint(package)
    (package / "__init__.py").write_text("x = 2\n", encoding="utf-8")
    assert code_fingerprint(package) != first


_SERVE = """
import json, logging, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

site, edited, text = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
original = edited.read_text(encoding="utf-8")
config = load_config(site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)
counts = []
for step in ("first", "edited", "reverted"):
    if step == "edited":
        edited.write_text(original.replace("\\n\\n", text + "\\n\\n", 1), encoding="utf-8")
    elif step == "reverted":
        edited.write_text(original, encoding="utf-8")
    if step != "first":
        config = load_config(site_dir=site)
    build(config, serve_url=config.site_url)
    cache = config.plugins["hvlab"].page_cache
    counts.append({"step": step, "reused": cache.reused, "rendered": cache.rendered})
    if step == "edited":
        page = Path(site, "chapitres", "03-hyperviseur", "index.html").read_text(encoding="utf-8")
        counts[-1]["shows_edit"] = text in page
print(json.dumps(counts))
"""


@pytest.mark.slow
def test_serve_rebuilds_only_the_edited_page_and_ends_with_the_same_site(
    tmp_path: Path, served_site: ServedSite
) -> None:
    project = tmp_path / "projet"
    project.mkdir()
    for name in ("docs", "quizzes", "labs"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for entry in ROOT.iterdir():  # code, assets, templates…: linked
        if not (project / entry.name).exists() and entry.name not in (".git", "site"):
            (project / entry.name).symlink_to(entry)
    site = tmp_path / "site"
    edit = " Phrase ajoutée par le test."
    result = subprocess.run(
        [sys.executable, "-c", _SERVE, str(site), "docs/chapitres/03-hyperviseur.md", edit],
        cwd=project,
        env={**os.environ, "HVLAB_SITE_URL": served_site.url, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    first, edited, reverted = json.loads(result.stdout.splitlines()[-1])
    pages = first["rendered"]
    assert first == {"step": "first", "reused": 0, "rendered": pages}
    assert edited == {"step": "edited", "reused": pages - 1, "rendered": 1, "shows_edit": True}
    assert reverted["reused"] == pages - 1
    fresh = {p.relative_to(served_site.directory) for p in served_site.directory.rglob("*")}
    rebuilt = {p.relative_to(site) for p in site.rglob("*")}
    assert rebuilt == fresh
    different = [
        path.as_posix()
        for path in sorted(fresh)
        if (served_site.directory / path).is_file()
        and (served_site.directory / path).read_bytes() != (site / path).read_bytes()
    ]
    assert different == []
