// The quiz grader in the browser: the same rules and the same French feedback as
// hvlab/quiz/grading.py and hvlab/quiz/normalize.py (Python is the reference).
//
// Pure functions, no DOM, no import outside this folder: the fast test suite runs this module
// under Node against tests/quiz/vectors.json and compares every field a student sees (score, max,
// correct, feedback, verdict, expected answer, option feedback) with Python's grade.
//
// A key is what hvlab.quiz.compile.grading_key(question, seed) writes: the question's grading
// fields for one variant ({id, type, points, hint_penalty, hint_count, seed, parametrised,
// options: [{text, correct, feedback}], answer, tolerance, unit, units, accept, case_sensitive,
// ignore_accents, pairs, items, all_or_nothing, explanation}). Responses are the grader's
// (option indexes in source order, bool, typed text, {left: right}, item texts), optionally in an
// envelope {seed, value, hints_used}.
import { NBSP, NNBSP, number, significant } from "../fr.js";
import { pyRepr, pyRound } from "./pyformat.js";

const ENVELOPE_KEYS = ["seed", "value", "hints_used"];

function isInt(value) {
  return typeof value === "number" && Number.isInteger(value);
}

/** grading.unwrap_response: {value, seed, hints} (seed and hints null when absent). */
export function unwrapResponse(response) {
  if (
    response !== null &&
    typeof response === "object" &&
    !Array.isArray(response) &&
    Object.prototype.hasOwnProperty.call(response, "value") &&
    Object.keys(response).every((key) => ENVELOPE_KEYS.includes(key))
  ) {
    return {
      value: response.value,
      seed: isInt(response.seed) ? response.seed : null,
      hints: isInt(response.hints_used) ? response.hints_used : null,
    };
  }
  return { value: response, seed: null, hints: null };
}

function count(number, singular, plural) {
  return `${number} ${number < 2 ? singular : plural}`;
}

/** grading._number_fr: an expected number in full (0,125 ; 12 345,6 ; 1,5 × 10⁻⁷). */
export function numberFr(value) {
  if (value === 0 || (Math.abs(value) >= 1e-3 && Math.abs(value) < 1e15)) return number(value, 6);
  return significant(value, 6);
}

/** grading._with_unit: a no-break space before %, a narrow one before any other unit. */
function withUnit(text, unit) {
  if (!unit) return text;
  return text + (unit === "%" ? NBSP : NNBSP) + unit;
}

// Reading what a student types: normalize.py.
const SPACES = " \u00a0\u202f\u2009\t";
const SPACE_RUN = /[ \u00a0\u202f\u2009\t]+/g;
const NUMBER_START = /^([+\-\u2212]?)\s*(\d[\d \u00a0\u202f\u2009.,]*)([eE][+\-\u2212]?\d+)?/u;
const FLOAT = /^-?\d+(\.\d*)?([eE][+-]?\d+)?$/;
const APOSTROPHES = /[\u2019\u2018\u02bc\u00b4]/g;
// Python's str.split() with no argument splits on these (str.isspace).
const PY_WHITESPACE = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

function strip(text, chars) {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start])) start += 1;
  while (end > start && chars.includes(text[end - 1])) end -= 1;
  return text.slice(start, end);
}

function occurrences(text, ch) {
  return text.split(ch).length - 1;
}

/** Python's str.casefold for the scripts a French course meets (full case folding). */
export function casefold(text) {
  return text.toLowerCase().replace(/\u00df/g, "ss").replace(/\u03c2/g, "\u03c3").replace(/\u1e9e/g, "ss")
    .replace(/\ufb00/g, "ff").replace(/\ufb01/g, "fi").replace(/\ufb02/g, "fl")
    .replace(/\ufb03/g, "ffi").replace(/\ufb04/g, "ffl").replace(/\ufb05/g, "st").replace(/\ufb06/g, "st");
}

function numberFromMatch(match) {
  let body = match[2];
  const groups = strip(body, SPACES).split(/[ \u00a0\u202f\u2009\t]+/);
  if (
    groups.length > 1 &&
    !(
      groups[0].length >= 1 &&
      groups[0].length <= 3 &&
      /^\d+$/.test(groups[0]) &&
      groups.slice(1).every((g) => /^\d{3}([.,]|$)/.test(g))
    )
  ) {
    return null;
  }
  body = groups.join("");
  if (body.includes(",") && body.includes(".")) {
    const decimal = body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : ".";
    const thousands = decimal === "," ? "." : ",";
    const at = body.lastIndexOf(decimal);
    const fraction = body.slice(at + 1);
    if (fraction.includes(thousands)) return null;
    body = body.slice(0, at).split(thousands).join("") + "." + fraction;
  } else if (occurrences(body, ",") === 1) {
    body = body.replace(",", ".");
  } else if (occurrences(body, ",") > 1 || occurrences(body, ".") > 1) {
    return null;
  }
  const exponent = (match[3] || "").replace("\u2212", "-");
  const sign = match[1] === "-" || match[1] === "\u2212" ? "-" : "";
  const literal = sign + body + exponent;
  if (!FLOAT.test(literal)) return null;
  const value = parseFloat(literal);
  return Number.isFinite(value) ? value : null;
}

/** normalize.parse_number: a French (or English) number, or null. */
export function parseNumber(text) {
  if (typeof text !== "string") return null;
  const s = pyStrip(text);
  const match = NUMBER_START.exec(s);
  if (!match || match[0].length !== s.length) return null;
  return numberFromMatch(match);
}

function pyStrip(text) {
  return text.replace(/^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u, "")
    .replace(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u, "");
}

function squeeze(text) {
  return text.replace(SPACE_RUN, "");
}

function unitFactor(typed, factors) {
  const squeezed = squeeze(typed);
  const names = Object.keys(factors);
  for (const name of names) if (squeeze(name) === squeezed) return Number(factors[name]);
  const folded = names.filter((name) => casefold(squeeze(name)) === casefold(squeezed));
  return folded.length === 1 ? Number(factors[folded[0]]) : null;
}

/** normalize.read_quantity: {value, unit, problem}, the value converted to the answer's unit. */
export function readQuantity(text, unit = "", units = {}) {
  const factors = { ...(units || {}) };
  if (unit && !Object.prototype.hasOwnProperty.call(factors, unit)) factors[unit] = 1;
  const stripped = strip(String(text), SPACES + "\n\r");
  const match = NUMBER_START.exec(stripped);
  if (!match) return { value: null, unit: "", problem: `« ${stripped} » n'est pas un nombre.` };
  const value = numberFromMatch(match);
  if (value === null) {
    return { value: null, unit: "", problem: `« ${stripped} » n'est pas un nombre lisible.` };
  }
  const typedUnit = strip(stripped.slice(match[0].length), SPACES);
  if (!typedUnit) return { value, unit: "", problem: "" };
  const factor = unitFactor(typedUnit, factors);
  if (factor === null) {
    const names = Object.keys(factors);
    const hint = names.length
      ? "unités acceptées : " + names.map((n) => `« ${n} »`).join(", ")
      : "donnez le nombre seul";
    return { value: null, unit: typedUnit, problem: `Unité « ${typedUnit} » non reconnue (${hint}).` };
  }
  return { value: value * factor, unit: typedUnit, problem: "" };
}

/** normalize.normalize_text: the form under which two text answers are compared. */
export function normalizeText(text, caseSensitive = false, ignoreAccents = false) {
  let s = String(text).normalize("NFC").replace(APOSTROPHES, "'");
  s = s.split(PY_WHITESPACE).filter(Boolean).join(" ");
  if (!caseSensitive) s = casefold(s);
  if (ignoreAccents) s = s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
  return s;
}

/** grading._expected_text: the right answer in French words. */
export function expectedText(key) {
  switch (key.type) {
    case "single": {
      const index = key.options.findIndex((o) => o.correct === true);
      return index >= 0 ? `« ${key.options[index].text} »` : "";
    }
    case "multiple":
      return key.options.filter((o) => o.correct === true).map((o) => `« ${o.text} »`).join(" ; ");
    case "true_false":
      return key.answer ? "vrai" : "faux";
    case "numeric": {
      let text = withUnit(numberFr(Number(key.answer)), key.unit);
      const tolerance = key.tolerance;
      if (typeof tolerance === "string") text += ` (à ${withUnit(numberFr(percentOf(tolerance)), "%")} près)`;
      else if (tolerance) text += ` (à ${withUnit(numberFr(Number(tolerance)), key.unit)} près)`;
      return text;
    }
    case "text":
      return (key.accept || []).slice(0, 3).map((a) => `« ${a} »`).join(" ou ");
    case "matching":
      return (key.pairs || []).map((p) => `${p.left} → ${p.right}`).join(" ; ");
    default:
      return (key.items || []).join(", puis ");
  }
}

/** "10%", "2,5 %" → 10, 2.5 (grading._percent). */
function percentOf(tolerance) {
  return Number(pyStrip(pyStrip(tolerance).replace(/%+$/, "")).replace(",", "."));
}

function toleranceValue(key, answer) {
  const tolerance = key.tolerance;
  if (typeof tolerance === "string") return (Math.abs(answer) * percentOf(tolerance)) / 100;
  return Number(tolerance || 0);
}

class Unreadable extends Error {}

/** [fraction, option feedback, detail] or throws Unreadable (grading._fraction). */
function fractionOf(key, value) {
  const options = key.options || [];
  switch (key.type) {
    case "single": {
      if (!isInt(value) || value < 0 || value >= options.length) {
        throw new Unreadable(
          `réponse illisible : un numéro d'option entre 0 et ${options.length - 1} est attendu, ` +
            `reçu ${pyRepr(value)}`
        );
      }
      const option = options[value];
      return [option.correct === true ? 1 : 0, option.feedback ? [option.feedback] : [], ""];
    }
    case "multiple": {
      if (!Array.isArray(value) || !value.every((i) => isInt(i) && i >= 0 && i < options.length)) {
        throw new Unreadable(
          "réponse illisible : une liste de numéros d'options entre 0 et " +
            `${options.length - 1} est attendue, reçu ${pyRepr(value)}`
        );
      }
      const chosen = [...new Set(value)].sort((a, b) => a - b);
      const right = options.filter((o) => o.correct === true).length;
      const wrong = options.length - right;
      const rightChosen = chosen.filter((i) => options[i].correct === true).length;
      const wrongChosen = chosen.length - rightChosen;
      const fraction = rightChosen / right - (wrong ? wrongChosen / wrong : 0);
      const notes = chosen.map((i) => options[i].feedback).filter(Boolean);
      const detail =
        `${count(rightChosen, "bonne option cochée", "bonnes options cochées")} sur ${right}, ` +
        `${count(wrongChosen, "mauvaise", "mauvaises")} sur ${wrong}.`;
      return [Math.max(0, fraction), notes, detail];
    }
    case "true_false":
      if (typeof value !== "boolean") {
        throw new Unreadable(`réponse illisible : vrai ou faux (true/false) attendu, reçu ${pyRepr(value)}`);
      }
      return [value === Boolean(key.answer) ? 1 : 0, [], ""];
    case "numeric": {
      if (typeof value !== "string" && typeof value !== "number") {
        throw new Unreadable(`réponse illisible : un nombre est attendu, reçu ${pyRepr(value)}`);
      }
      let number;
      if (typeof value === "string") {
        const reading = readQuantity(value, key.unit || "", key.units || {});
        if (reading.value === null) throw new Unreadable(reading.problem);
        number = reading.value;
      } else {
        number = value;
        if (!Number.isFinite(number)) {
          throw new Unreadable(`réponse illisible : ${pyRepr(value)} n'est pas un nombre fini`);
        }
      }
      const answer = Number(key.answer);
      const allowed = toleranceValue(key, answer) + 1e-9 * Math.max(1, Math.abs(answer));
      return [Math.abs(number - answer) <= allowed ? 1 : 0, [], ""];
    }
    case "text": {
      if (typeof value !== "string") {
        throw new Unreadable(`réponse illisible : un texte est attendu, reçu ${pyRepr(value)}`);
      }
      const typed = normalizeText(value, key.case_sensitive, key.ignore_accents);
      if (!typed) throw new Unreadable("Pas de réponse.");
      const accepted = (key.accept || []).map((a) => normalizeText(a, key.case_sensitive, key.ignore_accents));
      return [accepted.includes(typed) ? 1 : 0, [], ""];
    }
    case "matching": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new Unreadable(
          `réponse illisible : des associations {gauche: droite} sont attendues, reçu ${pyRepr(value)}`
        );
      }
      const pairs = key.pairs || [];
      const good = pairs.filter(
        (p) => Object.prototype.hasOwnProperty.call(value, p.left) && value[p.left] === p.right
      ).length;
      return [good / pairs.length, [], `${count(good, "association juste", "associations justes")} sur ${pairs.length}.`];
    }
    default: {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
        throw new Unreadable(
          `réponse illisible : la liste des éléments dans l'ordre est attendue, reçu ${pyRepr(value)}`
        );
      }
      const items = key.items || [];
      const good = items.filter((item, i) => i < value.length && value[i] === item).length;
      let fraction = good / items.length;
      if (key.all_or_nothing) fraction = good === items.length && value.length === items.length ? 1 : 0;
      return [fraction, [], `${count(good, "élément à sa place", "éléments à leur place")} sur ${items.length}.`];
    }
  }
}

function isEmpty(value) {
  if (value === null || value === undefined) return true;
  if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function sentences(...parts) {
  return parts.filter(Boolean).join(" ");
}

/** Python's round(x) to an integer: half to even. */
function roundHalfEven(x) {
  const floor = Math.floor(x);
  const rest = x - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * grading.grade_question over a key: the result contract {id, score, max, correct, feedback,
 * fraction, hints_used, option_feedback, explanation, expected, seed, verdict}.
 */
export function gradeQuestion(key, response, hintsUsed = 0) {
  const parts = unwrapResponse(response);
  let hints = parts.hints !== null ? parts.hints : hintsUsed;
  hints = typeof hints === "number" && Number.isFinite(hints) ? Math.trunc(hints) : 0;
  const hintsCounted = Math.max(0, Math.min(hints, key.hint_count || 0));
  const factor = Math.max(0, 1 - hintsCounted * Number(key.hint_penalty ?? 0.25));
  const points = Number(key.points);
  const seed = key.parametrised ? parts.seed : null;

  const result = (fraction, said, expectedSentence = "", extra = {}) => {
    let cost = "";
    if (hintsCounted && fraction > 0) {
      const lost = roundHalfEven(100 * (1 - factor));
      cost = `${count(hintsCounted, "indice utilisé", "indices utilisés")} : −${lost}${NBSP}% des points.`;
    }
    return {
      id: key.id,
      score: pyRound(points * fraction * factor, 6),
      max: points,
      correct: fraction >= 1 - 1e-9,
      feedback: sentences(...said, expectedSentence, cost),
      fraction: pyRound(fraction, 6),
      hints_used: hintsCounted,
      option_feedback: extra.option_feedback || [],
      explanation: extra.explanation || "",
      expected: extra.expected || "",
      seed,
      verdict: sentences(...said, cost),
    };
  };

  if (key.parametrised && parts.seed === null) {
    return result(0, [
      "Réponse sans graine : cette question paramétrée se corrige selon la variante vue, " +
        'envoyez {"seed": S, "value": …}.',
    ]);
  }
  if (key.parametrised && parts.seed !== key.seed) {
    throw new Error(`variante ${parts.seed} demandée, clé de la variante ${key.seed}`);
  }
  const expected = expectedText(key);
  const extras = { explanation: key.explanation || "", expected };
  const answerSentence = `Réponse attendue : ${expected}.`;
  const value = parts.value;
  if (isEmpty(value)) return result(0, ["Pas de réponse."], answerSentence, extras);
  let fraction, notes, detail;
  try {
    [fraction, notes, detail] = fractionOf(key, value);
  } catch (error) {
    if (!(error instanceof Unreadable)) throw error;
    let message = error.message;
    if (message) message = message[0].toUpperCase() + message.slice(1);
    if (!message.endsWith(".")) message += ".";
    return result(0, [message], answerSentence, extras);
  }
  const withNotes = { ...extras, option_feedback: notes };
  if (fraction >= 1 - 1e-9) return result(fraction, [...notes, "Bonne réponse !"], "", withNotes);
  const verdict = fraction > 0 ? "Réponse en partie juste." : "Réponse fausse.";
  return result(fraction, [...notes, verdict, detail], answerSentence, withNotes);
}
