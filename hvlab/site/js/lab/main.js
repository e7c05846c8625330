// The browser side of the labs (bundled into lab.bundle.js by scripts/build-assets.mjs).
//
// Loaded on every page as a module; it does something only on pages holding a lab
// (`<div class="hvlab-lab">`, rendered by hvlab/site/lab_fence.py). Works with Material's
// instant navigation (`document$`): each new page's labs are mounted once.
//
// Python runs in module Web Workers started as soon as a lab page opens, so the first run is
// quick and the page never freezes: the student's (a fresh one for every run) and the checks'
// (which never runs the student's code), both unable to reach another host.
//
//   runtime.js   the student's worker (runs, stop, time limit)   checker.js  the checks' worker
//   python-worker.js  one worker's protocol      isolated-worker.js  the policy of both
//   lab.js       a lab: progress, its steps          step.js   a step: editor, buttons, hints
//   output.js    a step's output and checks          display.js / figures.js   show() payloads
//   dom.js, storage.js, editor-loader.js             helpers

import { Checker } from "./checker.js";
import { Lab } from "./lab.js";
import { Runtime } from "./runtime.js";
import { loadEditor } from "./editor-loader.js";

const runtime = new Runtime();
const checker = new Checker();
let labs = [];

function readyText(ms) {
  const seconds = (ms / 1000).toLocaleString("fr-FR", { maximumFractionDigits: 1 });
  return `Python est prêt (démarré en ${seconds} s).`;
}

runtime.on((event) => {
  // The checks' worker starts once the student's is ready (not to slow the first run down).
  if (event.type === "ready" && !event.quiet) checker.start(runtime.wheel);
  labs = labs.filter((lab) => lab.root.isConnected);
  for (const lab of labs) {
    if (event.type === "busy" || event.type === "idle") {
      lab.refreshButtons();
    } else if (event.type === "failed") {
      lab.root.dataset.runtime = "failed";
      lab.showRuntime(event.message, true);
    } else if (event.type === "ready" && !event.quiet) {
      lab.root.dataset.runtime = "ready";
      lab.showRuntime(readyText(event.ms), false);
    } else if (event.type === "status") {
      lab.root.dataset.runtime = "loading";
      lab.showRuntime(event.text, false);
    }
  }
});

// Keeps Pyodide, the snapshot and the pages opened, for the next visit and offline use
// (hvlab/site/js/lab/service-worker.js, at the site's root).
function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  // The site's root from this bundle's own address (assets/hvlab/lab.bundle.js): Material's
  // __config gives a base relative to the first page, wrong after an instant navigation.
  const root = new URL("../../", import.meta.url).href;
  navigator.serviceWorker.register(new URL("hvlab-sw.js", root), { scope: root }).catch(() => {
    /* not over HTTPS or localhost, or refused by the browser: the lab works, without it */
  });
}

function mount() {
  const roots = document.querySelectorAll(".hvlab-lab:not([data-hvlab-mounted])");
  if (!roots.length) return;
  registerServiceWorker();
  loadEditor(); // in parallel with Python
  for (const root of roots) {
    root.setAttribute("data-hvlab-mounted", "");
    runtime.start(root.dataset.wheel);
    root.dataset.runtime = runtime.state === "ready" ? "ready" : runtime.state === "failed" ? "failed" : "loading";
    const lab = new Lab(root, runtime, checker);
    if (runtime.state === "ready") lab.showRuntime(readyText(runtime.readyMs), false);
    else if (runtime.state === "failed") lab.showRuntime(runtime.failure, true);
    else lab.showRuntime("Chargement de Python…", false);
    labs.push(lab);
  }
}

/** The step `stepId` (id or number) of the lab `labId` on the page: getCode(), setCode(code)… */
function findStep(labId, stepId) {
  for (const lab of labs) {
    if (lab.id !== labId || !lab.root.isConnected) continue;
    const step = lab.step(stepId);
    if (step) return step;
  }
  return null;
}

if (!window.hvlabLab) {
  window.hvlabLab = { runtime, checker, mount, step: findStep };

  // Python takes seconds to start: begin now, before the page has finished loading.
  const early = document.querySelector(".hvlab-lab");
  if (early) runtime.start(early.dataset.wheel);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
}
