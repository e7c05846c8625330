// Live progress of an évaluation on the teacher's page: the table is refreshed every 5 s from
// suivi.json (same origin, the teacher's session cookie), with the page's filter. Text only, no
// HTML from the server.
const status = document.getElementById("suivi-etat");
const hidden = document.getElementById("suivi-masques");
const clock = document.getElementById("suivi-heure");
const table = document.getElementById("suivi");
const PERIOD_MS = 5000;

function number(value) {
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 }).format(value);
}

function remaining(student) {
  if (student.submitted) return "—";
  const seconds = Math.max(0, Math.round(student.remaining_s));
  return `${Math.floor(seconds / 60)}\u202fmin ${String(seconds % 60).padStart(2, "0")}\u202fs`;
}

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function render(data) {
  const students = data.students;
  const body = table.tBodies[0];
  const rows = students.map((s) => {
    const tr = document.createElement("tr");
    const name = cell(tr, "");
    const link = document.createElement("a");
    link.href = status.dataset.copies + encodeURIComponent(s.copy);
    link.textContent = s.name;
    name.append(link);
    cell(tr, s.number);
    cell(tr, String(s.attempt));
    cell(tr, s.state, "hv-nowrap");
    cell(tr, `${s.answered} / ${s.total}`, "hv-num");
    cell(tr, remaining(s), "hv-num");
    cell(tr, s.score === null ? "—" : `${number(s.score)} / ${number(s.max)}`, "hv-num");
    cell(tr, s.warnings.join("\u202f; "), "hv-alert");
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = 8;
    td.textContent = data.hidden
      ? "Aucun étudiant ne correspond au filtre."
      : "Aucun étudiant n'a encore rejoint l'évaluation.";
    tr.append(td);
    rows.push(tr);
  }
  body.replaceChildren(...rows);
  // The summary is a live region: rewritten only when it changes (not every 5 s).
  if (status.textContent !== data.summary) status.textContent = data.summary;
  if (clock) clock.textContent = `Mis à jour à ${new Date().toLocaleTimeString("fr-FR")}.`;
  if (hidden) hidden.textContent = data.hidden_sentence;
}

async function refresh() {
  try {
    const response = await fetch(status.dataset.url, { credentials: "same-origin", cache: "no-store" });
    if (response.ok) render(await response.json());
    else if (clock) clock.textContent = "Suivi interrompu\u00a0: rechargez la page (session expirée\u202f?).";
  } catch {
    if (clock) clock.textContent = "Serveur injoignable, nouvel essai dans quelques secondes…";
  }
}

if (status && table) window.setInterval(refresh, PERIOD_MS);
