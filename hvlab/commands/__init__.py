"""Sub-commands of the ``hvlab`` command, one module per group.

Each module exposes ``register(subparsers)``, which adds its sub-commands; every sub-command sets
``func(args) -> int`` (the exit code) as its default.
"""
