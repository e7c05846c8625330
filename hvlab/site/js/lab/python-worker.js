// One Pyodide worker (lab-worker.js) seen from the page: start, requests by id, end.

import { isolatedWorker } from "./isolated-worker.js";

const BASE = new URL(".", import.meta.url);
const WORKER_URL = new URL("lab-worker.js", BASE).href;

/** The wheel's URL on this site. */
export function wheelUrl(wheel) {
  return new URL(`wheels/${wheel}`, BASE).href;
}

/**
 * A worker of role "student" or "checker". `listener` receives {type: "status", text},
 * {type: "ready", ms, phases} and {type: "failed", message}.
 */
export class PythonWorker {
  constructor(role, { wheel, interruptBuffer = null, listener = () => {} }) {
    this.role = role;
    this.listener = listener;
    this.state = "loading"; // loading | ready | failed | ended
    this.failure = "";
    this.requests = new Map(); // id -> {resolve, reject, handlers}
    this.nextId = 1;
    this.dirty = false; // the student's code changed the interpreter: replace it before reuse
    this.ready = new Promise((resolve, reject) => {
      this._resolveReady = resolve;
      this._rejectReady = reject;
    });
    this.ready.catch(() => {});
    this.worker = null;
    this._spawn(wheel, interruptBuffer);
  }

  async _spawn(wheel, interruptBuffer) {
    let worker;
    try {
      worker = await isolatedWorker(WORKER_URL);
    } catch (error) {
      this._fail(`Python n'a pas pu démarrer : ${error.message}`);
      return;
    }
    if (this.state === "ended") {
      worker.terminate();
      return;
    }
    this.worker = worker;
    worker.onmessage = (event) => this._receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      const why = event.message || "erreur inconnue";
      if (this.state === "loading") this._fail(`le programme Python du TP n'a pas pu être chargé (${why}).`);
      else this._crash(why);
    };
    worker.postMessage({ type: "init", role: this.role, wheelUrl: wheelUrl(wheel), interruptBuffer });
  }

  _receive(message) {
    const request = this.requests.get(message.id);
    switch (message.type) {
      case "status":
        this.listener({ type: "status", text: message.text });
        break;
      case "ready":
        this.state = "ready";
        this.readyMs = message.ms;
        this.readyPhases = message.phases;
        this._resolveReady();
        this.listener({ type: "ready", ms: message.ms, phases: message.phases });
        break;
      case "failed":
        this._fail(message.message);
        break;
      case "started":
        if (request && request.handlers.started) request.handlers.started();
        break;
      case "output":
        if (request && request.handlers.output) request.handlers.output(message.events);
        break;
      case "done":
        if (message.dirty) this.dirty = true;
        if (request) {
          this.requests.delete(message.id);
          request.resolve(message.result);
        }
        break;
      case "error":
        // After a fatal error, Pyodide cannot run anything more.
        if (/fatal error/i.test(String(message.message))) this.dirty = true;
        if (request) {
          this.requests.delete(message.id);
          request.reject(new Error(message.message));
        }
        break;
    }
  }

  _fail(message) {
    if (this.state === "failed" || this.state === "ended") return;
    this.state = "failed";
    this.failure = message;
    this._rejectReady(new Error(message));
    this._rejectAll(message);
    this.listener({ type: "failed", message });
  }

  // The worker died while working (out of memory, most often).
  _crash(why) {
    this._rejectAll(`crash: ${why}`);
    this.end();
  }

  _rejectAll(message) {
    for (const request of this.requests.values()) request.reject(new Error(message));
    this.requests.clear();
  }

  /** Send `message` once ready; resolves with its result. Handlers: started(), output(events). */
  async request(message, handlers = {}) {
    await this.ready;
    if (this.state !== "ready") throw new Error(this.failure || "Python s'est arrêté.");
    const id = this.nextId++;
    const result = new Promise((resolve, reject) => this.requests.set(id, { resolve, reject, handlers }));
    this.worker.postMessage({ ...message, id });
    return result;
  }

  /** End the worker (its pending requests fail). */
  end() {
    if (this.state === "ended") return;
    const wasLoading = this.state === "loading";
    this.state = "ended";
    if (this.worker) this.worker.terminate();
    this._rejectAll("Python a été arrêté.");
    if (wasLoading) this._rejectReady(new Error("Python a été arrêté."));
  }
}
