// hvlab quizzes in the browser: grading (mirror of hvlab/quiz/grading.py) and the accessible UI.
//
// The page carries one <div class="hvlab-quiz" data-hvlab-quiz="…"> per quiz: the compiled quiz
// as JSON (hvlab/quiz/compile.py) in an attribute, which Material's instant navigation leaves
// alone. Grading keys are not readable in the page source: each is JSON XOR-ed with the quiz's
// key, then base64. This is obfuscation, not security (see the instructor guide).
// Grading rules must stay identical to the Python ones; tests/quiz/vectors.json holds both to it.
(function () {
  "use strict";
  if (window.hvlabQuiz) return;

  var STORAGE_VERSION = 1;
  var RESULTS_FORMAT = "hvlab-quiz-results";
  var NUMBER = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
  var PERCENT = new Intl.NumberFormat("fr-FR", { style: "percent", maximumFractionDigits: 0 });
  var uid = 0;

  // ---------------------------------------------------------------------------------------------
  // Decoding of the grading keys.

  function decodeKey(blob, keyBase64) {
    var key = base64Bytes(keyBase64);
    var data = base64Bytes(blob);
    for (var i = 0; i < data.length; i++) data[i] ^= key[i % key.length];
    return JSON.parse(new TextDecoder("utf-8").decode(data));
  }

  function base64Bytes(text) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // ---------------------------------------------------------------------------------------------
  // Grading: pure functions over a question's key (its YAML fields) and a response.

  function num(value, fallback) {
    return typeof value === "number" && isFinite(value) ? value : fallback;
  }

  function isInt(value) {
    return typeof value === "number" && Math.floor(value) === value && isFinite(value);
  }

  function isBool(value) {
    return value === true || value === false;
  }

  /** Share of the points (0..1) earned by a non-empty `response`, before hint penalties. */
  function fraction(q, response) {
    switch (q.type) {
      case "single":
        return fractionSingle(q, response);
      case "multiple":
        return fractionMultiple(q, response);
      case "true_false":
        return isBool(response) && response === !!q.answer ? 1 : 0;
      case "numeric":
        return numericCorrect(q, response) ? 1 : 0;
      case "text":
        return textCorrect(q, response) ? 1 : 0;
      case "matching":
        return fractionMatching(q, response);
      case "ordering":
        return fractionOrdering(q, response);
      default:
        return 0;
    }
  }

  function fractionSingle(q, response) {
    if (!isInt(response) || response < 0 || response >= q.options.length) return 0;
    return q.options[response].correct === true ? 1 : 0;
  }

  function fractionMultiple(q, response) {
    if (!Array.isArray(response)) return 0;
    var chosen = {};
    for (var i = 0; i < response.length; i++) {
      var r = response[i];
      if (!isInt(r) || r < 0 || r >= q.options.length) return 0;
      chosen[r] = true;
    }
    var right = 0, wrong = 0, rightChosen = 0, wrongChosen = 0;
    q.options.forEach(function (option, index) {
      if (option.correct === true) {
        right += 1;
        if (chosen[index]) rightChosen += 1;
      } else {
        wrong += 1;
        if (chosen[index]) wrongChosen += 1;
      }
    });
    if (!right) return 0;
    return Math.max(0, rightChosen / right - (wrong ? wrongChosen / wrong : 0));
  }

  function fractionMatching(q, response) {
    if (!response || typeof response !== "object" || Array.isArray(response)) return 0;
    var pairs = q.pairs || [];
    if (!pairs.length) return 0;
    var good = 0;
    pairs.forEach(function (pair) {
      if (Object.prototype.hasOwnProperty.call(response, pair.left) && response[pair.left] === pair.right) {
        good += 1;
      }
    });
    return good / pairs.length;
  }

  function fractionOrdering(q, response) {
    var items = q.items || [];
    if (!Array.isArray(response) || !items.length) return 0;
    for (var i = 0; i < response.length; i++) if (typeof response[i] !== "string") return 0;
    var good = 0;
    items.forEach(function (item, index) {
      if (index < response.length && response[index] === item) good += 1;
    });
    if (q.all_or_nothing) return good === items.length && response.length === items.length ? 1 : 0;
    return good / items.length;
  }

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string" || Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  /** Split an envelope {seed, value, hints_used} like grading.unwrap_response. */
  function unwrap(response) {
    if (response && typeof response === "object" && !Array.isArray(response) && "value" in response) {
      var keys = Object.keys(response);
      var envelope = keys.every(function (k) {
        return k === "seed" || k === "value" || k === "hints_used";
      });
      if (envelope) {
        return {
          value: response.value,
          seed: isInt(response.seed) ? response.seed : null,
          hints: isInt(response.hints_used) ? response.hints_used : null,
        };
      }
    }
    return { value: response, seed: null, hints: null };
  }

  function round6(x) {
    return Number(x.toFixed(6));
  }

  /** Grade one bare response against a decoded key: {score, max, correct, fraction}. */
  function gradeKey(q, value, hintsUsed) {
    var points = num(q.points, 1);
    var hints = Math.max(0, Math.min(isInt(hintsUsed) ? hintsUsed : 0, (q.hints || []).length));
    var factor = Math.max(0, 1 - hints * num(q.hint_penalty, 0.25));
    var share = isEmpty(value) ? 0 : fraction(q, value);
    return {
      score: round6(points * share * factor),
      max: points,
      correct: share >= 1 - 1e-9,
      fraction: round6(share),
      hints: hints,
    };
  }

  // Reading of typed answers: mirror of hvlab/quiz/normalize.py.
  var GROUP_SPACES = "[ \\u00a0\\u202f\\u2009\\t]+";
  var SPACE_CHARS = " \u00a0\u202f\u2009\t";
  var NUMBER_START = /^([+\-\u2212]?)\s*(\d[\d \u00a0\u202f\u2009.,]*)([eE][+\-\u2212]?\d+)?/;
  var FLOAT = /^-?\d+(\.\d*)?([eE][+-]?\d+)?$/;
  var APOSTROPHES = /[\u2019\u2018\u02bc\u00b4]/g;

  function strip(text, chars) {
    var start = 0, end = text.length;
    while (start < end && chars.indexOf(text[start]) >= 0) start++;
    while (end > start && chars.indexOf(text[end - 1]) >= 0) end--;
    return text.slice(start, end);
  }

  function count(text, ch) {
    return text.split(ch).length - 1;
  }

  function casefold(text) {
    return text.toLowerCase().replace(/\u00df/g, "ss").replace(/\u03c2/g, "\u03c3");
  }

  function numberFromMatch(match) {
    var body = match[2];
    var groups = strip(body, SPACE_CHARS).split(new RegExp(GROUP_SPACES));
    if (
      groups.length > 1 &&
      !(
        groups[0].length >= 1 &&
        groups[0].length <= 3 &&
        /^\d+$/.test(groups[0]) &&
        groups.slice(1).every(function (g) {
          return /^\d{3}([.,]|$)/.test(g);
        })
      )
    ) {
      return null;
    }
    body = groups.join("");
    if (body.indexOf(",") >= 0 && body.indexOf(".") >= 0) {
      var decimal = body.lastIndexOf(",") > body.lastIndexOf(".") ? "," : ".";
      var thousands = decimal === "," ? "." : ",";
      var at = body.lastIndexOf(decimal);
      var integer = body.slice(0, at);
      var fractionPart = body.slice(at + 1);
      if (fractionPart.indexOf(thousands) >= 0) return null;
      body = integer.split(thousands).join("") + "." + fractionPart;
    } else if (count(body, ",") === 1) {
      body = body.replace(",", ".");
    } else if (count(body, ",") > 1 || count(body, ".") > 1) {
      return null;
    }
    var exponent = (match[3] || "").replace("\u2212", "-");
    var sign = match[1] === "-" || match[1] === "\u2212" ? "-" : "";
    var literal = sign + body + exponent;
    if (!FLOAT.test(literal)) return null;
    var value = parseFloat(literal);
    return isFinite(value) ? value : null;
  }

  /** parse_number: a French (or English) number, or null. */
  function parseNumber(text) {
    if (typeof text !== "string") return null;
    var s = text.trim();
    var match = NUMBER_START.exec(s);
    if (!match || match[0].length !== s.length) return null;
    return numberFromMatch(match);
  }

  function unitFactor(typed, factors) {
    var squeeze = function (s) {
      return s.replace(new RegExp(GROUP_SPACES, "g"), "");
    };
    var squeezed = squeeze(typed);
    var names = Object.keys(factors);
    for (var i = 0; i < names.length; i++) {
      if (squeeze(names[i]) === squeezed) return Number(factors[names[i]]);
    }
    var folded = names.filter(function (name) {
      return casefold(squeeze(name)) === casefold(squeezed);
    });
    return folded.length === 1 ? Number(factors[folded[0]]) : null;
  }

  /** read_quantity: {value, problem}, the value converted to the answer's unit. */
  function readQuantityDetailed(text, unit, units) {
    if (typeof text !== "string") return { value: null, problem: "Un nombre est attendu." };
    var factors = {};
    Object.keys(units || {}).forEach(function (name) {
      factors[name] = units[name];
    });
    if (unit && !Object.prototype.hasOwnProperty.call(factors, unit)) factors[unit] = 1;
    var stripped = strip(text, SPACE_CHARS + "\n\r");
    var match = NUMBER_START.exec(stripped);
    if (!match) return { value: null, problem: "« " + stripped + " » n'est pas un nombre." };
    var value = numberFromMatch(match);
    if (value === null) return { value: null, problem: "« " + stripped + " » n'est pas un nombre lisible." };
    var typedUnit = strip(stripped.slice(match[0].length), SPACE_CHARS);
    if (!typedUnit) return { value: value, problem: "" };
    var factor = unitFactor(typedUnit, factors);
    if (factor === null) {
      var names = Object.keys(factors);
      var hint = names.length
        ? "unités acceptées : " + names.map(function (n) { return "« " + n + " »"; }).join(", ")
        : "donnez le nombre seul";
      return { value: null, problem: "Unité « " + typedUnit + " » non reconnue (" + hint + ")." };
    }
    return { value: value * factor, problem: "" };
  }

  /** read_quantity's value: the typed number in the answer's unit, or null. */
  function readQuantity(text, unit, units) {
    return readQuantityDetailed(text, unit, units).value;
  }

  /** normalize_text: the form under which two text answers are compared. */
  function normaliseText(text, caseSensitive, ignoreAccents) {
    var s = String(text).normalize("NFC").replace(APOSTROPHES, "'");
    s = s.split(/[\s\x1c-\x1f\x85]+/).filter(Boolean).join(" ");
    if (!caseSensitive) s = casefold(s);
    if (ignoreAccents) s = s.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
    return s;
  }

  function tolerance(q, answer) {
    var t = q.tolerance;
    if (typeof t === "string") {
      var percent = parseFloat(t.trim().replace(/%+$/, "").trim().replace(",", "."));
      return (Math.abs(answer) * percent) / 100;
    }
    return num(t, 0);
  }

  function numericCorrect(q, response) {
    if (typeof response !== "string" && typeof response !== "number") return false;
    var value = typeof response === "number" ? response : readQuantity(response, q.unit, q.units);
    if (value === null || !isFinite(value)) return false;
    var answer = Number(q.answer);
    return Math.abs(value - answer) <= tolerance(q, answer) + 1e-9 * Math.max(1, Math.abs(answer));
  }

  function textCorrect(q, response) {
    if (typeof response !== "string") return false;
    var typed = normaliseText(response, q.case_sensitive, q.ignore_accents);
    if (!typed) return false;
    return (q.accept || []).some(function (accepted) {
      return normaliseText(accepted, q.case_sensitive, q.ignore_accents) === typed;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Compiled quizzes.

  function variantOf(question, seed) {
    if (seed === null || seed === undefined) return question.variants[0];
    for (var i = 0; i < question.variants.length; i++) {
      if (question.variants[i].seed === seed) return question.variants[i];
    }
    return null;
  }

  /** Grade a contract-format response against a compiled quiz, like grading.grade_question. */
  function gradeCompiled(quiz, questionId, response, hintsUsed) {
    var question = quiz.questions.filter(function (q) {
      return q.id === questionId;
    })[0];
    if (!question) throw new Error("question inconnue : " + questionId);
    var parts = unwrap(response);
    var hints = parts.hints !== null ? parts.hints : hintsUsed;
    if (question.parametrised && parts.seed === null) {
      return { score: 0, max: question.points, correct: false, fraction: 0, hints: 0 };
    }
    var variant = variantOf(question, question.parametrised ? parts.seed : null);
    if (!variant) throw new Error("variante absente de la page : " + parts.seed);
    return gradeKey(decodeKey(variant.key, quiz.key), parts.value, hints);
  }

  // ---------------------------------------------------------------------------------------------
  // Storage.

  function siteRoot() {
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base || ".", location.href).href;
    } catch (e) {
      return location.origin + "/";
    }
  }

  function storageKey(quizId) {
    return "hvlab-quiz:" + siteRoot() + ":" + quizId;
  }

  function load(quiz) {
    try {
      var raw = localStorage.getItem(storageKey(quiz.id));
      if (!raw) return null;
      var state = JSON.parse(raw);
      if (state.v !== STORAGE_VERSION || state.fingerprint !== quiz.fingerprint) return null;
      return state;
    } catch (e) {
      return null;
    }
  }

  function save(quiz, state) {
    try {
      localStorage.setItem(storageKey(quiz.id), JSON.stringify(state));
    } catch (e) {
      // Storage may be full or disabled (private browsing): the quiz still works for this visit.
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers for the DOM.

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "html") node.innerHTML = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function shuffled(values, random) {
    var copy = values.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(random() * (i + 1));
      var tmp = copy[i];
      copy[i] = copy[j];
      copy[j] = tmp;
    }
    return copy;
  }

  function range(n) {
    var out = [];
    for (var i = 0; i < n; i++) out.push(i);
    return out;
  }

  function moveButton(text, step, itemText) {
    return el("button", {
      type: "button",
      class: "hvlab-q__move",
      "data-move": String(step),
      text: text,
      "aria-label": text + " « " + itemText + " »",
    });
  }

  function fr(x) {
    return NUMBER.format(x);
  }

  function pointsText(x) {
    return fr(x) + (Math.abs(x) <= 1 ? " point" : " points");
  }

  function sameList(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // One mounted quiz.

  function Quiz(root, data) {
    this.root = root;
    this.data = data;
    this.prefix = "hq" + ++uid;
    this.keys = {};
    this.views = {};
    this.state = load(data) || this.freshState(null);
    this.render();
  }

  Quiz.prototype.freshState = function (previous) {
    var data = this.data;
    var random = Math.random;
    var state = {
      v: STORAGE_VERSION,
      fingerprint: data.fingerprint,
      student: previous ? previous.student : "",
      order: data.shuffle ? shuffled(range(data.questions.length), random) : range(data.questions.length),
      variant: {},
      optionOrder: {},
      answers: {},
      results: {},
      hints: {},
    };
    data.questions.forEach(function (question) {
      var count = question.variants.length;
      var index = Math.floor(random() * count);
      var before = previous && previous.variant ? previous.variant[question.id] : undefined;
      if (count > 1 && index === before) index = (index + 1 + Math.floor(random() * (count - 1))) % count;
      state.variant[question.id] = index;
      var variant = question.variants[index];
      var size = (variant.options || variant.left || []).length;
      state.optionOrder[question.id] = question.shuffle_options ? shuffled(range(size), random) : range(size);
      if (question.type === "ordering") {
        state.answers[question.id] = this.startOrder(question, variant, random);
      }
    }, this);
    return state;
  };

  Quiz.prototype.startOrder = function (question, variant, random) {
    var texts = variant.items.map(function (item) {
      return item.text;
    });
    var right = decodeKey(variant.key, this.data.key).items;
    var order = question.shuffle_options ? shuffled(texts, random) : texts;
    for (var tries = 0; tries < 10 && texts.length > 1 && sameList(order, right); tries++) {
      order = shuffled(texts, random);
    }
    return order;
  };

  Quiz.prototype.variant = function (question) {
    return question.variants[this.state.variant[question.id] || 0] || question.variants[0];
  };

  Quiz.prototype.key = function (question) {
    var variant = this.variant(question);
    var cacheKey = question.id + "#" + variant.seed;
    if (!this.keys[cacheKey]) this.keys[cacheKey] = decodeKey(variant.key, this.data.key);
    return this.keys[cacheKey];
  };

  Quiz.prototype.totals = function () {
    var score = 0, max = 0, validated = 0;
    var results = this.state.results;
    this.data.questions.forEach(function (question) {
      max += question.points;
      if (results[question.id]) {
        score += results[question.id].score;
        validated += 1;
      }
    });
    return { score: round6(score), max: round6(max), validated: validated };
  };

  Quiz.prototype.persist = function () {
    save(this.data, this.state);
  };

  Quiz.prototype.render = function () {
    var data = this.data;
    var self = this;
    this.root.textContent = "";
    this.views = {};
    var titleId = this.prefix + "-title";
    var section = el("section", { class: "hvlab-quiz__body", "aria-labelledby": titleId });
    section.appendChild(el("p", { class: "hvlab-quiz__title", id: titleId, text: "Quiz : " + data.title }));
    if (data.description) section.appendChild(el("div", { class: "hvlab-quiz__description", html: data.description }));
    this.scoreLine = el("p", { class: "hvlab-quiz__score" });
    this.progressLine = el("p", { class: "hvlab-quiz__progress" });
    section.appendChild(el("div", { class: "hvlab-quiz__summary" }, [this.scoreLine, this.progressLine]));
    this.live = el("p", { class: "hvlab-quiz__live", "aria-live": "polite", role: "status" });
    var list = el("div", { class: "hvlab-quiz__questions" });
    this.state.order.forEach(function (index, position) {
      var question = data.questions[index];
      if (question) list.appendChild(self.renderQuestion(question, position + 1));
    });
    section.appendChild(list);
    section.appendChild(this.renderFooter());
    section.appendChild(this.live);
    this.root.appendChild(section);
    this.updateSummary();
  };

  Quiz.prototype.renderQuestion = function (question, number) {
    var self = this;
    var variant = this.variant(question);
    var id = this.prefix + "-" + question.id.replace(/[^A-Za-z0-9_-]/g, "_");
    var view = { question: question, id: id, inputs: [] };
    this.views[question.id] = view;
    var fieldset = el("fieldset", {
      class: "hvlab-q hvlab-q--" + question.type,
      id: id,
      "data-question": question.id,
      "data-seed": question.parametrised ? String(variant.seed) : null,
    });
    var legend = el("legend", { class: "hvlab-q__legend" });
    legend.appendChild(el("span", { class: "hvlab-q__number", text: "Question " + number }));
    legend.appendChild(el("span", { class: "hvlab-q__points", text: " (" + pointsText(question.points) + ")" }));
    if (variant.prompt_inline !== null && variant.prompt_inline !== undefined) {
      legend.appendChild(document.createTextNode(" "));
      legend.appendChild(el("span", { class: "hvlab-q__prompt", html: variant.prompt_inline }));
      fieldset.appendChild(legend);
    } else {
      fieldset.appendChild(legend);
      fieldset.appendChild(el("div", { class: "hvlab-q__prompt", id: id + "-prompt", html: variant.prompt }));
      fieldset.setAttribute("aria-describedby", id + "-prompt");
    }
    view.hints = el("div", { class: "hvlab-q__hints", "aria-live": "polite" });
    fieldset.appendChild(view.hints);
    var body = el("div", { class: "hvlab-q__answer" });
    fieldset.appendChild(body);
    var renderers = {
      single: this.renderChoices,
      true_false: this.renderChoices,
      multiple: this.renderChoices,
      numeric: this.renderInput,
      text: this.renderInput,
      matching: this.renderMatching,
      ordering: this.renderOrdering,
    };
    (renderers[question.type] || function () {}).call(this, view, body, variant);

    view.message = el("p", { class: "hvlab-q__message", id: id + "-message", "aria-live": "polite" });
    var actions = el("div", { class: "hvlab-q__actions" });
    view.validate = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-q__validate",
      text: "Valider",
      onclick: function () {
        self.validate(question);
      },
    });
    actions.appendChild(view.validate);
    if (question.hint_count > 0) {
      var penaltyId = id + "-penalty";
      view.hint = el("button", {
        type: "button",
        class: "md-button hvlab-q__hint",
        text: "Indice",
        "aria-describedby": penaltyId,
        onclick: function () {
          self.showHint(question);
        },
      });
      actions.appendChild(view.hint);
      actions.appendChild(el("span", { class: "hvlab-q__penalty", id: penaltyId }));
      view.penalty = actions.lastChild;
    }
    fieldset.appendChild(actions);
    fieldset.appendChild(view.message);
    view.feedback = el("div", { class: "hvlab-q__feedback", id: id + "-feedback", tabindex: "-1", hidden: true });
    fieldset.appendChild(view.feedback);
    view.fieldset = fieldset;
    this.restoreHints(question);
    if (this.state.results[question.id]) this.showResult(question, false);
    return fieldset;
  };

  Quiz.prototype.renderChoices = function (view, body, variant) {
    var self = this;
    var question = view.question;
    var multiple = question.type === "multiple";
    var options = variant.options;
    var order = question.type === "true_false" ? range(options.length) : this.state.optionOrder[question.id];
    var saved = this.state.answers[question.id];
    var list = el("ul", { class: "hvlab-q__options" });
    view.options = {};
    order.forEach(function (index) {
      var option = options[index];
      if (!option) return;
      var inputId = view.id + "-o" + index;
      var value = question.type === "true_false" ? option.value : option.index;
      var checked = multiple ? Array.isArray(saved) && saved.indexOf(value) >= 0 : saved === value;
      var input = el("input", {
        type: multiple ? "checkbox" : "radio",
        name: view.id,
        id: inputId,
        value: String(index),
        checked: checked,
        onchange: function () {
          self.readChoices(question);
        },
      });
      input.hvlabValue = value;
      view.inputs.push(input);
      var item = el("li", { class: "hvlab-q__option" }, [
        input,
        el("label", { for: inputId, html: option.html }),
      ]);
      view.options[index] = item;
      list.appendChild(item);
    });
    body.appendChild(list);
  };

  Quiz.prototype.readChoices = function (question) {
    var view = this.views[question.id];
    if (question.type === "multiple") {
      var chosen = view.inputs
        .filter(function (input) {
          return input.checked;
        })
        .map(function (input) {
          return input.hvlabValue;
        })
        .sort(function (a, b) {
          return a - b;
        });
      this.state.answers[question.id] = chosen;
    } else {
      var picked = view.inputs.filter(function (input) {
        return input.checked;
      })[0];
      if (picked) this.state.answers[question.id] = picked.hvlabValue;
    }
    this.persist();
  };

  Quiz.prototype.renderInput = function (view, body, variant) {
    var self = this;
    var question = view.question;
    var inputId = view.id + "-input";
    var numeric = question.type === "numeric";
    var label = "Votre réponse";
    if (numeric) label += " (un nombre" + (variant.unit ? ", en " + variant.unit : "") + ")";
    var saved = this.state.answers[question.id];
    var input = el("input", {
      type: "text",
      id: inputId,
      class: "hvlab-q__input",
      inputmode: numeric ? "decimal" : null,
      autocomplete: "off",
      autocapitalize: "off",
      spellcheck: "false",
      "aria-describedby": view.id + "-message",
      oninput: function () {
        self.state.answers[question.id] = input.value;
        self.persist();
      },
      onkeydown: function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          self.validate(question);
        }
      },
    });
    if (typeof saved === "string") input.value = saved;
    view.inputs.push(input);
    var row = el("div", { class: "hvlab-q__field" }, [el("label", { for: inputId, text: label }), input]);
    if (numeric && variant.unit) {
      row.appendChild(el("span", { class: "hvlab-q__unit", "aria-hidden": "true", text: variant.unit }));
    }
    body.appendChild(row);
  };

  Quiz.prototype.renderMatching = function (view, body, variant) {
    var self = this;
    var question = view.question;
    var saved = this.state.answers[question.id] || {};
    var list = el("ul", { class: "hvlab-q__pairs" });
    view.rows = {};
    this.state.optionOrder[question.id].forEach(function (index) {
      var left = variant.left[index];
      if (!left) return;
      var selectId = view.id + "-m" + index;
      var select = el("select", {
        id: selectId,
        onchange: function () {
          var answers = self.state.answers[question.id] || {};
          if (select.value === "") delete answers[left.text];
          else answers[left.text] = variant.right[Number(select.value)].text;
          self.state.answers[question.id] = answers;
          self.persist();
        },
      });
      select.appendChild(el("option", { value: "", text: "— Choisir —" }));
      variant.right.forEach(function (right, r) {
        var selected = saved[left.text] === right.text;
        select.appendChild(el("option", { value: String(r), text: right.text, selected: selected }));
      });
      view.inputs.push(select);
      var row = el("li", { class: "hvlab-q__pair" }, [el("label", { for: selectId, html: left.html }), select]);
      view.rows[left.text] = row;
      list.appendChild(row);
    });
    body.appendChild(list);
  };

  Quiz.prototype.renderOrdering = function (view, body, variant) {
    var self = this;
    var question = view.question;
    var byText = {};
    variant.items.forEach(function (item) {
      byText[item.text] = item;
    });
    var help = el("p", {
      class: "hvlab-q__help",
      id: view.id + "-help",
      text: "Rangez les éléments avec les boutons « Monter » et « Descendre ».",
    });
    var list = el("ol", { class: "hvlab-q__order", "aria-describedby": view.id + "-help" });
    view.list = list;
    view.items = {};
    (this.state.answers[question.id] || []).forEach(function (text) {
      var item = byText[text];
      if (!item) return;
      var up = moveButton("Monter", -1, item.text);
      var down = moveButton("Descendre", 1, item.text);
      var li = el("li", { class: "hvlab-q__item" }, [
        el("span", { class: "hvlab-q__item-text", html: item.html }),
        el("span", { class: "hvlab-q__moves" }, [up, down]),
      ]);
      [up, down].forEach(function (button) {
        button.addEventListener("click", function () {
          self.move(question, text, Number(button.getAttribute("data-move")), button);
        });
        view.inputs.push(button);
      });
      li.hvlabText = text;
      view.items[text] = li;
      list.appendChild(li);
    });
    body.appendChild(help);
    body.appendChild(list);
    this.updateMoves(view);
  };

  Quiz.prototype.updateMoves = function (view) {
    var items = Array.prototype.slice.call(view.list.children);
    var locked = !!this.state.results[view.question.id];
    items.forEach(function (li, position) {
      var buttons = li.querySelectorAll("button");
      buttons[0].disabled = locked || position === 0;
      buttons[1].disabled = locked || position === items.length - 1;
    });
  };

  Quiz.prototype.move = function (question, text, step, button) {
    var view = this.views[question.id];
    var order = (this.state.answers[question.id] || []).slice();
    var from = order.indexOf(text);
    var to = from + step;
    if (from < 0 || to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, text);
    this.state.answers[question.id] = order;
    this.persist();
    var li = view.items[text];
    if (step < 0) view.list.insertBefore(li, li.previousElementSibling);
    else view.list.insertBefore(li, li.nextElementSibling ? li.nextElementSibling.nextElementSibling : null);
    this.updateMoves(view);
    var buttons = li.querySelectorAll("button");
    var target = button.disabled ? (button === buttons[0] ? buttons[1] : buttons[0]) : button;
    target.focus();
    this.announce("« " + text + " » est maintenant en position " + (to + 1) + " sur " + order.length + ".");
  };

  Quiz.prototype.renderFooter = function () {
    var self = this;
    var footer = el("div", { class: "hvlab-quiz__footer" });
    var nameId = this.prefix + "-student";
    var name = el("input", {
      type: "text",
      id: nameId,
      class: "hvlab-quiz__student",
      autocomplete: "name",
      oninput: function () {
        self.state.student = name.value;
        self.persist();
      },
    });
    name.value = this.state.student || "";
    var nameLabel = "Votre nom (facultatif, écrit dans le fichier de résultats)";
    footer.appendChild(el("div", { class: "hvlab-q__field" }, [el("label", { for: nameId, text: nameLabel }), name]));
    footer.appendChild(
      el("div", { class: "hvlab-quiz__actions" }, [
        el("button", {
          type: "button",
          class: "md-button hvlab-quiz__download",
          text: "Télécharger mes résultats",
          onclick: function () {
            self.download();
          },
        }),
        (this.restartButton = el("button", {
          type: "button",
          class: "md-button hvlab-quiz__restart",
          text: "Recommencer",
          onclick: function () {
            self.askRestart();
          },
        })),
      ])
    );
    footer.appendChild(this.renderConfirm());
    return footer;
  };

  Quiz.prototype.response = function (question) {
    var view = this.views[question.id];
    var value = this.state.answers[question.id];
    if (question.type === "numeric" || question.type === "text") {
      value = view.inputs[0].value;
      this.state.answers[question.id] = value;
    }
    return value;
  };

  Quiz.prototype.missing = function (question, value) {
    switch (question.type) {
      case "single":
      case "true_false":
        return value === undefined || value === null ? "Choisissez une réponse avant de valider." : "";
      case "multiple":
        return !Array.isArray(value) || !value.length ? "Cochez au moins une réponse avant de valider." : "";
      case "numeric":
        if (typeof value !== "string" || !value.trim()) return "Écrivez un nombre avant de valider.";
        var key = this.key(question);
        var problem = readQuantityDetailed(value, key.unit, key.units).problem;
        return problem ? problem + " Écrivez par exemple 7,5" + (key.unit ? " ou 7,5 " + key.unit : "") + "." : "";
      case "text":
        return typeof value !== "string" || !value.trim() ? "Écrivez une réponse avant de valider." : "";
      case "matching":
        var count = Object.keys(value || {}).length;
        return count < this.variant(question).left.length ? "Associez chaque élément avant de valider." : "";
      default:
        return "";
    }
  };

  Quiz.prototype.validate = function (question) {
    if (this.state.results[question.id]) return;
    var view = this.views[question.id];
    var value = this.response(question);
    var problem = this.missing(question, value);
    view.message.textContent = problem;
    if (problem) {
      var first = view.inputs.filter(function (input) {
        return !input.disabled;
      })[0];
      if (first && question.type !== "ordering") first.focus();
      return;
    }
    var result = gradeKey(this.key(question), value, this.state.hints[question.id] || 0);
    this.state.results[question.id] = {
      score: result.score,
      max: result.max,
      correct: result.correct,
      fraction: result.fraction,
    };
    this.persist();
    this.showResult(question, true);
    this.updateSummary();
    var totals = this.totals();
    var points = fr(result.score) + " / " + pointsText(result.max);
    this.announce(verdict(result) + " " + points + ". " + scoreText(totals) + ".");
  };

  function verdict(result) {
    if (result.correct) return "Bonne réponse !";
    if (result.fraction > 0) return "Réponse en partie juste.";
    return "Réponse fausse.";
  }

  function scoreText(totals) {
    return "Score : " + fr(totals.score) + " / " + fr(totals.max);
  }

  Quiz.prototype.showResult = function (question, focus) {
    var view = this.views[question.id];
    var result = this.state.results[question.id];
    var key = this.key(question);
    var value = this.state.answers[question.id];
    view.inputs.forEach(function (input) {
      input.disabled = true;
    });
    view.validate.hidden = true;
    if (view.hint) {
      view.hint.hidden = true;
      view.penalty.hidden = true;
    }
    view.message.textContent = "";
    var outcome = result.correct ? "right" : result.fraction > 0 ? "partial" : "wrong";
    view.fieldset.classList.add("hvlab-q--" + outcome);
    this.markAnswer(question, view, key, value);
    var feedback = view.feedback;
    feedback.textContent = "";
    var hints = this.state.hints[question.id] || 0;
    var detail = fr(result.score) + " / " + pointsText(result.max);
    if (hints) detail += " (" + hints + (hints > 1 ? " indices utilisés" : " indice utilisé") + ")";
    feedback.appendChild(
      el("p", { class: "hvlab-q__verdict" }, [el("strong", { text: verdict(result) }), " " + detail + "."])
    );
    var expected = this.expectedText(question, key);
    if (expected && !result.correct) feedback.appendChild(expected);
    if (key.explanation_html) {
      feedback.appendChild(el("div", { class: "hvlab-q__explanation", html: key.explanation_html }));
    }
    feedback.hidden = false;
    if (focus) feedback.focus();
  };

  Quiz.prototype.markAnswer = function (question, view, key, value) {
    if (question.type === "single" || question.type === "multiple") {
      var chosen = question.type === "multiple" ? value || [] : [value];
      Object.keys(view.options).forEach(function (index) {
        var i = Number(index);
        var option = key.options[i];
        var item = view.options[index];
        var picked = chosen.indexOf(i) >= 0;
        var text = "";
        if (picked && option.correct) text = "✓ Bonne réponse";
        else if (picked) text = "✗ Mauvaise réponse";
        else if (option.correct && question.type === "multiple") text = "Il fallait cocher cette réponse";
        else if (option.correct) text = "La bonne réponse";
        var state = option.correct ? "right" : picked ? "wrong" : "";
        if (state) item.classList.add("hvlab-q__option--" + state);
        if (text) item.appendChild(el("span", { class: "hvlab-q__mark", text: text }));
        if ((picked || option.correct) && option.feedback_html) {
          item.appendChild(el("div", { class: "hvlab-q__option-feedback", html: option.feedback_html }));
        }
      });
    } else if (question.type === "true_false") {
      Object.keys(view.options).forEach(function (index) {
        var item = view.options[index];
        var truth = index === "0";
        if (truth === key.answer) {
          item.classList.add("hvlab-q__option--right");
          var mark = value === truth ? "✓ Bonne réponse" : "La bonne réponse";
          item.appendChild(el("span", { class: "hvlab-q__mark", text: mark }));
        } else if (value === truth) {
          item.classList.add("hvlab-q__option--wrong");
          item.appendChild(el("span", { class: "hvlab-q__mark", text: "✗ Mauvaise réponse" }));
        }
      });
    } else if (question.type === "matching") {
      (key.pairs || []).forEach(function (pair) {
        var row = view.rows[pair.left];
        if (!row) return;
        var good = value && value[pair.left] === pair.right;
        row.classList.add(good ? "hvlab-q__option--right" : "hvlab-q__option--wrong");
        var mark = good ? "✓ Juste" : "✗ Attendu : " + pair.right;
        row.appendChild(el("span", { class: "hvlab-q__mark", text: mark }));
      });
    } else if (question.type === "ordering") {
      (value || []).forEach(function (text, position) {
        var li = view.items[text];
        if (!li) return;
        var good = key.items[position] === text;
        li.classList.add(good ? "hvlab-q__option--right" : "hvlab-q__option--wrong");
        li.appendChild(el("span", { class: "hvlab-q__mark", text: good ? "✓ Bien placé" : "✗ Mal placé" }));
      });
      this.updateMoves(view);
    }
  };

  Quiz.prototype.expectedText = function (question, key) {
    if (question.type === "numeric") {
      var t = key.tolerance;
      var text = "Réponse attendue : " + fr(Number(key.answer)) + (key.unit ? " " + key.unit : "");
      if (typeof t === "string") text += " (à " + t.replace(".", ",").replace(/\s*%$/, " %") + " près)";
      else if (t) text += " (à " + fr(t) + (key.unit ? " " + key.unit : "") + " près)";
      return el("p", { class: "hvlab-q__expected", text: text + "." });
    }
    if (question.type === "text") {
      var accepted = (key.accept || [""])[0];
      return el("p", { class: "hvlab-q__expected", text: "Réponse attendue : « " + accepted + " »." });
    }
    if (question.type === "ordering") {
      var list = el("ol", {});
      (key.items_html || key.items).forEach(function (html) {
        list.appendChild(el("li", { html: html }));
      });
      return el("div", { class: "hvlab-q__expected" }, [el("p", { text: "Ordre attendu :" }), list]);
    }
    return null;
  };

  Quiz.prototype.restoreHints = function (question) {
    var count = this.state.hints[question.id] || 0;
    for (var i = 0; i < count; i++) this.appendHint(question, i);
    this.updateHintButton(question);
  };

  Quiz.prototype.appendHint = function (question, index) {
    var view = this.views[question.id];
    var key = this.key(question);
    var html = (key.hints_html || key.hints || [])[index];
    if (html === undefined) return;
    var hint = el("div", { class: "hvlab-q__hint-text", tabindex: "-1" }, [
      el("strong", { text: "Indice " + (index + 1) + " : " }),
      el("span", { html: html }),
    ]);
    view.hints.appendChild(hint);
    return hint;
  };

  Quiz.prototype.updateHintButton = function (question) {
    var view = this.views[question.id];
    if (!view.hint) return;
    var used = this.state.hints[question.id] || 0;
    var left = question.hint_count - used;
    var penalty = Number(this.key(question).hint_penalty || 0);
    var cost = penalty
      ? "Chaque indice coûte " + PERCENT.format(penalty) + " des points de la question. "
      : "Les indices ne coûtent aucun point. ";
    var remaining = left > 1 ? left + " indices restants." : "1 indice restant.";
    view.penalty.textContent = left > 0 ? cost + remaining : "Plus d'indice disponible.";
    view.hint.disabled = left <= 0;
  };

  Quiz.prototype.showHint = function (question) {
    if (this.state.results[question.id]) return;
    var used = this.state.hints[question.id] || 0;
    if (used >= question.hint_count) return;
    this.state.hints[question.id] = used + 1;
    this.persist();
    var hint = this.appendHint(question, used);
    this.updateHintButton(question);
    // The button is disabled after the last hint: the focus goes to the hint, just before the
    // answer fields, instead of being lost.
    if (hint && this.views[question.id].hint.disabled) hint.focus();
  };

  Quiz.prototype.updateSummary = function () {
    var totals = this.totals();
    this.scoreLine.textContent = scoreText(totals);
    var count = this.data.questions.length;
    var plural = totals.validated > 1 ? "s" : "";
    var progress = totals.validated + " question" + plural + " validée" + plural + " sur " + count + ".";
    var passMark = this.data.pass_mark;
    if (totals.validated === count && passMark !== null && passMark !== undefined && totals.max > 0) {
      var share = totals.score / totals.max;
      var passed = share >= passMark - 1e-9 ? ", réussi" : ", pas encore réussi";
      progress += " Quiz terminé : " + PERCENT.format(share) + passed + " (seuil : " + PERCENT.format(passMark) + ").";
    } else if (totals.validated === count) {
      progress += " Quiz terminé.";
    }
    this.progressLine.textContent = progress;
  };

  Quiz.prototype.announce = function (text) {
    var live = this.live;
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  };

  /** The inline confirmation of « Recommencer » (no modal dialog; Escape cancels). */
  Quiz.prototype.renderConfirm = function () {
    var self = this;
    var textId = this.prefix + "-confirm";
    var cancel = function () {
      self.confirmBox.hidden = true;
      self.restartButton.focus();
    };
    this.confirmYes = el("button", {
      type: "button",
      class: "md-button md-button--primary hvlab-quiz__confirm-yes",
      text: "Oui, tout effacer",
      onclick: function () {
        self.restart();
      },
    });
    this.confirmBox = el(
      "div",
      {
        class: "hvlab-quiz__confirm",
        role: "group",
        "aria-labelledby": textId,
        hidden: true,
        onkeydown: function (event) {
          if (event.key === "Escape") {
            event.preventDefault();
            cancel();
          }
        },
      },
      [
        el("p", { id: textId, text: "Effacer toutes vos réponses de ce quiz et recommencer ?" }),
        el("div", { class: "hvlab-quiz__actions" }, [
          this.confirmYes,
          el("button", { type: "button", class: "md-button", text: "Annuler", onclick: cancel }),
        ]),
      ]
    );
    return this.confirmBox;
  };

  Quiz.prototype.hasProgress = function () {
    var state = this.state;
    var typed = this.data.questions.some(function (question) {
      return question.type !== "ordering" && !isEmpty(state.answers[question.id]);
    });
    return typed || Object.keys(state.results).length > 0 || Object.keys(state.hints).length > 0;
  };

  Quiz.prototype.askRestart = function () {
    if (!this.hasProgress()) {
      this.restart();
      return;
    }
    this.confirmBox.hidden = false;
    this.confirmYes.focus();
  };

  Quiz.prototype.restart = function () {
    this.keys = {};
    this.state = this.freshState(this.state);
    this.persist();
    this.render();
    var first = this.root.querySelector(".hvlab-q input, .hvlab-q select, .hvlab-q button");
    if (first) first.focus();
    this.announce("Le quiz est remis à zéro. " + scoreText(this.totals()) + ".");
  };

  /** The results file of the contract (format hvlab-quiz-results, version 1). */
  Quiz.prototype.results = function () {
    var self = this;
    var totals = this.totals();
    var questions = this.data.questions.map(function (question) {
      var result = self.state.results[question.id];
      var variant = self.variant(question);
      var value = self.state.answers[question.id];
      var response = result && value !== undefined ? value : null;
      if (response !== null && question.parametrised) response = { seed: variant.seed, value: response };
      return {
        id: question.id,
        score: result ? result.score : 0,
        max: question.points,
        correct: result ? result.correct : false,
        response: response,
        seed: question.parametrised ? variant.seed : null,
        hints_used: self.state.hints[question.id] || 0,
      };
    });
    return {
      format: RESULTS_FORMAT,
      version: 1,
      quiz: this.data.id,
      title: this.data.title,
      student: (this.state.student || "").trim(),
      date: new Date().toISOString(),
      score: totals.score,
      max: totals.max,
      questions: questions,
    };
  };

  Quiz.prototype.download = function () {
    var results = this.results();
    var blob = new Blob([JSON.stringify(results, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var slug = results.student
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    var name = "resultats-" + this.data.id + (slug ? "-" + slug : "") + ".json";
    var link = el("a", { href: url, download: name, hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
    this.announce("Fichier de résultats téléchargé : " + scoreText(results) + ".");
  };

  // ---------------------------------------------------------------------------------------------
  // Mounting, including after Material's instant navigation.

  function mountAll() {
    var roots = document.querySelectorAll(".hvlab-quiz:not([data-hvlab-mounted])");
    Array.prototype.forEach.call(roots, function (root) {
      root.setAttribute("data-hvlab-mounted", "");
      var source = root.getAttribute("data-hvlab-quiz");
      if (!source) return;
      try {
        var data = JSON.parse(source);
        root.hvlabQuiz = new Quiz(root, data);
      } catch (error) {
        var message = "Ce quiz n'a pas pu être affiché : " + error.message;
        root.appendChild(el("p", { class: "hvlab-quiz__broken", role: "alert", text: message }));
        throw error;
      }
    });
  }

  window.hvlabQuiz = {
    decodeKey: decodeKey,
    gradeKey: gradeKey,
    gradeCompiled: gradeCompiled,
    parseNumber: parseNumber,
    readQuantity: readQuantity,
    readQuantityDetailed: readQuantityDetailed,
    normaliseText: normaliseText,
    mountAll: mountAll,
  };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(mountAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll);
  } else {
    mountAll();
  }
})();
