"""The fences' superfences formatters survive pickling (Zensical hashes its Markdown config so)."""

from __future__ import annotations

import pickle

from hvlab.site.guest.fence import format_guest
from hvlab.site.lab_fence import format_lab


def test_the_fence_formatters_named_in_mkdocs_yml_can_be_pickled() -> None:
    for formatter in (format_lab, format_guest):
        assert pickle.loads(pickle.dumps(formatter)) == formatter
