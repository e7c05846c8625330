// The lab code editor: CodeMirror 6 for Python, bundled by scripts/build-assets.mjs.
//
// Tab indents (students write Python); keyboard users leave the editor with Escape then Tab
// (CodeMirror's tab-focus mode), as the French help text under the editor says.
import { EditorState } from "@codemirror/state";
import {
  EditorView,
  crosshairCursor,
  drawSelection,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { classHighlighter } from "@lezer/highlight";
import { python } from "@codemirror/lang-python";

const theme = EditorView.theme({
  "&": {
    fontSize: "0.8rem",
    backgroundColor: "var(--md-code-bg-color)",
    color: "var(--md-code-fg-color)",
    border: "1px solid var(--md-default-fg-color--lighter)",
    borderRadius: "0.2rem",
  },
  "&.cm-focused": {
    outline: "2px solid var(--md-accent-fg-color)",
    outlineOffset: "1px",
  },
  ".cm-content": {
    fontFamily: "var(--md-code-font-family)",
    caretColor: "var(--md-code-fg-color)",
    minHeight: "6rem",
  },
  // No inner scrolling (lines wrap, the editor grows): an unfocusable scroll area would trap
  // keyboard users, and pages scroll anyway.
  ".cm-scroller": { fontFamily: "var(--md-code-font-family)" },
  ".cm-gutters": {
    backgroundColor: "var(--md-code-bg-color)",
    color: "var(--md-code-fg-color)",
    borderRight: "1px solid var(--md-default-fg-color--lighter)",
  },
  // The current line is marked in the gutter only: a tinted line would lower the contrast of
  // the highlighted code below the WCAG AA ratio.
  ".cm-activeLineGutter": { backgroundColor: "transparent", fontWeight: "700" },
  "&.cm-focused .cm-matchingBracket": {
    backgroundColor: "var(--md-accent-fg-color--transparent)",
    outline: "1px solid var(--md-accent-fg-color)",
  },
  ".cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--md-accent-fg-color--transparent) !important",
  },
  "&.cm-focused .cm-cursor": { borderLeftColor: "var(--md-code-fg-color)" },
});

/**
 * Create a Python editor in `parent`.
 *
 * @param {object} options
 * @param {HTMLElement} options.parent element receiving the editor
 * @param {string} options.doc initial code
 * @param {string} options.label accessible name (French)
 * @param {string} [options.describedBy] id of an element describing the keyboard use
 * @param {(code: string) => void} [options.onChange] called after each edit
 * @param {() => void} [options.onRun] Ctrl+Entrée / Maj+Entrée
 * @returns {{view: EditorView, getCode: () => string, setCode: (code: string) => void, focus: () => void, destroy: () => void}}
 */
export function createEditor({ parent, doc, label, describedBy, onChange, onRun }) {
  const runKeys = [];
  if (onRun) {
    const run = () => {
      onRun();
      return true;
    };
    runKeys.push({ key: "Mod-Enter", run }, { key: "Shift-Enter", run });
  }
  const attributes = { "aria-label": label, "aria-multiline": "true", spellcheck: "false" };
  if (describedBy) attributes["aria-describedby"] = describedBy;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        syntaxHighlighting(classHighlighter),
        bracketMatching(),
        rectangularSelection(),
        crosshairCursor(),
        EditorView.lineWrapping,
        keymap.of([...runKeys, ...defaultKeymap, ...historyKeymap, indentWithTab]),
        python(),
        theme,
        EditorView.contentAttributes.of(attributes),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && onChange) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode: (code) =>
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
