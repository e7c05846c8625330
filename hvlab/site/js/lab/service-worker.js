// The course's service worker (written at the site's root as hvlab-sw.js, registered by the
// lab pages): a second visit, and working offline after a first one, without downloading or
// compiling Python again.
//
// - files whose name carries their content's hash (the Python snapshot, the theme's scripts and
//   styles) and the vendored libraries (Pyodide, Mermaid): from the cache first, else the network
//   (then kept); a vendored library is also refreshed in the background for the next visit;
// - everything else of this site (pages, hvlab's scripts, the wheel and its manifest, solutions):
//   the network first (revalidated by the HTTP cache), this cache when offline.
// Nothing from another host is ever fetched or cached. Compiled WebAssembly is kept by the browser
// itself for a response it streams from this cache.
"use strict";

const CACHE = "hvlab-v1";
const IMMUTABLE = /\.snapshot\.gz$/;
const LIBRARIES = /\/assets\/(vendor|javascripts|stylesheets)\//;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("hvlab-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

async function fromCacheFirst(request, refresh) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) {
    if (refresh) {
      // Stale while revalidate: the next visit gets a newer library, this one does not wait.
      fetch(request)
        .then((response) => (response.ok ? cache.put(request, response) : undefined))
        .catch(() => {});
    }
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

async function fromNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // never another host
  const scope = new URL(self.registration.scope);
  if (!url.pathname.startsWith(scope.pathname)) return;
  if (IMMUTABLE.test(url.pathname)) event.respondWith(fromCacheFirst(request, false));
  else if (LIBRARIES.test(url.pathname)) event.respondWith(fromCacheFirst(request, true));
  else event.respondWith(fromNetworkFirst(request));
});
