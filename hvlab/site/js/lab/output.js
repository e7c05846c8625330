// What a step shows after a run: printed text, displays, the error explained, the checks.

import { element } from "./dom.js";
import { renderDisplay } from "./display.js";

function errorText(error) {
  if (!error) return "";
  if (typeof error === "string") return error;
  return error.text || (error.type ? `${error.type} : ` : "") + (error.message || "");
}

/**
 * A RunResult ({ok, stdout, stderr, error, displays}) or a CheckReport ({passed, message,
 * results, run: RunResult}) of hvlab.labs.runner, as one shape.
 */
export function normalise(result) {
  const r = result || {};
  const run = r.run || r;
  return {
    stdout: run.stdout || "",
    stderr: run.stderr || "",
    error: run.error || null,
    displays: run.displays || [],
    checks: Array.isArray(r.results) ? r.results : null,
    passed: r.passed,
    message: r.message || "",
  };
}

/** The output area of a step: text streamed while the code runs, then the rest of the result. */
export class Output {
  /** @param {HTMLElement} box */
  constructor(box) {
    this.box = box;
    this.stream = null;
  }

  clear() {
    this.box.textContent = "";
    this.box.hidden = true;
    this.stream = null;
  }

  /** Text printed by the code, as it comes ("stdout" or "stderr"). */
  append(kind, text) {
    if (!this.stream) {
      this.stream = element("pre", { class: "hvlab-lab-stdout" });
      this.box.hidden = false;
      this.box.appendChild(this.stream);
    }
    if (kind === "stderr") this.stream.appendChild(element("span", { class: "hvlab-lab-stderr", text }));
    else this.stream.appendChild(document.createTextNode(text));
  }

  /** A message of the lab itself (stopped, failed to start…). */
  message(text, kind = "note") {
    this.box.hidden = false;
    this.box.appendChild(element("p", { class: `hvlab-lab-${kind}`, role: kind === "error" ? "alert" : null, text }));
  }

  /** The end of a run: what was not streamed, the displays, the error explained. */
  result(result) {
    if (!this.stream && (result.stdout || result.stderr)) {
      const pre = element("pre", { class: "hvlab-lab-stdout", text: result.stdout });
      if (result.stderr) pre.appendChild(element("span", { class: "hvlab-lab-stderr", text: result.stderr }));
      this.box.appendChild(pre);
    }
    for (const payload of result.displays) this.box.appendChild(renderDisplay(payload));
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
