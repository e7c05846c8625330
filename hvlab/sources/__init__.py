"""Reading the files an instructor writes (quizzes, labs, scenarios) and the files hvlab writes
(results): one YAML reader that keeps positions, one JSON reader, the same limits for both, and one
way to turn JSON Schema errors into French.

- :mod:`hvlab.sources.limits` — size, depth, values and alias bounds; a bounded read of a file;
- :mod:`hvlab.sources.yaml_reader` — YAML to plain data with the line and column of every value;
- :mod:`hvlab.sources.json_reader` — JSON within the same limits, errors in French;
- :mod:`hvlab.sources.schema` — JSON Schema errors as French messages;
- :mod:`hvlab.sources.paths`, :mod:`hvlab.sources.excerpt` — how a place is shown to a person.

Every problem is a :class:`~hvlab.errors.ValidationProblem` with its ``file:line:column``, the
line shown with a caret, and items numbered from 1.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "Path_",
    "SchemaProblem",
    "Vocabulary",
    "YamlDocument",
    "describe",
    "excerpt",
    "human_path",
    "read_json",
    "read_json_file",
    "read_text",
    "read_yaml",
    "read_yaml_file",
    "schema_problems",
]

from hvlab.sources.excerpt import excerpt
from hvlab.sources.json_reader import read_json, read_json_file
from hvlab.sources.limits import DEFAULT_LIMITS, Limits, read_text
from hvlab.sources.paths import Path_, human_path
from hvlab.sources.schema import SchemaProblem, Vocabulary, describe, schema_problems
from hvlab.sources.yaml_reader import YamlDocument, read_yaml, read_yaml_file
