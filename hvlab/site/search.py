"""French search: a query finds its words with or without accents, in the singular or the plural.

Material's search (lunr, in a Web Worker) matches what is typed as the start of a word of its
index, accents included, and its French stemmer is off (it does not mix with search as you type):
« memoire » found nothing, « instantane » nothing, « serveurs » missed the pages that say
« serveur ». Two halves fix it, after Material has written its index (``on_post_build``):

* the index: each page's accented words are added without their accents, in two more fields
  (``title_plain`` and ``text_plain``, boosted as the title and the text) that lunr indexes but
  Material never shows (:func:`add_folded_fields`);
* the queries: Material's worker is moved beside itself and a small worker takes its place
  (``hvlab/site/js/search/worker.js``): it hands Material every query with each word also without
  its accents and stemmed by the French stemmer Material loads (:func:`install_french_search`).

:func:`fold` is held equal to ``fold`` of ``hvlab/site/js/search/query.js`` by shared vectors.
"""

from __future__ import annotations

__all__ = ["WORKER_BUNDLE", "add_folded_fields", "fold", "folded_words", "install_french_search"]

import json
import re
import shutil
import unicodedata
from pathlib import Path
from typing import Any

#: Where the plugin copies the worker bundle (``BUILT_FILES`` of :mod:`hvlab.site.assets`).
WORKER_BUNDLE = "assets/hvlab/search-worker.bundle.js"
_INDEX = "search/search_index.json"
_WORKERS = "assets/javascripts/workers"
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"})
_WORD = re.compile(r"[^\W\d_]+")
#: The indexed fields each folded field stands beside.
_FOLDED_FIELDS = {"title": "title_plain", "text": "text_plain"}


def fold(text: str) -> str:
    """``text`` in lower case without accents: « Mémoire » → « memoire », « cœur » → « coeur ».

    Example:
        >>> fold("Instantané, CŒUR, naïve")
        'instantane, coeur, naive'
    """
    decomposed = unicodedata.normalize("NFD", text.lower().translate(_LIGATURES))
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", bare)


def folded_words(text: str) -> list[str]:
    """The words of ``text`` that lose an accent when folded, folded, each once, in order.

    Example:
        >>> folded_words("La mémoire d'une VM et la mémoire de l'hôte")
        ['memoire', 'hote']
    """
    found: dict[str, None] = {}
    for word in _WORD.findall(text):
        plain = fold(word)
        if plain != word.lower():
            found.setdefault(plain, None)
    return list(found)


def add_folded_fields(index: dict[str, Any]) -> dict[str, Any]:
    """Material's search index with the accented words of each page also without accents.

    Args:
        index: the content of ``search/search_index.json`` (``config`` and ``docs``).

    Returns:
        The same index (changed in place): every document gets ``title_plain`` and
        ``text_plain`` (space-separated folded words), and ``config.fields`` indexes them with
        the boosts of ``title`` and ``text``.
    """
    fields = index.setdefault("config", {}).setdefault("fields", {})
    for source, folded in _FOLDED_FIELDS.items():
        boost = (fields.get(source) or {}).get("boost", 1.0)
        fields[folded] = {"boost": boost}
    for document in index.get("docs", []):
        for source, folded in _FOLDED_FIELDS.items():
            document[folded] = " ".join(folded_words(str(document.get(source) or "")))
    return index


def install_french_search(site_dir: Path) -> bool:
    """Make the built site's search French (see the module docstring).

    Does nothing (and returns False) when the site has no search index or no search worker.
    Running it again on the same site leaves it as it is.

    Args:
        site_dir: the built site, with the worker bundle already copied to :data:`WORKER_BUNDLE`.

    Returns:
        Whether the search was changed.
    """
    index_path = site_dir / _INDEX
    bundle = site_dir / WORKER_BUNDLE
    workers = sorted(
        path
        for path in (site_dir / _WORKERS).glob("search.*.min.js")
        if not path.name.endswith(".material.js")
    )
    if not index_path.is_file() or not bundle.is_file() or len(workers) != 1:
        return False
    index = json.loads(index_path.read_text(encoding="utf-8"))
    if "text_plain" not in index.get("config", {}).get("fields", {}):
        text = json.dumps(add_folded_fields(index), ensure_ascii=False, separators=(",", ":"))
        index_path.write_text(text, encoding="utf-8")
    worker = workers[0]
    material = worker.with_name(worker.name.removesuffix(".min.js") + ".material.js")
    if worker.read_bytes() != bundle.read_bytes():
        shutil.move(worker, material)
        shutil.copyfile(bundle, worker)
    return True
