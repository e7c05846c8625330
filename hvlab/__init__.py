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
]

from hvlab.errors import (
    HvlabError,
    PlacementError,
    ScenarioError,
    SimulationError,
    ValidationError,
    ValidationProblem,
)

__version__ = "0.1.0"
