// Small DOM helpers of the lab pages.

/**
 * Create an element.
 *
 * @param {string} tag
 * @param {Record<string, unknown>} [attributes] `text` sets textContent, `html` innerHTML; a
 *   false / null / undefined value leaves the attribute out, `true` sets it empty.
 * @param {Array<Node | string | null | undefined>} [children]
 * @returns {HTMLElement}
 */
export function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = String(value);
    else if (name === "html") node.innerHTML = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

/** « 1 indice » / « 2 indices ». */
export function plural(count, singular, pluralForm) {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/**
 * An accessible confirmation (native <dialog>: focus kept inside, Échap cancels).
 *
 * @param {string} question
 * @param {string} action label of the confirming button
 * @param {() => void} onConfirm
 */
export function confirmDialog(question, action, onConfirm) {
  const returnFocus = document.activeElement;
  if (typeof HTMLDialogElement !== "function") {
    if (window.confirm(question)) onConfirm();
    return;
  }
  const id = `hvlab-lab-dialog-${Math.random().toString(36).slice(2)}`;
  const yes = element("button", { type: "button", class: "md-button md-button--primary", text: action });
  const no = element("button", { type: "button", class: "md-button", text: "Annuler" });
  const dialog = element("dialog", { class: "md-typeset hvlab-lab-dialog", "aria-labelledby": id }, [
    element("p", { id, text: question }),
    element("div", { class: "hvlab-lab-dialog-buttons" }, [yes, no]),
  ]);
  const close = () => dialog.close();
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (returnFocus && typeof returnFocus.focus === "function") returnFocus.focus();
  });
  yes.addEventListener("click", () => {
    onConfirm();
    close();
  });
  no.addEventListener("click", close);
  document.body.appendChild(dialog);
  dialog.showModal();
  no.focus();
}
