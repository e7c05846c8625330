// One step of a lab: instructions (rendered at build time), editor, buttons, hints, solution,
// output and checks.

import { confirmDialog, element, plural } from "./dom.js";
import { loadEditor } from "./editor-loader.js";
import { Output, normalise, showChecks } from "./output.js";
import { storageGet, storageRemove, storageSet } from "./storage.js";

const ASSETS = new URL(".", import.meta.url); // assets/hvlab/
const DEFAULT_LIMIT_S = 10;
const MAX_ROUNDS = 20; // as hvlab.labs.judge.MAX_ROUNDS
const DEFAULT_RULE = { mode: "attempts", attempts: 3 };

export class Step {
  /**
   * @param {import("./lab.js").Lab} lab
   * @param {HTMLElement} section the step's <section> (its data-json comes from lab_fence.py)
   * @param {import("./runtime.js").Runtime} runtime the student's Python
   * @param {import("./checker.js").Checker} checker the checks' Python
   */
  constructor(lab, section, runtime, checker) {
    this.lab = lab;
    this.section = section;
    this.runtime = runtime;
    this.checker = checker;
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
    this.stopButton = button("Arrêter", "stop", () => this.stop(), { disabled: true });
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
    this.solutionButton.disabled = !available || !this.data.solution_file;
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

  // The solution is not in the page: it is fetched once the rule the page states allows it.
  async showSolution() {
    if (!this.solution.hidden) {
      this.solution.hidden = true;
      this.solutionButton.textContent = "Voir la solution";
      return;
    }
    if (!this.solutionAvailable()) return;
    this.solution.textContent = "";
    let code;
    try {
      code = await this.loadSolution();
    } catch (error) {
      this.solution.appendChild(
        element("p", {
          class: "hvlab-lab-error",
          role: "alert",
          text: `La solution n'a pas pu être chargée (${error.message}) : vérifiez la connexion, puis réessayez.`,
        }),
      );
      this.solution.hidden = false;
      return;
    }
    const copy = element("button", { type: "button", class: "md-button hvlab-lab-copy", text: "Copier dans l'éditeur" });
    copy.addEventListener("click", () =>
      confirmDialog("Remplacer votre code par la solution ? Vos modifications seront perdues.", "Remplacer", () => {
        this.setCode(code);
        this.announce("Solution copiée dans l'éditeur.");
      }),
    );
    this.solution.appendChild(element("p", { class: "hvlab-lab-label", text: "Une solution possible :" }));
    this.solution.appendChild(element("pre", {}, [element("code", { text: code })]));
    this.solution.appendChild(copy);
    this.solution.hidden = false;
    this.solutionButton.textContent = "Masquer la solution";
    this.announce("Solution affichée sous les boutons.");
  }

  async loadSolution() {
    if (this.solutionCode === undefined) {
      const response = await fetch(new URL(`solutions/${this.data.solution_file}`, ASSETS));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const data = await response.json();
      this.solutionCode = String(data.solution);
    }
    return this.solutionCode;
  }

  stop() {
    if (this.runtime.pending) {
      this.runtime.stop("Exécution arrêtée à votre demande.");
    } else if (this.checking) {
      this.cancelled = true;
      this.checker.cancel();
    }
  }

  /** « Exécuter » (withChecks false) or « Vérifier ». */
  async run(withChecks) {
    const runtime = this.runtime;
    if (runtime.busy()) return;
    const code = this.getCode();
    storageSet(`${this.key}code`, code);
    this.output.clear();
    this.checksBox.textContent = "";
    this.checksBox.hidden = true;
    this.running = true;
    this.cancelled = false;
    runtime.hold();
    this.announce(runtime.state === "ready" ? "Exécution en cours…" : "Démarrage de Python, l'exécution suivra…");
    try {
      if (withChecks) await this.check(code);
      else await this.execute(code);
    } finally {
      this.running = false;
      this.checking = false;
      runtime.unhold();
      runtime.release();
      this.lab.refreshButtons();
    }
  }

  async execute(code) {
    const outcome = await this.runStudent({ type: "run", code });
    if (outcome.ok) {
      const result = normalise(JSON.parse(outcome.result));
      this.output.result(result);
      this.announce(result.error ? "Exécution terminée avec une erreur." : "Exécution terminée.");
    }
  }

  // Run in the student's worker; a stopped or failed run is shown here ({ok: false}).
  async runStudent(message) {
    const outcome = await this.runtime.execute(message, this.limitS(), {
      started: () => {
        if (this.runtime.readyMs !== null) this.announce("Exécution en cours…");
      },
      output: (events) => this.output.events(events),
    });
    this.section.dataset.lastRunMs = outcome.ms === null ? "" : String(Math.round(outcome.ms));
    if (outcome.stopped) {
      this.output.message(outcome.message || "Exécution arrêtée.", "error");
      this.announce("Exécution arrêtée.");
      return { ok: false };
    }
    if (outcome.failed) {
      this.output.message(outcome.message, "error");
      this.announce(`Erreur : ${outcome.message}`);
      return { ok: false };
    }
    return { ok: true, result: outcome.result };
  }

  // « Vérifier »: the checks' worker plans, the student's worker runs the code (and later the
  // calls the checks ask for), the checks' worker judges the data, round after round.
  async check(code) {
    const checks = this.data.checks;
    let plan;
    try {
      this.checking = true;
      plan = await this.checker.plan(checks);
      this.checking = false;
    } catch (error) {
      this.failChecks(error.message);
      return;
    }
    const parsed = JSON.parse(plan);
    if (parsed.error) {
      this.failChecks(parsed.error);
      return;
    }
    const first = await this.runStudent({ type: "run", code, plan });
    if (!first.ok) return;
    // The student's data and answers go to the checks as the student's Python wrote them.
    const student = first.result;
    const answers = [];
    this.output.result(normalise(JSON.parse(student)));
    this.announce("Vérification en cours…");
    for (let round = 0; round < MAX_ROUNDS; round++) {
      let verdict;
      try {
        this.checking = true;
        verdict = await this.checker.judge(checks, student, answers, this.data.id);
        this.checking = false;
      } catch (error) {
        this.failChecks(this.cancelled ? "Vérification arrêtée à votre demande." : error.message);
        return;
      }
      if (verdict.report) {
        this.showReport(verdict.report);
        return;
      }
      const answer = await this.runStudent({ type: "calls", needs: verdict.needs_json });
      if (!answer.ok) return;
      answers.push(answer.result);
    }
    this.failChecks(
      `Les vérifications ont demandé trop d'appels à vos fonctions (${MAX_ROUNDS} allers-retours) : ` +
        "signalez-le à votre enseignant.",
    );
  }

  failChecks(message) {
    this.checking = false;
    this.output.message(message, "error");
    this.announce(message);
  }

  showReport(report) {
    const result = normalise(report);
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

