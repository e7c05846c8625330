// The quiz as a student sees it: native, labelled form controls, keyboard first, French.
//
// The UI knows only student views (hvlab/quiz/view.py: prompts and parts under opaque ids) and
// result views; everything that grades sits behind a transport:
//   - PracticeTransport (quiz/practice.js): the static site; grades in the browser;
//   - ServerTransport (quiz/server.js): a grading server; saves each answer, shows what it returns.
// A transport has `mode`, `load()`, `save(question, response, {final})`, `hint(question, index)`;
// practice adds `student`, `restart()` and `resultsFile()`, server adds `submit()`.
// Each question is a QuestionCard (quiz/question.js); the end of the quiz is in quiz/footer.js.
import { announce, el, uniqueId } from "../dom.js";
import { practiceFooter, serverFooter } from "./footer.js";
import { readQuantity } from "./grading.js";
import { QuestionCard, resultText } from "./question.js";
import { practiceSummary, scoreText, serverSummary } from "./summary.js";

const DEBOUNCE_MS = 600;
const NBSP = "\u00a0";

/** Why a response cannot be validated yet ("" when it can). */
export function missing(question, value) {
  switch (question.type) {
    case "single":
    case "true_false":
      return value === undefined || value === null ? "Choisissez une réponse avant de valider." : "";
    case "multiple":
      return !Array.isArray(value) || !value.length ? "Cochez au moins une réponse avant de valider." : "";
    case "numeric": {
      if (typeof value !== "string" || !value.trim()) return "Écrivez un nombre avant de valider.";
      const units = Object.fromEntries((question.units || []).map((name) => [name, 1]));
      const problem = readQuantity(value, question.unit, units).problem;
      const example = " Écrivez par exemple 7,5" + (question.unit ? " ou 7,5 " + question.unit : "") + ".";
      return problem ? problem + example : "";
    }
    case "text":
      return typeof value !== "string" || !value.trim() ? "Écrivez une réponse avant de valider." : "";
    case "matching":
      return Object.keys(value || {}).length < question.left.length ? "Associez chaque élément avant de valider." : "";
    default:
      return "";
  }
}

export class QuizUI {
  constructor(root, transport) {
    this.root = root;
    this.transport = transport;
    this.prefix = uniqueId("hq");
    this.cards = {};
    this.timers = {};
  }

  get practice() {
    return this.transport.mode === "practice";
  }

  async start() {
    this.root.setAttribute("aria-busy", "true");
    try {
      this.attempt = await this.transport.load();
    } finally {
      this.root.removeAttribute("aria-busy");
    }
    this.adopt(this.attempt);
    this.render();
  }

  /** Load the attempt again and show it (after a submission, a restart, the deadline). */
  async reload() {
    this.attempt = await this.transport.load();
    this.adopt(this.attempt);
    this.render();
  }

  adopt(attempt) {
    this.questions = attempt.questions;
    this.answers = {};
    this.locked = new Set();
    for (const [id, saved] of Object.entries(attempt.answers || {})) {
      this.answers[id] = saved.response;
      if (saved.final || saved.locked) this.locked.add(id);
    }
    // Questions with an answer (saved before, or changed on this page): the progress line.
    this.touched = new Set(
      Object.entries(attempt.answers || {})
        .filter(([, saved]) => saved.response !== null && saved.response !== undefined)
        .map(([id]) => id)
    );
    this.hints = { ...(attempt.hints || {}) };
    this.results = { ...(attempt.results || {}) };
    for (const id of Object.keys(this.results)) this.locked.add(id);
    this.submitted = attempt.status === "submitted" || attempt.status === "closed";
    if (this.submitted) for (const q of this.questions) this.locked.add(q.id);
    this.perQuestion = attempt.validate !== "submission";
  }

  totals() {
    let score = 0;
    let max = 0;
    let validated = 0;
    for (const q of this.questions) {
      max += q.points;
      const result = this.results[q.id];
      if (result && typeof result.score === "number") {
        score += result.score;
        validated += 1;
      }
    }
    return { score: Math.round(score * 1e6) / 1e6, max: Math.round(max * 1e6) / 1e6, validated };
  }

  render() {
    const quiz = this.attempt.quiz;
    this.root.textContent = "";
    this.cards = {};
    const titleId = this.prefix + "-title";
    const section = el("section", { class: "hvlab-quiz__body", "aria-labelledby": titleId });
    // A graded évaluation's page already has the title as its heading: no second one.
    if (this.practice) {
      section.appendChild(el("p", { class: "hvlab-quiz__title", id: titleId, text: `Quiz${NBSP}: ${quiz.title}` }));
    } else {
      section.removeAttribute("aria-labelledby");
      section.setAttribute("aria-label", quiz.title);
    }
    if (quiz.description) section.appendChild(el("div", { class: "hvlab-quiz__description", html: quiz.description }));
    this.scoreLine = el("p", { class: "hvlab-quiz__score" });
    this.progressLine = el("p", { class: "hvlab-quiz__progress" });
    this.statusLine = el("p", { class: "hvlab-quiz__status", role: "status" });
    section.appendChild(el("div", { class: "hvlab-quiz__summary" }, [this.scoreLine, this.progressLine]));
    if (!this.practice) section.appendChild(this.statusLine);
    this.live = el("p", { class: "hvlab-quiz__live", "aria-live": "polite", role: "status" });
    const list = el("div", { class: "hvlab-quiz__questions" });
    this.questions.forEach((question, position) => {
      const card = new QuestionCard(this, question, position + 1, this.prefix);
      this.cards[question.id] = card;
      list.appendChild(card.fieldset);
    });
    section.appendChild(list);
    section.appendChild(this.practice ? practiceFooter(this) : serverFooter(this));
    section.appendChild(this.live);
    this.root.appendChild(section);
    this.updateSummary();
  }

  /** An answer changed: practice keeps it at once; a server gets it (typing: after a pause). */
  changed(question, typing) {
    if (this.locked.has(question.id)) return;
    if (!this.touched.has(question.id)) {
      this.touched.add(question.id);
      this.updateSummary();
    }
    window.clearTimeout(this.timers[question.id]);
    const send = () => {
      this.transport.save(question.id, this.answers[question.id] ?? null, { final: false }).catch(() => {});
    };
    if (typing && !this.practice) this.timers[question.id] = window.setTimeout(send, DEBOUNCE_MS);
    else send();
  }

  async validate(question, { confirmed = false } = {}) {
    if (this.locked.has(question.id)) return;
    const card = this.cards[question.id];
    const value = this.answers[question.id];
    const problem = missing(question, value);
    card.message.textContent = problem;
    if (problem) {
      const first = card.inputs.find((input) => !input.disabled);
      if (first && question.type !== "ordering") first.focus();
      return;
    }
    if (!confirmed && card.unmoved()) {
      card.askUnmoved();
      return;
    }
    window.clearTimeout(this.timers[question.id]);
    this.locked.add(question.id);
    card.validate.disabled = true;
    let reply;
    try {
      reply = await this.transport.save(question.id, value ?? null, { final: true });
    } catch (error) {
      this.locked.delete(question.id);
      card.validate.disabled = false;
      card.message.textContent = error.message;
      return;
    }
    card.validate.disabled = false;
    if (reply && reply.result) this.results[question.id] = reply.result;
    card.lock(true);
    this.updateSummary();
    const result = this.results[question.id];
    const said = result ? resultText(result) : "";
    if (said) {
      const score = this.scoreLine.textContent;
      this.announce(said + (score ? " " + score + (score.endsWith(".") ? "" : ".") : ""));
    } else {
      this.announce("Réponse enregistrée.");
    }
  }

  async showHint(question) {
    if (this.locked.has(question.id)) return;
    const card = this.cards[question.id];
    const used = (this.hints[question.id] || []).length;
    if (used >= question.hint_count) return;
    card.hint.disabled = true;
    let reply;
    try {
      reply = await this.transport.hint(question.id, used);
    } catch (error) {
      card.message.textContent = error.message;
      card.updateHintButton();
      return;
    }
    this.hints[question.id] = [...(this.hints[question.id] || []), reply.hint];
    const hint = card.appendHint(reply.hint);
    card.updateHintButton();
    // The button is disabled after the last hint: the focus goes to the hint, just before the
    // answer fields, instead of being lost.
    if (card.hint.disabled) hint.focus();
  }

  updateSummary() {
    const lines = this.practice ? practiceSummary(this) : serverSummary(this);
    this.scoreLine.textContent = lines.score;
    this.scoreLine.hidden = !lines.score;
    this.scoreLine.classList.toggle("hvlab-quiz__score--later", Boolean(lines.later));
    this.progressLine.textContent = lines.progress;
  }

  announce(text) {
    announce(this.live, text);
  }

  /** Shown by the server transport: "Enregistrement…", "Enregistré", "Hors ligne, nouvel essai…". */
  status(questionId, state, message) {
    const card = questionId ? this.cards[questionId] : null;
    const line = card ? card.status : this.statusLine;
    if (!line) return;
    const before = line.dataset.state;
    line.textContent = message;
    line.dataset.state = state;
    // Saving is said quietly on the page; a lost connection or a refusal is also announced.
    if ((state === "offline" || state === "error") && before !== state) this.announce(message);
  }

  hasProgress() {
    const typed = this.questions.some((q) => {
      const value = this.answers[q.id];
      if (q.type === "ordering" || value === undefined || value === null) return false;
      return typeof value === "object" ? Object.keys(value).length > 0 : String(value).length > 0;
    });
    return typed || this.locked.size > 0 || Object.keys(this.hints).length > 0;
  }

  askRestart() {
    if (!this.hasProgress()) {
      this.restart();
      return;
    }
    this.restartConfirm.box.hidden = false;
    this.restartConfirm.yes.focus();
  }

  async restart() {
    this.transport.restart();
    await this.reload();
    const first = this.root.querySelector(".hvlab-q input, .hvlab-q select, .hvlab-q button");
    if (first) first.focus();
    const totals = this.totals();
    this.announce("Le quiz est remis à zéro. " + scoreText(totals.score, totals.max) + ".");
  }

  resultsFile() {
    return this.transport.resultsFile();
  }

  download() {
    const results = this.resultsFile();
    const blob = new Blob([JSON.stringify(results, null, 2) + "\n"], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const slug = results.student
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    const name = "resultats-" + results.quiz + (slug ? "-" + slug : "") + ".json";
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 1000);
    this.announce(`Fichier de résultats téléchargé${NBSP}: ${scoreText(results.score, results.max)}.`);
  }

  async submit() {
    this.submitConfirm.box.hidden = true;
    this.submitButton.disabled = true;
    for (const [id, timer] of Object.entries(this.timers)) {
      window.clearTimeout(timer);
      if (!this.locked.has(id)) {
        await this.transport.save(id, this.answers[id] ?? null, { final: false }).catch(() => {});
      }
    }
    try {
      await this.transport.submit();
    } catch (error) {
      this.submitButton.disabled = false;
      this.status(null, "error", error.message);
      return;
    }
    await this.reload();
    this.announce("Copie rendue.");
  }
}
