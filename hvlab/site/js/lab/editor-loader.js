// The code editor (CodeMirror, editor.bundle.js) is loaded on demand, once, beside Python.

const EDITOR_URL = new URL("editor.bundle.js", import.meta.url).href;

let editorModule = null;

/** The editor module ({createEditor}); the download starts at the first call. */
export function loadEditor() {
  if (!editorModule) editorModule = import(EDITOR_URL);
  return editorModule;
}
