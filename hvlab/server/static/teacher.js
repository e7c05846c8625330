// Live progress of an évaluation on the teacher's page: the table is refreshed every 5 s from
// suivi.json (same origin, the teacher's session cookie). Text only, no HTML from the server.
const status = document.getElementById("suivi-etat");
const table = document.getElementById("suivi");
const PERIOD_MS = 5000;

function number(value) {
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 }).format(value);
}

function remaining(student) {
  if (student.submitted) return "—";
  const seconds = Math.max(0, Math.round(student.remaining_s));
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

function cell(row, text, numeric) {
  const td = document.createElement("td");
  td.textContent = text;
  if (numeric) td.className = "hv-num";
  row.append(td);
}

function render(students) {
  const body = table.tBodies[0];
  const rows = students.map((s) => {
    const tr = document.createElement("tr");
    cell(tr, s.name);
    cell(tr, s.number);
    cell(tr, String(s.attempt));
    cell(tr, s.state);
    cell(tr, `${s.answered} / ${s.total}`, true);
    cell(tr, remaining(s), true);
    cell(tr, s.score === null ? "—" : `${number(s.score)} / ${number(s.max)}`, true);
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = document.createElement("td");
    td.colSpan = 7;
    td.textContent = "Aucun étudiant n'a encore rejoint l'évaluation.";
    tr.append(td);
    rows.push(tr);
  }
  body.replaceChildren(...rows);
  const started = students.length;
  const submitted = students.filter((s) => s.submitted).length;
  status.textContent = `${started} étudiant(s) ont commencé, ${submitted} ont rendu leur copie. ` +
    `Mis à jour à ${new Date().toLocaleTimeString("fr-FR")}.`;
}

async function refresh() {
  try {
    const response = await fetch(status.dataset.url, { credentials: "same-origin", cache: "no-store" });
    if (response.ok) render((await response.json()).students);
    else status.textContent = "Suivi interrompu : rechargez la page (session expirée ?).";
  } catch {
    status.textContent = "Serveur injoignable, nouvel essai dans quelques secondes…";
  }
}

if (status && table) window.setInterval(refresh, PERIOD_MS);
