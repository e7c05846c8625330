"""``python -m hvlab`` runs the ``hvlab`` command."""

import sys

from hvlab.cli import main

sys.exit(main())
