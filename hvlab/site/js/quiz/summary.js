// The two lines above the questions: the score and how far the student has gone.
//
// Practice mode grades in the page, so the score is always there. On a graded évaluation (server
// mode) the line shows only what the server released: the total once the policy allows it, the
// points of validated questions when they are shown one by one — and, before that, a sentence
// saying when the mark will come, never a number that looks like one (« Score : 0 / 8 » before
// anything is released reads as a failed copy).
import { percent } from "../fr.js";
import { fr } from "./question.js";

const NBSP = "\u00a0";

/** « Score : 3 / 8 ». */
export function scoreText(score, max) {
  return `Score${NBSP}: ${fr(score)} / ${fr(max)}`;
}

/** When the mark comes, for each release moment of the évaluation's score. */
const LATER = {
  after_answer: "Les points de chaque question s'affichent quand vous la validez.",
  after_submit: "Votre note s'affichera quand vous aurez rendu votre copie.",
  after_close: "Votre note s'affichera après la fermeture de l'évaluation.",
  never: "Cette évaluation n'affiche pas de note.",
};

function plural(count, word) {
  return `${count} ${word}${count > 1 ? "s" : ""}`;
}

function passLine(score, max, passMark) {
  if (passMark === null || passMark === undefined || !(max > 0)) return "";
  const share = score / max;
  const passed = share >= passMark - 1e-9 ? ", réussi" : ", pas encore réussi";
  return ` Quiz terminé${NBSP}: ${percent(share)}${passed} (seuil${NBSP}: ${percent(passMark)}).`;
}

/** The practice lines: the running score of validated questions, then the progress. */
export function practiceSummary(ui) {
  const totals = ui.totals();
  const count = ui.questions.length;
  const done = totals.validated;
  let progress = `${plural(done, "question")} validée${done > 1 ? "s" : ""} sur ${count}.`;
  if (done === count) {
    progress += passLine(totals.score, totals.max, ui.attempt.quiz.pass_mark) || " Quiz terminé.";
  }
  return { score: scoreText(totals.score, totals.max), progress };
}

/**
 * The server lines: only what the server released, or when it will be (`later`: the score line
 * is that sentence).
 */
export function serverSummary(ui) {
  const attempt = ui.attempt;
  const count = ui.questions.length;
  const total = attempt.score;
  const moment = (attempt.release || {}).score_at;
  let score = "";
  let later = false;
  let finished = "";
  if (total && typeof total.score === "number" && typeof total.max === "number") {
    score = `Note${NBSP}: ${fr(total.score)} / ${fr(total.max)}`;
    finished = passLine(total.score, total.max, attempt.quiz.pass_mark);
  } else {
    const scored = Object.values(ui.results).filter((r) => typeof r.score === "number");
    if (scored.length && !ui.submitted) {
      const got = scored.reduce((sum, r) => sum + r.score, 0);
      const max = scored.reduce((sum, r) => sum + r.max, 0);
      score = `Points des questions validées${NBSP}: ${fr(got)} / ${fr(max)}`;
    } else if (!ui.submitted || moment === "after_close" || moment === "never") {
      score = LATER[moment] || "";
      later = Boolean(score);
    }
  }
  let progress;
  if (ui.perQuestion) {
    const done = ui.locked.size;
    progress = `${plural(done, "question")} validée${done > 1 ? "s" : ""} sur ${count}.`;
  } else {
    const answered = ui.questions.filter((q) => ui.touched.has(q.id)).length;
    if (answered === 0) progress = `Aucune des ${count} questions n'a encore de réponse.`;
    else if (answered === 1) progress = `1 question sur ${count} a une réponse.`;
    else progress = `${answered} questions sur ${count} ont une réponse.`;
  }
  return { score, later, progress: progress + finished };
}
