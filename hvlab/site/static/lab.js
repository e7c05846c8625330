// The browser side of the labs: editor, buttons, output, and the Python worker.
//
// Loaded on every page (classic script); it does something only on pages holding a lab
// (`<div class="hvlab-lab">`, rendered by hvlab/site/lab_fence.py). Works with Material's
// instant navigation (`document$`): each new page's labs are mounted once.
//
// Python runs in a module Web Worker (lab-worker.js) started as soon as a lab page opens, so
// the first run is quick and the page never freezes. A run that exceeds its time limit, or that
// the student stops, ends the worker; a fresh one starts at once.
(function () {
  "use strict";
  if (window.hvlabLab) return;

  var BASE = new URL(".", document.currentScript.src);
  var WORKER_URL = new URL("lab-worker.js", BASE);
  var EDITOR_URL = new URL("editor.bundle.js", BASE).href;
  var VEGA_URL = new URL("vega.bundle.js", BASE).href;
  var DEFAULT_WHEEL = "hvlab-0.1.0-py3-none-any.whl";
  var DEFAULT_LIMIT_S = 10;
  var STORAGE_PREFIX = "hvlab-lab:";
  var STOP_GRACE_MS = 800;

  // ---------------------------------------------------------------- runtime (the worker)

  function Runtime() {
    this.worker = null;
    this.ready = null;
    this.state = "idle"; // idle | loading | ready | failed
    this.failure = "";
    this.wheel = DEFAULT_WHEEL;
    this.pending = null; // the run in progress: {id, resolve, timer, handlers}
    this.queue = Promise.resolve();
    this.nextId = 1;
    this.listeners = [];
    this.readyMs = null;
    this.interrupt = null;
  }

  Runtime.prototype.on = function (listener) {
    this.listeners.push(listener);
  };

  Runtime.prototype.emit = function (event) {
    this.listeners.forEach(function (listener) {
      try {
        listener(event);
      } catch (error) {
        /* a detached step (instant navigation) must not break the others */
      }
    });
  };

  Runtime.prototype.start = function (wheel) {
    if (wheel) this.wheel = wheel;
    if (this.worker) return this.ready;
    var self = this;
    var worker = new Worker(WORKER_URL, { type: "module" });
    this.worker = worker;
    this.state = "loading";
    this.interrupt =
      window.crossOriginIsolated && typeof SharedArrayBuffer === "function"
        ? new Uint8Array(new SharedArrayBuffer(1))
        : null;
    this.ready = new Promise(function (resolve, reject) {
      self._resolveReady = resolve;
      self._rejectReady = reject;
    });
    this.ready.catch(function () {});
    worker.onmessage = function (event) {
      if (self.worker === worker) self._receive(event.data);
    };
    worker.onerror = function (event) {
      if (self.worker !== worker) return;
      event.preventDefault();
      self._fail("le programme Python du TP n'a pas pu être chargé (" + (event.message || "erreur inconnue") + ").");
    };
    worker.postMessage({
      type: "init",
      wheelUrl: new URL("wheels/" + this.wheel, BASE).href,
      interruptBuffer: this.interrupt,
    });
    this.emit({ type: "status", text: "Chargement de Python…" });
    return this.ready;
  };

  Runtime.prototype._fail = function (message) {
    this.state = "failed";
    this.failure = message;
    this._rejectReady(new Error(message));
    if (this.pending) this._finish({ failed: true, message: message });
    this.emit({ type: "failed", message: message });
  };

  Runtime.prototype._receive = function (message) {
    var pending = this.pending;
    switch (message.type) {
      case "status":
        this.emit({ type: "status", text: message.text });
        break;
      case "ready":
        this.state = "ready";
        this.readyMs = message.ms;
        this.readyPhases = message.phases;
        this._resolveReady();
        this.emit({ type: "ready", ms: message.ms });
        break;
      case "failed":
        this._fail(message.message);
        break;
      case "started":
        if (pending && pending.id === message.id) {
          pending.startedAt = performance.now();
          pending.timer = setTimeout(this._timeout.bind(this, pending), pending.limitS * 1000);
          if (pending.handlers.started) pending.handlers.started();
        }
        break;
      case "stdout":
      case "stderr":
        if (pending && pending.id === message.id && pending.handlers.stream) {
          pending.handlers.stream(message.type, message.text);
        }
        break;
      case "done":
        if (pending && pending.id === message.id) this._finish({ result: message.result });
        break;
      case "error":
        if (pending && pending.id === message.id) this._finish({ failed: true, message: message.message });
        break;
    }
  };

  Runtime.prototype._finish = function (outcome) {
    var pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    clearTimeout(pending.killTimer);
    this.pending = null;
    if (pending.stopMessage) {
      var message = pending.stopMessage;
      if (pending.restarted) message += " Python a redémarré.";
      outcome = { stopped: true, message: message + (pending.advice ? " " + pending.advice : "") };
    }
    outcome.ms = pending.startedAt ? performance.now() - pending.startedAt : null;
    this.emit({ type: "idle" });
    pending.resolve(outcome);
  };

  Runtime.prototype._timeout = function (pending) {
    var seconds = String(pending.limitS).replace(".", ",");
    this.stop(
      "Exécution arrêtée au bout de " + seconds + " s : votre code contient peut-être une boucle " +
        "infinie (une boucle « while » dont la condition reste vraie, par exemple).",
      "Corrigez le code puis relancez-le.",
    );
  };

  // Stop the run in progress: interrupt it when possible, else end the worker and start anew.
  Runtime.prototype.stop = function (message, advice) {
    var pending = this.pending;
    if (!pending || pending.stopMessage) return;
    pending.stopMessage = message;
    pending.advice = advice || "";
    clearTimeout(pending.timer);
    if (!pending.posted) {
      // Python is still starting and has not received the code: just cancel the run.
      pending.stopMessage = "Exécution annulée avant son démarrage.";
      this._finish({ stopped: true });
    } else if (this.interrupt) {
      this.interrupt[0] = 2; // SIGINT: Python raises KeyboardInterrupt
      pending.killTimer = setTimeout(this._restart.bind(this), STOP_GRACE_MS);
    } else {
      this._restart();
    }
  };

  Runtime.prototype._restart = function () {
    if (this.pending) this.pending.restarted = true;
    if (this.worker) this.worker.terminate();
    this.worker = null;
    this.state = "idle";
    this._finish({ stopped: true });
    this.start();
  };

  // Run `message` (type "run" or "evaluate") after the runs queued before it.
  Runtime.prototype.execute = function (message, limitS, handlers) {
    var self = this;
    var job = this.queue.then(function () {
      if (self.state === "failed") {
        // try once more (a temporary network failure, say)
        if (self.worker) self.worker.terminate();
        self.worker = null;
      }
      self.start();
      return new Promise(function (resolve) {
        var id = self.nextId++;
        self.pending = { id: id, resolve: resolve, limitS: limitS, handlers: handlers || {} };
        if (self.interrupt) self.interrupt[0] = 0;
        self.emit({ type: "busy" });
        self.ready.then(
          function () {
            message.id = id;
            if (self.pending && self.pending.id === id) {
              self.pending.posted = true;
              self.worker.postMessage(message);
            }
          },
          function (error) {
            if (self.pending && self.pending.id === id) self._finish({ failed: true, message: error.message });
          },
        );
      });
    });
    this.queue = job.then(
      function () {},
      function () {},
    );
    return job;
  };

  Runtime.prototype.busy = function () {
    return this.pending !== null;
  };

  // Run Python and get str() of its last expression (used by the test suite and the console).
  Runtime.prototype.evaluate = function (code, limitS) {
    return this.execute({ type: "evaluate", code: code }, limitS || 120).then(function (outcome) {
      if (outcome.result === undefined) throw new Error(outcome.message || "échec");
      return outcome.result;
    });
  };

  var runtime = new Runtime();

  // ---------------------------------------------------------------- helpers

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "html") node.innerHTML = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function storageGet(key, fallback) {
    try {
      var value = window.localStorage.getItem(STORAGE_PREFIX + key);
      return value === null ? fallback : JSON.parse(value);
    } catch (error) {
      return fallback;
    }
  }

  function storageSet(key, value) {
    try {
      window.localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(value));
    } catch (error) {
      /* private browsing or full storage: the lab still works, without memory */
    }
  }

  function storageRemove(key) {
    try {
      window.localStorage.removeItem(STORAGE_PREFIX + key);
    } catch (error) {
      /* see storageSet */
    }
  }

  var numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 3 });

  function cellText(value) {
    if (value === null || value === undefined) return "—";
    if (typeof value === "boolean") return value ? "oui" : "non";
    if (typeof value === "number") return numberFormat.format(value);
    return String(value);
  }

  function plural(count, singular, pluralForm) {
    return count + " " + (count > 1 ? pluralForm : singular);
  }

  var editorModule = null;
  function loadEditor() {
    if (!editorModule) editorModule = import(EDITOR_URL);
    return editorModule;
  }

  var vegaModule = null;
  function loadVega() {
    if (!vegaModule) vegaModule = import(VEGA_URL);
    return vegaModule;
  }

  var mermaidCount = 0;

  function drawChart(chart) {
    var dark = isDark();
    chart.dataset.theme = dark ? "dark" : "light";
    return loadVega()
      .then(function (vega) {
        if (chart.hvlabView) chart.hvlabView.finalize();
        return vega.renderChart(chart, chart.hvlabSpec, { dark: dark });
      })
      .then(function (result) {
        chart.hvlabView = result.view;
        chart.dataset.rendered = "";
      })
      .catch(function (error) {
        chart.replaceWith(element("p", { class: "hvlab-lab-error", text: "Le graphique n'a pas pu être dessiné : " + error.message }));
      });
  }

  // Charts follow the light / dark palette switch.
  new MutationObserver(function () {
    var theme = isDark() ? "dark" : "light";
    document.querySelectorAll(".hvlab-lab-chart[data-rendered]").forEach(function (chart) {
      if (chart.dataset.theme !== theme) drawChart(chart);
    });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  // ---------------------------------------------------------------- rendering of results

  function renderDisplay(payload) {
    var box = element("figure", { class: "hvlab-lab-display hvlab-lab-display--" + payload.type });
    var title = payload.title ? element("figcaption", { text: payload.title }) : null;
    if (payload.type === "vega-lite") {
      var chart = element("div", { class: "hvlab-lab-chart", role: "img", "aria-label": payload.title || "Graphique" });
      chart.hvlabSpec = payload.data;
      box.appendChild(chart);
      drawChart(chart);
    } else if (payload.type === "mermaid") {
      var diagram = element("div", { class: "hvlab-lab-diagram" });
      box.appendChild(diagram);
      var id = "hvlab-lab-mermaid-" + ++mermaidCount;
      if (!window.mermaid || typeof window.mermaid.render !== "function") {
        diagram.appendChild(element("pre", { text: payload.data }));
      } else {
        window.mermaid.render(id, payload.data).then(
          function (result) {
            diagram.innerHTML = result.svg;
          },
          function (error) {
            var leftover = document.getElementById("d" + id);
            if (leftover) leftover.remove();
            diagram.appendChild(element("p", { class: "hvlab-lab-error", text: "Le schéma n'a pas pu être dessiné : " + (error.message || error) }));
            diagram.appendChild(element("pre", { text: payload.data }));
          },
        );
      }
    } else if (payload.type === "table") {
      var data = payload.data || {};
      var table = element("table");
      if (payload.title) table.appendChild(element("caption", { text: payload.title }));
      title = null;
      var head = element("tr");
      (data.columns || []).forEach(function (column) {
        head.appendChild(element("th", { scope: "col", text: String(column) }));
      });
      table.appendChild(element("thead", {}, [head]));
      var body = element("tbody");
      (data.rows || []).forEach(function (row) {
        var tr = element("tr");
        row.forEach(function (value) {
          tr.appendChild(element("td", { text: cellText(value), class: typeof value === "number" ? "hvlab-lab-number" : null }));
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      box.appendChild(element("div", { class: "hvlab-lab-table" }, [table]));
    } else {
      box.appendChild(element("pre", { class: "hvlab-lab-text", text: String(payload.data) }));
    }
    // A chart draws its own title; the caption would repeat it.
    if (title && payload.type !== "vega-lite") box.insertBefore(title, box.firstChild);
    return box;
  }

  function errorText(error) {
    if (!error) return "";
    if (typeof error === "string") return error;
    return error.text || (error.type ? error.type + " : " : "") + (error.message || "");
  }

  // A RunResult ({ok, stdout, stderr, error, displays}) or a CheckReport ({passed, message,
  // results, run: RunResult}) of hvlab.labs.runner, as one shape.
  function normalise(result) {
    var r = result || {};
    var run = r.run || r;
    return {
      stdout: run.stdout || "",
      stderr: run.stderr || "",
      error: run.error || null,
      displays: run.displays || [],
      checks: Array.isArray(r.results) ? r.results : null,
      passed: r.passed,
      message: r.message || "",
    };
  }

  // ---------------------------------------------------------------- a step

  function Step(lab, section) {
    this.lab = lab;
    this.section = section;
    this.data = JSON.parse(section.dataset.json);
    this.key = lab.id + ":" + this.data.id + ":";
    this.hintsShown = storageGet(this.key + "hints", 0);
    this.attempts = storageGet(this.key + "attempts", 0);
    this.editor = null;
    this.build();
  }

  Step.prototype.limitS = function () {
    var value = parseFloat(this.section.dataset.timeLimitS || this.lab.root.dataset.timeLimitS);
    return value > 0 ? value : DEFAULT_LIMIT_S;
  };

  Step.prototype.build = function () {
    var self = this;
    var n = this.data.number;
    var anchor = this.section.id || "tp-etape-" + n;
    var workspace = this.section.querySelector(".hvlab-lab-workspace");
    var help = element("p", {
      class: "hvlab-lab-help",
      id: anchor + "-aide",
      text: "Tab indente le code ; Échap puis Tab sort de l'éditeur ; Ctrl+Entrée exécute.",
    });
    this.editorBox = element("div", { class: "hvlab-lab-editor" });
    this.fallback = workspace.querySelector(".hvlab-lab-fallback");
    function button(label, cls, handler, extra) {
      var b = element("button", Object.assign({ type: "button", class: "md-button hvlab-lab-button-" + cls, text: label }, extra || {}));
      b.addEventListener("click", handler);
      return b;
    }
    this.runButton = button("Exécuter", "run md-button--primary", function () {
      self.run(false);
    });
    this.checkButton = button("Vérifier", "check", function () {
      self.run(true);
    });
    this.stopButton = button("Arrêter", "stop", function () {
      runtime.stop("Exécution arrêtée à votre demande.");
    }, { disabled: true });
    this.hintButton = button("Indice", "hint", function () {
      self.showHint();
    });
    this.solutionButton = button("Voir la solution", "solution", function () {
      self.showSolution();
    });
    this.resetButton = button("Réinitialiser", "reset", function () {
      self.confirm("Remplacer votre code par le code de départ de l'étape ? Vos modifications seront perdues.", "Réinitialiser", function () {
        self.setCode(self.data.starter);
        storageRemove(self.key + "code");
        self.announce("Code de départ rétabli.");
      });
    });
    var toolbar = element("div", { class: "hvlab-lab-toolbar", role: "group", "aria-label": "Actions de l'étape " + n }, [
      this.runButton,
      this.checkButton,
      this.stopButton,
      this.hintButton,
      this.solutionButton,
      this.resetButton,
    ]);
    this.status = element("p", { class: "hvlab-lab-status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
    this.hints = element("div", { class: "hvlab-lab-hints" });
    this.solution = element("div", { class: "hvlab-lab-solution", hidden: true });
    this.output = element("div", { class: "hvlab-lab-output", "aria-label": "Résultat de l'étape " + n, hidden: true });
    this.checksBox = element("div", { class: "hvlab-lab-checks", hidden: true });
    workspace.insertBefore(help, this.fallback);
    workspace.insertBefore(this.editorBox, this.fallback);
    [toolbar, this.status, this.hints, this.solution, this.checksBox, this.output].forEach(function (node) {
      workspace.appendChild(node);
    });
    for (var i = 0; i < Math.min(this.hintsShown, this.data.hints.length); i++) this.appendHint(i);
    this.updateButtons();
    this.updatePassed();

    var code = storageGet(this.key + "code", null);
    loadEditor().then(
      function (module) {
        if (!self.section.isConnected) return;
        self.editor = module.createEditor({
          parent: self.editorBox,
          doc: code === null ? self.data.starter : code,
          label: "Code Python de l'étape " + n + " : " + self.data.title,
          describedBy: help.id,
          onChange: function (text) {
            clearTimeout(self.saveTimer);
            self.saveTimer = setTimeout(function () {
              storageSet(self.key + "code", text);
            }, 250);
          },
          onRun: function () {
            if (!self.runButton.disabled) self.run(false);
          },
        });
        if (self.fallback) self.fallback.remove();
      },
      function (error) {
        self.showMessage("L'éditeur n'a pas pu être chargé : " + error.message, "error");
      },
    );
  };

  Step.prototype.getCode = function () {
    if (this.editor) return this.editor.getCode();
    var saved = storageGet(this.key + "code", null);
    return saved === null ? this.data.starter : saved;
  };

  Step.prototype.setCode = function (code) {
    if (this.editor) this.editor.setCode(code);
    storageSet(this.key + "code", code);
  };

  Step.prototype.announce = function (text) {
    // Re-setting the same text would not be read again: clear first.
    var status = this.status;
    status.textContent = "";
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(function () {
      status.textContent = text;
    }, 30);
  };

  Step.prototype.passed = function () {
    return this.lab.passed().indexOf(this.data.id) >= 0;
  };

  Step.prototype.solutionAvailable = function () {
    var rule = this.data.solution_after || { mode: "attempts", attempts: 3 };
    if (rule.mode === "always") return true;
    if (this.passed()) return true;
    if (rule.mode === "success") return false;
    return this.attempts >= (rule.attempts || 0);
  };

  Step.prototype.updateButtons = function () {
    var busy = runtime.busy();
    var mine = busy && this.running;
    this.runButton.disabled = busy;
    this.checkButton.disabled = busy;
    this.stopButton.disabled = !mine;
    var remaining = this.data.hints.length - this.hintsShown;
    this.hintButton.disabled = remaining <= 0;
    this.hintButton.hidden = this.data.hints.length === 0;
    this.hintButton.title =
      remaining > 0 ? plural(remaining, "indice disponible", "indices disponibles") : "Tous les indices sont affichés";
    var rule = this.data.solution_after || { mode: "attempts", attempts: 3 };
    var available = this.solutionAvailable();
    this.solutionButton.disabled = !available || !this.data.solution;
    this.solutionButton.title = available
      ? "Afficher une solution possible"
      : rule.mode === "success"
        ? "Disponible une fois l'étape réussie"
        : "Disponible après " + plural(rule.attempts, "vérification", "vérifications") +
          " (encore " + (rule.attempts - this.attempts) + ")";
  };

  Step.prototype.updatePassed = function () {
    var passed = this.passed();
    this.section.classList.toggle("hvlab-lab-step--passed", passed);
    var title = this.section.querySelector(".hvlab-lab-step-title");
    var badge = title && title.querySelector(".hvlab-lab-badge");
    if (passed && title && !badge) title.appendChild(element("span", { class: "hvlab-lab-badge", text: "✓ réussie" }));
    if (!passed && badge) badge.remove();
  };

  Step.prototype.showHint = function () {
    if (this.hintsShown >= this.data.hints.length) return;
    this.appendHint(this.hintsShown);
    this.hintsShown += 1;
    storageSet(this.key + "hints", this.hintsShown);
    this.updateButtons();
    this.announce("Indice " + this.hintsShown + " sur " + this.data.hints.length + " affiché.");
  };

  Step.prototype.appendHint = function (index) {
    var box = element("div", { class: "admonition tip hvlab-lab-hint" }, [
      element("p", { class: "admonition-title", text: "Indice " + (index + 1) + " sur " + this.data.hints.length }),
    ]);
    box.appendChild(element("div", { html: this.data.hints[index] }));
    this.hints.appendChild(box);
  };

  Step.prototype.showSolution = function () {
    var self = this;
    if (!this.solution.hidden) {
      this.solution.hidden = true;
      this.solutionButton.textContent = "Voir la solution";
      return;
    }
    this.solution.textContent = "";
    var copy = element("button", { type: "button", class: "md-button hvlab-lab-copy", text: "Copier dans l'éditeur" });
    copy.addEventListener("click", function () {
      self.confirm("Remplacer votre code par la solution ? Vos modifications seront perdues.", "Remplacer", function () {
        self.setCode(self.data.solution);
        self.announce("Solution copiée dans l'éditeur.");
      });
    });
    this.solution.appendChild(element("p", { class: "hvlab-lab-label", text: "Une solution possible :" }));
    this.solution.appendChild(element("pre", {}, [element("code", { text: this.data.solution })]));
    this.solution.appendChild(copy);
    this.solution.hidden = false;
    this.solutionButton.textContent = "Masquer la solution";
    this.announce("Solution affichée sous les boutons.");
  };

  // An accessible confirmation (native <dialog>: focus kept inside, Échap cancels).
  Step.prototype.confirm = function (question, action, onConfirm) {
    var returnFocus = document.activeElement;
    if (typeof HTMLDialogElement !== "function") {
      if (window.confirm(question)) onConfirm();
      return;
    }
    var id = "hvlab-lab-dialog-" + Math.random().toString(36).slice(2);
    var yes = element("button", { type: "button", class: "md-button md-button--primary", text: action });
    var no = element("button", { type: "button", class: "md-button", text: "Annuler" });
    var dialog = element("dialog", { class: "md-typeset hvlab-lab-dialog", "aria-labelledby": id }, [
      element("p", { id: id, text: question }),
      element("div", { class: "hvlab-lab-dialog-buttons" }, [yes, no]),
    ]);
    function close() {
      dialog.close();
    }
    dialog.addEventListener("close", function () {
      dialog.remove();
      if (returnFocus && returnFocus.focus) returnFocus.focus();
    });
    yes.addEventListener("click", function () {
      onConfirm();
      close();
    });
    no.addEventListener("click", close);
    document.body.appendChild(dialog);
    dialog.showModal();
    no.focus();
  };

  Step.prototype.showMessage = function (text, kind) {
    this.output.hidden = false;
    this.output.appendChild(element("p", { class: "hvlab-lab-" + (kind || "note"), role: kind === "error" ? "alert" : null, text: text }));
  };

  Step.prototype.run = function (withChecks) {
    var self = this;
    if (runtime.busy()) return;
    var code = this.getCode();
    storageSet(this.key + "code", code);
    this.output.textContent = "";
    this.output.hidden = true;
    this.checksBox.textContent = "";
    this.checksBox.hidden = true;
    this.running = true;
    var stream = null;
    var message = { type: "run", code: code, stepId: this.data.id, checks: withChecks ? this.data.checks : null };
    this.announce(runtime.state === "ready" ? "Exécution en cours…" : "Démarrage de Python, l'exécution suivra…");
    runtime
      .execute(message, this.limitS(), {
        started: function () {
          if (runtime.readyMs !== null) self.announce("Exécution en cours…");
        },
        stream: function (kind, text) {
          if (!stream) {
            stream = element("pre", { class: "hvlab-lab-stdout" });
            self.output.hidden = false;
            self.output.appendChild(stream);
          }
          if (kind === "stderr") stream.appendChild(element("span", { class: "hvlab-lab-stderr", text: text }));
          else stream.appendChild(document.createTextNode(text));
        },
      })
      .then(function (outcome) {
        self.running = false;
        self.section.dataset.lastRunMs = outcome.ms === null ? "" : String(Math.round(outcome.ms));
        if (outcome.stopped) {
          self.showMessage(outcome.message || "Exécution arrêtée.", "error");
          self.announce("Exécution arrêtée.");
        } else if (outcome.failed) {
          self.showMessage(outcome.message, "error");
          self.announce("Erreur : " + outcome.message);
        } else {
          self.showResult(normalise(outcome.result), withChecks, !!stream);
        }
        self.lab.refreshButtons();
      });
    this.lab.refreshButtons();
  };

  Step.prototype.showResult = function (result, withChecks, streamed) {
    var output = this.output;
    if (!streamed && (result.stdout || result.stderr)) {
      var pre = element("pre", { class: "hvlab-lab-stdout", text: result.stdout });
      if (result.stderr) pre.appendChild(element("span", { class: "hvlab-lab-stderr", text: result.stderr }));
      output.appendChild(pre);
    }
    result.displays.forEach(function (payload) {
      output.appendChild(renderDisplay(payload));
    });
    if (result.error) {
      var box = element("div", { class: "hvlab-lab-error", role: "alert" }, [
        element("p", { class: "hvlab-lab-error-title", text: "Erreur dans votre code" }),
        element("pre", { text: errorText(result.error) }),
      ]);
      output.appendChild(box);
    }
    output.hidden = output.childNodes.length === 0;
    if (!withChecks) {
      this.announce(result.error ? "Exécution terminée avec une erreur." : "Exécution terminée.");
      return;
    }
    var checks = result.checks || [];
    var ok = checks.filter(function (c) {
      return c.passed;
    }).length;
    var allPassed = result.passed !== undefined ? !!result.passed : checks.length > 0 && ok === checks.length;
    var list = element("ul", { class: "hvlab-lab-check-list" });
    checks.forEach(function (check) {
      var item = element("li", { class: check.passed ? "hvlab-lab-check--ok" : "hvlab-lab-check--ko" }, [
        element("span", { class: "hvlab-lab-mark", "aria-hidden": "true", text: check.passed ? "✓" : "✗" }),
        element("span", { class: "sr-only", text: check.passed ? "Réussie : " : "Non réussie : " }),
        element("span", { class: "hvlab-lab-check-title", text: check.title || check.name || "" }),
      ]);
      if (!check.passed && check.message) {
        item.appendChild(element("span", { class: "hvlab-lab-check-message", text: check.message }));
      }
      list.appendChild(item);
    });
    var summary = checks.length
      ? ok + (ok > 1 ? " vérifications sur " : " vérification sur ") + checks.length +
        (ok > 1 ? " réussies" : " réussie")
      : result.message || "Aucune vérification";
    this.checksBox.appendChild(
      element("p", {
        class: "hvlab-lab-check-summary " + (allPassed ? "hvlab-lab-check--ok" : "hvlab-lab-check--ko"),
        text: (allPassed ? "✓ " : "✗ ") + summary + (checks.length ? (allPassed ? " : étape réussie !" : ".") : ""),
      }),
    );
    if (checks.length) this.checksBox.appendChild(list);
    this.checksBox.hidden = false;
    if (allPassed) {
      this.lab.markPassed(this.data.id);
    } else {
      this.attempts += 1;
      storageSet(this.key + "attempts", this.attempts);
    }
    this.updateButtons();
    this.announce(summary.replace(/[.]$/, "") + (allPassed ? ". Étape réussie." : "."));
  };

  // ---------------------------------------------------------------- a lab

  function Lab(root) {
    this.root = root;
    this.id = root.dataset.lab;
    this.total = parseInt(root.dataset.steps, 10) || 0;
    this.progress = root.querySelector(".hvlab-lab-progress");
    this.runtimeLine = element("p", { class: "hvlab-lab-runtime" });
    if (this.progress) this.progress.after(this.runtimeLine);
    else root.insertBefore(this.runtimeLine, root.firstChild);
    var self = this;
    this.steps = Array.prototype.map.call(root.querySelectorAll("section.hvlab-lab-step"), function (section) {
      return new Step(self, section);
    });
    this.updateProgress();
  }

  Lab.prototype.passed = function () {
    var list = storageGet(this.id + ":passed", []);
    return Array.isArray(list) ? list : [];
  };

  Lab.prototype.markPassed = function (stepId) {
    var list = this.passed();
    if (list.indexOf(stepId) < 0) {
      list.push(stepId);
      storageSet(this.id + ":passed", list);
    }
    this.steps.forEach(function (step) {
      step.updatePassed();
    });
    this.updateProgress();
  };

  Lab.prototype.updateProgress = function () {
    if (!this.progress) return;
    var done = Math.min(this.passed().length, this.total);
    this.progress.hidden = false;
    this.progress.querySelector(".hvlab-lab-progress-text").textContent =
      "Étapes réussies : " + done + " sur " + this.total;
    var bar = this.progress.querySelector("progress");
    bar.max = this.total || 1;
    bar.value = done;
    bar.setAttribute("aria-label", "Progression du TP");
  };

  // The state of Python, under the progress bar: loading, ready, or why it could not start.
  Lab.prototype.showRuntime = function (text, failed) {
    var line = this.runtimeLine;
    line.textContent = text;
    line.classList.toggle("hvlab-lab-error", failed);
    if (failed) line.setAttribute("role", "alert");
    else line.removeAttribute("role");
  };

  Lab.prototype.refreshButtons = function () {
    this.steps.forEach(function (step) {
      step.updateButtons();
    });
  };

  // ---------------------------------------------------------------- mounting

  var labs = [];

  runtime.on(function (event) {
    labs = labs.filter(function (lab) {
      return lab.root.isConnected;
    });
    if (event.type === "busy" || event.type === "idle") {
      labs.forEach(function (lab) {
        lab.refreshButtons();
      });
    } else if (event.type === "failed") {
      labs.forEach(function (lab) {
        lab.root.dataset.runtime = "failed";
        lab.showRuntime(event.message, true);
      });
    } else if (event.type === "ready") {
      labs.forEach(function (lab) {
        lab.root.dataset.runtime = "ready";
        lab.showRuntime(readyText(event.ms), false);
      });
    } else if (event.type === "status") {
      labs.forEach(function (lab) {
        lab.root.dataset.runtime = "loading";
        lab.showRuntime(event.text, false);
      });
    }
  });

  function readyText(ms) {
    var seconds = (ms / 1000).toLocaleString("fr-FR", { maximumFractionDigits: 1 });
    return "Python est prêt (démarré en " + seconds + " s).";
  }

  function mount() {
    var roots = document.querySelectorAll(".hvlab-lab:not([data-hvlab-mounted])");
    if (!roots.length) return;
    loadEditor(); // in parallel with Python
    Array.prototype.forEach.call(roots, function (root) {
      root.setAttribute("data-hvlab-mounted", "");
      runtime.start(root.dataset.wheel);
      root.dataset.runtime = runtime.state === "ready" ? "ready" : runtime.state === "failed" ? "failed" : "loading";
      var lab = new Lab(root);
      if (runtime.state === "ready") lab.showRuntime(readyText(runtime.readyMs), false);
      else if (runtime.state === "failed") lab.showRuntime(runtime.failure, true);
      else lab.showRuntime("Chargement de Python…", false);
      labs.push(lab);
    });
  }

  // The step `stepId` (id or number) of the lab `labId` on the page: getCode(), setCode(code)…
  function findStep(labId, stepId) {
    for (var i = 0; i < labs.length; i++) {
      if (labs[i].id !== labId || !labs[i].root.isConnected) continue;
      for (var j = 0; j < labs[i].steps.length; j++) {
        var step = labs[i].steps[j];
        if (step.data.id === String(stepId) || step.data.number === Number(stepId)) return step;
      }
    }
    return null;
  }

  window.hvlabLab = { runtime: runtime, mount: mount, step: findStep };

  // Python takes seconds to start: begin now, before the page has finished loading.
  var early = document.querySelector(".hvlab-lab");
  if (early) runtime.start(early.dataset.wheel);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
