// Files that other parts of the page give the labs' Python (the guest machine's console,
// js/guest/main.js, is one): `window.hvlabLabFiles`, a Map of file name → function returning the
// text. Both workers get them before each request: the student's before a run, the checker's
// before judging (so what the student's code writes cannot change what the checks read).

/** The page's files now: {name: text}. */
export function pageFiles() {
  const files = {};
  for (const [name, read] of window.hvlabLabFiles ?? []) {
    try {
      files[name] = String(read());
    } catch {
      /* a provider that fails gives no file */
    }
  }
  return files;
}
