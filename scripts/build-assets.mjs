// Build the browser bundles of the site (run by `npm run build`, hence by `make serve/test`).
//
//   hvlab/site/js/editor.js -> build/assets/editor.bundle.js  (CodeMirror 6, Python)
//   hvlab/site/js/vega.js   -> build/assets/vega.bundle.js    (vega-embed, vega, vega-lite)
//   hvlab/site/js/lab/main.js -> build/assets/lab.bundle.js  (the lab pages, loaded as a module)
//   hvlab/site/js/quiz/main.js -> build/assets/quiz.bundle.js (the quizzes, loaded as a module)
//   hvlab/site/js/guest/main.js -> build/assets/guest.bundle.js  (the guest machine's console)
//   hvlab/site/js/guest/worker.js -> build/assets/guest-worker.bundle.js  (v86, in a worker)
//   hvlab/site/js/search/worker.js -> build/assets/search-worker.bundle.js  (French search queries)
//
// All are minified ES modules (the search worker: a classic script, as Material's worker it
// stands in for); the lab bundle imports the editor and vega bundles on demand.
// Nothing is fetched from a CDN.
import { build } from "esbuild";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "assets");
await mkdir(out, { recursive: true });

const bundles = [
  ["hvlab/site/js/editor.js", "editor.bundle.js"],
  ["hvlab/site/js/vega.js", "vega.bundle.js"],
  ["hvlab/site/js/lab/main.js", "lab.bundle.js"],
  ["hvlab/site/js/quiz/main.js", "quiz.bundle.js"],
  ["hvlab/site/js/guest/main.js", "guest.bundle.js"],
  // v86 reaches for Node's modules only when it runs under Node: left out of the browser bundle.
  ["hvlab/site/js/guest/worker.js", "guest-worker.bundle.js", { external: ["crypto", "fs", "perf_hooks", "node:*"] }],
  // Takes the place of Material's search worker, a classic worker script (importScripts).
  ["hvlab/site/js/search/worker.js", "search-worker.bundle.js", { format: "iife" }],
];

for (const [source, target, options = {}] of bundles) {
  const result = await build({
    entryPoints: [join(root, source)],
    outfile: join(out, target),
    bundle: true,
    format: "esm",
    minify: true,
    target: ["es2020"],
    legalComments: "none",
    logLevel: "warning",
    metafile: true,
    ...options,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  console.log(`${target}: ${(bytes / 1024).toFixed(0)} Kio`);
}
