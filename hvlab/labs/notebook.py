"""A lab as a Jupyter notebook, and :func:`check_step`, which runs a step's checks in Jupyter.

The notebook (nbformat 4, written with :mod:`json`: no dependency) has a title cell (summary,
objectives, duration, prerequisites); per step the instructions, the starter code and a cell
calling ``check_step("<lab>", <n>, globals())``; then the closing question. The checks are read from
the lab folder when that cell runs, so the notebook always uses the current checks; they run in a
process of their own.
"""

from __future__ import annotations

__all__ = ["check_step", "find_labs_dir", "lab_to_notebook", "write_notebook"]

import json
import os
from pathlib import Path
from typing import Any

from hvlab.errors import HvlabError
from hvlab.labs.isolate import Sandbox
from hvlab.labs.judge import MAX_ROUNDS, merge_answers, rounds_exhausted
from hvlab.labs.loader import LAB_FILE, find_lab
from hvlab.labs.model import Lab
from hvlab.labs.runner import CheckReport, RunResult
from hvlab.labs.student import StudentSide

#: Environment variable naming the folder holding the labs (else ``labs/`` is searched upwards).
LABS_DIR_VARIABLE = "HVLAB_LABS_DIR"


def find_labs_dir(lab_id: str, start: Path | None = None) -> Path:
    """Find the ``labs/`` folder holding ``lab_id``.

    Looks in ``$HVLAB_LABS_DIR``, then in ``labs/`` of ``start`` (the working directory by default)
    and of each of its parents.

    Raises:
        HvlabError: not found (French message saying how to point to it).
    """
    variable = os.environ.get(LABS_DIR_VARIABLE)
    candidates = [Path(variable)] if variable else []
    here = (start or Path.cwd()).resolve()
    candidates += [folder / "labs" for folder in (here, *here.parents)]
    for candidate in candidates:
        if (candidate / lab_id / LAB_FILE).is_file():
            return candidate
    raise HvlabError(
        f"TP « {lab_id} » introuvable : lancez Jupyter depuis le dossier du projet (celui qui "
        f"contient labs/), ou indiquez le dossier des TP dans la variable {LABS_DIR_VARIABLE}."
    )


def check_step(
    lab_id: str,
    step: int | str,
    namespace: dict[str, Any],
    *,
    labs_dir: str | Path | None = None,
    quiet: bool = False,
) -> CheckReport:
    """Run the checks of a step over a namespace (in Jupyter: ``globals()``) and print the feedback.

    The checks run in a separate process (:class:`~hvlab.labs.isolate.Sandbox`) over the values
    of ``namespace`` sent as data: nothing done in the notebook can change how they judge. The
    student's functions are called here, as the checks declare.

    Args:
        lab_id: the lab's id.
        step: the step's number (1 is the first) or id.
        namespace: the variables the student's code defined.
        labs_dir: the folder holding the labs (found automatically when omitted).
        quiet: do not print the feedback.

    Returns:
        The report (``report.passed`` tells whether every check passed).
    """
    folder = Path(labs_dir) if labs_dir is not None else find_labs_dir(lab_id)
    lab = find_lab(folder, lab_id)
    chosen = lab.step(step)
    with Sandbox(labs_dir=folder) as box:
        side = StudentSide()
        data = side.export(dict(namespace), box.plan(chosen.checks))
        data["run"] = RunResult(ok=True).to_dict()
        for _ in range(MAX_ROUNDS):
            verdict = box.judge_round(chosen.checks, data, step_id=chosen.id)
            if isinstance(verdict, CheckReport):
                report = verdict
                break
            data = merge_answers(data, side.calls(verdict))
        else:
            report = rounds_exhausted(chosen.id, data["run"])
    if not quiet:
        number = lab.step_number(chosen)
        print(f"Étape {number} — {chosen.title}\n{report.to_text()}")
    return report


def _markdown(text: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(text)}


def _code(text: str, **metadata: Any) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": dict(metadata),
        "outputs": [],
        "source": _lines(text),
    }


def _lines(text: str) -> list[str]:
    return text.strip("\n").splitlines(keepends=True)


def lab_to_notebook(lab: Lab) -> dict[str, Any]:
    """Build the notebook of ``lab`` (an nbformat 4 document as a dict).

    Args:
        lab: a loaded lab.

    Returns:
        The notebook, ready for :func:`json.dump`.
    """
    intro = [f"# {lab.title}", "", lab.summary, "", "**Objectifs**", ""]
    intro += [f"- {objective}" for objective in lab.objectives]
    intro += ["", f"**Durée** : environ {lab.duration_min} min"]
    if lab.prerequisites:
        intro += ["", "**Prérequis**", ""] + [f"- {p}" for p in lab.prerequisites]
    intro += [
        "",
        "Pour chaque étape : lisez la consigne, complétez le code (remplacez les « ... »), "
        "exécutez la cellule, puis exécutez la cellule de vérification qui la suit.",
    ]
    cells = [_markdown("\n".join(intro))]
    for number, step in enumerate(lab.steps, start=1):
        cells.append(_markdown(f"## Étape {number} — {step.title}\n\n{step.instructions_md}"))
        if step.hints:
            hints = "\n".join(f"{i}. {hint}" for i, hint in enumerate(step.hints, start=1))
            cells.append(_markdown(f"<details><summary>Indices</summary>\n\n{hints}\n\n</details>"))
        cells.append(_code(step.starter, hvlab={"lab": lab.id, "step": step.id, "role": "code"}))
        cells.append(
            _code(
                f"# Vérification de l'étape {number}\n"
                "from hvlab.labs import check_step\n\n"
                f'check_step("{lab.id}", {number}, globals());',
                hvlab={"lab": lab.id, "step": step.id, "role": "check"},
            )
        )
    cells.append(_markdown(f"## Pour aller plus loin\n\n{lab.question}"))
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
            "hvlab": {"lab": lab.id, "title": lab.title},
        },
        "cells": [dict(cell, id=f"cell-{index}") for index, cell in enumerate(cells)],
    }


def write_notebook(lab: Lab, path: Path) -> None:
    """Write the notebook of ``lab`` to ``path`` (UTF-8 JSON)."""
    notebook = lab_to_notebook(lab)
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
