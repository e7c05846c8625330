// The quiz as a student sees it: native, labelled form controls, keyboard first, French.
//
// The UI knows only student views (hvlab/quiz/view.py: prompts and parts under opaque ids) and
// result views; everything that grades sits behind a transport:
//   - PracticeTransport (quiz/practice.js): the static site; grades in the browser;
//   - ServerTransport (quiz/server.js): a grading server; saves each answer, shows what it returns.
// A transport has `mode`, `load()`, `save(question, response, {final})`, `hint(question, index)`;
// practice adds `student`, `restart()` and `resultsFile()`, server adds `submit()`.
import { announce, el, textOf, uniqueId } from "../dom.js";
import { number, percent } from "../fr.js";
import { readQuantity } from "./grading.js";

const DEBOUNCE_MS = 600;

function fr(x) {
  return number(x, 2);
}

function pointsText(x) {
  return fr(x) + (Math.abs(x) <= 1 ? " point" : " points");
}

function scoreText(score, max) {
  return "Score\u00a0: " + fr(score) + " / " + fr(max);
}

function verdictOf(result) {
  if (result.correct) return "Bonne réponse\u00a0!";
  if (result.fraction > 0) return "Réponse en partie juste.";
  return "Réponse fausse.";
}

function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function moveButton(text, step, itemText) {
  return el("button", {
    type: "button",
    class: "hvlab-q__move",
    "data-move": String(step),
    text,
    "aria-label": `${text} «\u00a0${itemText}\u00a0»`,
  });
}

export class QuizUI {
  constructor(root, transport) {
    this.root = root;
    this.transport = transport;
    this.prefix = uniqueId("hq");
    this.views = {};
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

  adopt(attempt) {
    this.questions = attempt.questions;
    this.answers = {};
    this.locked = new Set();
    for (const [id, saved] of Object.entries(attempt.answers || {})) {
      this.answers[id] = saved.response;
      if (saved.final || saved.locked) this.locked.add(id);
    }
    this.hints = { ...(attempt.hints || {}) };
    this.results = { ...(attempt.results || {}) };
    for (const id of Object.keys(this.results)) this.locked.add(id);
    this.submitted = attempt.status === "submitted" || attempt.status === "closed";
    if (this.submitted) for (const q of this.questions) this.locked.add(q.id);
    this.perQuestion = attempt.validate !== "submission";
    this.startOrder = {};
    for (const q of this.questions) if (q.type === "ordering") this.startOrder[q.id] = q.items.map((i) => i.id);
  }

  totals() {
    let score = 0;
    let max = 0;
    let validated = 0;
    for (const q of this.questions) {
      max += q.points;
      const result = this.results[q.id];
      if (result) {
        score += result.score;
        validated += 1;
      }
    }
    return { score: Math.round(score * 1e6) / 1e6, max: Math.round(max * 1e6) / 1e6, validated };
  }

  render() {
    const quiz = this.attempt.quiz;
    this.root.textContent = "";
    this.views = {};
    const titleId = this.prefix + "-title";
    const section = el("section", { class: "hvlab-quiz__body", "aria-labelledby": titleId });
    section.appendChild(el("p", { class: "hvlab-quiz__title", id: titleId, text: "Quiz\u00a0: " + quiz.title }));
    if (quiz.description) section.appendChild(el("div", { class: "hvlab-quiz__description", html: quiz.description }));
    this.scoreLine = el("p", { class: "hvlab-quiz__score" });
    this.progressLine = el("p", { class: "hvlab-quiz__progress" });
    this.statusLine = el("p", { class: "hvlab-quiz__status", role: "status" });
    section.appendChild(el("div", { class: "hvlab-quiz__summary" }, [this.scoreLine, this.progressLine]));
    if (!this.practice) section.appendChild(this.statusLine);
    this.live = el("p", { class: "hvlab-quiz__live", "aria-live": "polite", role: "status" });
    const list = el("div", { class: "hvlab-quiz__questions" });
    this.questions.forEach((question, position) => list.appendChild(this.renderQuestion(question, position + 1)));
    section.appendChild(list);
    section.appendChild(this.practice ? this.renderPracticeFooter() : this.renderServerFooter());
    section.appendChild(this.live);
    this.root.appendChild(section);
    this.updateSummary();
  }

  renderQuestion(question, number) {
    const id = this.prefix + "-" + question.id;
    const view = { question, id, inputs: [] };
    this.views[question.id] = view;
    const fieldset = el("fieldset", {
      class: "hvlab-q hvlab-q--" + question.type,
      id,
      "data-question": question.id,
      "data-seed": question.parametrised ? String(question.seed) : null,
    });
    const legend = el("legend", { class: "hvlab-q__legend" }, [
      el("span", { class: "hvlab-q__number", text: "Question " + number }),
      el("span", { class: "hvlab-q__points", text: " (" + pointsText(question.points) + ")" }),
    ]);
    if (question.prompt_inline !== null && question.prompt_inline !== undefined) {
      legend.appendChild(document.createTextNode(" "));
      legend.appendChild(el("span", { class: "hvlab-q__prompt", html: question.prompt_inline }));
      fieldset.appendChild(legend);
    } else {
      fieldset.appendChild(legend);
      fieldset.appendChild(el("div", { class: "hvlab-q__prompt", id: id + "-prompt", html: question.prompt }));
      fieldset.setAttribute("aria-describedby", id + "-prompt");
    }
    view.hints = el("div", { class: "hvlab-q__hints", "aria-live": "polite" });
    fieldset.appendChild(view.hints);
    const body = el("div", { class: "hvlab-q__answer" });
    fieldset.appendChild(body);
    const renderers = {
      single: this.renderChoices,
      true_false: this.renderChoices,
      multiple: this.renderChoices,
      numeric: this.renderInput,
      text: this.renderInput,
      matching: this.renderMatching,
      ordering: this.renderOrdering,
    };
    (renderers[question.type] || (() => {})).call(this, view, body);

    view.message = el("p", { class: "hvlab-q__message", id: id + "-message", "aria-live": "polite" });
    const actions = el("div", { class: "hvlab-q__actions" });
    view.validate = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-q__validate",
      text: "Valider",
      hidden: !this.perQuestion,
      onclick: () => this.validate(question),
    });
    actions.appendChild(view.validate);
    if (question.hint_count > 0) {
      const penaltyId = id + "-penalty";
      view.hint = el("button", {
        type: "button",
        class: "md-button hvlab-q__hint",
        text: "Indice",
        "aria-describedby": penaltyId,
        onclick: () => this.showHint(question),
      });
      view.penalty = el("span", { class: "hvlab-q__penalty", id: penaltyId });
      actions.appendChild(view.hint);
      actions.appendChild(view.penalty);
    }
    fieldset.appendChild(actions);
    if (question.type === "ordering") fieldset.appendChild(this.renderUnmovedConfirm(question, view));
    if (!this.practice) {
      view.status = el("p", { class: "hvlab-q__status", id: id + "-status" });
      fieldset.appendChild(view.status);
    }
    fieldset.appendChild(view.message);
    view.feedback = el("div", { class: "hvlab-q__feedback", id: id + "-feedback", tabindex: "-1", hidden: true });
    fieldset.appendChild(view.feedback);
    view.fieldset = fieldset;
    for (const html of this.hints[question.id] || []) this.appendHint(view, html);
    this.updateHintButton(question);
    if (this.locked.has(question.id)) this.lock(question, false);
    return fieldset;
  }

  renderChoices(view, body) {
    const question = view.question;
    const multiple = question.type === "multiple";
    const saved = this.answers[question.id];
    const list = el("ul", { class: "hvlab-q__options" });
    view.options = {};
    for (const choice of question.choices) {
      const inputId = view.id + "-" + choice.id;
      const checked = multiple ? Array.isArray(saved) && saved.includes(choice.id) : saved === choice.id;
      const input = el("input", {
        type: multiple ? "checkbox" : "radio",
        name: view.id,
        id: inputId,
        value: choice.id,
        checked,
        onchange: () => this.readChoices(question),
      });
      view.inputs.push(input);
      const item = el("li", { class: "hvlab-q__option" }, [input, el("label", { for: inputId, html: choice.html })]);
      view.options[choice.id] = item;
      list.appendChild(item);
    }
    body.appendChild(list);
  }

  readChoices(question) {
    const view = this.views[question.id];
    const checked = view.inputs.filter((input) => input.checked).map((input) => input.value);
    if (question.type === "multiple") this.answers[question.id] = checked;
    else if (checked.length) this.answers[question.id] = checked[0];
    this.changed(question, false);
  }

  renderInput(view, body) {
    const question = view.question;
    const inputId = view.id + "-input";
    const numeric = question.type === "numeric";
    let label = "Votre réponse";
    if (numeric) label += " (un nombre" + (question.unit ? ", en " + question.unit : "") + ")";
    const saved = this.answers[question.id];
    const input = el("input", {
      type: "text",
      id: inputId,
      class: "hvlab-q__input",
      inputmode: numeric ? "decimal" : null,
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      "aria-describedby": view.id + "-message",
      oninput: () => {
        this.answers[question.id] = input.value;
        this.changed(question, true);
      },
      onkeydown: (event) => {
        if (event.key === "Enter" && this.perQuestion) {
          event.preventDefault();
          this.validate(question);
        }
      },
    });
    if (typeof saved === "string") input.value = saved;
    view.inputs.push(input);
    const row = el("div", { class: "hvlab-q__field" }, [el("label", { for: inputId, text: label }), input]);
    if (numeric && question.unit) {
      row.appendChild(el("span", { class: "hvlab-q__unit", "aria-hidden": "true", text: question.unit }));
    }
    body.appendChild(row);
  }

  renderMatching(view, body) {
    const question = view.question;
    const saved = this.answers[question.id] || {};
    const list = el("ul", { class: "hvlab-q__pairs" });
    view.rows = {};
    for (const left of question.left) {
      const selectId = view.id + "-" + left.id;
      const select = el("select", {
        id: selectId,
        onchange: () => {
          const answers = { ...(this.answers[question.id] || {}) };
          if (select.value === "") delete answers[left.id];
          else answers[left.id] = select.value;
          this.answers[question.id] = answers;
          this.changed(question, false);
        },
      });
      select.appendChild(el("option", { value: "", text: "— Choisir —" }));
      for (const right of question.right) {
        select.appendChild(
          el("option", { value: right.id, text: textOf(right.html), selected: saved[left.id] === right.id })
        );
      }
      view.inputs.push(select);
      const row = el("li", { class: "hvlab-q__pair" }, [el("label", { for: selectId, html: left.html }), select]);
      view.rows[left.id] = row;
      list.appendChild(row);
    }
    body.appendChild(list);
  }

  renderOrdering(view, body) {
    const question = view.question;
    const byId = Object.fromEntries(question.items.map((item) => [item.id, item]));
    let order = this.answers[question.id];
    if (!Array.isArray(order) || !sameList([...order].sort(), Object.keys(byId).sort())) {
      order = question.items.map((item) => item.id);
    }
    this.answers[question.id] = order;
    const help = el("p", {
      class: "hvlab-q__help",
      id: view.id + "-help",
      text:
        "Rangez les éléments avec les boutons «\u00a0Monter\u00a0» et «\u00a0Descendre\u00a0»\u00a0: au clavier, Tab va " +
        "d'un bouton à l'autre, Entrée ou Espace déplace l'élément, et le focus le suit.",
    });
    const list = el("ol", { class: "hvlab-q__order", "aria-describedby": view.id + "-help" });
    view.list = list;
    view.items = {};
    for (const itemId of order) {
      const item = byId[itemId];
      const text = textOf(item.html);
      const up = moveButton("Monter", -1, text);
      const down = moveButton("Descendre", 1, text);
      const li = el("li", { class: "hvlab-q__item", "data-item": item.id }, [
        el("span", { class: "hvlab-q__item-text", html: item.html }),
        el("span", { class: "hvlab-q__moves" }, [up, down]),
      ]);
      for (const button of [up, down]) {
        button.addEventListener("click", () => this.move(question, item.id, Number(button.dataset.move), button));
        view.inputs.push(button);
      }
      view.items[item.id] = li;
      list.appendChild(li);
    }
    body.appendChild(help);
    body.appendChild(list);
    this.updateMoves(view);
  }

  updateMoves(view) {
    const items = Array.from(view.list.children);
    const locked = this.locked.has(view.question.id);
    items.forEach((li, position) => {
      const [up, down] = li.querySelectorAll("button");
      up.disabled = locked || position === 0;
      down.disabled = locked || position === items.length - 1;
    });
  }

  move(question, itemId, step, button) {
    const view = this.views[question.id];
    const order = this.answers[question.id].slice();
    const from = order.indexOf(itemId);
    const to = from + step;
    if (from < 0 || to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, itemId);
    this.answers[question.id] = order;
    const li = view.items[itemId];
    if (step < 0) view.list.insertBefore(li, li.previousElementSibling);
    else view.list.insertBefore(li, li.nextElementSibling ? li.nextElementSibling.nextElementSibling : null);
    this.updateMoves(view);
    const [up, down] = li.querySelectorAll("button");
    const target = button.disabled ? (button === up ? down : up) : button;
    target.focus();
    view.confirm.hidden = true;
    this.changed(question, false);
    const text = li.querySelector(".hvlab-q__item-text").textContent;
    this.announce(`«\u00a0${text}\u00a0» est maintenant en position ${to + 1} sur ${order.length}.`);
  }

  /** « Valider » with nothing moved asks first: the starting order is never the right one. */
  renderUnmovedConfirm(question, view) {
    const textId = view.id + "-unmoved";
    const cancel = () => {
      view.confirm.hidden = true;
      const first = view.list.querySelector("button:not([disabled])");
      if (first) first.focus();
    };
    view.confirmYes = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-q__confirm-yes",
      text: "Valider quand même",
      onclick: () => {
        view.confirm.hidden = true;
        this.validate(question, { confirmed: true });
      },
    });
    view.confirm = el(
      "div",
      {
        class: "hvlab-q__confirm",
        role: "group",
        "aria-labelledby": textId,
        hidden: true,
        onkeydown: (event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            cancel();
          }
        },
      },
      [
        el("p", {
          id: textId,
          text:
            "Vous n'avez déplacé aucun élément\u00a0: l'ordre de départ est mélangé. Valider quand même cet ordre\u00a0?",
        }),
        el("div", { class: "hvlab-quiz__actions" }, [
          view.confirmYes,
          el("button", { type: "button", class: "md-button", text: "Annuler", onclick: cancel }),
        ]),
      ]
    );
    return view.confirm;
  }

  /** An answer changed: practice keeps it at once; a server gets it (typing: after a pause). */
  changed(question, typing) {
    if (this.locked.has(question.id)) return;
    window.clearTimeout(this.timers[question.id]);
    const send = () => {
      this.transport.save(question.id, this.answers[question.id] ?? null, { final: false }).catch(() => {});
    };
    if (typing && !this.practice) this.timers[question.id] = window.setTimeout(send, DEBOUNCE_MS);
    else send();
  }

  missing(question, value) {
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

  async validate(question, { confirmed = false } = {}) {
    if (this.locked.has(question.id)) return;
    const view = this.views[question.id];
    const value = this.answers[question.id];
    const problem = this.missing(question, value);
    view.message.textContent = problem;
    if (problem) {
      const first = view.inputs.find((input) => !input.disabled);
      if (first && question.type !== "ordering") first.focus();
      return;
    }
    if (question.type === "ordering" && !confirmed && sameList(value, this.startOrder[question.id])) {
      view.confirm.hidden = false;
      view.confirmYes.focus();
      return;
    }
    window.clearTimeout(this.timers[question.id]);
    this.locked.add(question.id);
    view.validate.disabled = true;
    let reply;
    try {
      reply = await this.transport.save(question.id, value ?? null, { final: true });
    } catch (error) {
      this.locked.delete(question.id);
      view.validate.disabled = false;
      view.message.textContent = error.message;
      return;
    }
    view.validate.disabled = false;
    if (reply && reply.result) this.results[question.id] = reply.result;
    this.lock(question, true);
    this.updateSummary();
    const result = this.results[question.id];
    if (result) {
      const totals = this.totals();
      const points = fr(result.score) + " / " + pointsText(result.max);
      this.announce(verdictOf(result) + " " + points + ". " + scoreText(totals.score, totals.max) + ".");
    } else {
      this.announce("Réponse enregistrée.");
    }
  }

  /** Freeze a validated question and show what its result says. */
  lock(question, focus) {
    const view = this.views[question.id];
    for (const input of view.inputs) input.disabled = true;
    view.validate.hidden = true;
    if (view.hint) {
      view.hint.hidden = true;
      view.penalty.hidden = true;
    }
    if (view.confirm) view.confirm.hidden = true;
    view.message.textContent = "";
    const result = this.results[question.id];
    const feedback = view.feedback;
    feedback.textContent = "";
    if (!result) {
      if (this.perQuestion) {
        feedback.appendChild(el("p", { class: "hvlab-q__verdict", text: "Réponse enregistrée\u00a0: la correction viendra plus tard." }));
        feedback.hidden = false;
      }
      if (question.type === "ordering") this.updateMoves(view);
      return;
    }
    const outcome = result.correct ? "right" : result.fraction > 0 ? "partial" : "wrong";
    view.fieldset.classList.add("hvlab-q--" + outcome);
    this.markAnswer(question, view, result);
    const hints = result.hints_used || 0;
    let detail = fr(result.score) + " / " + pointsText(result.max);
    if (hints) detail += " (" + hints + (hints > 1 ? " indices utilisés" : " indice utilisé") + ")";
    feedback.appendChild(
      el("p", { class: "hvlab-q__verdict" }, [el("strong", { text: verdictOf(result) }), " " + detail + "."])
    );
    const expected = this.expectedBlock(question, result);
    if (expected && !result.correct) feedback.appendChild(expected);
    if (result.explanation) feedback.appendChild(el("div", { class: "hvlab-q__explanation", html: result.explanation }));
    feedback.hidden = false;
    if (focus) feedback.focus();
  }

  markAnswer(question, view, result) {
    const marks = result.marks || {};
    const answer = result.answer;
    if (question.type === "single" || question.type === "multiple" || question.type === "true_false") {
      const right = new Set(Array.isArray(answer) ? answer : []);
      for (const choice of question.choices) {
        const item = view.options[choice.id];
        const mark = marks[choice.id];
        let text = "";
        if (mark === "right") text = "✓ Bonne réponse";
        else if (mark === "wrong") text = "✗ Mauvaise réponse";
        else if (right.has(choice.id) && question.type === "multiple") text = "Il fallait cocher cette réponse";
        else if (right.has(choice.id)) text = "La bonne réponse";
        const state = right.has(choice.id) || mark === "right" ? "right" : mark === "wrong" ? "wrong" : "";
        if (state) item.classList.add("hvlab-q__option--" + state);
        if (text) item.appendChild(el("span", { class: "hvlab-q__mark", text }));
        const note = (result.option_feedback || {})[choice.id];
        if (note) item.appendChild(el("div", { class: "hvlab-q__option-feedback", html: note }));
      }
    } else if (question.type === "matching") {
      const rights = Object.fromEntries(question.right.map((r) => [r.id, textOf(r.html)]));
      for (const left of question.left) {
        const row = view.rows[left.id];
        const mark = marks[left.id];
        const expected = answer && answer[left.id] ? rights[answer[left.id]] : null;
        if (!mark && !expected) continue;
        const good = mark === "right";
        row.classList.add(good ? "hvlab-q__option--right" : "hvlab-q__option--wrong");
        const text = good ? "✓ Juste" : expected ? "✗ Attendu\u00a0: " + expected : "✗ Faux";
        row.appendChild(el("span", { class: "hvlab-q__mark", text }));
      }
    } else if (question.type === "ordering") {
      for (const [itemId, li] of Object.entries(view.items)) {
        const mark = marks[itemId];
        if (!mark) continue;
        li.classList.add(mark === "right" ? "hvlab-q__option--right" : "hvlab-q__option--wrong");
        li.appendChild(el("span", { class: "hvlab-q__mark", text: mark === "right" ? "✓ Bien placé" : "✗ Mal placé" }));
      }
      this.updateMoves(view);
    }
  }

  expectedBlock(question, result) {
    if (question.type === "ordering" && Array.isArray(result.answer)) {
      const byId = Object.fromEntries(question.items.map((i) => [i.id, i.html]));
      const list = el("ol", {});
      for (const id of result.answer) list.appendChild(el("li", { html: byId[id] || "" }));
      return el("div", { class: "hvlab-q__expected" }, [el("p", { text: "Ordre attendu\u00a0:" }), list]);
    }
    if ((question.type === "numeric" || question.type === "text") && result.expected) {
      return el("p", { class: "hvlab-q__expected", text: "Réponse attendue\u00a0: " + result.expected + "." });
    }
    return null;
  }

  appendHint(view, html) {
    const index = view.hints.children.length;
    const hint = el("div", { class: "hvlab-q__hint-text", tabindex: "-1" }, [
      el("strong", { text: "Indice " + (index + 1) + " : " }),
      el("span", { html }),
    ]);
    view.hints.appendChild(hint);
    return hint;
  }

  updateHintButton(question) {
    const view = this.views[question.id];
    if (!view.hint) return;
    const used = (this.hints[question.id] || []).length;
    const left = question.hint_count - used;
    const penalty = Number(question.hint_penalty || 0);
    const cost = penalty
      ? "Chaque indice coûte " + percent(penalty) + " des points de la question. "
      : "Les indices ne coûtent aucun point. ";
    const remaining = left > 1 ? left + " indices restants." : "1 indice restant.";
    view.penalty.textContent = left > 0 ? cost + remaining : "Plus d'indice disponible.";
    view.hint.disabled = left <= 0;
  }

  async showHint(question) {
    if (this.locked.has(question.id)) return;
    const view = this.views[question.id];
    const used = (this.hints[question.id] || []).length;
    if (used >= question.hint_count) return;
    view.hint.disabled = true;
    let reply;
    try {
      reply = await this.transport.hint(question.id, used);
    } catch (error) {
      view.message.textContent = error.message;
      this.updateHintButton(question);
      return;
    }
    this.hints[question.id] = [...(this.hints[question.id] || []), reply.hint];
    const hint = this.appendHint(view, reply.hint);
    this.updateHintButton(question);
    // The button is disabled after the last hint: the focus goes to the hint, just before the
    // answer fields, instead of being lost.
    if (view.hint.disabled) hint.focus();
  }

  updateSummary() {
    const totals = this.totals();
    const count = this.questions.length;
    const hidden = !this.practice && totals.validated < this.locked.size;
    this.scoreLine.textContent = hidden && !totals.validated ? "" : scoreText(totals.score, totals.max);
    const done = this.practice ? totals.validated : this.locked.size;
    const plural = done > 1 ? "s" : "";
    const verb = this.practice || this.perQuestion ? "validée" : "rendue";
    let progress = `${done} question${plural} ${verb}${plural} sur ${count}.`;
    const passMark = this.attempt.quiz.pass_mark;
    if (totals.validated === count && passMark !== null && passMark !== undefined && totals.max > 0) {
      const share = totals.score / totals.max;
      const passed = share >= passMark - 1e-9 ? ", réussi" : ", pas encore réussi";
      progress += " Quiz terminé\u00a0: " + percent(share) + passed + " (seuil\u00a0: " + percent(passMark) + ").";
    } else if (done === count) {
      progress += " Quiz terminé.";
    }
    this.progressLine.textContent = progress;
  }

  announce(text) {
    announce(this.live, text);
  }

  /** Shown by the server transport: "Enregistrement…", "Enregistré", "Hors ligne, nouvel essai…". */
  status(questionId, state, message) {
    const line = questionId && this.views[questionId] ? this.views[questionId].status : this.statusLine;
    if (!line) return;
    const before = line.dataset.state;
    line.textContent = message;
    line.dataset.state = state;
    // Saving is said quietly on the page; a lost connection or a refusal is also announced.
    if ((state === "offline" || state === "error") && before !== state) this.announce(message);
  }

  renderConfirm({ question, yes, onYes, back }) {
    const textId = uniqueId(this.prefix + "-confirm");
    const box = el("div", { class: "hvlab-quiz__confirm", role: "group", "aria-labelledby": textId, hidden: true });
    const cancel = () => {
      box.hidden = true;
      back().focus();
    };
    const confirmYes = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-quiz__confirm-yes",
      text: yes,
      onclick: onYes,
    });
    box.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        cancel();
      }
    });
    box.appendChild(el("p", { id: textId, text: question }));
    box.appendChild(
      el("div", { class: "hvlab-quiz__actions" }, [
        confirmYes,
        el("button", { type: "button", class: "md-button", text: "Annuler", onclick: cancel }),
      ])
    );
    return { box, yes: confirmYes };
  }

  renderPracticeFooter() {
    const footer = el("div", { class: "hvlab-quiz__footer" });
    const nameId = this.prefix + "-student";
    const name = el("input", {
      type: "text",
      id: nameId,
      class: "hvlab-quiz__student",
      autocomplete: "name",
      oninput: () => {
        this.transport.student = name.value;
      },
    });
    name.value = this.transport.student;
    const nameLabel = "Votre nom (facultatif, écrit dans le fichier de résultats)";
    footer.appendChild(el("div", { class: "hvlab-q__field" }, [el("label", { for: nameId, text: nameLabel }), name]));
    this.restartButton = el("button", {
      type: "button",
      class: "md-button hvlab-quiz__restart",
      text: "Recommencer",
      onclick: () => this.askRestart(),
    });
    footer.appendChild(
      el("div", { class: "hvlab-quiz__actions" }, [
        el("button", {
          type: "button",
          class: "md-button hvlab-quiz__download",
          text: "Télécharger mes résultats",
          onclick: () => this.download(),
        }),
        this.restartButton,
      ])
    );
    this.restartConfirm = this.renderConfirm({
      question: "Effacer toutes vos réponses de ce quiz et recommencer\u00a0?",
      yes: "Oui, tout effacer",
      onYes: () => this.restart(),
      back: () => this.restartButton,
    });
    footer.appendChild(this.restartConfirm.box);
    return footer;
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
    this.attempt = await this.transport.load();
    this.adopt(this.attempt);
    this.render();
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
    this.announce("Fichier de résultats téléchargé\u00a0: " + scoreText(results.score, results.max) + ".");
  }

  renderServerFooter() {
    const footer = el("div", { class: "hvlab-quiz__footer" });
    if (this.submitted) {
      footer.appendChild(el("p", { class: "hvlab-quiz__submitted", text: "Copie rendue." }));
      return footer;
    }
    this.submitButton = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-quiz__submit",
      text: "Rendre ma copie",
      onclick: () => {
        this.submitConfirm.box.hidden = false;
        this.submitConfirm.yes.focus();
      },
    });
    footer.appendChild(el("div", { class: "hvlab-quiz__actions" }, [this.submitButton]));
    if (this.attempt.deadline) footer.appendChild(this.renderCountdown());
    this.submitConfirm = this.renderConfirm({
      question: "Rendre votre copie\u00a0? Vous ne pourrez plus modifier vos réponses.",
      yes: "Oui, rendre ma copie",
      onYes: () => this.submit(),
      back: () => this.submitButton,
    });
    footer.appendChild(this.submitConfirm.box);
    return footer;
  }

  /** Time left by the server's clock (the page's clock only measures what elapsed since). */
  renderCountdown() {
    const line = el("p", { class: "hvlab-quiz__deadline" });
    const loaded = Date.now();
    const serverNow = Date.parse(this.attempt.now || "") || loaded;
    const deadline = Date.parse(this.attempt.deadline);
    const tick = async () => {
      if (!line.isConnected && this.countdown) {
        window.clearInterval(this.countdown);
        return;
      }
      const left = deadline - (serverNow + Date.now() - loaded);
      if (left <= 0) {
        window.clearInterval(this.countdown);
        line.textContent = "Temps écoulé\u00a0: la copie est rendue automatiquement.";
        this.attempt = await this.transport.load();
        this.adopt(this.attempt);
        this.render();
        return;
      }
      const minutes = Math.ceil(left / 60000);
      line.textContent =
        minutes > 1 ? `Temps restant\u00a0: ${minutes} minutes.` : "Temps restant\u00a0: moins d'une minute.";
    };
    window.clearInterval(this.countdown);
    this.countdown = window.setInterval(tick, 15000);
    tick();
    return line;
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
    this.attempt = await this.transport.load();
    this.adopt(this.attempt);
    this.render();
    this.announce("Copie rendue.");
  }
}
