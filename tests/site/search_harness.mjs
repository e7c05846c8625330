// What tests/site/test_search.py asks of hvlab/site/js/search/query.js under Node.
import { expandQuery, fold } from "../../hvlab/site/js/search/query.js";

export { fold };

/** expandQuery with a stand-in stemmer that drops a final « s » (Snowball runs in the browser). */
export function expandWithPluralStemmer(query) {
  return expandQuery(query, (word) => word.replace(/s$/u, ""));
}

/** expandQuery without a stemmer. */
export function expandAccentsOnly(query) {
  return expandQuery(query);
}

export { markAccentedWords, markResult, topLevelBlocks } from "../../hvlab/site/js/search/highlight.js";
