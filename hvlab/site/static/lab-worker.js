// The lab's Python: Pyodide and the hvlab wheel, in a module Web Worker (see js/lab/).
//
// Python starts from a memory snapshot made at build time when there is one (hvlab/site/
// lab_snapshot.py), else the normal way.
//
// A page runs two of these workers, each with its role (hvlab/labs/worker.py does the Python):
// - the student's worker runs the student's code, streams its outputs, then answers the checks'
//   calls to the student's functions; the page throws it away once the code has changed the
//   interpreter (or was stopped);
// - the checker's worker never runs the student's code: it plans and judges, on data.
// Both are created from an isolated frame whose Content-Security-Policy forbids any request to
// another host (js/lab/isolated-worker.js).
//
// Messages received:
//   {type: "init", role: "student" | "checker", wheelUrl, interruptBuffer?}
//   student: {type: "run", id, code, plan?, files?} · {type: "calls", id, needs} ·
//            {type: "evaluate", id, code}
//   checker: {type: "plan", id, checks} · {type: "judge", id, checks, student, answers, stepId, files?}
// (plan, student, answers, needs and every result but "evaluate"'s are JSON text; files:
// {name: text} written first in Python's working folder: the guest machine's console)
// Messages sent:
//   {type: "status", text} · {type: "ready", ms, phases, python} · {type: "failed", message}
//   {type: "started", id} · {type: "output", id, events} · {type: "done", id, result, dirty?}
//   {type: "error", id, message}
// `dirty`: the student's code changed the interpreter (a module, a builtin…): the page replaces
// this worker before the next run.
import { loadPyodide } from "../vendor/pyodide/pyodide.mjs";

const PYODIDE_URL = new URL("../vendor/pyodide/", import.meta.url).href;
const ROLES = {
  student: new Set(["run", "calls", "evaluate"]),
  checker: new Set(["plan", "judge", "evaluate"]),
};

let pyodide = null;
let ready = null;
let role = null;
let glue = null; // hvlab.labs.worker

function post(message) {
  self.postMessage(message);
}

async function fetchBytes(url, what) {
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) {
    throw new Error(
      `${what} est introuvable sur le site (${url} : HTTP ${response.status}). ` +
        "Reconstruisez le site (« make build » ou « mkdocs build »).",
    );
  }
  return response.arrayBuffer();
}

// The manifest names the wheel and the snapshot of this build (hvlab/site/lab_snapshot.py);
// absent on an old build: the wheel's default name, no snapshot.
async function manifest(wheelUrl) {
  try {
    const response = await fetch(new URL("manifest.json", wheelUrl), { cache: "no-cache" });
    if (response.ok) return await response.json();
  } catch {
    /* offline and not cached: the worker tries the wheel itself */
  }
  return {};
}

// The snapshot, gunzipped (a name with its hash: any cache may keep it).
async function fetchSnapshot(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function init({ role: wanted, wheelUrl, interruptBuffer }) {
  const started = performance.now();
  role = wanted === "checker" ? "checker" : "student";
  post({ type: "status", text: "Chargement de Python…" });
  const names = await manifest(wheelUrl);
  const wheelFile = names.wheel ? new URL(names.wheel, wheelUrl).href : wheelUrl;
  const wheel = fetchBytes(wheelFile, "le paquet Python hvlab");
  wheel.catch(() => {}); // reported below, once Pyodide is loaded
  const phases = { snapshot: false };
  if (names.snapshot) {
    try {
      const snapshot = await fetchSnapshot(new URL(names.snapshot, wheelUrl).href);
      phases.download_ms = Math.round(performance.now() - started);
      pyodide = await loadPyodide({ indexURL: PYODIDE_URL, _loadSnapshot: snapshot });
      phases.snapshot = true;
    } catch (error) {
      phases.fallback = String(error.message ?? error); // the normal start, below
      pyodide = null;
    }
  }
  if (!pyodide) pyodide = await loadPyodide({ indexURL: PYODIDE_URL });
  phases.pyodide_ms = Math.round(performance.now() - started);
  post({ type: "status", text: "Installation du simulateur hvlab…" });
  // The snapshot holds memory, not files: the wheel's files are put back either way.
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(await wheel, "wheel", { extractDir: sitePackages });
  phases.wheel_ms = Math.round(performance.now() - started) - phases.pyodide_ms;
  glue = pyodide.pyimport("hvlab.labs.worker");
  if (role === "student") pyodide.pyimport("hvlab.sim");
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

// Results cross as the JSON text Python wrote (JavaScript would turn 2.0 into 2). Undefined
// becomes None in Python (null would become pyodide.ffi.jsnull).
function handle(message) {
  const { id } = message;
  writeFiles(message.files);
  switch (message.type) {
    case "run": {
      const emit = (batch) => post({ type: "output", id, events: JSON.parse(batch) });
      return glue.run(message.code, message.plan ?? undefined, emit);
    }
    case "calls":
      return glue.calls(message.needs);
    case "plan":
      return glue.plan(message.checks);
    case "judge":
      return glue.judge(message.checks, message.student, message.answers ?? "[]", message.stepId ?? "");
    default:
      throw new Error(`message inconnu : ${message.type}`);
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
  if (!ROLES[role].has(message.type)) {
    post({ type: "error", id, message: `ce worker (${role}) ne traite pas « ${message.type} »` });
    return;
  }
  post({ type: "started", id });
  try {
    const result = message.type === "evaluate" ? await evaluate(message) : handle(message);
    const dirty = role === "student" && message.type !== "evaluate" ? glue.changed() : false;
    post({ type: "done", id, result, dirty });
  } catch (error) {
    post({ type: "error", id, message: String(error.message ?? error) });
  }
};
