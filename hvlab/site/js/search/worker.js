// Material's search worker, with French queries (bundled by scripts/build-assets.mjs).
//
// The plugin puts this script in the place of Material's worker (search.<hash>.min.js) and
// Material's own worker beside it (search.<hash>.material.js). It loads Material's worker, and
// hands it every query expanded by query.js: with and without accents, and stemmed by the French
// stemmer Material's worker loads (lunr.fr); in its answer, the accented words that an
// accent-free query found are marked (highlight.js). Everything else passes through unchanged.

import { markResult } from "./highlight.js";
import { expandQuery } from "./query.js";

/** Material's messages carrying a query and its result (its worker's protocol: 0 setup, 1 ready,
 * 2 query, 3 result). */
const QUERY = 2;
const RESULT = 3;
/** The last query handed to Material's worker (it answers each query before reading the next). */
let lastQuery = "";

function frenchStem(word) {
  const lunr = self.lunr;
  if (!lunr || !lunr.fr || typeof lunr.fr.stemmer !== "function" || typeof lunr.Token !== "function") {
    return word;
  }
  const token = lunr.fr.stemmer(new lunr.Token(word));
  return token ? String(token) : word;
}

function expanded(event) {
  const message = event.data;
  if (!message || message.type !== QUERY || typeof message.data !== "string") return event;
  lastQuery = expandQuery(message.data, frenchStem);
  return { data: { ...message, data: lastQuery } };
}

const postMessage = self.postMessage.bind(self);
self.postMessage = (message, ...rest) => {
  if (message && message.type === RESULT) {
    try {
      markResult(message.data, lastQuery);
    } catch {
      // A result is shown as Material made it rather than not at all.
    }
  }
  return postMessage(message, ...rest);
};

const addEventListener = self.addEventListener.bind(self);
self.addEventListener = (type, listener, options) =>
  addEventListener(type, type === "message" ? (event) => listener(expanded(event)) : listener, options);

importScripts(self.location.href.replace(/\.min\.js(?=$|[?#])/, ".material.js"));
