// One `show()` payload of hvlab.show ({type, data, title}) as an element of the page.

import { element } from "./dom.js";
import { chartElement, diagramElement } from "./figures.js";

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 3 });
const NBSP = "\u00a0";
/** What a display is called when it has to be scrolled sideways (its accessible name). */
const KINDS = { "vega-lite": "Graphique", mermaid: "Schéma", table: "Tableau" };

/**
 * Keep `box` reachable by keyboard while it scrolls sideways: a wide diagram, chart or table
 * overflows its box, which the arrow keys can scroll only if it takes focus (axe-core rule
 * scrollable-region-focusable). While its content overflows, the box gets tabindex="0" and a
 * name; when it fits again (wider window, redrawn chart), both go: no useless tab stop. Checked
 * when the box changes size and when its content changes (a diagram is drawn asynchronously).
 *
 * @param {HTMLElement} box
 * @param {string} name
 * @param {string | null} role set on the box while it scrolls (a <div> needs one to be named)
 */
function focusableWhileScrolling(box, name, role = null) {
  let named = false;
  const update = () => {
    if (!box.isConnected) return;
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls === named) return;
    named = scrolls;
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("aria-label", name);
      if (role) box.setAttribute("role", role);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("aria-label");
      if (role) box.removeAttribute("role");
    }
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(update).observe(box);
  new MutationObserver(update).observe(box, { childList: true, subtree: true });
}

function scrollName(type, title) {
  const kind = KINDS[type] || "Affichage";
  const what = title ? `${kind} «${NBSP}${title}${NBSP}»` : kind;
  return `${what}, à faire défiler horizontalement`;
}

function cellText(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (typeof value === "number") return numberFormat.format(value);
  return String(value);
}

function tableElement(data, title) {
  const table = element("table");
  if (title) table.appendChild(element("caption", { text: title }));
  const head = element("tr");
  for (const column of data.columns || []) head.appendChild(element("th", { scope: "col", text: String(column) }));
  table.appendChild(element("thead", {}, [head]));
  const body = element("tbody");
  for (const row of data.rows || []) {
    const tr = element("tr");
    for (const value of row) {
      tr.appendChild(element("td", { text: cellText(value), class: typeof value === "number" ? "hvlab-lab-number" : null }));
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  const box = element("div", { class: "hvlab-lab-table" }, [table]);
  focusableWhileScrolling(box, scrollName("table", title), "region");
  return box;
}

/**
 * The element showing `payload`: a chart, a diagram, a table or text, in a <figure>.
 *
 * @param {{type: string, data: unknown, title?: string | null}} payload
 * @returns {HTMLElement}
 */
export function renderDisplay(payload) {
  const box = element("figure", { class: `hvlab-lab-display hvlab-lab-display--${payload.type}` });
  let caption = payload.title ? element("figcaption", { text: payload.title }) : null;
  if (payload.type === "vega-lite") {
    box.appendChild(chartElement(payload.data, payload.title));
    caption = null; // a chart draws its own title; the caption would repeat it
  } else if (payload.type === "mermaid") {
    box.appendChild(diagramElement(String(payload.data)));
  } else if (payload.type === "table") {
    box.appendChild(tableElement(payload.data || {}, payload.title));
    caption = null; // the table's <caption>
  } else {
    box.appendChild(element("pre", { class: "hvlab-lab-text", text: String(payload.data) }));
  }
  if (caption) box.insertBefore(caption, box.firstChild);
  // A table scrolls in its own box (.hvlab-lab-table); the others in the <figure>.
  if (payload.type !== "table") focusableWhileScrolling(box, scrollName(payload.type, payload.title));
  return box;
}
