// Search results marked where a query typed without accents found accented words.
//
// Material's worker marks (<mark>) the words of a result at the positions lunr matched in the
// fields it shows (title, text). A query typed without accents (« memoire ») matches the page's
// accented words in the folded fields hvlab/site/search.py adds (title_plain, text_plain), which
// are never shown: the result came up with nothing marked, its teaser cut at the page's first
// lines, and the page it opens (search.highlight, « ?h= ») marked nothing either. Here, in the
// worker's answer, every accented word of a result's title and text whose form without accents
// begins with one of the query's forms is marked, the teaser is cut to the (at most two) blocks
// holding a mark as Material cuts it, and the accented word joins the result's terms, which
// Material passes on to the page it opens so that the page marks it too.

import { fold } from "./query.js";

/** Query forms shorter than this mark nothing (« a » would mark every « à »). */
export const MIN_FORM = 3;
/** Blocks of a result's text kept in its teaser, as Material keeps them. */
const TEASER_BLOCKS = 2;

const PIECE = /(<[^>]*>)|(&[#\w]+;)|([^<&]+|[<&])/gu;
const WORD = /\p{L}+/gu;
/** Elements without an end tag. */
const VOID = /^<(area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b/i;

/**
 * `html` with each accented word of its text (outside tags, entities and existing marks) whose
 * form without accents begins with one of `forms` wrapped in <mark>.
 *
 * @param {string} html a title or a text of Material's search index (HTML)
 * @param {string[]} forms the query's forms, without accents, in lower case
 * @returns {{html: string, marked: string[]}} the marked HTML and the words marked (lower case)
 */
export function markAccentedWords(html, forms) {
  const usable = forms.filter((form) => form.length >= MIN_FORM);
  const marked = [];
  if (typeof html !== "string" || !usable.length) return { html, marked };
  let inMark = 0;
  const result = String(html).replace(PIECE, (piece, tag, entity, text) => {
    if (tag) {
      if (/^<mark[\s>]/i.test(tag)) inMark += 1;
      else if (/^<\/mark\s*>/i.test(tag)) inMark = Math.max(0, inMark - 1);
      return piece;
    }
    if (entity || inMark) return piece;
    return text.replace(WORD, (word) => {
      const lower = word.toLowerCase();
      const plain = fold(word);
      if (plain === lower || !usable.some((form) => plain.startsWith(form))) return word;
      if (!marked.includes(lower)) marked.push(lower);
      return `<mark>${word}</mark>`;
    });
  });
  return { html: result, marked };
}

/**
 * The top-level blocks of `html` (elements, or runs of text between them), split as Material's
 * search splits a text into blocks.
 *
 * @param {string} html
 * @returns {string[]}
 */
export function topLevelBlocks(html) {
  const blocks = [];
  let depth = 0;
  let start = 0;
  const tags = /<[^>]*>/g;
  for (let found = tags.exec(html); found; found = tags.exec(html)) {
    const tag = found[0];
    if (tag.startsWith("</")) {
      depth = Math.max(0, depth - 1);
      if (depth === 0) {
        blocks.push(html.slice(start, found.index + tag.length));
        start = found.index + tag.length;
      }
    } else if (!tag.endsWith("/>") && !VOID.test(tag)) {
      if (depth === 0) {
        // An element begins: the text before it is a block of its own.
        if (html.slice(start, found.index).trim()) blocks.push(html.slice(start, found.index));
        start = found.index;
      }
      depth += 1;
    }
  }
  if (html.slice(start).trim()) blocks.push(html.slice(start));
  return blocks.map((block) => block.trim()).filter(Boolean);
}

/**
 * Material's search result `result` (its worker's answer) with the accented words found by the
 * forms of `query` marked in every item (see the module's comment). Changed in place.
 *
 * @param {{items?: Array<Array<{title?: string, text?: string, terms?: object}>>}} result
 * @param {string} query the query handed to Material's worker (expanded by query.js)
 * @returns {object} result
 */
export function markResult(result, query) {
  if (!result || !Array.isArray(result.items)) return result;
  const forms = [...new Set(String(query).split(/\s+/u).filter(Boolean).map(fold))];
  for (const group of result.items) {
    if (!Array.isArray(group)) continue;
    for (const item of group) {
      if (!item || typeof item !== "object") continue;
      const words = [];
      if (typeof item.title === "string") {
        const title = markAccentedWords(item.title, forms);
        item.title = title.html;
        words.push(...title.marked);
      }
      if (typeof item.text === "string") {
        const alreadyCut = /<mark[\s>]/i.test(item.text);
        const text = markAccentedWords(item.text, forms);
        if (text.marked.length && !alreadyCut) {
          item.text = topLevelBlocks(text.html)
            .filter((block) => /<mark[\s>]/i.test(block))
            .slice(0, TEASER_BLOCKS)
            .join("\n");
        } else {
          item.text = text.html;
        }
        words.push(...text.marked);
      }
      if (words.length) {
        item.terms = item.terms && typeof item.terms === "object" ? item.terms : {};
        for (const word of words) item.terms[word] = true;
      }
    }
  }
  return result;
}
