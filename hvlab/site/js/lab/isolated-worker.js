// Workers that cannot reach any other host: created from a hidden frame whose
// Content-Security-Policy (a <meta> in its srcdoc) a blob: worker inherits.
//
// A page served as static files cannot give its worker script HTTP headers of its own, but a worker
// made from a blob: URL takes the policy of the document that creates it. That document is an
// empty same-origin frame, so the policy binds the lab's Python and nothing else of the page: the
// code can fetch files of this site (Pyodide, the wheel) and nothing from any other host
// (fetch, pyodide.http, WebSocket, EventSource, import(), nested workers).

/** The policy of the lab's workers (tests read it). */
export const WORKER_POLICY = [
  "default-src 'none'",
  "script-src 'self' blob: 'wasm-unsafe-eval'",
  "connect-src 'self'",
  "worker-src blob:",
].join("; ");

let frame = null; // the <iframe>
let loaded = null; // resolves to it once loaded

function isolatedFrame() {
  if (!loaded || !frame.isConnected) {
    loaded = new Promise((resolve, reject) => {
      const element = document.createElement("iframe");
      frame = element;
      element.hidden = true;
      element.setAttribute("aria-hidden", "true");
      element.tabIndex = -1;
      element.className = "hvlab-lab-frame";
      element.srcdoc =
        `<!doctype html><meta http-equiv="Content-Security-Policy" content="${WORKER_POLICY}">` +
        "<title>Python du TP</title>";
      element.addEventListener("load", () => resolve(element), { once: true });
      element.addEventListener("error", () => reject(new Error("cadre isolé indisponible")), { once: true });
      // Outside <body>: Material's instant navigation replaces the body's content, and a removed
      // frame would end its workers.
      document.documentElement.appendChild(element);
    });
  }
  return loaded;
}

/**
 * A module worker running `moduleUrl` under {@link WORKER_POLICY}.
 *
 * @param {string} moduleUrl absolute URL of the worker's module (on this site)
 * @returns {Promise<Worker>}
 */
export async function isolatedWorker(moduleUrl) {
  const element = await isolatedFrame();
  const realm = element.contentWindow;
  // A static import does not load from a blob: module under this policy; a dynamic one does.
  // Messages that arrive before the module has set its handler are kept, then handed to it.
  const source = `const early = []; self.onmessage = (event) => early.push(event);
import(${JSON.stringify(moduleUrl)}).then(
  () => { for (const event of early) self.onmessage(event); },
  (error) => postMessage({type: "failed", message: "Python n'a pas pu démarrer : " + error.message}),
);`;
  const url = realm.URL.createObjectURL(new realm.Blob([source], { type: "text/javascript" }));
  try {
    return new realm.Worker(url, { type: "module" });
  } finally {
    setTimeout(() => realm.URL.revokeObjectURL(url), 60_000);
  }
}
