"""The ``lab`` fence: places a lab, or one of its steps, in a page.

In ``mkdocs.yml`` (``pymdownx.superfences`` custom fence)::

    - name: lab
      class: hvlab-lab
      format: !!python/name:hvlab.site.lab_fence.format_lab

On a page::

    ```lab
    id: consolidation
    step: 2        # optional: only this step (number or id)
    ```

The fence renders, at build time, the lab's header (summary, duration, objectives,
prerequisites), each step's instructions (Markdown turned into HTML here) and closing question,
and a JSON attribute per step with its starter code, checks and hints. A step's solution is not in
the page: :func:`write_solution_files` writes it to a file of its own that the page fetches only
once the rule it states (« Disponible après 3 vérifications ») allows it. The browser
runtime (``js/lab/``, bundled as ``lab.bundle.js``) then adds the editor, the buttons and the
output area, and runs the code in Pyodide inside a Web Worker. An unknown lab or step is reported
through the :class:`~hvlab.site.embed.EmbedContext` (a warning naming the page, fatal under
``mkdocs build --strict``) and shown as an error box.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "SOLUTIONS_DIR",
    "format_lab",
    "known_lab_ids",
    "lab_html",
    "render_markdown",
    "solution_file",
    "write_solution_files",
]

import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from hvlab import __version__
from hvlab.site.embed import EmbedContext, markdown_renderer
from hvlab.site.fences import FenceProblem, fence_formatter

#: Seconds a run may last before the worker is stopped (a lab or a step may set its own).
DEFAULT_TIME_LIMIT_S = 10.0
#: Where the steps' solutions are written in the built site (fetched by the page on unlock).
SOLUTIONS_DIR = "assets/hvlab/solutions"

_SLUG = re.compile(r"[^a-z0-9-]+")


def _lab(body: dict[str, Any], context: EmbedContext) -> str:
    lab_id = str(body["id"])
    known = known_lab_ids(context)
    if lab_id not in known:
        listed = ", ".join(known) if known else "aucun"
        raise FenceProblem(
            f"TP « {lab_id} » introuvable dans {_shown(context)} ; TP disponibles : {listed}. "
            "Corrigez l'identifiant ou créez le dossier du TP.",
        )
    try:
        lab = _lab_dict(context, lab_id)
    except Exception as exc:  # the loader reports every problem of the lab in French
        raise FenceProblem(f"le TP « {lab_id} » ne se charge pas : {exc}") from None
    step = body.get("step")
    if step is not None:
        index = _step_index(lab, step)
        if index is None:
            steps = ", ".join(f"{n} ({s['id']})" for n, s in enumerate(lab["steps"], start=1))
            raise FenceProblem(f"le TP « {lab_id} » n'a pas d'étape « {step} » ; étapes : {steps}.")
        step = index
    limit = body.get("time_limit_s")
    if limit is not None and (not isinstance(limit, int | float) or limit <= 0):
        raise FenceProblem(
            f"« time_limit_s » doit être un nombre de secondes positif, pas « {limit} »."
        )
    return lab_html(lab, step=step, time_limit_s=limit)


#: Superfences formatter of the ``lab`` fence: its body is ``id``, then optionally ``step`` (a
#: number or an id) and ``time_limit_s``; the lab's HTML, or an error box when the fence is wrong.
format_lab = fence_formatter(
    "lab",
    _lab,
    keys=frozenset({"id", "step", "time_limit_s"}),
    required=frozenset({"id"}),
    shape="le bloc « lab » doit contenir « id: <identifiant du TP> » "
    "(par exemple « id: consolidation »).",
)


def known_lab_ids(context: EmbedContext) -> list[str]:
    """Identifiers of the labs of the project (folders of ``labs/`` holding a ``lab.yaml``)."""
    from hvlab.labs.loader import LAB_FILE, lab_folders

    return [p.name for p in lab_folders(context.labs_dir) if (p / LAB_FILE).is_file()]


def lab_html(
    lab: dict[str, Any], *, step: int | None = None, time_limit_s: float | None = None
) -> str:
    """HTML of a lab (all steps, or only the 0-based ``step``) for the browser runtime.

    Args:
        lab: the lab as :func:`hvlab.labs.compile.lab_to_dict` gives it.
        step: 0-based index of the only step to show, or ``None`` for the whole lab.
        time_limit_s: time limit of a run in seconds (else the lab's, else 10 s).

    Returns:
        The HTML fragment.
    """
    lab_id = str(lab["id"])
    limit = time_limit_s or lab.get("time_limit_s") or DEFAULT_TIME_LIMIT_S
    steps = list(enumerate(lab["steps"], start=1))
    if step is not None:
        steps = [steps[step]]
    attrs = {
        "class": "hvlab-lab",
        "data-lab": lab_id,
        "data-lab-title": str(lab.get("title", lab_id)),
        "data-wheel": f"hvlab-{__version__}-py3-none-any.whl",
        "data-time-limit-s": _number(limit),
        "data-steps": str(len(lab["steps"])),
    }
    if step is not None:
        attrs["data-only-step"] = str(step + 1)
    parts = [f"<div {_attributes(attrs)}>"]
    if step is None:
        parts.append(_header(lab))
    parts.append(
        '<div class="hvlab-lab-progress" hidden><span class="hvlab-lab-progress-text"></span>'
        ' <progress max="1" value="0"></progress></div>'
    )
    parts.append(
        '<noscript><p class="hvlab-lab-noscript">Ce TP s\'exécute dans le navigateur : '
        "activez JavaScript pour modifier et lancer le code.</p></noscript>"
    )
    heading = "h2" if step is None else "h3"
    for number, item in steps:
        parts.append(_step_html(lab_id, number, item, heading, limit))
    if step is None and lab.get("question"):
        parts.append(
            '<div class="hvlab-lab-question admonition question">'
            '<p class="admonition-title">Question de synthèse</p>'
            f"{render_markdown(str(lab['question']))}</div>"
        )
        if lab.get("answer"):
            parts.append(
                '<details class="hvlab-lab-answer success"><summary>Éléments de réponse</summary>'
                f"{render_markdown(str(lab['answer']))}</details>"
            )
    parts.append("</div>")
    return "".join(parts)


def render_markdown(text: str) -> str:
    """Render lab Markdown (instructions, hints, question) to HTML, as the site's pages are."""
    return markdown_renderer()(text)


def _header(lab: dict[str, Any]) -> str:
    parts = ['<div class="hvlab-lab-intro">']
    if lab.get("summary"):
        parts.append(f'<div class="hvlab-lab-summary">{render_markdown(str(lab["summary"]))}</div>')
    meta = []
    duration = lab.get("duration", lab.get("duration_min"))
    if duration:
        shown = f"{duration} min" if isinstance(duration, int | float) else str(duration)
        meta.append(("Durée indicative", html.escape(shown)))
    if lab.get("level"):
        meta.append(("Niveau", html.escape(str(lab["level"]))))
    meta.append(("Étapes", str(len(lab["steps"]))))
    parts.append('<dl class="hvlab-lab-meta">')
    parts += [f"<dt>{name}</dt><dd>{value}</dd>" for name, value in meta]
    parts.append("</dl>")
    for title, key in (("Objectifs", "objectives"), ("Prérequis", "prerequisites")):
        items = lab.get(key) or []
        if items:
            listed = "".join(f"<li>{_inline(str(i))}</li>" for i in items)
            parts.append(
                f'<p class="hvlab-lab-label"><strong>{title}</strong></p><ul>{listed}</ul>'
            )
    parts.append("</div>")
    return "".join(parts)


def _step_html(lab_id: str, number: int, step: dict[str, Any], heading: str, limit: float) -> str:
    step_id = str(step["id"])
    anchor = _SLUG.sub("-", f"tp-{lab_id}-{step_id}".lower())
    step_limit = step.get("time_limit_s") or limit
    instructions = render_markdown(str(step.get("instructions_md", "")))
    data = {
        "id": step_id,
        "number": number,
        "title": step.get("title", ""),
        "starter": step.get("starter", ""),
        "solution_file": solution_file(lab_id, step) if step.get("solution") else "",
        "checks": step.get("checks", ""),
        "hints": [render_markdown(str(h)) for h in step.get("hints", ())],
        "solution_after": _solution_after(step.get("solution_after")),
    }
    attrs = {
        "class": "hvlab-lab-step",
        "id": anchor,
        "data-step": step_id,
        "data-step-number": str(number),
        "data-time-limit-s": _number(step_limit),
        "aria-labelledby": f"{anchor}-titre",
        # In an attribute, not a <script type="application/json">: Material's instant navigation
        # re-inserts the scripts of a page and would run the JSON as JavaScript.
        "data-json": json.dumps(data, ensure_ascii=False),
    }
    return (
        f"<section {_attributes(attrs)}>"
        f'<{heading} class="hvlab-lab-step-title" id="{anchor}-titre">'
        f"Étape {number} : {html.escape(str(step.get('title', '')))}</{heading}>"
        f'<div class="hvlab-lab-instructions">{instructions}</div>'
        '<div class="hvlab-lab-workspace">'
        '<pre class="hvlab-lab-fallback"><code class="language-python">'
        f"{html.escape(str(step.get('starter', '')))}</code></pre></div>"
        "</section>"
    )


def solution_file(lab_id: str, step: dict[str, Any]) -> str:
    """The file of a step's solution, under :data:`SOLUTIONS_DIR` (named after its content)."""
    digest = hashlib.sha256(str(step.get("solution", "")).encode("utf-8")).hexdigest()[:16]
    return f"{lab_id}/{step['id']}-{digest}.json"


def write_solution_files(context: EmbedContext, site_dir: Path) -> int:
    """Write every lab's solutions into the built site; the number of files written.

    Each file is ``{"solution": "<code>"}``. A lab that does not load is skipped (its page reports
    it). Files that exist with the same name hold the same solution and are kept.
    """
    written = 0
    for lab_id in known_lab_ids(context):
        try:
            lab = _lab_dict(context, lab_id)
        except Exception:  # the page embedding it says why, in French
            continue
        for step in lab["steps"]:
            if not step.get("solution"):
                continue
            target = site_dir / SOLUTIONS_DIR / solution_file(lab_id, step)
            if target.is_file():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps({"solution": step["solution"]}, ensure_ascii=False)
            target.write_text(text, encoding="utf-8")
            written += 1
    return written


def _solution_after(value: Any) -> dict[str, Any]:
    """Normalise ``solution_after`` for the browser: ``{"mode": ..., "attempts": N}``."""
    if isinstance(value, dict) and "mode" in value:
        return {"mode": str(value["mode"]), "attempts": int(value.get("attempts", 0) or 0)}
    if isinstance(value, dict) and "attempts" in value:
        return {"mode": "attempts", "attempts": int(value["attempts"])}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"mode": "attempts", "attempts": value}
    if value in ("success", "always"):
        return {"mode": str(value), "attempts": 0}
    return {"mode": "attempts", "attempts": 3}


def _step_index(lab: dict[str, Any], step: Any) -> int | None:
    steps = lab["steps"]
    if isinstance(step, int) and not isinstance(step, bool):
        return step - 1 if 1 <= step <= len(steps) else None
    for index, item in enumerate(steps):
        if str(item["id"]) == str(step):
            return index
    if str(step).isdigit():
        return _step_index(lab, int(str(step)))
    return None


def _lab_dict(context: EmbedContext, lab_id: str) -> dict[str, Any]:
    cache: dict[str, dict[str, Any]] = context.cache.setdefault("labs", {})
    if lab_id not in cache:
        from hvlab.labs.compile import lab_to_dict
        from hvlab.labs.loader import load_lab

        # Kept between builds while the lab's files, the scenarios and the code are unchanged.
        folder = context.labs_dir / lab_id
        key = context.build_cache.key(lab_id, folder, context.labs_dir / "scenarios")
        cache[lab_id] = context.build_cache.data("lab", key, lambda: lab_to_dict(load_lab(folder)))
    return cache[lab_id]


def _inline(text: str) -> str:
    rendered = render_markdown(text).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def _number(value: float) -> str:
    return f"{float(value):g}"


def _attributes(attrs: dict[str, str]) -> str:
    return " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attrs.items())


def _shown(context: EmbedContext) -> str:
    try:
        return context.labs_dir.relative_to(context.root).as_posix() + "/"
    except ValueError:
        return str(context.labs_dir)
