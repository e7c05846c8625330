"""Compile a lab into the JSON-ready dict a lab page needs (metadata, steps, code, checks).

The site's ``lab`` fence embeds this dict in the page; the browser's worker runs each step's code
and checks with :mod:`hvlab.labs.runner`. Instructions stay Markdown (the site renders them to HTML
at build time).

Examples:
    >>> from hvlab.labs.model import Lab, Step
    >>> step = Step(id="a", title="A", instructions_md="Faites…", starter="x = ...",
    ...             solution="x = 1", checks="def check_x(ns):\\n    assert ns['x'] == 1")
    >>> lab = Lab(id="demo", title="Démo", summary="…", objectives=("Comprendre",),
    ...           duration_min=10, prerequisites=(), question="Pourquoi ?", steps=(step,))
    >>> lab_to_dict(lab)["steps"][0]["solution_after"]
    {'attempts': 3}
"""

from __future__ import annotations

__all__ = ["FORMAT_VERSION", "lab_to_dict"]

from typing import Any

from hvlab.labs.model import Lab

#: Version of the dict's layout, bumped when a key changes meaning.
FORMAT_VERSION = 1


def lab_to_dict(lab: Lab) -> dict[str, Any]:
    """Everything a lab page needs, as plain JSON-ready values.

    Args:
        lab: a loaded lab.

    Returns:
        ``{"format", "id", "title", "summary", "objectives", "duration_min", "prerequisites",
        "level", "question", "answer", "steps": [{"id", "number", "title", "instructions_md",
        "starter", "solution", "checks", "hints", "solution_after"}]}`` where ``solution_after`` is
        ``{"attempts": N}``, ``"success"`` or ``"always"``.
    """
    return {
        "format": FORMAT_VERSION,
        "id": lab.id,
        "title": lab.title,
        "summary": lab.summary,
        "objectives": list(lab.objectives),
        "duration_min": lab.duration_min,
        "prerequisites": list(lab.prerequisites),
        "level": lab.level,
        "question": lab.question,
        "answer": lab.answer,
        "steps": [
            {
                "id": step.id,
                "number": number,
                "title": step.title,
                "instructions_md": step.instructions_md,
                "starter": step.starter,
                "solution": step.solution,
                "checks": step.checks,
                "hints": list(step.hints),
                "solution_after": step.solution_after.to_json(),
            }
            for number, step in enumerate(lab.steps, start=1)
        ],
    }
