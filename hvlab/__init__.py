"""hvlab: a virtualised-datacentre simulator, quizzes and labs for a virtualisation course."""

from __future__ import annotations

__all__ = [
    "HvlabError",
    "PlacementError",
    "ScenarioError",
    "SimulationError",
    "ValidationError",
    "ValidationProblem",
    "__version__",
    "show",
]

from hvlab.errors import (
    HvlabError,
    PlacementError,
    ScenarioError,
    SimulationError,
    ValidationError,
    ValidationProblem,
)
from hvlab.show import show

__version__ = "0.1.0"
