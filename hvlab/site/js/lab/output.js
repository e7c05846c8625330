// What a step shows after a run: what the code printed and showed, in the order it happened
// (streamed while it runs, so a stopped run keeps it), the error explained, the checks.

import { element } from "./dom.js";
import { renderDisplay } from "./display.js";

function errorText(error) {
  if (!error) return "";
  if (typeof error === "string") return error;
  return error.text || (error.type ? `${error.type} : ` : "") + (error.message || "");
}

/**
 * A RunResult ({ok, stdout, stderr, error, displays, outputs}), the data of a checked run
 * ({run: RunResult, …}) or a CheckReport ({passed, message, results, run: RunResult}) of
 * hvlab.labs, as one shape.
 */
export function normalise(result) {
  const r = result || {};
  const run = r.run || r;
  const outputs = Array.isArray(run.outputs)
    ? run.outputs
    : [
        ...(run.stdout ? [{ type: "stdout", text: run.stdout }] : []),
        ...(run.stderr ? [{ type: "stderr", text: run.stderr }] : []),
        ...(run.displays || []).map((display) => ({ type: "display", display })),
      ];
  return {
    outputs,
    error: run.error || null,
    checks: Array.isArray(r.results) ? r.results : null,
    passed: r.passed,
    message: r.message || "",
  };
}

/** The output area of a step. Outputs arrive one by one; they are drawn in groups. */
export class Output {
  /** @param {HTMLElement} box */
  constructor(box) {
    this.box = box;
    this.streamed = false;
    this.queue = [];
    this.timer = null;
  }

  clear() {
    this.queue = [];
    clearTimeout(this.timer);
    this.timer = null;
    this.box.textContent = "";
    this.box.hidden = true;
    this.streamed = false;
  }

  /** Outputs as the code produces them: [{type: "stdout" | "stderr", text} | {type: "display", display}]. */
  events(events) {
    if (!events.length) return;
    this.streamed = true;
    this.queue.push(...events);
    if (this.timer === null) this.timer = setTimeout(() => this.flush(), 16);
  }

  /** Draw what is queued, merging consecutive texts of one stream. */
  flush() {
    clearTimeout(this.timer);
    this.timer = null;
    const queue = this.queue;
    this.queue = [];
    let text = null;
    for (const event of queue) {
      if (event.type === "display") {
        if (text) this._append(text);
        text = null;
        this._append(event);
      } else if (text && text.type === event.type) {
        text.text += String(event.text || "");
      } else {
        if (text) this._append(text);
        text = { type: event.type, text: String(event.text || "") };
      }
    }
    if (text) this._append(text);
  }

  _append(event) {
    this.box.hidden = false;
    if (event.type === "display") {
      this.box.appendChild(renderDisplay(event.display || {}));
      return;
    }
    let pre = this.box.lastElementChild;
    if (!pre || !pre.classList.contains("hvlab-lab-stdout")) {
      pre = element("pre", { class: "hvlab-lab-stdout" });
      this.box.appendChild(pre);
    }
    const text = String(event.text || "");
    if (event.type === "stderr") pre.appendChild(element("span", { class: "hvlab-lab-stderr", text }));
    else pre.appendChild(document.createTextNode(text));
  }

  /** A message of the lab itself (stopped, failed to start…), after what was printed. */
  message(text, kind = "note") {
    this.flush();
    this.box.hidden = false;
    this.box.appendChild(element("p", { class: `hvlab-lab-${kind}`, role: kind === "error" ? "alert" : null, text }));
  }

  /** The end of a run: its outputs if they were not streamed, then the error explained. */
  result(result) {
    if (!this.streamed) this.queue.push(...result.outputs);
    this.flush();
    if (result.error) {
      this.box.appendChild(
        element("div", { class: "hvlab-lab-error", role: "alert" }, [
          element("p", { class: "hvlab-lab-error-title", text: "Erreur dans votre code" }),
          element("pre", { text: errorText(result.error) }),
        ]),
      );
    }
    this.box.hidden = this.box.childNodes.length === 0;
  }
}

/**
 * Fill `box` with the checks of a result; returns {passed, summary}.
 *
 * @param {HTMLElement} box
 * @param {ReturnType<typeof normalise>} result
 */
export function showChecks(box, result) {
  const checks = result.checks || [];
  const ok = checks.filter((c) => c.passed).length;
  const passed = result.passed !== undefined ? !!result.passed : checks.length > 0 && ok === checks.length;
  const list = element("ul", { class: "hvlab-lab-check-list" });
  for (const check of checks) {
    const item = element("li", { class: check.passed ? "hvlab-lab-check--ok" : "hvlab-lab-check--ko" }, [
      element("span", { class: "hvlab-lab-mark", "aria-hidden": "true", text: check.passed ? "✓" : "✗" }),
      element("span", { class: "sr-only", text: check.passed ? "Réussie : " : "Non réussie : " }),
      element("span", { class: "hvlab-lab-check-title", text: check.title || check.name || "" }),
    ]);
    if (!check.passed && check.message) {
      item.appendChild(element("span", { class: "hvlab-lab-check-message", text: check.message }));
    }
    list.appendChild(item);
  }
  const summary = checks.length
    ? `${ok}${ok > 1 ? " vérifications sur " : " vérification sur "}${checks.length}${ok > 1 ? " réussies" : " réussie"}`
    : result.message || "Aucune vérification";
  box.appendChild(
    element("p", {
      class: `hvlab-lab-check-summary ${passed ? "hvlab-lab-check--ok" : "hvlab-lab-check--ko"}`,
      text: (passed ? "✓ " : "✗ ") + summary + (checks.length ? (passed ? " : étape réussie !" : ".") : ""),
    }),
  );
  if (checks.length) box.appendChild(list);
  box.hidden = false;
  return { passed, summary };
}
