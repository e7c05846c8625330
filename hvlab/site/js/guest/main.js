// The guest machine on a page (bundled into guest.bundle.js, loaded on every page as a module).
//
// It does something only on pages holding a `guest` block (`<div class="hvlab-guest">`, rendered
// by hvlab/site/guest/fence.py): the console of the machine, a line to type commands, and the
// Démarrer / Arrêter / Réinitialiser buttons. The emulator runs in a Web Worker
// (guest-worker.bundle.js, v86 inside).
//
//   Démarrer        resumes the machine from the state saved at build time (a second or two)
//   Arrêter         switches it off (the worker ends, its memory is freed)
//   Réinitialiser   the reset button of a PC: a full boot, BIOS then Linux, in front of you
//
// What the console shows is also handed to the labs of the page: their Python reads it as the
// file console-<id>.txt (hvlab.guest.console()), so the checks judge the guest's real output.

import { Screen } from "./screen.js";

const BASE = new URL(".", import.meta.url);
const WORKER_URL = new URL("guest-worker.bundle.js", BASE);
const WASM_URL = new URL("../vendor/v86/v86.wasm", BASE).href;
const RENDER_MS = 50;
const HISTORY = 50;

function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) node.appendChild(child);
  return node;
}

function seconds(ms) {
  return (ms / 1000).toLocaleString("fr-FR", { maximumFractionDigits: 1 });
}

/** Files that the labs' Python finds in its working folder (read by js/lab/runtime.js). */
function labFiles() {
  if (!window.hvlabLabFiles) window.hvlabLabFiles = new Map();
  return window.hvlabLabFiles;
}

class Guest {
  constructor(root) {
    this.root = root;
    this.id = root.dataset.guest;
    this.image = new URL(`../guest/${root.dataset.image}/`, BASE).href;
    this.machine = JSON.parse(root.dataset.machine);
    this.banner = root.dataset.banner || "";
    this.prompt = root.dataset.prompt || "# ";
    this.screen = new Screen();
    this.worker = null;
    this.state = "off"; // off | loading | booting | running | failed
    this.startedAt = 0;
    this.history = [];
    this.historyAt = 0;
    this.renderTimer = null;
    this.build();
    labFiles().set(`console-${this.id}.txt`, () => this.screen.text());
  }

  build() {
    const anchor = this.root.id || `machine-${this.id}`;
    const button = (label, cls, handler, extra = {}) => {
      const b = element("button", { type: "button", class: `md-button hvlab-guest-${cls}`, text: label, ...extra });
      b.addEventListener("click", handler);
      return b;
    };
    this.startButton = button("Démarrer", "start md-button--primary", () => this.start(true));
    this.stopButton = button("Arrêter", "stop", () => this.stop(), { disabled: true });
    this.resetButton = button("Réinitialiser", "reset", () => this.reset());
    this.status = element("p", { class: "hvlab-guest-status", role: "status", text: "Machine arrêtée." });
    this.output = element("pre", {
      class: "hvlab-guest-screen",
      role: "log",
      tabindex: "0",
      "aria-label": "Console de la machine invitée",
      "aria-describedby": `${anchor}-aide`,
    });
    this.input = element("input", {
      type: "text",
      id: `${anchor}-commande`,
      class: "hvlab-guest-input",
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      disabled: true,
      "aria-describedby": `${anchor}-aide`,
    });
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    const send = button("Envoyer", "send", () => this.sendLine(), { disabled: true });
    const interrupt = button("Interrompre (Ctrl+C)", "interrupt", () => this.send("\x03"), {
      disabled: true,
      title: "Interrompre la commande en cours",
    });
    this.lineButtons = [send, interrupt];
    const save = button("Enregistrer la console", "save", () => this.download());
    const form = element("div", { class: "hvlab-guest-line" }, [
      element("label", { for: this.input.id, text: "Commande\u00a0:" }),
      this.input,
      send,
      interrupt,
    ]);
    const help = element("p", {
      class: "hvlab-guest-help",
      id: `${anchor}-aide`,
      text:
        "Tapez une commande puis Entrée. Flèches haut et bas\u00a0: commandes précédentes\u00a0; " +
        "Ctrl+C (champ vide)\u00a0: interrompre la commande en cours.",
    });
    const toolbar = element("div", { class: "hvlab-guest-toolbar" }, [
      this.startButton,
      this.stopButton,
      this.resetButton,
      save,
    ]);
    const workspace = this.root.querySelector(".hvlab-guest-workspace");
    workspace.textContent = "";
    for (const node of [toolbar, this.status, this.output, form, help]) workspace.appendChild(node);
  }

  setState(state, message) {
    this.state = state;
    this.root.dataset.state = state;
    const on = state === "booting" || state === "running" || state === "loading";
    this.stopButton.disabled = !on;
    this.startButton.disabled = on;
    this.input.disabled = !(state === "booting" || state === "running");
    for (const b of this.lineButtons) b.disabled = this.input.disabled;
    if (message) this.status.textContent = message;
  }

  /** Start the machine: from its saved state (`resume`), or by a full boot. */
  start(resume) {
    if (this.worker) return;
    this.startedAt = performance.now();
    this.setState("loading", resume ? "Démarrage de la machine…" : "Démarrage complet de la machine…");
    this.screen.note(resume ? "[Machine démarrée\u00a0: reprise de l'état enregistré]" : "[Démarrage complet\u00a0: BIOS puis noyau Linux]");
    this.render();
    const worker = new Worker(WORKER_URL, { type: "module" });
    this.worker = worker;
    worker.onmessage = (event) => {
      if (this.worker === worker) this.receive(event.data, resume);
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      event.preventDefault();
      this.fail(`l'émulateur n'a pas pu être chargé (${event.message || "erreur inconnue"}).`);
    };
    worker.postMessage({ type: "start", image: this.image, wasm: WASM_URL, machine: this.machine, resume });
  }

  receive(message, resume) {
    switch (message.type) {
      case "status":
        this.status.textContent = message.text;
        break;
      case "running":
        if (resume) {
          this.screen.write(this.banner);
          this.root.dataset.resumeMs = String(message.ms);
          this.setState("running", `Machine en marche (reprise en ${seconds(message.ms)} s).`);
          this.render();
          this.input.focus();
        } else {
          this.setState("booting", "La machine démarre\u00a0: BIOS, puis noyau Linux…");
        }
        break;
      case "output":
        this.screen.write(message.text);
        if (this.state === "booting" && this.screen.text().endsWith(this.prompt)) {
          const ms = performance.now() - this.startedAt;
          this.root.dataset.bootMs = String(Math.round(ms));
          this.setState("running", `Machine en marche (démarrage complet en ${seconds(ms)} s).`);
          this.render();
        } else {
          this.scheduleRender();
        }
        break;
      case "failed":
        this.fail(message.message);
        break;
    }
  }

  fail(message) {
    this.halt();
    this.screen.note(`[Erreur\u00a0: ${message}]`);
    this.render();
    this.setState("failed", `La machine n'a pas pu démarrer\u00a0: ${message}`);
  }

  halt() {
    if (this.worker) this.worker.terminate();
    this.worker = null;
  }

  stop() {
    if (!this.worker) return;
    this.halt();
    this.screen.note("[Machine arrêtée]");
    this.render();
    this.setState("off", "Machine arrêtée. «\u00a0Démarrer\u00a0» la reprend dans son état enregistré.");
    this.startButton.focus();
  }

  reset() {
    this.halt();
    this.start(false);
  }

  send(text) {
    if (this.worker && (this.state === "running" || this.state === "booting")) {
      this.worker.postMessage({ type: "input", text });
    }
  }

  sendLine() {
    const line = this.input.value;
    this.input.value = "";
    if (line.trim() && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > HISTORY) this.history.shift();
    }
    this.historyAt = this.history.length;
    this.send(`${line}\r`);
    this.input.focus();
  }

  onKey(event) {
    if (event.key === "Enter") {
      event.preventDefault();
      this.sendLine();
    } else if (event.ctrlKey && !event.altKey && (event.key === "c" || event.key === "C")) {
      const selected = this.input.selectionStart !== this.input.selectionEnd;
      if (!selected) {
        event.preventDefault();
        this.input.value = "";
        this.send("\x03");
      }
    } else if (event.ctrlKey && !event.altKey && (event.key === "d" || event.key === "D") && !this.input.value) {
      event.preventDefault();
      this.send("\x04");
    } else if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      if (!this.history.length) return;
      event.preventDefault();
      const step = event.key === "ArrowUp" ? -1 : 1;
      this.historyAt = Math.min(this.history.length, Math.max(0, this.historyAt + step));
      this.input.value = this.history[this.historyAt] ?? "";
    }
  }

  scheduleRender() {
    if (this.renderTimer === null) this.renderTimer = setTimeout(() => this.render(), RENDER_MS);
  }

  render() {
    clearTimeout(this.renderTimer);
    this.renderTimer = null;
    const atBottom = this.output.scrollHeight - this.output.scrollTop - this.output.clientHeight < 40;
    this.output.textContent = this.screen.text();
    if (atBottom) this.output.scrollTop = this.output.scrollHeight;
  }

  download() {
    const blob = new Blob([this.screen.text()], { type: "text/plain;charset=utf-8" });
    const link = element("a", { href: URL.createObjectURL(blob), download: `console-${this.id}.txt` });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
}

const guests = [];

function mount() {
  for (const guest of guests.splice(0)) {
    if (!guest.root.isConnected) {
      guest.halt();
      labFiles().delete(`console-${guest.id}.txt`);
    } else {
      guests.push(guest);
    }
  }
  for (const root of document.querySelectorAll(".hvlab-guest:not([data-hvlab-mounted])")) {
    root.setAttribute("data-hvlab-mounted", "");
    guests.push(new Guest(root));
  }
}

if (!window.hvlabGuest) {
  window.hvlabGuest = { mount, find: (id) => guests.find((g) => g.id === id && g.root.isConnected) ?? null };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
}
