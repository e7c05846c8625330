// Search queries as a French reader types them: with or without accents, singular or plural.
//
// Material's search (lunr) matches what is typed as the start of a word of the index, accents
// included: « memoire » found nothing, « serveurs » missed every page that says « serveur ». Each
// word of a query is therefore also searched without its accents (the index holds the accented
// words of each page without their accents too: hvlab/site/search.py) and by its stem (Snowball's
// French stemmer, the one lunr-languages gives Material's worker).
//
// fold() is held equal to hvlab.site.search.fold by shared vectors (tests/site/test_search.py).

const LIGATURES = { œ: "oe", æ: "ae" };
/** Characters of lunr's query syntax: a query using them is left as it was typed. */
const SYNTAX = /["+\-~^:*]/;
/** Stems shorter than this are left out: they would match too many words. */
const MIN_STEM = 3;

/**
 * `text` in lower case without accents: « Mémoire » → « memoire », « cœur » → « coeur ».
 *
 * @param {string} text
 * @returns {string}
 */
export function fold(text) {
  return String(text)
    .toLowerCase()
    .replace(/[œæ]/g, (letter) => LIGATURES[letter])
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .normalize("NFC");
}

/**
 * The query to search for `query`: each word, then its form without accents and the stems of
 * both, when they differ (Material then searches every word as the start of a word).
 *
 * @param {string} query what the reader typed
 * @param {((word: string) => string) | null} [stem] a stemmer (none: accents only)
 * @returns {string}
 */
export function expandQuery(query, stem = null) {
  const text = String(query);
  if (SYNTAX.test(text)) return text;
  const words = [];
  for (const word of text.toLowerCase().split(/\s+/u)) {
    if (!word) continue;
    const forms = [word, fold(word)];
    if (stem) {
      for (const form of [word, fold(word)]) {
        const stemmed = stem(form);
        if (typeof stemmed === "string" && stemmed.length >= MIN_STEM) forms.push(stemmed);
      }
    }
    for (const form of forms) if (!words.includes(form)) words.push(form);
  }
  return words.join(" ");
}
