// Material's search worker, with French queries (bundled by scripts/build-assets.mjs).
//
// The plugin puts this script in the place of Material's worker (search.<hash>.min.js) and
// Material's own worker beside it (search.<hash>.material.js). It loads Material's worker, and
// hands it every query expanded by query.js: with and without accents, and stemmed by the French
// stemmer Material's worker loads (lunr.fr). Everything else passes through unchanged.

import { expandQuery } from "./query.js";

/** Material's message carrying a query (its worker's protocol: 0 setup, 1 ready, 2 query…). */
const QUERY = 2;

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
  return { data: { ...message, data: expandQuery(message.data, frenchStem) } };
}

const addEventListener = self.addEventListener.bind(self);
self.addEventListener = (type, listener, options) =>
  addEventListener(type, type === "message" ? (event) => listener(expanded(event)) : listener, options);

importScripts(self.location.href.replace(/\.min\.js(?=$|[?#])/, ".material.js"));
