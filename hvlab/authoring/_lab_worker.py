"""Entry point of the child process of :mod:`hvlab.authoring.labs` (kept apart from the package
imports so that ``python -m`` runs it once)."""

from __future__ import annotations

import sys

from hvlab.authoring.lab_runs import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
