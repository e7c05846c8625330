// One `show()` payload of hvlab.show ({type, data, title}) as an element of the page.

import { element } from "./dom.js";
import { chartElement, diagramElement } from "./figures.js";

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 3 });

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
  return element("div", { class: "hvlab-lab-table" }, [table]);
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
  return box;
}
