// Self-hosted Mermaid, loaded only on pages that draw a diagram.
//
// Material for MkDocs fetches Mermaid from a CDN unless a global `mermaid` already exists. This
// stand-in is that global: Material calls `initialize` (remembered) then `render`, which loads
// the real library (5 MB) from this site on first use and hands the call over to it.
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined") return;
  var url = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  var settings = null;
  var loading = null;

  // Mermaid 12 draws in its new "neo" look by default (globally and per diagram type) and gives
  // subgraphs and sequence actors pastel fills from a palette (data-color-id) that outrank the
  // theme's colours: in the dark palette, light text lands on light boxes. Use the "classic" look
  // the theme styles, and give clusters and actors back the theme's colours.
  var DIAGRAMS = ["flowchart", "sequence", "state", "class", "er", "requirement", "swimlane"];
  var THEME_COLOURS =
    ".cluster[data-color-id] rect,.cluster[data-color-id] path{" +
    "fill:var(--md-default-fg-color--lightest)!important;" +
    "stroke:var(--md-default-fg-color--lighter)!important}" +
    "rect.actor,.actor rect,[data-color-id] rect.actor{" +
    "fill:var(--md-mermaid-sequence-actor-bg-color)!important;" +
    "stroke:var(--md-mermaid-sequence-actor-border-color)!important}" +
    "marker[id$=arrowhead] path,marker[id$=crosshead] path{" +
    "fill:var(--md-mermaid-sequence-message-line-color)!important;" +
    "stroke:var(--md-mermaid-sequence-message-line-color)!important}";

  function classicLook(options) {
    var config = Object.assign({}, options, { look: "classic" });
    DIAGRAMS.forEach(function (name) {
      config[name] = Object.assign({}, options[name] || {}, { look: "classic" });
    });
    config.themeCSS = (options.themeCSS || "") + THEME_COLOURS;
    return config;
  }

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () {
          var real = window.mermaid;
          real.initialize(classicLook(settings || {}));
          resolve(real);
        };
        script.onerror = function () {
          loading = null;
          reject(new Error("Impossible de charger Mermaid depuis " + url));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  window.mermaid = {
    initialize: function (options) {
      settings = options;
    },
    render: function (id, text, container) {
      return load().then(function (real) {
        return real.render(id, text, container);
      });
    },
    run: function (options) {
      return load().then(function (real) {
        return real.run(options);
      });
    },
    load: load,
  };
})();
