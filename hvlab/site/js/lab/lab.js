// A lab on a page: its steps, the progress bar and the state of Python under it.

import { element } from "./dom.js";
import { Step } from "./step.js";
import { storageGet, storageSet } from "./storage.js";

export class Lab {
  /**
   * @param {HTMLElement} root the `.hvlab-lab` element rendered by lab_fence.py
   * @param {import("./runtime.js").Runtime} runtime the student's Python
   * @param {import("./checker.js").Checker} checker the checks' Python
   */
  constructor(root, runtime, checker) {
    this.root = root;
    this.id = root.dataset.lab;
    this.total = parseInt(root.dataset.steps, 10) || 0;
    this.progress = root.querySelector(".hvlab-lab-progress");
    this.runtimeLine = element("p", { class: "hvlab-lab-runtime" });
    if (this.progress) this.progress.after(this.runtimeLine);
    else root.insertBefore(this.runtimeLine, root.firstChild);
    this.steps = Array.from(root.querySelectorAll("section.hvlab-lab-step"), (section) => new Step(this, section, runtime, checker));
    this.updateProgress();
  }

  /** Ids of the steps passed (kept in the browser). */
  passed() {
    const list = storageGet(`${this.id}:passed`, []);
    return Array.isArray(list) ? list : [];
  }

  markPassed(stepId) {
    const list = this.passed();
    if (!list.includes(stepId)) {
      list.push(stepId);
      storageSet(`${this.id}:passed`, list);
    }
    for (const step of this.steps) step.updatePassed();
    this.updateProgress();
  }

  updateProgress() {
    if (!this.progress) return;
    const done = Math.min(this.passed().length, this.total);
    this.progress.hidden = false;
    this.progress.querySelector(".hvlab-lab-progress-text").textContent = `Étapes réussies : ${done} sur ${this.total}`;
    const bar = this.progress.querySelector("progress");
    bar.max = this.total || 1;
    bar.value = done;
    bar.setAttribute("aria-label", "Progression du TP");
  }

  /** The state of Python, under the progress bar: loading, ready, or why it could not start. */
  showRuntime(text, failed) {
    const line = this.runtimeLine;
    line.textContent = text;
    line.classList.toggle("hvlab-lab-error", failed);
    if (failed) line.setAttribute("role", "alert");
    else line.removeAttribute("role");
  }

  refreshButtons() {
    for (const step of this.steps) step.updateButtons();
  }

  /** The step `stepId` (id or 1-based number), or null. */
  step(stepId) {
    return this.steps.find((s) => s.data.id === String(stepId) || s.data.number === Number(stepId)) || null;
  }
}
