// Python's round() and repr(), exactly, for the scores and the feedback the grader gives.
//
// The grader is Python's (hvlab/quiz/grading.py); to give the same score in the browser, scores
// must round as Python's round(x, 6) does: half to even on the *exact* binary value, where
// JavaScript's toFixed rounds exact ties up (0.0078125 is 0.007812 in Python and 0.007813 with
// toFixed). The rounding goes through the exact decimal expansion of the double (BigInt).
// repr() quotes an unreadable response in the feedback, as Python does.

const EXPONENT_BITS = 0x7ff;

/** The exact value of a finite double as {digits, scale}: |x| = digits × 10^-scale. */
function exactDecimal(x) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & EXPONENT_BITS;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent;
  if (biased === 0) {
    exponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  if (exponent >= 0) return { digits: mantissa << BigInt(exponent), scale: 0 };
  return { digits: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** Round digits × 10^-scale to `keep` decimals, half to even: an integer count of 10^-keep. */
function roundScaled(digits, scale, keep) {
  if (keep >= scale) return digits * 10n ** BigInt(keep - scale);
  const unit = 10n ** BigInt(scale - keep);
  const quotient = digits / unit;
  const rest = digits % unit;
  const twice = rest * 2n;
  if (twice > unit || (twice === unit && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

function withPoint(count, decimals) {
  const text = count.toString().padStart(decimals + 1, "0");
  if (!decimals) return text;
  return text.slice(0, text.length - decimals) + "." + text.slice(text.length - decimals);
}

/** Python's round(x, ndigits) for ndigits ≥ 0. */
export function pyRound(x, ndigits = 0) {
  if (!Number.isFinite(x)) return x;
  const { digits, scale } = exactDecimal(x);
  const value = Number(withPoint(roundScaled(digits, scale, ndigits), ndigits));
  return x < 0 ? -value : value;
}

const PRINTABLE_EXCEPTIONS = /[\p{C}\p{Z}]/u;

function reprString(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch !== " " && PRINTABLE_EXCEPTIONS.test(ch)) {
      if (code < 0x100) out += "\\x" + code.toString(16).padStart(2, "0");
      else if (code < 0x10000) out += "\\u" + code.toString(16).padStart(4, "0");
      else out += "\\U" + code.toString(16).padStart(8, "0");
    } else out += ch;
  }
  return quote + out + quote;
}

function reprFloat(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  // The shortest digits that read back as x are the same in both languages; only the layout
  // differs (Python writes 1e+16 and 1e-05 where JavaScript writes all the digits).
  const [mantissa, power] = x.toExponential().split("e");
  const exp = Number(power);
  if (exp < -4 || exp >= 16) {
    return mantissa + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
  }
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = x < 0 ? "-" : "";
  if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
  const integer = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const fraction = digits.slice(exp + 1);
  return sign + integer + "." + (fraction || "0");
}

/**
 * Python's repr() of a value read from JSON. JSON does not tell 1 from 1.0: an integral number
 * is written as a Python int (the UI never sends a float where an int is expected).
 */
export function pyRepr(value) {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") {
    return Number.isInteger(value) && Math.abs(value) < 2 ** 53 ? String(value) : reprFloat(value);
  }
  if (typeof value === "string") return reprString(value);
  if (Array.isArray(value)) return "[" + value.map(pyRepr).join(", ") + "]";
  if (typeof value === "object") {
    const items = Object.keys(value).map((key) => reprString(key) + ": " + pyRepr(value[key]));
    return "{" + items.join(", ") + "}";
  }
  return String(value);
}
