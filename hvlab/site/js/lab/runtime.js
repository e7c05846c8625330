// The student's Python, seen from the page: runs one at a time, time limits, « Arrêter », and a
// fresh interpreter whenever the code changed the one it ran in.
//
// After each run (and its checks), if the code changed the interpreter (a module, a class, a
// builtin, a constant of hvlab: hvlab/labs/worker.py checks), the worker is thrown away and a new
// one starts at once, in the background: no such change survives into the next run. A run that exceeds its time limit, or that the student stops, is
// interrupted (KeyboardInterrupt through a SharedArrayBuffer when the page is cross-origin
// isolated) or its worker is ended; what it printed so far stays on the page.

import { pageFiles } from "./page-files.js";
import { PythonWorker } from "./python-worker.js";

const DEFAULT_WHEEL = "hvlab-0.1.0-py3-none-any.whl";
const STOP_GRACE_MS = 800;
const MEMORY = /out of memory|cannot enlarge memory|oom|array buffer allocation failed|memory access out of bounds|webassembly\.memory/i;

/** The French message for a run that failed without a Python error of the code itself. */
export function failureText(message) {
  if (MEMORY.test(message)) {
    return (
      "Mémoire épuisée : votre code a demandé plus de mémoire que le navigateur n'en donne à " +
      "Python, qui a dû redémarrer. Piste : vérifiez la taille des listes, des chaînes et des " +
      "valeurs que votre code construit (un ordre de grandeur de trop ?)."
    );
  }
  if (message.startsWith("crash:")) {
    return `Python s'est arrêté brutalement pendant l'exécution (${message.slice(6).trim()}) ; il redémarre.`;
  }
  return message;
}

/**
 * Events sent to listeners: {type: "status", text} · {type: "ready", ms} · {type: "failed",
 * message} · {type: "busy"} · {type: "idle"}.
 */
export class Runtime {
  constructor() {
    this.worker = null; // the PythonWorker
    this.ready = null;
    this.state = "idle"; // idle | loading | ready | failed
    this.failure = "";
    this.wheel = DEFAULT_WHEEL;
    this.pending = null; // the run in progress: {resolve, timer, handlers, …}
    this.queue = Promise.resolve();
    this.listeners = [];
    this.readyMs = null;
    this.readyPhases = null;
    this.interrupt = null;
    this.held = 0;
    this.starts = 0;
  }

  on(listener) {
    this.listeners.push(listener);
  }

  emit(event) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        /* a detached step (instant navigation) must not break the others */
      }
    }
  }

  /** Start the worker (once); resolves when Python and hvlab are loaded. */
  start(wheel, { quiet = false } = {}) {
    if (wheel) this.wheel = wheel;
    if (this.worker && (this.worker.state === "loading" || this.worker.state === "ready")) return this.ready;
    this.interrupt =
      window.crossOriginIsolated && typeof SharedArrayBuffer === "function"
        ? new Uint8Array(new SharedArrayBuffer(1))
        : null;
    const worker = new PythonWorker("student", {
      wheel: this.wheel,
      interruptBuffer: this.interrupt,
      listener: (event) => {
        if (this.worker === worker) this._onWorker(event, quiet);
      },
    });
    this.worker = worker;
    this.state = "loading";
    this.starts += 1;
    this.ready = worker.ready;
    if (!quiet) this.emit({ type: "status", text: "Chargement de Python…" });
    return this.ready;
  }

  _onWorker(event, quiet) {
    if (event.type === "status") {
      if (!quiet) this.emit(event);
    } else if (event.type === "ready") {
      this.state = "ready";
      this.readyMs = event.ms;
      this.readyPhases = event.phases;
      this.emit({ type: "ready", ms: event.ms, quiet });
    } else if (event.type === "failed") {
      this.state = "failed";
      this.failure = event.message;
      this.emit({ type: "failed", message: event.message });
    }
  }

  /** After a run: a fresh interpreter for the next one if the code changed this one. */
  release() {
    if (this.pending || !this.worker || !this.worker.dirty) return;
    if (this.worker) this.worker.end();
    this.worker = null;
    this.start(this.wheel, { quiet: true });
  }

  /** Keep the runtime busy (buttons disabled) over several runs: a run and its checks. */
  hold() {
    this.held += 1;
    this.emit({ type: "busy" });
  }

  unhold() {
    this.held = Math.max(0, this.held - 1);
    this.emit({ type: "idle" });
  }

  busy() {
    return this.pending !== null || this.held > 0;
  }

  _finish(outcome) {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    clearTimeout(pending.killTimer);
    this.pending = null;
    if (pending.stopMessage) {
      // Interrupted anywhere (in hvlab's code too): start afresh.
      if (this.worker) this.worker.dirty = true;
      let message = pending.stopMessage;
      if (pending.restarted) message += " Python a redémarré.";
      outcome = { stopped: true, message: message + (pending.advice ? ` ${pending.advice}` : "") };
    }
    outcome.ms = pending.startedAt ? performance.now() - pending.startedAt : null;
    this.emit({ type: "idle" });
    pending.resolve(outcome);
  }

  _timeout(pending) {
    const seconds = String(pending.limitS).replace(".", ",");
    this.stop(
      `Exécution arrêtée au bout de ${seconds} s : votre code contient peut-être une boucle ` +
        "infinie (une boucle « while » dont la condition reste vraie, par exemple).",
      "Corrigez le code puis relancez-le.",
    );
  }

  /** Stop the run in progress: interrupt it when possible, else end the worker and start anew. */
  stop(message, advice = "") {
    const pending = this.pending;
    if (!pending || pending.stopMessage) return;
    pending.stopMessage = message;
    pending.advice = advice;
    clearTimeout(pending.timer);
    if (!pending.posted) {
      // Python is still starting and has not received the code: just cancel the run.
      pending.stopMessage = "Exécution annulée avant son démarrage.";
      this._finish({ stopped: true });
    } else if (this.interrupt) {
      this.interrupt[0] = 2; // SIGINT: Python raises KeyboardInterrupt
      pending.killTimer = setTimeout(() => this._kill(), STOP_GRACE_MS);
    } else {
      this._kill();
    }
  }

  _kill() {
    if (this.pending) this.pending.restarted = true;
    if (this.worker) this.worker.end();
    this.worker = null;
    this._finish({ stopped: true });
    this.start(this.wheel, { quiet: true });
  }

  /** Run `message` (type "run", "calls" or "evaluate") after the runs queued before it. */
  execute(message, limitS, handlers = {}) {
    const job = this.queue.then(() => {
      if (this.state === "failed") {
        // try once more (a temporary network failure, say)
        if (this.worker) this.worker.end();
        this.worker = null;
      }
      this.start();
      return new Promise((resolve) => {
        const pending = { resolve, limitS, handlers };
        this.pending = pending;
        if (this.interrupt) this.interrupt[0] = 0;
        this.emit({ type: "busy" });
        const worker = this.worker;
        worker.ready.then(
          () => {
            if (this.pending !== pending) return;
            pending.posted = true;
            worker
              .request({ ...message, files: pageFiles() }, {
                started: () => {
                  pending.startedAt = performance.now();
                  pending.timer = setTimeout(() => this._timeout(pending), limitS * 1000);
                  if (handlers.started) handlers.started();
                },
                output: handlers.output,
              })
              .then(
                (result) => {
                  if (this.pending === pending) this._finish({ result });
                },
                (error) => {
                  if (this.pending === pending) this._finish({ failed: true, message: failureText(error.message) });
                },
              );
          },
          (error) => {
            if (this.pending === pending) this._finish({ failed: true, message: error.message });
          },
        );
      });
    });
    this.queue = job.then(
      () => {},
      () => {},
    );
    return job;
  }

  /** Run Python and get str() of its last expression (used by the test suite and the console). */
  async evaluate(code, limitS = 120) {
    const outcome = await this.execute({ type: "evaluate", code }, limitS);
    if (outcome.result === undefined) throw new Error(outcome.message || "échec");
    return outcome.result;
  }
}
