// What a lab remembers in the browser (code, attempts, hints shown, steps passed): localStorage,
// as JSON, under one prefix. Private browsing or a full storage: the lab works, without memory.

const PREFIX = "hvlab-lab:";

/** The value stored under `key`, or `fallback`. */
export function storageGet(key, fallback) {
  try {
    const value = window.localStorage.getItem(PREFIX + key);
    return value === null ? fallback : JSON.parse(value);
  } catch {
    return fallback;
  }
}

/** Store `value` (JSON) under `key`. */
export function storageSet(key, value) {
  try {
    window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    /* see the module comment */
  }
}

/** Forget `key`. */
export function storageRemove(key) {
  try {
    window.localStorage.removeItem(PREFIX + key);
  } catch {
    /* see the module comment */
  }
}
