// The lab's Python: Pyodide and the hvlab wheel, in a module Web Worker (started by js/lab/runtime.js).
//
// The page never runs Python itself, so an infinite loop cannot freeze it: the page stops a run
// by terminating this worker and starting a fresh one (or, when the page is cross-origin
// isolated, by raising KeyboardInterrupt through a SharedArrayBuffer).
//
// Messages received:
//   {type: "init", wheelUrl, interruptBuffer?}
//   {type: "run", id, code, checks?, stepId?, files?}  run the student's code (and the step's
//                                              checks); files: {name: text} written first in
//                                              Python's working folder (the guest's console)
//   {type: "evaluate", id, code}               run Python, answer str() of the last expression
// Messages sent:
//   {type: "status", text} · {type: "ready", ms, python} · {type: "failed", message}
//   {type: "started", id} · {type: "stdout" | "stderr", id, text} · {type: "done", id, result}
//   {type: "error", id, message}
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";

const PYODIDE_URL = new URL("../vendor/pyodide/", import.meta.url).href;

// Runs in Pyodide once hvlab is installed. hvlab.labs.runner is the same runner as
// `hvlab lab check` on the command line, so a check passes in the browser exactly when it
// passes locally.
const BOOTSTRAP = `
import json as _json
import hvlab
import hvlab.show
import hvlab.sim
from hvlab.labs import judge as _judge, runner as _runner


def _hvlab_run(code, checks, step_id):
    if checks is None:
        result = _runner.run_code(code)
    else:
        result = _judge.run_checks(code, checks, step_id=step_id)
    return _json.dumps(result.to_dict(), ensure_ascii=False, default=str)
`;

let pyodide = null;
let ready = null;
let currentId = null;

function post(message) {
  self.postMessage(message);
}

async function fetchWheel(url) {
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) {
    throw new Error(
      `le paquet Python hvlab est introuvable sur le site (${url} : HTTP ${response.status}). ` +
        "Reconstruisez le site (« make build » ou « mkdocs build »).",
    );
  }
  return response.arrayBuffer();
}

async function init({ wheelUrl, interruptBuffer }) {
  const started = performance.now();
  post({ type: "status", text: "Chargement de Python…" });
  const wheel = fetchWheel(wheelUrl);
  wheel.catch(() => {}); // reported below, once Pyodide is loaded
  const phases = {};
  pyodide = await loadPyodide({
    indexURL: PYODIDE_URL,
    stdout: (text) => post({ type: "stdout", id: currentId, text: text + "\n" }),
    stderr: (text) => post({ type: "stderr", id: currentId, text: text + "\n" }),
  });
  phases.pyodide_ms = Math.round(performance.now() - started);
  post({ type: "status", text: "Installation du simulateur hvlab…" });
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
  phases.wheel_ms = Math.round(performance.now() - started) - phases.pyodide_ms;
  pyodide.runPython(BOOTSTRAP);
  phases.imports_ms = Math.round(performance.now() - started) - phases.pyodide_ms - phases.wheel_ms;
  if (interruptBuffer) pyodide.setInterruptBuffer(interruptBuffer);
  const python = pyodide.runPython("import sys; sys.version.split()[0]");
  post({ type: "ready", ms: Math.round(performance.now() - started), phases, python });
}

function writeFiles(files) {
  for (const [name, text] of Object.entries(files ?? {})) {
    if (/^[\w.-]+$/.test(name)) pyodide.FS.writeFile(name, text, { encoding: "utf8" });
  }
}

async function run({ id, code, checks, stepId, files }) {
  writeFiles(files);
  const runPy = pyodide.globals.get("_hvlab_run");
  try {
    // undefined becomes None in Python (null would become pyodide.ffi.jsnull).
    const json = runPy(code, checks ?? undefined, stepId ?? undefined);
    return JSON.parse(json);
  } finally {
    runPy.destroy();
  }
}

async function evaluate({ code }) {
  const value = await pyodide.runPythonAsync(code);
  const text = value === undefined || value === null ? "" : String(value);
  if (value && typeof value.destroy === "function") value.destroy();
  return text;
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "init") {
    ready = init(message);
    try {
      await ready;
    } catch (error) {
      post({ type: "failed", message: `Python n'a pas pu démarrer : ${error.message ?? error}` });
    }
    return;
  }
  const { id } = message;
  try {
    await ready;
  } catch {
    return; // "failed" already sent
  }
  currentId = id;
  post({ type: "started", id });
  try {
    const result = message.type === "evaluate" ? await evaluate(message) : await run(message);
    post({ type: "done", id, result });
  } catch (error) {
    post({ type: "error", id, message: String(error.message ?? error) });
  } finally {
    currentId = null;
  }
};
