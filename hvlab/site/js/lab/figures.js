// Charts (Vega-Lite, drawn by the self-hosted vega bundle) and diagrams (Mermaid, through
// mermaid-loader.js) in lab output.
//
// A chart is drawn at the width its box has on the page, whenever that is known: a
// ResizeObserver watches the box, so a chart created in a hidden output, a collapsed block or
// before layout waits until it has a width, and a chart is drawn again when its box changes
// width (a rotated phone, a resized window) or when the palette switches between light and dark.
// Diagrams come sized by mermaid-loader.js (natural size, scrolled sideways when too wide).

import { element } from "./dom.js";

const VEGA_URL = new URL("vega.bundle.js", import.meta.url).href;
/** A chart is drawn again when its box changes width by at least this much (px). */
const REDRAW_STEP_PX = 8;

let vegaModule = null;
function loadVega() {
  if (!vegaModule) vegaModule = import(VEGA_URL);
  return vegaModule;
}

/** @type {WeakMap<HTMLElement, {spec: object, title: string | null, target: HTMLElement, width: number, theme: string, view: any, drawing: Promise<void> | null, again: boolean}>} */
const charts = new WeakMap();
let resizes = null;
let watchingTheme = false;
let mermaidCount = 0;

function theme() {
  return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
}

function boxWidth(chart) {
  return Math.floor(chart.getBoundingClientRect().width);
}

/** Draw `chart` at its current width and palette, unless it is already drawn so. */
function update(chart) {
  const state = charts.get(chart);
  if (!state) return;
  if (!chart.isConnected) {
    forget(chart);
    return;
  }
  const width = boxWidth(chart);
  if (width <= 0) return; // hidden: the ResizeObserver calls again once it has a width
  if (state.view && Math.abs(width - state.width) < REDRAW_STEP_PX && state.theme === theme()) return;
  if (state.drawing) {
    state.again = true;
    return;
  }
  state.drawing = draw(chart, state, width).finally(() => {
    state.drawing = null;
    if (state.again) {
      state.again = false;
      update(chart);
    }
  });
}

async function draw(chart, state, width) {
  const dark = theme() === "dark";
  try {
    const vega = await loadVega();
    const spec = vega.sizedSpec(state.spec, width, { title: state.title });
    if (state.view) state.view.finalize();
    const result = await vega.renderChart(state.target, spec, { dark });
    state.view = result.view;
    state.width = width;
    state.theme = dark ? "dark" : "light";
    chart.dataset.theme = state.theme;
    chart.dataset.width = String(width);
    chart.dataset.rendered = "";
  } catch (error) {
    forget(chart);
    chart.replaceWith(
      element("p", { class: "hvlab-lab-error", text: `Le graphique n'a pas pu être dessiné : ${error.message}` }),
    );
  }
}

function forget(chart) {
  const state = charts.get(chart);
  if (state && state.view) state.view.finalize();
  charts.delete(chart);
  if (resizes) resizes.unobserve(chart);
}

function watch(chart) {
  if (!resizes) {
    resizes = new ResizeObserver((entries) => {
      for (const entry of entries) update(entry.target);
    });
  }
  resizes.observe(chart);
  if (!watchingTheme) {
    watchingTheme = true;
    new MutationObserver(() => {
      for (const drawn of document.querySelectorAll(".hvlab-lab-chart[data-rendered]")) update(drawn);
    }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }
}

/**
 * A chart element for the Vega-Lite specification `spec`, drawn as soon as it has a width.
 *
 * @param {object} spec
 * @param {string | null} [title] the title given to show(): replaces the chart's own, and names
 *   the chart for screen readers
 * @returns {HTMLElement}
 */
export function chartElement(spec, title = null) {
  const name = title || (typeof spec.title === "string" ? spec.title : spec.title && spec.title.text) || "Graphique";
  const target = element("div", { class: "hvlab-lab-chart-drawing" });
  const chart = element("div", { class: "hvlab-lab-chart", role: "img", "aria-label": String(name) }, [target]);
  charts.set(chart, { spec, title, target, width: 0, theme: "", view: null, drawing: null, again: false });
  watch(chart);
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
      diagram.dataset.rendered = "";
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
