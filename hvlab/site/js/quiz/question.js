// One question of the quiz UI: its fieldset, its answer controls, its hints and its correction.
//
// A card shows a student view (hvlab/quiz/view.py) and, once graded, a result view; it keeps the
// student's answer in view ids in `quiz.answers` and asks its quiz (quiz-ui.js) to save, validate
// or give a hint. Native, labelled form controls: radio buttons, check boxes, text fields,
// selects, and « Monter » / « Descendre » buttons for an order.
import { el, textOf } from "../dom.js";
import { number, percent } from "../fr.js";

const NBSP = "\u00a0";

export function fr(x) {
  return number(x, 2);
}

export function pointsText(x) {
  return fr(x) + (Math.abs(x) <= 1 ? " point" : " points");
}

/** "right", "partial" or "wrong" (a server that withholds the score says `outcome` instead). */
export function outcomeOf(result) {
  if (result.outcome) return result.outcome;
  if (result.correct) return "right";
  return result.fraction > 0 ? "partial" : "wrong";
}

export function verdictOf(result) {
  const outcome = outcomeOf(result);
  if (outcome === "right") return `Bonne réponse${NBSP}!`;
  if (outcome === "partial") return "Réponse en partie juste.";
  return "Réponse fausse.";
}

/**
 * What a result says, as far as it goes: a graded évaluation may release the verdict without the
 * points, or the points without the verdict ("" when it holds neither).
 */
export function resultText(result) {
  const words = [];
  if (typeof result.correct === "boolean") words.push(verdictOf(result));
  if (typeof result.score === "number") words.push(fr(result.score) + " / " + pointsText(result.max) + ".");
  return words.join(" ");
}

export function sameList(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function moveButton(text, step, itemText) {
  return el("button", {
    type: "button",
    class: "hvlab-q__move",
    "data-move": String(step),
    text,
    "aria-label": `${text} «${NBSP}${itemText}${NBSP}»`,
  });
}

export class QuestionCard {
  /**
   * `quiz`: the QuizUI it belongs to (answers, locked questions, results, hints, and the
   * `changed`, `validate`, `showHint`, `announce` actions); `view`: the student view.
   */
  constructor(quiz, view, number, prefix) {
    this.quiz = quiz;
    this.question = view;
    this.id = prefix + "-" + view.id;
    this.inputs = [];
    this.fieldset = this.build(number);
  }

  get answer() {
    return this.quiz.answers[this.question.id];
  }

  set answer(value) {
    this.quiz.answers[this.question.id] = value;
  }

  get locked() {
    return this.quiz.locked.has(this.question.id);
  }

  build(number) {
    const question = this.question;
    const id = this.id;
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
    this.hints = el("div", { class: "hvlab-q__hints", "aria-live": "polite" });
    fieldset.appendChild(this.hints);
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
    (renderers[question.type] || (() => {})).call(this, body);

    this.message = el("p", { class: "hvlab-q__message", id: id + "-message", "aria-live": "polite" });
    const actions = el("div", { class: "hvlab-q__actions" });
    this.validate = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-q__validate",
      text: "Valider",
      hidden: !this.quiz.perQuestion,
      onclick: () => this.quiz.validate(question),
    });
    actions.appendChild(this.validate);
    if (question.hint_count > 0) {
      const penaltyId = id + "-penalty";
      this.hint = el("button", {
        type: "button",
        class: "md-button hvlab-q__hint",
        text: "Indice",
        "aria-describedby": penaltyId,
        onclick: () => this.quiz.showHint(question),
      });
      this.penalty = el("span", { class: "hvlab-q__penalty", id: penaltyId });
      actions.appendChild(this.hint);
      actions.appendChild(this.penalty);
    }
    fieldset.appendChild(actions);
    if (question.type === "ordering") fieldset.appendChild(this.renderUnmovedConfirm());
    if (!this.quiz.practice) {
      this.status = el("p", { class: "hvlab-q__status", id: id + "-status" });
      fieldset.appendChild(this.status);
    }
    fieldset.appendChild(this.message);
    this.feedback = el("div", { class: "hvlab-q__feedback", id: id + "-feedback", tabindex: "-1", hidden: true });
    fieldset.appendChild(this.feedback);
    this.fieldset = fieldset;
    for (const html of this.quiz.hints[question.id] || []) this.appendHint(html);
    this.updateHintButton();
    if (this.locked) this.lock(false);
    return fieldset;
  }

  renderChoices(body) {
    const question = this.question;
    const multiple = question.type === "multiple";
    const saved = this.answer;
    const list = el("ul", { class: "hvlab-q__options" });
    this.options = {};
    for (const choice of question.choices) {
      const inputId = this.id + "-" + choice.id;
      const checked = multiple ? Array.isArray(saved) && saved.includes(choice.id) : saved === choice.id;
      const input = el("input", {
        type: multiple ? "checkbox" : "radio",
        name: this.id,
        id: inputId,
        value: choice.id,
        checked,
        onchange: () => this.readChoices(),
      });
      this.inputs.push(input);
      const item = el("li", { class: "hvlab-q__option" }, [input, el("label", { for: inputId, html: choice.html })]);
      this.options[choice.id] = item;
      list.appendChild(item);
    }
    body.appendChild(list);
  }

  readChoices() {
    const checked = this.inputs.filter((input) => input.checked).map((input) => input.value);
    if (this.question.type === "multiple") this.answer = checked;
    else if (checked.length) this.answer = checked[0];
    this.quiz.changed(this.question, false);
  }

  renderInput(body) {
    const question = this.question;
    const inputId = this.id + "-input";
    const numeric = question.type === "numeric";
    let label = "Votre réponse";
    if (numeric) label += " (un nombre" + (question.unit ? ", en " + question.unit : "") + ")";
    const saved = this.answer;
    const input = el("input", {
      type: "text",
      id: inputId,
      class: "hvlab-q__input",
      inputmode: numeric ? "decimal" : null,
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      "aria-describedby": this.id + "-message",
      oninput: () => {
        this.answer = input.value;
        this.quiz.changed(question, true);
      },
      onkeydown: (event) => {
        if (event.key === "Enter" && this.quiz.perQuestion) {
          event.preventDefault();
          this.quiz.validate(question);
        }
      },
    });
    if (typeof saved === "string") input.value = saved;
    this.inputs.push(input);
    const row = el("div", { class: "hvlab-q__field" }, [el("label", { for: inputId, text: label }), input]);
    if (numeric && question.unit) {
      row.appendChild(el("span", { class: "hvlab-q__unit", "aria-hidden": "true", text: question.unit }));
    }
    body.appendChild(row);
  }

  renderMatching(body) {
    const question = this.question;
    const saved = this.answer || {};
    const list = el("ul", { class: "hvlab-q__pairs" });
    this.rows = {};
    for (const left of question.left) {
      const selectId = this.id + "-" + left.id;
      const select = el("select", {
        id: selectId,
        onchange: () => {
          const answers = { ...(this.answer || {}) };
          if (select.value === "") delete answers[left.id];
          else answers[left.id] = select.value;
          this.answer = answers;
          this.quiz.changed(question, false);
        },
      });
      select.appendChild(el("option", { value: "", text: "— Choisir —" }));
      for (const right of question.right) {
        select.appendChild(
          el("option", { value: right.id, text: textOf(right.html), selected: saved[left.id] === right.id })
        );
      }
      this.inputs.push(select);
      const row = el("li", { class: "hvlab-q__pair" }, [el("label", { for: selectId, html: left.html }), select]);
      this.rows[left.id] = row;
      list.appendChild(row);
    }
    body.appendChild(list);
  }

  renderOrdering(body) {
    const question = this.question;
    const byId = Object.fromEntries(question.items.map((item) => [item.id, item]));
    let order = this.answer;
    if (!Array.isArray(order) || !sameList([...order].sort(), Object.keys(byId).sort())) {
      order = question.items.map((item) => item.id);
    }
    this.answer = order;
    const help = el("p", {
      class: "hvlab-q__help",
      id: this.id + "-help",
      text:
        `Rangez les éléments avec les boutons «${NBSP}Monter${NBSP}» et «${NBSP}Descendre${NBSP}»${NBSP}: ` +
        "au clavier, Tab va d'un bouton à l'autre, Entrée ou Espace déplace l'élément, et le focus le suit.",
    });
    this.list = el("ol", { class: "hvlab-q__order", "aria-describedby": this.id + "-help" });
    this.items = {};
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
        button.addEventListener("click", () => this.move(item.id, Number(button.dataset.move), button));
        this.inputs.push(button);
      }
      this.items[item.id] = li;
      this.list.appendChild(li);
    }
    body.appendChild(help);
    body.appendChild(this.list);
    this.updateMoves();
  }

  updateMoves() {
    const items = Array.from(this.list.children);
    const locked = this.locked;
    items.forEach((li, position) => {
      const [up, down] = li.querySelectorAll("button");
      up.disabled = locked || position === 0;
      down.disabled = locked || position === items.length - 1;
    });
  }

  move(itemId, step, button) {
    const order = this.answer.slice();
    const from = order.indexOf(itemId);
    const to = from + step;
    if (from < 0 || to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, itemId);
    this.answer = order;
    const li = this.items[itemId];
    if (step < 0) this.list.insertBefore(li, li.previousElementSibling);
    else this.list.insertBefore(li, li.nextElementSibling ? li.nextElementSibling.nextElementSibling : null);
    this.updateMoves();
    const [up, down] = li.querySelectorAll("button");
    const target = button.disabled ? (button === up ? down : up) : button;
    target.focus();
    this.confirm.hidden = true;
    this.quiz.changed(this.question, false);
    const text = li.querySelector(".hvlab-q__item-text").textContent;
    this.quiz.announce(`«${NBSP}${text}${NBSP}» est maintenant en position ${to + 1} sur ${order.length}.`);
  }

  /** Whether an order still stands as it started (never the right order). */
  unmoved() {
    return this.question.type === "ordering" && sameList(this.answer, this.question.items.map((i) => i.id));
  }

  /** « Valider » with nothing moved asks first: the starting order is never the right one. */
  renderUnmovedConfirm() {
    const textId = this.id + "-unmoved";
    const cancel = () => {
      this.confirm.hidden = true;
      const first = this.list.querySelector("button:not([disabled])");
      if (first) first.focus();
    };
    this.confirmYes = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-q__confirm-yes",
      text: "Valider quand même",
      onclick: () => {
        this.confirm.hidden = true;
        this.quiz.validate(this.question, { confirmed: true });
      },
    });
    this.confirm = el(
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
            `Vous n'avez déplacé aucun élément${NBSP}: l'ordre de départ est mélangé. ` +
            `Valider quand même cet ordre${NBSP}?`,
        }),
        el("div", { class: "hvlab-quiz__actions" }, [
          this.confirmYes,
          el("button", { type: "button", class: "md-button", text: "Annuler", onclick: cancel }),
        ]),
      ]
    );
    return this.confirm;
  }

  askUnmoved() {
    this.confirm.hidden = false;
    this.confirmYes.focus();
  }

  /** Freeze the question and show what its result says (or that the correction comes later). */
  lock(focus) {
    const question = this.question;
    for (const input of this.inputs) input.disabled = true;
    this.validate.hidden = true;
    if (this.hint) {
      this.hint.hidden = true;
      this.penalty.hidden = true;
    }
    if (this.confirm) this.confirm.hidden = true;
    this.message.textContent = "";
    const result = this.quiz.results[question.id];
    const feedback = this.feedback;
    feedback.textContent = "";
    if (!result) {
      if (this.quiz.perQuestion) {
        const later = `Réponse enregistrée${NBSP}: la correction viendra plus tard.`;
        feedback.appendChild(el("p", { class: "hvlab-q__verdict", text: later }));
        feedback.hidden = false;
      }
      if (question.type === "ordering") this.updateMoves();
      return;
    }
    const hasVerdict = typeof result.correct === "boolean";
    if (hasVerdict) this.fieldset.classList.add("hvlab-q--" + outcomeOf(result));
    this.markAnswer(result);
    const verdict = el("p", { class: "hvlab-q__verdict" });
    if (hasVerdict) verdict.appendChild(el("strong", { text: verdictOf(result) }));
    if (typeof result.score === "number") {
      const hints = result.hints_used || 0;
      let detail = fr(result.score) + " / " + pointsText(result.max);
      if (hints) detail += " (" + hints + (hints > 1 ? " indices utilisés" : " indice utilisé") + ")";
      verdict.append((hasVerdict ? " " : "") + detail + ".");
    }
    if (!verdict.childNodes.length) verdict.textContent = "Réponse enregistrée.";
    feedback.appendChild(verdict);
    const expected = this.expectedBlock(result);
    if (expected && !result.correct) feedback.appendChild(expected);
    if (result.explanation) feedback.appendChild(el("div", { class: "hvlab-q__explanation", html: result.explanation }));
    feedback.hidden = false;
    if (focus) feedback.focus();
  }

  markAnswer(result) {
    const question = this.question;
    const marks = result.marks || {};
    const answer = result.answer;
    if (question.type === "single" || question.type === "multiple" || question.type === "true_false") {
      const right = new Set(Array.isArray(answer) ? answer : []);
      for (const choice of question.choices) {
        const item = this.options[choice.id];
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
        const row = this.rows[left.id];
        const mark = marks[left.id];
        const expected = answer && answer[left.id] ? rights[answer[left.id]] : null;
        if (!mark && !expected) continue;
        const good = mark === "right";
        row.classList.add(good ? "hvlab-q__option--right" : "hvlab-q__option--wrong");
        const text = good ? "✓ Juste" : expected ? `✗ Attendu${NBSP}: ${expected}` : "✗ Faux";
        row.appendChild(el("span", { class: "hvlab-q__mark", text }));
      }
    } else if (question.type === "ordering") {
      for (const [itemId, li] of Object.entries(this.items)) {
        const mark = marks[itemId];
        if (!mark) continue;
        li.classList.add(mark === "right" ? "hvlab-q__option--right" : "hvlab-q__option--wrong");
        li.appendChild(el("span", { class: "hvlab-q__mark", text: mark === "right" ? "✓ Bien placé" : "✗ Mal placé" }));
      }
      this.updateMoves();
    }
  }

  expectedBlock(result) {
    const question = this.question;
    if (question.type === "ordering" && Array.isArray(result.answer)) {
      const byId = Object.fromEntries(question.items.map((i) => [i.id, i.html]));
      const list = el("ol", {});
      for (const id of result.answer) list.appendChild(el("li", { html: byId[id] || "" }));
      return el("div", { class: "hvlab-q__expected" }, [el("p", { text: `Ordre attendu${NBSP}:` }), list]);
    }
    if ((question.type === "numeric" || question.type === "text") && result.expected) {
      return el("p", { class: "hvlab-q__expected", text: `Réponse attendue${NBSP}: ${result.expected}.` });
    }
    return null;
  }

  appendHint(html) {
    const index = this.hints.children.length;
    const hint = el("div", { class: "hvlab-q__hint-text", tabindex: "-1" }, [
      el("strong", { text: `Indice ${index + 1}${NBSP}: ` }),
      el("span", { html }),
    ]);
    this.hints.appendChild(hint);
    return hint;
  }

  updateHintButton() {
    if (!this.hint) return;
    const question = this.question;
    const used = (this.quiz.hints[question.id] || []).length;
    const left = question.hint_count - used;
    const penalty = Number(question.hint_penalty || 0);
    const cost = penalty
      ? "Chaque indice coûte " + percent(penalty) + " des points de la question. "
      : "Les indices ne coûtent aucun point. ";
    const remaining = left > 1 ? left + " indices restants." : "1 indice restant.";
    this.penalty.textContent = left > 0 ? cost + remaining : "Plus d'indice disponible.";
    this.hint.disabled = left <= 0;
  }
}
