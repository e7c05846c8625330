// The end of a quiz: the student's name, « Télécharger mes résultats » and « Recommencer » in
// practice mode; « Rendre ma copie » and the time left in server mode. Each asks before it wipes
// or hands in anything, with an inline confirmation (no modal; Escape cancels).
import { el, uniqueId } from "../dom.js";

const NBSP = "\u00a0";

/** A hidden confirmation group: {box, yes}; `back()` gives the element to refocus on cancel. */
export function confirmBox(prefix, { question, yes, onYes, back }) {
  const textId = uniqueId(prefix + "-confirm");
  const box = el("div", { class: "hvlab-quiz__confirm", role: "group", "aria-labelledby": textId, hidden: true });
  const cancel = () => {
    box.hidden = true;
    back().focus();
  };
  const confirmYes = el("button", {
    type: "button",
    class: "md-button md-button--primary hvlab-quiz__confirm-yes",
    text: yes,
    onclick: onYes,
  });
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      cancel();
    }
  });
  box.appendChild(el("p", { id: textId, text: question }));
  box.appendChild(
    el("div", { class: "hvlab-quiz__actions" }, [
      confirmYes,
      el("button", { type: "button", class: "md-button", text: "Annuler", onclick: cancel }),
    ])
  );
  return { box, yes: confirmYes };
}

/** Name, download and restart (the quiz `ui` provides download(), askRestart(), restart()). */
export function practiceFooter(ui) {
  const footer = el("div", { class: "hvlab-quiz__footer" });
  const nameId = ui.prefix + "-student";
  const name = el("input", {
    type: "text",
    id: nameId,
    class: "hvlab-quiz__student",
    autocomplete: "name",
    oninput: () => {
      ui.transport.student = name.value;
    },
  });
  name.value = ui.transport.student;
  const nameLabel = "Votre nom (facultatif, écrit dans le fichier de résultats)";
  footer.appendChild(el("div", { class: "hvlab-q__field" }, [el("label", { for: nameId, text: nameLabel }), name]));
  const restart = el("button", {
    type: "button",
    class: "md-button hvlab-quiz__restart",
    text: "Recommencer",
    onclick: () => ui.askRestart(),
  });
  footer.appendChild(
    el("div", { class: "hvlab-quiz__actions" }, [
      el("button", {
        type: "button",
        class: "md-button hvlab-quiz__download",
        text: "Télécharger mes résultats",
        onclick: () => ui.download(),
      }),
      restart,
    ])
  );
  ui.restartConfirm = confirmBox(ui.prefix, {
    question: `Effacer toutes vos réponses de ce quiz et recommencer${NBSP}?`,
    yes: "Oui, tout effacer",
    onYes: () => ui.restart(),
    back: () => restart,
  });
  footer.appendChild(ui.restartConfirm.box);
  return footer;
}

/** Hand in the copy (the quiz `ui` provides submit() and reload()), and the time left. */
export function serverFooter(ui) {
  const footer = el("div", { class: "hvlab-quiz__footer" });
  if (ui.submitted) {
    footer.appendChild(el("p", { class: "hvlab-quiz__submitted", text: "Copie rendue." }));
    return footer;
  }
  ui.submitButton = el("button", {
    type: "button",
    class: "md-button md-button--primary hvlab-quiz__submit",
    text: "Rendre ma copie",
    onclick: () => {
      ui.submitConfirm.box.hidden = false;
      ui.submitConfirm.yes.focus();
    },
  });
  footer.appendChild(el("div", { class: "hvlab-quiz__actions" }, [ui.submitButton]));
  if (ui.attempt.deadline) footer.appendChild(countdown(ui));
  ui.submitConfirm = confirmBox(ui.prefix, {
    question: `Rendre votre copie${NBSP}? Vous ne pourrez plus modifier vos réponses.`,
    yes: "Oui, rendre ma copie",
    onYes: () => ui.submit(),
    back: () => ui.submitButton,
  });
  footer.appendChild(ui.submitConfirm.box);
  return footer;
}

/** Time left by the server's clock (the page's clock only measures what elapsed since). */
function countdown(ui) {
  const line = el("p", { class: "hvlab-quiz__deadline" });
  const loaded = Date.now();
  const serverNow = Date.parse(ui.attempt.now || "") || loaded;
  const deadline = Date.parse(ui.attempt.deadline);
  let timer = null;
  const tick = () => {
    if (timer !== null && !line.isConnected) {
      window.clearInterval(timer);
      return;
    }
    const left = deadline - (serverNow + Date.now() - loaded);
    if (left <= 0) {
      window.clearInterval(timer);
      line.textContent = `Temps écoulé${NBSP}: la copie est rendue automatiquement.`;
      ui.reload();
      return;
    }
    const minutes = Math.ceil(left / 60000);
    line.textContent =
      minutes > 1 ? `Temps restant${NBSP}: ${minutes} minutes.` : `Temps restant${NBSP}: moins d'une minute.`;
  };
  timer = window.setInterval(tick, 15000);
  tick();
  return line;
}
