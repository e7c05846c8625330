// The lab's Python, seen from the page: one module Web Worker (lab-worker.js) and its protocol.
//
// Runs are queued (one at a time). A run that exceeds its time limit, or that the student stops,
// is interrupted (KeyboardInterrupt through a SharedArrayBuffer when the page is cross-origin
// isolated) or its worker is ended and a fresh one started.

const BASE = new URL(".", import.meta.url);
const WORKER_URL = new URL("lab-worker.js", BASE);
const DEFAULT_WHEEL = "hvlab-0.1.0-py3-none-any.whl";
const STOP_GRACE_MS = 800;

/**
 * Files that other parts of the page give the labs' Python, written in its working folder before
 * each run: `window.hvlabLabFiles`, a Map of file name → function returning the text (the guest
 * machine's console, js/guest/main.js, is one).
 */
function pageFiles() {
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

/**
 * Events sent to listeners: {type: "status", text} · {type: "ready", ms} · {type: "failed",
 * message} · {type: "busy"} · {type: "idle"}.
 */
export class Runtime {
  constructor() {
    this.worker = null;
    this.ready = null;
    this.state = "idle"; // idle | loading | ready | failed
    this.failure = "";
    this.wheel = DEFAULT_WHEEL;
    this.pending = null; // the run in progress: {id, resolve, timer, handlers, …}
    this.queue = Promise.resolve();
    this.nextId = 1;
    this.listeners = [];
    this.readyMs = null;
    this.readyPhases = null;
    this.interrupt = null;
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
  start(wheel) {
    if (wheel) this.wheel = wheel;
    if (this.worker) return this.ready;
    const worker = new Worker(WORKER_URL, { type: "module" });
    this.worker = worker;
    this.state = "loading";
    this.interrupt =
      window.crossOriginIsolated && typeof SharedArrayBuffer === "function"
        ? new Uint8Array(new SharedArrayBuffer(1))
        : null;
    this.ready = new Promise((resolve, reject) => {
      this._resolveReady = resolve;
      this._rejectReady = reject;
    });
    this.ready.catch(() => {});
    worker.onmessage = (event) => {
      if (this.worker === worker) this._receive(event.data);
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      event.preventDefault();
      this._fail(
        `le programme Python du TP n'a pas pu être chargé (${event.message || "erreur inconnue"}).`,
      );
    };
    worker.postMessage({
      type: "init",
      wheelUrl: new URL(`wheels/${this.wheel}`, BASE).href,
      interruptBuffer: this.interrupt,
    });
    this.emit({ type: "status", text: "Chargement de Python…" });
    return this.ready;
  }

  _fail(message) {
    this.state = "failed";
    this.failure = message;
    this._rejectReady(new Error(message));
    if (this.pending) this._finish({ failed: true, message });
    this.emit({ type: "failed", message });
  }

  _receive(message) {
    const pending = this.pending;
    const mine = pending && pending.id === message.id;
    switch (message.type) {
      case "status":
        this.emit({ type: "status", text: message.text });
        break;
      case "ready":
        this.state = "ready";
        this.readyMs = message.ms;
        this.readyPhases = message.phases;
        this._resolveReady();
        this.emit({ type: "ready", ms: message.ms });
        break;
      case "failed":
        this._fail(message.message);
        break;
      case "started":
        if (mine) {
          pending.startedAt = performance.now();
          pending.timer = setTimeout(() => this._timeout(pending), pending.limitS * 1000);
          if (pending.handlers.started) pending.handlers.started();
        }
        break;
      case "stdout":
      case "stderr":
        if (mine && pending.handlers.stream) pending.handlers.stream(message.type, message.text);
        break;
      case "done":
        if (mine) this._finish({ result: message.result });
        break;
      case "error":
        if (mine) this._finish({ failed: true, message: message.message });
        break;
    }
  }

  _finish(outcome) {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    clearTimeout(pending.killTimer);
    this.pending = null;
    if (pending.stopMessage) {
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
      pending.killTimer = setTimeout(() => this._restart(), STOP_GRACE_MS);
    } else {
      this._restart();
    }
  }

  _restart() {
    if (this.pending) this.pending.restarted = true;
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = "idle";
    this._finish({ stopped: true });
    this.start();
  }

  /** Run `message` (type "run" or "evaluate") after the runs queued before it. */
  execute(message, limitS, handlers = {}) {
    const job = this.queue.then(() => {
      if (this.state === "failed") {
        // try once more (a temporary network failure, say)
        if (this.worker) this.worker.terminate();
        this.worker = null;
      }
      this.start();
      return new Promise((resolve) => {
        const id = this.nextId++;
        this.pending = { id, resolve, limitS, handlers };
        if (this.interrupt) this.interrupt[0] = 0;
        this.emit({ type: "busy" });
        this.ready.then(
          () => {
            if (this.pending && this.pending.id === id) {
              this.pending.posted = true;
              this.worker.postMessage({ ...message, id, files: pageFiles() });
            }
          },
          (error) => {
            if (this.pending && this.pending.id === id) this._finish({ failed: true, message: error.message });
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

  busy() {
    return this.pending !== null;
  }

  /** Run Python and get str() of its last expression (used by the test suite and the console). */
  async evaluate(code, limitS = 120) {
    const outcome = await this.execute({ type: "evaluate", code }, limitS);
    if (outcome.result === undefined) throw new Error(outcome.message || "échec");
    return outcome.result;
  }
}
