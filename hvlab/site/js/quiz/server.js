// Server mode: the quiz UI talking to a grading server that keeps the keys (issue 11).
//
// The page holds no key: it loads the attempt (student views only) from the API, saves each
// answer as it is given, and shows results only when the API returns them. The contract, with
// `api` the attempt's URL (data-hvlab-api) and every request carrying `X-CSRF-Token` (from
// data-hvlab-csrf) and the session cookie:
//
//   GET  {api}                    -> attempt {format: "hvlab-attempt", version: 1, quiz, questions,
//                                    answers, hints, results, validate, release, status, deadline,
//                                    now, score}
//   PUT  {api}/answers/{question} <- {response, seq, final}  -> {saved, seq, result | null}
//   POST {api}/hints/{question}   <- {index}                 -> {index, hint, hints_used}
//   POST {api}/submit             <- {}                      -> {status, results, score}
//
// A 4xx answer carries {"error": "message en français"}: shown as is, not retried (409: the
// attempt is closed or submitted, reload it). A network error, 5xx or 429: "hors ligne, nouvel
// essai…", retried with back-off from 1 s to 30 s, the latest answer of a question replacing an
// older one still waiting. `seq` grows across reloads, so the server can drop a late older save.
// `release` says when the score, the feedback and the answers are shown (`score_at`,
// `feedback_at`, `answers_at`: "after_answer", "after_submit", "after_close" or "never"); a
// result holds only what is released (the verdict alone is `outcome`: "right", "partial" or
// "wrong").

const RETRY_MS = [1000, 2000, 4000, 8000, 15000, 30000];

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let lastSeq = 0;

/** A number larger than any given before on this device (milliseconds × 1000 + counter). */
export function nextSeq(now = Date.now()) {
  lastSeq = Math.max(lastSeq + 1, now * 1000);
  return lastSeq;
}

export class ServerTransport {
  /**
   * `api`: the attempt's URL; `csrf`: the token for state-changing requests; `onStatus(question,
   * state, message)`: called with "saving", "saved", "offline" or "error" for each question (null
   * for the whole attempt); `fetch` and `sleep` can be replaced by tests.
   */
  constructor({ api, csrf = "", onStatus = () => {}, fetch = null, sleep = null }) {
    this.mode = "server";
    this.api = api.replace(/\/+$/, "");
    this.csrf = csrf;
    this.onStatus = onStatus;
    this.fetch = fetch || window.fetch.bind(window);
    this.sleep = sleep || ((ms) => new Promise((resolve) => window.setTimeout(resolve, ms)));
    this.pending = {};
    this.running = {};
  }

  async request(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["Content-Type"] = "application/json";
      headers["X-CSRF-Token"] = this.csrf;
    }
    const response = await this.fetch(this.api + path, {
      method,
      headers,
      credentials: "same-origin",
      cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    if (!response.ok) {
      const message =
        data && typeof data.error === "string" ? data.error : `Le serveur a répondu ${response.status}.`;
      throw new ApiError(response.status, message);
    }
    return data;
  }

  /** `request` retried while the network or the server fails; 4xx errors are thrown. */
  async persistent(question, method, path, body) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.request(method, path, body);
      } catch (error) {
        const transient = !(error instanceof ApiError) || error.status >= 500 || error.status === 429;
        if (!transient) {
          this.onStatus(question, "error", error.message);
          throw error;
        }
        this.onStatus(question, "offline", "Hors ligne, nouvel essai…");
        await this.sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
      }
    }
  }

  async load() {
    const attempt = await this.persistent(null, "GET", "");
    this.onStatus(null, "saved", "");
    return attempt;
  }

  /** Save an answer; resolves with the server's reply to the latest save of that question. */
  save(question, response, { final = false } = {}) {
    const entry = { response, final, seq: nextSeq() };
    return new Promise((resolve, reject) => {
      const waiting = this.pending[question];
      if (waiting) waiting.callbacks.push({ resolve, reject });
      this.pending[question] = {
        entry,
        callbacks: waiting ? waiting.callbacks : [{ resolve, reject }],
      };
      if (!this.running[question]) this.drain(question);
    });
  }

  async drain(question) {
    this.running[question] = true;
    while (this.pending[question]) {
      const { entry, callbacks } = this.pending[question];
      delete this.pending[question];
      this.onStatus(question, "saving", "Enregistrement…");
      try {
        const reply = await this.persistent(
          question,
          "PUT",
          "/answers/" + encodeURIComponent(question),
          entry
        );
        if (!this.pending[question]) this.onStatus(question, "saved", "Enregistré");
        callbacks.forEach((c) => c.resolve(reply));
      } catch (error) {
        callbacks.forEach((c) => c.reject(error));
      }
    }
    this.running[question] = false;
  }

  hint(question, index) {
    return this.persistent(question, "POST", "/hints/" + encodeURIComponent(question), { index });
  }

  submit() {
    return this.persistent(null, "POST", "/submit", {});
  }
}
