// The Vega-Lite specification of a lab chart as it is drawn: at the width the chart has on the
// page, with the title given to show(), French numbers and readable text.
//
// Pure functions (no DOM): tests/site/test_chart_spec.py runs them under Node.
//
// Why the width is set here rather than left to Vega-Lite's `width: "container"`: Vega reads the
// container's width once, when the chart is drawn, and again only on a window resize. A chart
// drawn in a hidden output, a collapsed block or before layout got 0 px and kept it. figures.js
// measures the chart's box with a ResizeObserver and draws (again) at the width it reports.

import { NBSP, NNBSP } from "./fr.js";

/** Narrowest chart drawn (px): below, the figure scrolls sideways rather than squeeze it. */
export const MIN_WIDTH_PX = 280;

/** Inner width of a facet panel when the specification gives none (Vega-Lite's default step). */
const DEFAULT_PANEL_PX = 200;
/** Room taken around a facet panel by its axis, its labels and the spacing (px). */
const PANEL_MARGIN_PX = 60;
/** Below this width (px), a legend goes under the chart instead of taking room on its right. */
export const NARROW_PX = 560;
/** Height of one band of a discrete y axis: Vega-Lite's default step (px). */
const BAND_PX = 20;

/** Smallest font sizes (px) of a chart's text: Vega-Lite's axis labels default to 10 px. */
const FONT_SIZES = {
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, subtitleFontSize: 12 },
};

/**
 * d3-format's locale for French: decimal comma, thousands grouped by a narrow no-break space and
 * a no-break space before %, as hvlab/fr.py and fr.js write numbers.
 */
export const FRENCH_FORMAT_LOCALE = Object.freeze({
  decimal: ",",
  thousands: NNBSP,
  grouping: [3],
  currency: ["", `${NNBSP}€`],
  percent: `${NBSP}%`,
});

/**
 * d3-time-format's locale for French (dates on a time axis, in a tooltip): day and month names
 * as CLDR's fr-FR writes them (tests/site/test_chart_spec.py holds them to Intl), dates day first,
 * a 24-hour clock.
 */
export const FRENCH_TIME_FORMAT_LOCALE = Object.freeze({
  dateTime: "%A %e %B %Y à %X",
  date: "%d/%m/%Y",
  time: "%H:%M:%S",
  periods: ["", ""],
  days: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
  shortDays: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
  months: [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
  ],
  shortMonths: [
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
  ],
});

function copy(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The specification's own config, with text no smaller than FONT_SIZES. */
function readableConfig(config) {
  const result = isObject(config) ? config : {};
  for (const [part, sizes] of Object.entries(FONT_SIZES)) {
    const section = isObject(result[part]) ? result[part] : {};
    for (const [key, size] of Object.entries(sizes)) {
      if (!(typeof section[key] === "number" && section[key] >= size)) section[key] = size;
    }
    result[part] = section;
  }
  return result;
}

/** How many facet panels fit side by side in `available` px (at least 1, at most `columns`). */
export function facetColumns(columns, panelWidthPx, availablePx) {
  const wanted = Number.isInteger(columns) && columns > 0 ? columns : 1;
  const panel = (typeof panelWidthPx === "number" && panelWidthPx > 0 ? panelWidthPx : DEFAULT_PANEL_PX) + PANEL_MARGIN_PX;
  return Math.max(1, Math.min(wanted, Math.floor(availablePx / panel)));
}

function isDiscrete(channel) {
  return isObject(channel) && (channel.type === "nominal" || channel.type === "ordinal");
}

/**
 * The height of a view whose y axis is discrete, from the number of distinct values in its inline
 * data (one band per value, Vega-Lite's step); null when the view has no such axis or its data
 * is not inline.
 *
 * Vega-Lite sizes such a view from a step, and a fit-x chart with a step height makes it warn
 * « Dropping "fit-y" because spec has discrete height » although nothing asked for fit-y; a
 * numeric height draws the same bands without the warning.
 */
export function discreteHeight(spec) {
  const views = Array.isArray(spec.layer) ? [spec, ...spec.layer] : [spec];
  const y = views.map((view) => view.encoding && view.encoding.y).find(isDiscrete);
  if (!y || typeof y.field !== "string") return null;
  const values = new Set();
  for (const view of views) {
    const rows = view.data && Array.isArray(view.data.values) ? view.data.values : [];
    for (const row of rows) if (isObject(row) && y.field in row) values.add(JSON.stringify(row[y.field]));
  }
  return values.size ? values.size * BAND_PX : null;
}

/**
 * The specification to draw for a chart `widthPx` wide.
 *
 * - a single or layered view whose width is "container" (or unset) gets that width, text and
 *   axes included (autosize fit-x), never less than MIN_WIDTH_PX;
 * - a faceted chart wraps its panels onto as many rows as the width needs (panels widened, up to
 *   twice, to fill a row left with fewer of them);
 * - a fixed numeric width is kept (the figure scrolls when the page is narrower);
 * - a discrete y axis gets a numeric height (see discreteHeight);
 * - `title`, when given (show(..., title=...)), replaces the specification's title;
 * - under NARROW_PX, legends go under the chart;
 * - `$schema` is dropped (vega-embed would warn about v5 against v6) and text is at least 11 px.
 *
 * @param {object} spec a Vega-Lite specification (left unchanged)
 * @param {number} widthPx the width of the chart's box on the page
 * @param {{title?: string | null}} [options]
 * @returns {object}
 */
export function sizedSpec(spec, widthPx, { title = null } = {}) {
  const result = copy(spec) || {};
  delete result.$schema;
  const available = Math.max(Math.floor(Number(widthPx) || 0), MIN_WIDTH_PX);
  if (title) {
    result.title = isObject(result.title) ? { ...result.title, text: String(title) } : String(title);
  }
  if (result.facet !== undefined || result.repeat !== undefined) {
    if (result.columns !== undefined || (result.facet && !("row" in result.facet) && !("column" in result.facet))) {
      const inner = isObject(result.spec) ? result.spec : null;
      const panel = inner && typeof inner.width === "number" ? inner.width : DEFAULT_PANEL_PX;
      const wanted = Number.isInteger(result.columns) && result.columns > 0 ? result.columns : 1;
      result.columns = facetColumns(wanted, panel, available);
      if (inner && result.columns < wanted && (inner.width === undefined || typeof inner.width === "number")) {
        // Fewer panels per row than asked (a phone): each takes the room of the missing ones.
        const room = Math.floor(available / result.columns) - PANEL_MARGIN_PX;
        inner.width = Math.max(panel, Math.min(room, 2 * panel));
      }
    }
  } else if (result.width === undefined || result.width === "container") {
    if ("mark" in result || "layer" in result) {
      result.width = available;
      result.autosize = { type: "fit-x", contains: "padding" };
      if (result.height === undefined || result.height === "container") {
        const height = discreteHeight(result);
        if (height !== null) result.height = height;
      }
    }
  }
  if (result.height === "container") delete result.height;
  result.config = readableConfig(result.config);
  if (available < NARROW_PX) {
    // On a phone a legend on the right left the plot a few pixels: put it underneath, one
    // entry per line, its labels cut only at the chart's width.
    const legend = result.config.legend;
    if (legend.orient === undefined) legend.orient = "bottom";
    if (legend.direction === undefined) legend.direction = "vertical";
    if (legend.labelLimit === undefined) legend.labelLimit = available - 40;
  }
  return result;
}
