// What tests/site/test_chart_spec.py asks of hvlab/site/js/chart-spec.js under Node: the
// specification it gives Vega-Lite, what Vega-Lite warns about it, and how d3-format writes numbers
// and dates with its locales, beside what Intl (CLDR's French) writes.
import * as vl from "vega-lite";
import { formatLocale } from "d3-format";
import { timeFormatLocale } from "d3-time-format";

import { FRENCH_FORMAT_LOCALE, FRENCH_TIME_FORMAT_LOCALE, sizedSpec } from "../../hvlab/site/js/chart-spec.js";

export { sizedSpec, discreteHeight, facetColumns } from "../../hvlab/site/js/chart-spec.js";

/** The warnings Vega-Lite logs while compiling `spec` sized for `width` px. */
export function compileWarnings(spec, width) {
  const warnings = [];
  const logger = {
    level() { return this; },
    warn(...messages) { warnings.push(messages.join(" ")); return this; },
    info() { return this; },
    debug() { return this; },
    error(...messages) { warnings.push(`ERROR ${messages.join(" ")}`); return this; },
  };
  vl.compile(sizedSpec(spec, width), { logger });
  return warnings;
}

/** `value` formatted by d3-format's `specifier` with the charts' French locale. */
export function chartNumber(specifier, value) {
  return formatLocale(FRENCH_FORMAT_LOCALE).format(specifier)(value);
}

/** `value` formatted by Intl for fr-FR (CLDR), with `options`. */
export function intlNumber(value, options) {
  return new Intl.NumberFormat("fr-FR", options).format(value);
}

/** The date `iso` (UTC) formatted by d3-time-format's `specifier` with the charts' French locale. */
export function chartDate(specifier, iso) {
  return timeFormatLocale(FRENCH_TIME_FORMAT_LOCALE).utcFormat(specifier)(new Date(iso));
}

/** The date `iso` (UTC) formatted by Intl for fr-FR (CLDR), with `options`. */
export function intlDate(iso, options) {
  return new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", ...options }).format(new Date(iso));
}
