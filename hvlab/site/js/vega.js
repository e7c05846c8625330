// Self-hosted vega-embed for the lab charts, bundled by scripts/build-assets.mjs.
//
// The bundle never fetches anything: charts are inline Vega-Lite specifications, the actions
// menu (which links to the online editor) is off, and the data loader refuses any URL.
import embed from "vega-embed";
import { loader } from "vega";

const offline = loader();
offline.load = (uri) =>
  Promise.reject(new Error(`Chargement de « ${uri} » refusé : les graphiques n'utilisent que des données intégrées.`));

/**
 * Draw the Vega-Lite specification `spec` in `element`.
 *
 * @param {HTMLElement} element
 * @param {object} spec a Vega-Lite specification
 * @param {{dark?: boolean}} [options]
 */
export function renderChart(element, spec, { dark = false } = {}) {
  const copy = { ...spec };
  delete copy.$schema; // vega-embed would warn about v5 vs v6; the spec is valid for both.
  return embed(element, copy, {
    actions: false,
    renderer: "svg",
    mode: "vega-lite",
    loader: offline,
    theme: dark ? "dark" : undefined,
    config: { background: "transparent" },
    i18n: {},
  });
}
