// Practice mode: the static site's quiz, graded in the browser with the page's sealed keys.
//
// The transport of the quiz UI (quiz/ui.js) when there is no server: it picks each student's
// variants, keeps their answers in localStorage, opens a question's sealed blob only to grade it
// or to give a hint, and writes the results file (format hvlab-quiz-results, version 1) that
// `hvlab quiz report` and `hvlab quiz grade --responses` read.
import { readJSON, siteRoot, writeJSON } from "../dom.js";
import { gradeQuestion, unwrapResponse } from "./grading.js";
import { unseal } from "./seal.js";

const STORAGE_VERSION = 2;
const RESULTS_FORMAT = "hvlab-quiz-results";

function shuffled(values, random) {
  const copy = values.slice();
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function range(n) {
  return Array.from({ length: n }, (_, i) => i);
}

/** A view response (ids) as the grader reads it (option indexes, texts), in its envelope. */
export function graderValue(sealed, response) {
  const { key, ids } = sealed;
  let value = response;
  if (response !== null && response !== undefined) {
    switch (key.type) {
      case "single":
        value = ids.choices.includes(response) ? ids.choices.indexOf(response) : response;
        break;
      case "true_false":
        value = ids.choices.includes(response) ? ids.choices.indexOf(response) === 0 : response;
        break;
      case "multiple":
        value = Array.isArray(response)
          ? response.map((id) => ids.choices.indexOf(id)).sort((a, b) => a - b)
          : response;
        break;
      case "matching": {
        value = {};
        for (const [leftId, rightId] of Object.entries(response || {})) {
          const left = ids.left.indexOf(leftId);
          const right = ids.right.indexOf(rightId);
          if (left >= 0 && right >= 0) value[key.pairs[left].left] = ids.rights[right];
        }
        break;
      }
      case "ordering":
        value = Array.isArray(response)
          ? response.map((id) => key.items[ids.items.indexOf(id)]).filter((t) => t !== undefined)
          : response;
        break;
      default:
        break;
    }
  }
  return key.parametrised ? { seed: key.seed, value } : value;
}

function chosenIndexes(key, value) {
  const count = (key.options || []).length;
  let picked = [];
  if (key.type === "single") picked = [value];
  else if (key.type === "multiple" && Array.isArray(value)) picked = value;
  const valid = picked.filter((i) => Number.isInteger(i) && i >= 0 && i < count);
  return [...new Set(valid)].sort((a, b) => a - b);
}

function marksOf(sealed, value) {
  const { key, ids } = sealed;
  const marks = {};
  if (key.type === "single" || key.type === "multiple") {
    for (const i of chosenIndexes(key, value)) {
      marks[ids.choices[i]] = key.options[i].correct ? "right" : "wrong";
    }
  } else if (key.type === "true_false" && typeof value === "boolean") {
    marks[ids.choices[value ? 0 : 1]] = value === key.answer ? "right" : "wrong";
  } else if (key.type === "matching" && value && typeof value === "object" && !Array.isArray(value)) {
    key.pairs.forEach((pair, i) => {
      if (Object.prototype.hasOwnProperty.call(value, pair.left)) {
        marks[ids.left[i]] = value[pair.left] === pair.right ? "right" : "wrong";
      }
    });
  } else if (key.type === "ordering" && Array.isArray(value)) {
    const free = range(key.items.length);
    value.forEach((text, position) => {
      const at = free.findIndex((i) => key.items[i] === text);
      if (at < 0) return;
      const index = free.splice(at, 1)[0];
      const right = position < key.items.length && key.items[position] === text;
      marks[ids.items[index]] = right ? "right" : "wrong";
    });
  }
  return marks;
}

function answerOf(sealed) {
  const { key, ids } = sealed;
  switch (key.type) {
    case "single":
    case "multiple":
      return key.options.flatMap((o, i) => (o.correct ? [ids.choices[i]] : []));
    case "true_false":
      return [ids.choices[key.answer ? 0 : 1]];
    case "matching":
      return Object.fromEntries(
        key.pairs.map((pair, i) => [ids.left[i], ids.right[ids.rights.indexOf(pair.right)]])
      );
    case "ordering":
      return ids.items.slice();
    default:
      return null;
  }
}

/**
 * hvlab.quiz.view.result_view with feedback and answers: what the UI shows once a question is
 * graded, in view ids. `value` is the grader's response, `result` its grade.
 */
export function resultView(sealed, questionId, value, result) {
  const inner = unwrapResponse(value).value;
  const optionFeedback = {};
  for (const i of chosenIndexes(sealed.key, inner)) {
    if (sealed.key.options[i].feedback) optionFeedback[sealed.ids.choices[i]] = sealed.html.feedback[i];
  }
  return {
    id: questionId,
    score: result.score,
    max: result.max,
    correct: result.correct,
    fraction: result.fraction,
    hints_used: result.hints_used,
    seed: result.seed,
    feedback: result.feedback,
    marks: marksOf(sealed, inner),
    option_feedback: optionFeedback,
    expected: result.expected,
    explanation: result.explanation ? sealed.html.explanation : "",
    answer: answerOf(sealed),
  };
}

/** Grade a view response against an opened blob: the result view of the UI. */
export function gradeView(sealed, questionId, response, hintsUsed) {
  const value = graderValue(sealed, response);
  return resultView(sealed, questionId, value, gradeQuestion(sealed.key, value, hintsUsed));
}

export class PracticeTransport {
  /** `compiled`: the page's compiled quiz (hvlab/quiz/compile.py, version 2). */
  constructor(compiled, { random = Math.random } = {}) {
    this.compiled = compiled;
    this.random = random;
    this.mode = "practice";
    this.opened = {};
    this.storageKey = "hvlab-quiz:" + siteRoot() + ":" + compiled.id;
    const stored = readJSON(this.storageKey);
    this.state =
      stored && stored.v === STORAGE_VERSION && stored.fingerprint === compiled.fingerprint
        ? stored
        : this.freshState(null);
  }

  freshState(previous) {
    const data = this.compiled;
    const random = this.random;
    const state = {
      v: STORAGE_VERSION,
      fingerprint: data.fingerprint,
      student: previous ? previous.student : "",
      order: data.shuffle ? shuffled(range(data.questions.length), random) : range(data.questions.length),
      variant: {},
      optionOrder: {},
      answers: {},
      validated: {},
      hints: {},
    };
    for (const question of data.questions) {
      const count = question.variants.length;
      let index = Math.floor(random() * count);
      const before = previous && previous.variant ? previous.variant[question.id] : undefined;
      if (count > 1 && index === before) index = (index + 1 + Math.floor(random() * (count - 1))) % count;
      state.variant[question.id] = index;
      const view = question.variants[index];
      if (question.shuffle) {
        const parts = view.choices || view.left || [];
        state.optionOrder[question.id] = shuffled(parts.map((p) => p.id), random);
      }
    }
    return state;
  }

  persist() {
    writeJSON(this.storageKey, this.state);
  }

  question(questionId) {
    return this.compiled.questions.find((q) => q.id === questionId);
  }

  variantOf(question) {
    return question.variants[this.state.variant[question.id] || 0] || question.variants[0];
  }

  open(question) {
    const shown = this.variantOf(question);
    const cacheKey = question.id + "#" + shown.seed;
    if (!this.opened[cacheKey]) {
      this.opened[cacheKey] = unseal(shown.sealed, this.compiled.salt, question.id, shown.seed);
    }
    return this.opened[cacheKey];
  }

  viewOf(question) {
    const { sealed, ...view } = this.variantOf(question);
    const order = this.state.optionOrder[question.id];
    if (order) {
      const part = view.choices ? "choices" : view.left ? "left" : null;
      if (part && order.length === view[part].length) {
        const byId = Object.fromEntries(view[part].map((p) => [p.id, p]));
        if (order.every((id) => byId[id])) view[part] = order.map((id) => byId[id]);
      }
    }
    return view;
  }

  grade(question) {
    const response = this.state.answers[question.id];
    return gradeView(this.open(question), question.id, response ?? null, this.state.hints[question.id] || 0);
  }

  /** The attempt, in the shape the server's GET returns (see quiz/server.js). */
  async load() {
    const data = this.compiled;
    const questions = this.state.order.map((i) => data.questions[i]).filter(Boolean);
    const hints = {};
    const results = {};
    for (const question of questions) {
      const used = this.state.hints[question.id] || 0;
      if (used) hints[question.id] = this.open(question).html.hints.slice(0, used);
      if (this.state.validated[question.id]) results[question.id] = this.grade(question);
    }
    return {
      format: "hvlab-attempt",
      version: 1,
      quiz: { title: data.title, description: data.description, pass_mark: data.pass_mark },
      questions: questions.map((q) => this.viewOf(q)),
      answers: Object.fromEntries(
        Object.entries(this.state.answers).map(([id, response]) => [id, { response }])
      ),
      hints,
      results,
      validate: "question",
      status: "open",
      deadline: null,
    };
  }

  async save(questionId, response, { final = false } = {}) {
    const question = this.question(questionId);
    if (!question || this.state.validated[questionId]) return { saved: false, result: null };
    this.state.answers[questionId] = response;
    if (final) this.state.validated[questionId] = true;
    this.persist();
    return { saved: true, result: final ? this.grade(question) : null };
  }

  async hint(questionId, index) {
    const question = this.question(questionId);
    const hints = this.open(question).html.hints;
    const used = this.state.hints[questionId] || 0;
    if (this.state.validated[questionId] || index !== used || index >= hints.length) {
      throw new Error("indice indisponible");
    }
    this.state.hints[questionId] = used + 1;
    this.persist();
    return { index, hint: hints[index], hints_used: used + 1 };
  }

  get student() {
    return this.state.student || "";
  }

  set student(name) {
    this.state.student = name;
    this.persist();
  }

  /** Forget the answers and draw new variants (the name stays). */
  restart() {
    this.opened = {};
    this.state = this.freshState(this.state);
    this.persist();
  }

  /** The results file (format hvlab-quiz-results, version 1), in the quiz file's order. */
  resultsFile() {
    let score = 0;
    let max = 0;
    const questions = this.compiled.questions.map((question) => {
      const sealed = this.open(question);
      const validated = !!this.state.validated[question.id];
      const hintsUsed = this.state.hints[question.id] || 0;
      const response = validated ? graderValue(sealed, this.state.answers[question.id] ?? null) : null;
      const result = validated ? gradeQuestion(sealed.key, response, hintsUsed) : null;
      max += question.points;
      if (result) score += result.score;
      return {
        id: sealed.key.id,
        score: result ? result.score : 0,
        max: question.points,
        correct: result ? result.correct : false,
        response,
        seed: sealed.key.parametrised ? sealed.key.seed : null,
        hints_used: hintsUsed,
      };
    });
    return {
      format: RESULTS_FORMAT,
      version: 1,
      quiz: this.compiled.id,
      title: this.compiled.title,
      student: this.student.trim(),
      date: new Date().toISOString(),
      score: Math.round(score * 1e6) / 1e6,
      max: Math.round(max * 1e6) / 1e6,
      questions,
    };
  }
}
