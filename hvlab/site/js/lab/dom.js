// DOM helpers of the lab pages; `element` is the site's shared `el` (../dom.js).

import { el as element } from "../dom.js";

export { element };

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
