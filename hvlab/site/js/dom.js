// DOM and storage helpers shared by the site's scripts (the quiz UI; lab.js can import them).
//
// Small on purpose: building elements without innerHTML for text, localStorage that never throws
// (private browsing, full quota), the site's root URL (so that two courses served from one host
// keep separate storage), and a polite live region that screen readers announce.

/**
 * Create an element. `attrs`: "text" sets textContent, "html" innerHTML (trusted HTML only: the
 * course's rendered Markdown), "on<event>" adds a listener, true sets an empty attribute, and
 * null/undefined/false leave the attribute out. `children`: nodes or strings.
 */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "html") node.innerHTML = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children || []) {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** The text of some trusted HTML (for places that take text only, like <option>). */
export function textOf(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  return holder.content.textContent || "";
}

/** The site's root URL, from Material's configuration, else the page's origin. */
export function siteRoot() {
  try {
    const config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(config.base || ".", location.href).href;
  } catch (error) {
    return location.origin + "/";
  }
}

/** The JSON stored under `key`, or null (absent, unreadable, storage disabled). */
export function readJSON(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch (error) {
    return null;
  }
}

/** Store `value` as JSON; false when the browser refuses (the page still works this visit). */
export function writeJSON(key, value) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch (error) {
    return false;
  }
}

/** Say `text` in the live region `live` (emptied first, so that a repeated text is said again). */
export function announce(live, text) {
  live.textContent = "";
  window.setTimeout(() => {
    live.textContent = text;
  }, 50);
}

let counter = 0;

/** A page-unique id prefix ("hq1", "hq2"…). */
export function uniqueId(prefix) {
  counter += 1;
  return prefix + counter;
}
