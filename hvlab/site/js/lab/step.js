// One step of a lab: instructions (rendered at build time), editor, buttons, hints, solution,
// output and checks.

import { confirmDialog, element, plural } from "./dom.js";
import { loadEditor } from "./editor-loader.js";
import { Output, normalise, showChecks } from "./output.js";
import { storageGet, storageRemove, storageSet } from "./storage.js";

const DEFAULT_LIMIT_S = 10;
const DEFAULT_RULE = { mode: "attempts", attempts: 3 };

export class Step {
  /**
   * @param {import("./lab.js").Lab} lab
   * @param {HTMLElement} section the step's <section> (its data-json comes from lab_fence.py)
   * @param {import("./runtime.js").Runtime} runtime
   */
  constructor(lab, section, runtime) {
    this.lab = lab;
    this.section = section;
    this.runtime = runtime;
    this.data = JSON.parse(section.dataset.json);
    this.key = `${lab.id}:${this.data.id}:`;
    this.hintsShown = storageGet(`${this.key}hints`, 0);
    this.attempts = storageGet(`${this.key}attempts`, 0);
    this.editor = null;
    this.running = false;
    this.build();
  }

  limitS() {
    const value = parseFloat(this.section.dataset.timeLimitS || this.lab.root.dataset.timeLimitS);
    return value > 0 ? value : DEFAULT_LIMIT_S;
  }

  build() {
    const n = this.data.number;
    const anchor = this.section.id || `tp-etape-${n}`;
    const workspace = this.section.querySelector(".hvlab-lab-workspace");
    const help = element("p", {
      class: "hvlab-lab-help",
      id: `${anchor}-aide`,
      text: "Tab indente le code ; Échap puis Tab sort de l'éditeur ; Ctrl+Entrée exécute.",
    });
    this.editorBox = element("div", { class: "hvlab-lab-editor" });
    this.fallback = workspace.querySelector(".hvlab-lab-fallback");
    const button = (label, cls, handler, extra = {}) => {
      const b = element("button", { type: "button", class: `md-button hvlab-lab-button-${cls}`, text: label, ...extra });
      b.addEventListener("click", handler);
      return b;
    };
    this.runButton = button("Exécuter", "run md-button--primary", () => this.run(false));
    this.checkButton = button("Vérifier", "check", () => this.run(true));
    this.stopButton = button(
      "Arrêter",
      "stop",
      () => this.runtime.stop("Exécution arrêtée à votre demande."),
      { disabled: true },
    );
    this.hintButton = button("Indice", "hint", () => this.showHint());
    this.solutionButton = button("Voir la solution", "solution", () => this.showSolution());
    this.resetButton = button("Réinitialiser", "reset", () =>
      confirmDialog(
        "Remplacer votre code par le code de départ de l'étape ? Vos modifications seront perdues.",
        "Réinitialiser",
        () => {
          this.setCode(this.data.starter);
          storageRemove(`${this.key}code`);
          this.announce("Code de départ rétabli.");
        },
      ),
    );
    const toolbar = element("div", { class: "hvlab-lab-toolbar", role: "group", "aria-label": `Actions de l'étape ${n}` }, [
      this.runButton,
      this.checkButton,
      this.stopButton,
      this.hintButton,
      this.solutionButton,
      this.resetButton,
    ]);
    this.status = element("p", { class: "hvlab-lab-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    this.hints = element("div", { class: "hvlab-lab-hints" });
    this.solution = element("div", { class: "hvlab-lab-solution", hidden: true });
    const outputBox = element("div", { class: "hvlab-lab-output", "aria-label": `Résultat de l'étape ${n}`, hidden: true });
    this.output = new Output(outputBox);
    this.checksBox = element("div", { class: "hvlab-lab-checks", hidden: true });
    workspace.insertBefore(help, this.fallback);
    workspace.insertBefore(this.editorBox, this.fallback);
    for (const node of [toolbar, this.status, this.hints, this.solution, this.checksBox, outputBox]) {
      workspace.appendChild(node);
    }
    for (let i = 0; i < Math.min(this.hintsShown, this.data.hints.length); i++) this.appendHint(i);
    this.updateButtons();
    this.updatePassed();

    const code = storageGet(`${this.key}code`, null);
    loadEditor().then(
      (module) => {
        if (!this.section.isConnected) return;
        this.editor = module.createEditor({
          parent: this.editorBox,
          doc: code === null ? this.data.starter : code,
          label: `Code Python de l'étape ${n} : ${this.data.title}`,
          describedBy: help.id,
          onChange: (text) => {
            clearTimeout(this.saveTimer);
            this.saveTimer = setTimeout(() => storageSet(`${this.key}code`, text), 250);
          },
          onRun: () => {
            if (!this.runButton.disabled) this.run(false);
          },
        });
        if (this.fallback) this.fallback.remove();
      },
      (error) => this.output.message(`L'éditeur n'a pas pu être chargé : ${error.message}`, "error"),
    );
  }

  getCode() {
    if (this.editor) return this.editor.getCode();
    const saved = storageGet(`${this.key}code`, null);
    return saved === null ? this.data.starter : saved;
  }

  setCode(code) {
    if (this.editor) this.editor.setCode(code);
    storageSet(`${this.key}code`, code);
  }

  announce(text) {
    // Re-setting the same text would not be read again: clear first.
    const status = this.status;
    status.textContent = "";
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => {
      status.textContent = text;
    }, 30);
  }

  passed() {
    return this.lab.passed().includes(this.data.id);
  }

  rule() {
    return this.data.solution_after || DEFAULT_RULE;
  }

  solutionAvailable() {
    const rule = this.rule();
    if (rule.mode === "always") return true;
    if (this.passed()) return true;
    if (rule.mode === "success") return false;
    return this.attempts >= (rule.attempts || 0);
  }

  updateButtons() {
    const busy = this.runtime.busy();
    this.runButton.disabled = busy;
    this.checkButton.disabled = busy;
    this.stopButton.disabled = !(busy && this.running);
    const remaining = this.data.hints.length - this.hintsShown;
    this.hintButton.disabled = remaining <= 0;
    this.hintButton.hidden = this.data.hints.length === 0;
    this.hintButton.title =
      remaining > 0 ? plural(remaining, "indice disponible", "indices disponibles") : "Tous les indices sont affichés";
    const rule = this.rule();
    const available = this.solutionAvailable();
    this.solutionButton.disabled = !available || !this.data.solution;
    this.solutionButton.title = available
      ? "Afficher une solution possible"
      : rule.mode === "success"
        ? "Disponible une fois l'étape réussie"
        : `Disponible après ${plural(rule.attempts, "vérification", "vérifications")} (encore ${rule.attempts - this.attempts})`;
  }

  updatePassed() {
    const passed = this.passed();
    this.section.classList.toggle("hvlab-lab-step--passed", passed);
    const title = this.section.querySelector(".hvlab-lab-step-title");
    const badge = title && title.querySelector(".hvlab-lab-badge");
    if (passed && title && !badge) title.appendChild(element("span", { class: "hvlab-lab-badge", text: "✓ réussie" }));
    if (!passed && badge) badge.remove();
  }

  showHint() {
    if (this.hintsShown >= this.data.hints.length) return;
    this.appendHint(this.hintsShown);
    this.hintsShown += 1;
    storageSet(`${this.key}hints`, this.hintsShown);
    this.updateButtons();
    this.announce(`Indice ${this.hintsShown} sur ${this.data.hints.length} affiché.`);
  }

  appendHint(index) {
    const box = element("div", { class: "admonition tip hvlab-lab-hint" }, [
      element("p", { class: "admonition-title", text: `Indice ${index + 1} sur ${this.data.hints.length}` }),
    ]);
    box.appendChild(element("div", { html: this.data.hints[index] }));
    this.hints.appendChild(box);
  }

  showSolution() {
    if (!this.solution.hidden) {
      this.solution.hidden = true;
      this.solutionButton.textContent = "Voir la solution";
      return;
    }
    this.solution.textContent = "";
    const copy = element("button", { type: "button", class: "md-button hvlab-lab-copy", text: "Copier dans l'éditeur" });
    copy.addEventListener("click", () =>
      confirmDialog("Remplacer votre code par la solution ? Vos modifications seront perdues.", "Remplacer", () => {
        this.setCode(this.data.solution);
        this.announce("Solution copiée dans l'éditeur.");
      }),
    );
    this.solution.appendChild(element("p", { class: "hvlab-lab-label", text: "Une solution possible :" }));
    this.solution.appendChild(element("pre", {}, [element("code", { text: this.data.solution })]));
    this.solution.appendChild(copy);
    this.solution.hidden = false;
    this.solutionButton.textContent = "Masquer la solution";
    this.announce("Solution affichée sous les boutons.");
  }

  async run(withChecks) {
    const runtime = this.runtime;
    if (runtime.busy()) return;
    const code = this.getCode();
    storageSet(`${this.key}code`, code);
    this.output.clear();
    this.checksBox.textContent = "";
    this.checksBox.hidden = true;
    this.running = true;
    const message = { type: "run", code, stepId: this.data.id, checks: withChecks ? this.data.checks : null };
    this.announce(runtime.state === "ready" ? "Exécution en cours…" : "Démarrage de Python, l'exécution suivra…");
    const running = runtime.execute(message, this.limitS(), {
      started: () => {
        if (runtime.readyMs !== null) this.announce("Exécution en cours…");
      },
      stream: (kind, text) => this.output.append(kind, text),
    });
    this.lab.refreshButtons();
    const outcome = await running;
    this.running = false;
    this.section.dataset.lastRunMs = outcome.ms === null ? "" : String(Math.round(outcome.ms));
    if (outcome.stopped) {
      this.output.message(outcome.message || "Exécution arrêtée.", "error");
      this.announce("Exécution arrêtée.");
    } else if (outcome.failed) {
      this.output.message(outcome.message, "error");
      this.announce(`Erreur : ${outcome.message}`);
    } else {
      this.showResult(normalise(outcome.result), withChecks);
    }
    this.lab.refreshButtons();
  }

  showResult(result, withChecks) {
    this.output.result(result);
    if (!withChecks) {
      this.announce(result.error ? "Exécution terminée avec une erreur." : "Exécution terminée.");
      return;
    }
    const { passed, summary } = showChecks(this.checksBox, result);
    if (passed) {
      this.lab.markPassed(this.data.id);
    } else {
      this.attempts += 1;
      storageSet(`${this.key}attempts`, this.attempts);
    }
    this.updateButtons();
    this.announce(summary.replace(/[.]$/, "") + (passed ? ". Étape réussie." : "."));
  }
}
