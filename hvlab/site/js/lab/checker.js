// The checks' Python, in a worker of its own that never runs the student's code: it gives the
// calls a step's checks declare (plan) and judges the data of the student's worker, round by round.

import { pageFiles } from "./page-files.js";
import { PythonWorker } from "./python-worker.js";

const JUDGE_LIMIT_S = 60;

export class Checker {
  constructor() {
    this.worker = null;
    this.wheel = null;
    this.plans = new Map(); // checks source -> plan (JSON text)
    this.queue = Promise.resolve();
  }

  /** Start the worker now (Python is slow to start; the first « Vérifier » should not wait). */
  start(wheel) {
    if (wheel) this.wheel = wheel;
    if (!this.worker || this.worker.state === "failed" || this.worker.state === "ended") {
      this.worker = new PythonWorker("checker", { wheel: this.wheel });
    }
    return this.worker;
  }

  /** End the checks in progress (« Arrêter »); the next request starts a fresh worker. */
  cancel() {
    if (this.worker) this.worker.end();
    this.worker = null;
  }

  _request(message) {
    const job = this.queue.then(() => {
      const worker = this.start();
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => {
          this.cancel();
          reject(
            new Error(
              `Les vérifications n'ont pas abouti en ${JUDGE_LIMIT_S} s : réessayez, ou signalez-le ` +
                "à votre enseignant.",
            ),
          );
        }, JUDGE_LIMIT_S * 1000);
      });
      return Promise.race([worker.request(message), timeout]).finally(() => clearTimeout(timer));
    });
    this.queue = job.then(
      () => {},
      () => {},
    );
    return job;
  }

  /** The calls the checks declare (JSON text, passed on as it is), once per checks source. */
  async plan(checks) {
    if (!this.plans.has(checks)) {
      const plan = this._request({ type: "plan", checks });
      this.plans.set(checks, plan);
      plan.catch(() => this.plans.delete(checks));
    }
    return this.plans.get(checks);
  }

  /**
   * One round of checks over the student's data and the answers so far (JSON texts):
   * {report} or {needs_json}.
   */
  async judge(checks, student, answers, stepId) {
    const text = await this._request({ type: "judge", checks, student, answers: JSON.stringify(answers), stepId, files: pageFiles() });
    return JSON.parse(text);
  }
}
