"""French search: accents and plurals ignored in the index (Python) and in the query (JavaScript).

``fold`` exists twice, in hvlab/site/search.py (the index, at build time) and in
hvlab/site/js/search/query.js (the query, in the browser); the vectors below hold them equal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hvlab.site.search import (
    WORKER_BUNDLE,
    add_folded_fields,
    fold,
    folded_words,
    install_french_search,
)
from tests.conftest import ROOT, ServedSite
from tests.nodejs import Call, call_module

HARNESS = ROOT / "tests" / "site" / "search_harness.mjs"

#: (text, the text as French is written without accents), by hand.
FOLD_VECTORS = [
    ("mémoire", "memoire"),
    ("Instantané", "instantane"),
    ("HÔTE", "hote"),
    ("cœur", "coeur"),
    ("Œuvre", "oeuvre"),
    ("ex æquo", "ex aequo"),
    ("naïve", "naive"),
    ("ça, où, là", "ca, ou, la"),
    ("Noël à l'île", "noel a l'ile"),
    ("ÉTÉ", "ete"),
    ("über", "uber"),
    ("serveur 1 000", "serveur 1 000"),
    ("", ""),
]


def test_python_folds_each_vector() -> None:
    assert [fold(text) for text, _ in FOLD_VECTORS] == [plain for _, plain in FOLD_VECTORS]


def test_javascript_folds_every_vector_like_python() -> None:
    outcomes = call_module(HARNESS, [Call("fold", [text]) for text, _ in FOLD_VECTORS])
    assert [o.value for o in outcomes] == [fold(text) for text, _ in FOLD_VECTORS]


@pytest.mark.parametrize(
    ("query", "accents_only", "with_stems"),
    [
        ("mémoire", "mémoire memoire", "mémoire memoire"),
        ("Serveurs", "serveurs", "serveurs serveur"),
        ("réseaux  virtuels", "réseaux reseaux virtuels", "réseaux reseaux virtuels virtuel"),
        ("vm", "vm", "vm"),
        ('"migration à chaud"', '"migration à chaud"', '"migration à chaud"'),
        ("+hôte -esxi", "+hôte -esxi", "+hôte -esxi"),
    ],
)
def test_a_query_is_searched_with_and_without_accents_and_by_its_stem(
    query: str, accents_only: str, with_stems: str
) -> None:
    plain, stemmed = call_module(
        HARNESS, [Call("expandAccentsOnly", [query]), Call("expandWithPluralStemmer", [query])]
    )
    assert (plain.value, stemmed.value) == (accents_only, with_stems)


@pytest.mark.parametrize(
    ("html", "forms", "marked_html", "marked"),
    [
        (
            "La mémoire de l'hôte",
            ["memoire", "memoir"],
            "La <mark>mémoire</mark> de l'hôte",
            ["mémoire"],
        ),
        (
            "<p>Mémoires et hôtes</p>",
            ["memoir"],
            "<p><mark>Mémoires</mark> et hôtes</p>",
            ["mémoires"],
        ),
        # Material's own mark, a tag's attribute, an entity and an unaccented word are left alone.
        (
            '<mark>mémoire</mark> <a title="mémoire">mémoire</a> memoire &eacute;t&eacute;',
            ["memoire", "ete"],
            '<mark>mémoire</mark> <a title="mémoire"><mark>mémoire</mark></a>'
            " memoire &eacute;t&eacute;",
            ["mémoire"],
        ),
        # Forms of one or two letters mark nothing (« a » would mark every « à »).
        ("à la page", ["a", "la"], "à la page", []),
        (
            "Réseau, réseaux",
            ["reseau"],
            "<mark>Réseau</mark>, <mark>réseaux</mark>",
            ["réseau", "réseaux"],
        ),
    ],
)
def test_accented_words_found_by_a_query_without_accents_are_marked(
    html: str, forms: list[str], marked_html: str, marked: list[str]
) -> None:
    (outcome,) = call_module(HARNESS, [Call("markAccentedWords", [html, forms])])
    assert outcome.value == {"html": marked_html, "marked": marked}


def test_text_splits_into_blocks_as_materials_search_splits_it() -> None:
    html = "<p>Un <em>deux</em></p> <ul><li>trois</li><li>quatre</li></ul> cinq <br> six"
    (outcome,) = call_module(HARNESS, [Call("topLevelBlocks", [html])])
    assert outcome.value == [
        "<p>Un <em>deux</em></p>",
        "<ul><li>trois</li><li>quatre</li></ul>",
        "cinq <br> six",
    ]


def test_a_result_found_without_accents_is_marked_cut_to_its_blocks_and_termed() -> None:
    text = (
        "<p>Intro.</p><p>Début.</p><p>La mémoire vive.</p><p>Fin.</p><p>Mémoire morte.</p><p>x</p>"
    )
    result = {
        "items": [
            [
                {"title": "Mémoire", "text": text, "terms": {"memoire": True, "memoir": True}},
                {"title": "Autre", "text": "<p><mark>serveur</mark> et mémoire</p><p>b</p>"},
            ]
        ]
    }
    (outcome,) = call_module(HARNESS, [Call("markResult", [result, "memoire memoir"])])
    first, second = outcome.value["items"][0]
    assert first["title"] == "<mark>Mémoire</mark>"
    assert (
        first["text"] == "<p>La <mark>mémoire</mark> vive.</p>\n<p><mark>Mémoire</mark> morte.</p>"
    )
    assert first["terms"] == {"memoire": True, "memoir": True, "mémoire": True}
    # Already cut by Material (it marked a word): marked where it is, not cut again.
    assert second["text"] == "<p><mark>serveur</mark> et <mark>mémoire</mark></p><p>b</p>"
    assert second["terms"] == {"mémoire": True}


def test_folded_words_keep_only_the_accented_ones_once() -> None:
    text = "La mémoire de l'hôte, la mémoire des VM : 1 000 Mo et un hôte."
    assert folded_words(text) == ["memoire", "hote"]


def test_the_index_gets_folded_fields_boosted_as_title_and_text() -> None:
    index: dict[str, Any] = {
        "config": {"lang": ["fr"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [{"location": "a/", "title": "Réseau", "text": "Un instantané de la VM."}],
    }
    add_folded_fields(index)
    assert index["config"]["fields"]["title_plain"] == {"boost": 1000.0}
    assert index["config"]["fields"]["text_plain"] == {"boost": 1.0}
    assert index["docs"][0]["title_plain"] == "reseau"
    assert index["docs"][0]["text_plain"] == "instantane"
    assert index["docs"][0]["text"] == "Un instantané de la VM.", "what Material shows is unchanged"


def _fake_site(site: Path) -> None:
    (site / "search").mkdir(parents=True)
    index = {"config": {"fields": {}}, "docs": [{"location": "", "title": "É", "text": "é"}]}
    (site / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
    workers = site / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.abc123.min.js").write_text("// Material", encoding="utf-8")
    (site / WORKER_BUNDLE).parent.mkdir(parents=True)
    (site / WORKER_BUNDLE).write_text("// hvlab", encoding="utf-8")


def test_install_puts_the_worker_in_materials_place_and_can_run_twice(tmp_path: Path) -> None:
    _fake_site(tmp_path)
    assert install_french_search(tmp_path)
    first = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert install_french_search(tmp_path)
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second
    workers = tmp_path / "assets" / "javascripts" / "workers"
    assert (workers / "search.abc123.min.js").read_text() == "// hvlab"
    assert (workers / "search.abc123.material.js").read_text() == "// Material"


def test_install_leaves_a_site_without_search_alone(tmp_path: Path) -> None:
    assert not install_french_search(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_built_site_searches_in_french(served_site: ServedSite) -> None:
    site = served_site.directory
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["fr"]
    assert {"title_plain", "text_plain"} <= set(index["config"]["fields"])
    assert any("memoire" in doc["text_plain"].split() for doc in index["docs"])
    (worker,) = (site / "assets" / "javascripts" / "workers").glob("search.*.min.js")
    assert worker.read_bytes() == (site / WORKER_BUNDLE).read_bytes()
    assert worker.with_name(worker.name.replace(".min.js", ".material.js")).is_file()
