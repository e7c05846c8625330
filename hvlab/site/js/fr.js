// Numbers written the French way in the browser: the twin of hvlab/fr.py.
//
// Same functions, same rules, same output (a comma before the decimals, thousands grouped by a
// narrow no-break space, a narrow no-break space before a unit, a no-break space before %,
// rounding half away from zero of the number as JavaScript prints it). Both implementations are
// held equal by tests/fr_vectors.json, run in Python and, under Node, here. Read hvlab/fr.py for
// the reasons behind each rule.
//
// Rounding works on the decimal digits of String(x) (the shortest text that reads back as x,
// the same digits as Python's repr), never on the binary value, so 1.005 rounds to 1,01 as a
// person would round it.

/** Narrow no-break space: between groups of thousands, and between a number and its unit. */
export const NNBSP = "\u202f";
/** No-break space: before % (CLDR's French percent pattern). */
export const NBSP = "\u00a0";
/** The most decimals or significant digits accepted. */
export const MAX_DIGITS = 20;

const SCIENTIFIC_FROM = 21;
const SCIENTIFIC_BELOW = -7;
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/**
 * `value` with a decimal comma, rounded to `decimals` places.
 *
 * @param {number} value
 * @param {number} [decimals=2] how many decimals at most (0 to 20)
 * @param {{keepZeros?: boolean, group?: boolean}} [options] keepZeros keeps trailing zeros
 *   (2,50); group: false leaves the thousands ungrouped (a year, an identifier)
 * @returns {string}
 */
export function number(value, decimals = 2, { keepZeros = false, group = true } = {}) {
  const special = specialText(value);
  if (special !== null) return special;
  return fixed(parts(value), decimals, keepZeros, group);
}

/**
 * A fraction as a percentage: 0.08 → "8 %" (scaled in decimal: 0.145 → "15 %").
 *
 * @param {number} fraction
 * @param {number} [decimals=0]
 * @returns {string}
 */
export function percent(fraction, decimals = 0) {
  let text = specialText(fraction);
  if (text === null) {
    const { negative, digits, exponent } = parts(fraction);
    text = fixed({ negative, digits, exponent: exponent + 2 }, decimals, false, true);
  }
  return `${text}${NBSP}%`;
}

/**
 * A number and its unit: "12,5 Go" (unit "" gives the number alone, "%" a no-break space).
 *
 * @param {number} value
 * @param {string} unit
 * @param {number} [decimals=2]
 * @param {{keepZeros?: boolean}} [options]
 * @returns {string}
 */
export function quantity(value, unit, decimals = 2, { keepZeros = false } = {}) {
  const text = number(value, decimals, { keepZeros });
  if (!unit) return text;
  return `${text}${unit === "%" ? NBSP : NNBSP}${unit}`;
}

/**
 * `value` rounded to `digits` significant digits, trailing zeros dropped; from 10²¹ or below
 * 10⁻⁶, written "1,5 × 10⁻⁷".
 *
 * @param {number} value
 * @param {number} [digits=3]
 * @returns {string}
 */
export function significant(value, digits = 3) {
  const special = specialText(value);
  if (special !== null) return special;
  checkDigits(digits, "digits", 1);
  const { negative, digits: all, exponent } = parts(value);
  if (all === "") return "0";
  let kept = all;
  let exp = exponent;
  if (kept.length > digits) {
    const dropped = kept.length - digits;
    kept = roundDigits(kept.slice(0, digits), kept[digits]);
    exp += dropped;
    if (kept.length > digits) {
      kept = kept.slice(0, digits);
      exp += 1;
    }
  }
  const shown = kept.replace(/0+$/, "") || "0";
  exp += kept.length - shown.length;
  const magnitude = shown.length - 1 + exp;
  if (magnitude >= SCIENTIFIC_FROM || magnitude < SCIENTIFIC_BELOW + 1) {
    const mantissa = shown[0] + (shown.length > 1 ? `,${shown.slice(1)}` : "");
    const power = [...String(magnitude)].map((c) => SUPERSCRIPT[c]).join("");
    return `${negative ? "-" : ""}${mantissa} × 10${power}`;
  }
  const [whole, fraction] = place(shown, exp);
  return assemble(negative, whole, fraction, true);
}

/**
 * `amount` and its noun, singular below 2 as French wants: "0 serveur", "2 serveurs".
 *
 * @param {number} amount
 * @param {string} singular
 * @param {string} [plural] when it is not singular + "s"
 * @returns {string}
 */
export function count(amount, singular, plural) {
  const word = Math.abs(amount) < 2 ? singular : plural ?? `${singular}s`;
  return `${number(amount)} ${word}`;
}

function specialText(value) {
  if (typeof value !== "number") {
    throw new TypeError(`nombre attendu, pas ${typeof value} (${String(value)})`);
  }
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "∞";
  if (value === -Infinity) return "-∞";
  return null;
}

function checkDigits(amount, name, low) {
  if (!Number.isInteger(amount) || amount < low || amount > MAX_DIGITS) {
    throw new RangeError(`${name} doit être un entier de ${low} à ${MAX_DIGITS}, pas ${amount}`);
  }
}

/** The decimal digits of `value` as printed: value = ±digits × 10^exponent (no leading zero). */
function parts(value) {
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa, power = "0"] = String(Math.abs(value)).split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  const digits = (whole + fraction).replace(/^0+/, "");
  return { negative, digits, exponent: Number(power) - fraction.length };
}

/** Add one to the last digit of `digits` when `next` (the first digit dropped) is 5 or more. */
function roundDigits(digits, next) {
  if (next === undefined || next < "5") return digits;
  const out = digits.split("");
  let i = out.length - 1;
  while (i >= 0 && out[i] === "9") {
    out[i] = "0";
    i -= 1;
  }
  if (i < 0) return `1${out.join("")}`;
  out[i] = String(Number(out[i]) + 1);
  return out.join("");
}

function fixed({ negative, digits, exponent }, decimals, keepZeros, group) {
  checkDigits(decimals, "decimals", 0);
  let kept = digits;
  let exp = exponent;
  if (exp < -decimals) {
    const dropped = -decimals - exp;
    const keep = kept.length - dropped;
    if (keep < 0) kept = "";
    else kept = roundDigits(kept.slice(0, keep), kept[keep]);
    exp = -decimals;
  }
  kept = kept.replace(/^0+/, "");
  let [whole, fraction] = place(kept, exp);
  fraction = fraction.padEnd(decimals, "0");
  if (!keepZeros) fraction = fraction.replace(/0+$/, "");
  return assemble(negative && kept !== "", whole, fraction, group);
}

/** Split digits × 10^exponent into its whole and fraction texts. */
function place(digits, exponent) {
  if (digits === "") return ["0", ""];
  if (exponent >= 0) return [digits + "0".repeat(exponent), ""];
  const padded = digits.padStart(1 - exponent, "0");
  const cut = padded.length + exponent;
  return [padded.slice(0, cut), padded.slice(cut)];
}

function assemble(negative, whole, fraction, group) {
  let grouped = whole;
  if (group && whole.length > 3) {
    const head = whole.length % 3 || 3;
    const groups = [whole.slice(0, head)];
    for (let i = head; i < whole.length; i += 3) groups.push(whole.slice(i, i + 3));
    grouped = groups.join(NNBSP);
  }
  const text = fraction ? `${grouped},${fraction}` : grouped;
  return negative ? `-${text}` : text;
}
