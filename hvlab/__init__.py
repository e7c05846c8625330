"""hvlab: a virtualised-datacentre simulator, quizzes and labs for a virtualisation course."""

from __future__ import annotations

# The package re-exports the exception hierarchy as it is listed in hvlab.errors (the pattern of
# asyncio's __init__), so that the two lists cannot drift apart.
from hvlab import errors
from hvlab.errors import *  # noqa: F403
from hvlab.show import show

__all__ = ["__version__", "show"]
__all__ += errors.__all__

__version__ = "0.1.0"
