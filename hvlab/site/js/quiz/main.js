// Entry point of the quiz bundle (build/assets/quiz.bundle.js, loaded as an ES module).
//
// Mounts every <div class="hvlab-quiz"> of the page, again after Material's instant navigation:
//   - static site (practice mode): data-hvlab-quiz holds the compiled quiz (hvlab/quiz/compile.py);
//   - grading server: data-hvlab-mode="server", data-hvlab-api="<attempt URL>",
//     data-hvlab-csrf="<token>" (the contract is in quiz/server.js).
// A page may also mount by hand: `mountQuiz(root, {transport})` with a transport of its own.
// Practice mode is imported on demand, so that a server page loads no grading key code and the
// unbundled modules (what `hvlab serve` falls back to without `npm run build`) need no npm import.
import { el } from "../dom.js";
import { ServerTransport } from "./server.js";
import { QuizUI } from "./ui.js";

export { ServerTransport, QuizUI };

/** The practice transport, loaded only where a page needs it (a server page never does). */
export async function practiceTransport(compiled) {
  const { PracticeTransport } = await import("./practice.js");
  return new PracticeTransport(compiled);
}

const mounted = new WeakMap();

function broken(root, error) {
  const message = "Ce quiz n'a pas pu être affiché : " + error.message;
  root.appendChild(el("p", { class: "hvlab-quiz__broken", role: "alert", text: message }));
}

/** Mount one quiz; `transport` defaults to what the root's data attributes say. */
export async function mountQuiz(root, { transport = null } = {}) {
  root.setAttribute("data-hvlab-mounted", "");
  let ui = null;
  try {
    if (!transport) {
      if (root.dataset.hvlabMode === "server") {
        transport = new ServerTransport({
          api: root.dataset.hvlabApi,
          csrf: root.dataset.hvlabCsrf || "",
          onStatus: (question, state, message) => ui && ui.status(question, state, message),
        });
      } else {
        transport = await practiceTransport(JSON.parse(root.dataset.hvlabQuiz));
      }
    }
    ui = new QuizUI(root, transport);
    mounted.set(root, ui);
    await ui.start();
  } catch (error) {
    broken(root, error);
    throw error;
  }
  return ui;
}

/** Mount every quiz of the page not mounted yet. */
export function mountAll() {
  for (const root of document.querySelectorAll(".hvlab-quiz:not([data-hvlab-mounted])")) {
    if (root.dataset.hvlabQuiz || root.dataset.hvlabMode === "server") {
      mountQuiz(root).catch((error) => console.error(error));
    }
  }
}

/** The results file of a mounted practice quiz (what « Télécharger mes résultats » saves). */
export function resultsOf(root) {
  const ui = mounted.get(root);
  return ui ? ui.resultsFile() : null;
}

window.hvlabQuiz = { mountAll, mountQuiz, resultsOf };

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(mountAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll);
} else {
  mountAll();
}
