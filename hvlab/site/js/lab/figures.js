// Charts (Vega-Lite, drawn by the self-hosted vega bundle) and diagrams (Mermaid, through
// mermaid-loader.js) in lab output. Charts follow the light / dark palette switch.

import { element } from "./dom.js";

const VEGA_URL = new URL("vega.bundle.js", import.meta.url).href;

let vegaModule = null;
function loadVega() {
  if (!vegaModule) vegaModule = import(VEGA_URL);
  return vegaModule;
}

const specs = new WeakMap(); // chart container -> its Vega-Lite specification
const views = new WeakMap(); // chart container -> the Vega view drawn in it
let mermaidCount = 0;
let watching = false;

function isDark() {
  return document.body.getAttribute("data-md-color-scheme") === "slate";
}

async function draw(chart) {
  const dark = isDark();
  chart.dataset.theme = dark ? "dark" : "light";
  try {
    const vega = await loadVega();
    const previous = views.get(chart);
    if (previous) previous.finalize();
    const result = await vega.renderChart(chart, specs.get(chart), { dark });
    views.set(chart, result.view);
    chart.dataset.rendered = "";
  } catch (error) {
    chart.replaceWith(
      element("p", { class: "hvlab-lab-error", text: `Le graphique n'a pas pu être dessiné : ${error.message}` }),
    );
  }
}

function watchTheme() {
  if (watching) return;
  watching = true;
  new MutationObserver(() => {
    const theme = isDark() ? "dark" : "light";
    for (const chart of document.querySelectorAll(".hvlab-lab-chart[data-rendered]")) {
      if (chart.dataset.theme !== theme && specs.has(chart)) draw(chart);
    }
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
}

/**
 * A chart element for the Vega-Lite specification `spec`, drawn as soon as the bundle is loaded.
 *
 * @param {object} spec
 * @param {string} [title] accessible name
 * @returns {HTMLElement}
 */
export function chartElement(spec, title) {
  watchTheme();
  const chart = element("div", { class: "hvlab-lab-chart", role: "img", "aria-label": title || "Graphique" });
  specs.set(chart, spec);
  draw(chart);
  return chart;
}

/**
 * A diagram element for the Mermaid text `source` (the text itself when Mermaid is unavailable
 * or refuses it, with the reason).
 *
 * @param {string} source
 * @returns {HTMLElement}
 */
export function diagramElement(source) {
  const diagram = element("div", { class: "hvlab-lab-diagram" });
  const id = `hvlab-lab-mermaid-${++mermaidCount}`;
  if (!window.mermaid || typeof window.mermaid.render !== "function") {
    diagram.appendChild(element("pre", { text: source }));
    return diagram;
  }
  window.mermaid.render(id, source).then(
    (result) => {
      diagram.innerHTML = result.svg;
    },
    (error) => {
      const leftover = document.getElementById(`d${id}`);
      if (leftover) leftover.remove();
      diagram.appendChild(
        element("p", { class: "hvlab-lab-error", text: `Le schéma n'a pas pu être dessiné : ${error.message || error}` }),
      );
      diagram.appendChild(element("pre", { text: source }));
    },
  );
  return diagram;
}
