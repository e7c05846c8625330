// What a lab remembers in the browser (code, attempts, hints shown, steps passed): localStorage,
// as JSON, under one prefix, through the site's shared helpers (../dom.js). Private browsing or a
// full storage: the lab works, without memory.

import { readJSON, writeJSON } from "../dom.js";

const PREFIX = "hvlab-lab:";

/** The value stored under `key`, or `fallback`. */
export function storageGet(key, fallback) {
  const value = readJSON(PREFIX + key);
  return value === null ? fallback : value;
}

/** Store `value` (JSON) under `key`. */
export function storageSet(key, value) {
  writeJSON(PREFIX + key, value);
}

/** Forget `key`. */
export function storageRemove(key) {
  try {
    window.localStorage.removeItem(PREFIX + key);
  } catch {
    /* see the module comment */
  }
}
