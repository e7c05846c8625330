// A Pyodide memory snapshot of the lab's Python, made at site build time (hvlab/site/lab_snapshot.py).
//
//   node scripts/lab-snapshot.mjs NODE_MODULES/pyodide/ WHEEL OUT.gz
//
// Loads Pyodide (the npm package the site ships), installs the hvlab wheel, imports what both lab
// workers import (hvlab.labs.worker, hvlab.sim), then writes the whole memory of the interpreter,
// gzipped. A worker that loads it skips Python's start-up and these imports; it still needs the
// wheel's files (the snapshot holds memory, not the file system). Prints a JSON line of figures.
import { readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

const [indexDir, wheelPath, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error("usage: node scripts/lab-snapshot.mjs PYODIDE_DIR WHEEL OUT.gz");
  process.exit(2);
}
const indexURL = pathToFileURL(indexDir.endsWith("/") ? indexDir : `${indexDir}/`).href;
const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
const started = performance.now();
const pyodide = await loadPyodide({ indexURL: indexDir, _makeSnapshot: true });
const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel", { extractDir: sitePackages });
pyodide.pyimport("hvlab.labs.worker");
pyodide.pyimport("hvlab.sim");
const snapshot = pyodide.makeMemorySnapshot();
const packed = gzipSync(snapshot, { level: 6 });
writeFileSync(outPath, packed);
console.log(
  JSON.stringify({ ms: Math.round(performance.now() - started), bytes: snapshot.length, gzip_bytes: packed.length }),
);
