// Self-hosted vega-embed for the lab charts, bundled by scripts/build-assets.mjs.
//
// The bundle never fetches anything: charts are inline Vega-Lite specifications, the actions
// menu (which links to the online editor) is off, and the data loader refuses any URL. Numbers
// and dates on axes, in legends and in tooltips are French (Vega's formatLocale and
// timeFormatLocale, set from chart-spec.js's d3 locales).
import embed from "vega-embed";
import { loader } from "vega";

import { FRENCH_FORMAT_LOCALE, FRENCH_TIME_FORMAT_LOCALE } from "./chart-spec.js";

export { sizedSpec, MIN_WIDTH_PX } from "./chart-spec.js";

const offline = loader();
offline.load = (uri) =>
  Promise.reject(new Error(`Chargement de « ${uri} » refusé : les graphiques n'utilisent que des données intégrées.`));

/**
 * Draw the Vega-Lite specification `spec` (sized by chart-spec.js's sizedSpec) in `element`.
 *
 * @param {HTMLElement} element
 * @param {object} spec a Vega-Lite specification
 * @param {{dark?: boolean}} [options]
 */
export function renderChart(element, spec, { dark = false } = {}) {
  return embed(element, spec, {
    actions: false,
    renderer: "svg",
    mode: "vega-lite",
    loader: offline,
    theme: dark ? "dark" : undefined,
    config: { background: "transparent" },
    formatLocale: FRENCH_FORMAT_LOCALE,
    timeFormatLocale: FRENCH_TIME_FORMAT_LOCALE,
    i18n: {},
  });
}
