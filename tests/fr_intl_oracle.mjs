// Independent reference for tests/test_fr.py: ICU's implementation of CLDR's French rules,
// asked for hvlab.fr's rounding (half away from zero) and no sign on a number rounded to zero.
const base = { roundingMode: "halfExpand", signDisplay: "negative" };
const format = (options, value) =>
  new Intl.NumberFormat("fr-FR", { ...base, ...options }).format(value);

export function intl(kind, value, digits) {
  switch (kind) {
    case "number":
      return format({ maximumFractionDigits: digits }, value);
    case "fixed":
      return format({ minimumFractionDigits: digits, maximumFractionDigits: digits }, value);
    case "percent":
      return format({ style: "percent", maximumFractionDigits: digits }, value);
    case "quantity":
      return format({ style: "unit", unit: "gigabyte", maximumFractionDigits: digits }, value);
    case "significant":
      return format({ maximumSignificantDigits: digits }, value);
  }
  throw new Error(`unknown kind ${kind}`);
}
