// Self-hosted Mermaid, loaded only on pages that draw a diagram.
//
// Material for MkDocs fetches Mermaid from a CDN unless a global `mermaid` already exists. This
// stand-in is that global: Material calls `initialize` (remembered) then `render`, which loads
// the real library (5 MB) from this site on first use and hands the call over to it.
//
// Every diagram it renders (in a chapter, or shown by a lab) comes back sized for reading:
// Mermaid draws an SVG 100 % wide, scaled down to fit the column, so on a phone (or in a narrow
// box) a wide diagram's text shrank to 3–5 px. Here a diagram is as wide as the column up to its
// natural width, and is never scaled so far that its smallest text falls under MIN_TEXT_PX (the
// SVG is measured off-screen before it is handed back): a wider diagram scrolls sideways in its
// box (hvlab.css, lab.css). Gantt charts, which Mermaid draws as wide as the page they are
// rendered in with 10-px dates, get a fixed width and larger text.
(function () {
  "use strict";
  if (typeof window.mermaid !== "undefined") return;
  var url = new URL("../vendor/mermaid/mermaid.min.js", document.currentScript.src).href;
  var settings = null;
  var loading = null;
  var MIN_TEXT_PX = 11;
  // Mermaid wraps a flowchart box's text at 200 px. A diagram of one column of boxes then came
  // out under 200 px wide and twice as tall, its lines cut again where the author had not cut
  // them (« Hyperviseur L0 : Workstation, / Hyper-V, KVM… »). Such a narrow diagram is drawn once
  // more with boxes wrapping at WIDE_WRAP_PX, which still fits a phone's column (358 px).
  var NARROW_PX = 240;
  var WIDE_WRAP_PX = 320;
  var GANTT = { useWidth: 680, fontSize: 14, sectionFontSize: 14, barHeight: 24 };

  // Mermaid 12 draws in its new "neo" look by default (globally and per diagram type) and gives
  // subgraphs and sequence actors pastel fills from a palette (data-color-id) that outrank the
  // theme's colours: in the dark palette, light text lands on light boxes. Use the "classic" look
  // the theme styles, and give clusters and actors back the theme's colours. A box the author
  // coloured (`style X fill:…,color:#000`, classDef) keeps its text colour: the theme colours the
  // paragraph inside a box's label, which showed light text on the author's light fill in the dark
  // palette; the paragraph now takes the label's colour (the theme's, unless the author gave one).
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
    "stroke:var(--md-mermaid-sequence-message-line-color)!important}" +
    ".tick text{font-size:14px}" +
    ".node .nodeLabel p{color:inherit}";

  function classicLook(options) {
    var config = Object.assign({}, options, { look: "classic" });
    DIAGRAMS.forEach(function (name) {
      config[name] = Object.assign({}, options[name] || {}, { look: "classic" });
    });
    config.gantt = Object.assign({}, options.gantt || {}, GANTT);
    config.themeCSS = (options.themeCSS || "") + THEME_COLOURS;
    return config;
  }

  // The font size (px) of the smallest text of the SVG text `svg`, drawn off-screen at its
  // natural size; null when it has no text or cannot be measured.
  function smallestText(svg) {
    if (!document.body) return null;
    var box = document.createElement("div");
    box.setAttribute("aria-hidden", "true");
    box.style.cssText = "position:absolute;left:-100000px;top:0;visibility:hidden;";
    box.innerHTML = svg;
    document.body.appendChild(box);
    var smallest = Infinity;
    try {
      box.querySelectorAll("text, foreignObject *").forEach(function (node) {
        var own = Array.prototype.some.call(node.childNodes, function (child) {
          return child.nodeType === 3 && child.textContent.trim();
        });
        var size = parseFloat(getComputedStyle(node).fontSize);
        if (own && size > 0) smallest = Math.min(smallest, size);
      });
    } finally {
      box.remove();
    }
    return smallest === Infinity ? null : smallest;
  }

  // [r, g, b, alpha] of the CSS colour `css` as getComputedStyle writes it, or null.
  function rgba(css) {
    var match = /^rgba?\(([^)]+)\)$/.exec(String(css).trim());
    if (!match) return null;
    var parts = match[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }

  // The relative luminance (WCAG 2) of [r, g, b].
  function luminance(rgb) {
    var linear = rgb.slice(0, 3).map(function (channel) {
      var c = channel / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  }

  // The SVG text `svg` where the text of a box the author filled (`style X fill:…`, classDef)
  // without giving the text a colour is black or white, whichever stands out more from the fill.
  // Such text kept the theme's colour, light in the dark palette, on the author's light fill
  // (the network diagrams' uplinks, hvlab.sim's classDef upActive). The choice depends on the
  // fill only, so it holds in both palettes.
  function readableBoxes(svg) {
    var end = svg.indexOf("</style>");
    if (!document.body || end < 0 || !window.CSS || !CSS.escape) return svg;
    var box = document.createElement("div");
    box.setAttribute("aria-hidden", "true");
    box.style.cssText = "position:absolute;left:-100000px;top:0;visibility:hidden;";
    box.innerHTML = svg;
    document.body.appendChild(box);
    var rules = [];
    try {
      var probe = document.createElement("span");
      probe.style.color = "var(--md-mermaid-label-fg-color)";
      box.appendChild(probe);
      var themeText = getComputedStyle(probe).color;
      box.querySelectorAll("g.node[id]").forEach(function (node) {
        var shape = node.querySelector(
          ":scope > rect, :scope > polygon, :scope > path, :scope > circle, :scope > ellipse"
        );
        var label = node.querySelector(".nodeLabel");
        if (!shape || !label || getComputedStyle(label).color !== themeText) return;
        var fill = getComputedStyle(shape).fill;
        var colour = rgba(fill);
        if (!colour || colour[3] < 1) return;
        // The author's fill, not the theme's: the shape has another without the node's classes
        // and its own style.
        var classes = node.getAttribute("class");
        var style = shape.getAttribute("style");
        node.setAttribute("class", "node default");
        shape.removeAttribute("style");
        var plain = getComputedStyle(shape).fill;
        node.setAttribute("class", classes);
        if (style !== null) shape.setAttribute("style", style);
        if (plain === fill) return;
        var text = luminance(colour) > 0.179 ? "#000" : "#fff";
        var id = "#" + CSS.escape(node.id);
        rules.push(id + " .nodeLabel," + id + " .nodeLabel p{color:" + text + "!important}");
      });
    } finally {
      box.remove();
    }
    return rules.length ? svg.slice(0, end) + rules.join("") + svg.slice(end) : svg;
  }

  // The SVG text `svg` with its size in CSS: width clamp(narrowest, 100 %, natural), height from
  // the viewBox's proportions, where the narrowest keeps the smallest text at MIN_TEXT_PX.
  // Unchanged when it has no viewBox.
  function naturalSize(svg) {
    var open = /<svg\b[^>]*>/.exec(svg);
    if (!open) return svg;
    var box = /\sviewBox="\s*([-\d.eE]+)[\s,]+([-\d.eE]+)[\s,]+([\d.eE]+)[\s,]+([\d.eE]+)\s*"/.exec(open[0]);
    if (!box) return svg;
    var width = parseFloat(box[3]);
    var height = parseFloat(box[4]);
    if (!(width > 0 && height > 0)) return svg;
    var style = /\sstyle="([^"]*)"/.exec(open[0]);
    var kept = (style ? style[1] : "")
      .split(";")
      .filter(function (rule) {
        return rule.trim() && !/^\s*(max-width|width|height)\s*:/i.test(rule);
      })
      .join(";");
    var natural = Math.ceil(width);
    var text = smallestText(svg);
    var scale = text ? Math.min(1, MIN_TEXT_PX / text) : 1;
    var sizing =
      "max-width:none;width:clamp(" + Math.ceil(natural * scale) + "px,100%," + natural + "px);height:auto;";
    var tag = open[0]
      .replace(/\s(width|height|style)="[^"]*"/g, "")
      .replace(/^<svg\b/, '<svg width="' + natural + '" height="' + Math.ceil(height) + '"' +
        ' style="' + (kept ? kept + ";" : "") + sizing + '"' + ' data-natural-width="' + natural + '"');
    return svg.slice(0, open.index) + tag + svg.slice(open.index + open[0].length);
  }

  // The width of the viewBox of the SVG text `svg` (0 without one).
  function viewBoxWidth(svg) {
    var open = /<svg\b[^>]*>/.exec(svg);
    var box = open && /\sviewBox="\s*[-\d.eE]+[\s,]+[-\d.eE]+[\s,]+([\d.eE]+)/.exec(open[0]);
    return box ? parseFloat(box[1]) || 0 : 0;
  }

  // Whether the flowchart `svg` is a narrow column (see NARROW_PX).
  function narrow(svg) {
    var width = viewBoxWidth(svg);
    return /\baria-roledescription="flowchart/.test(svg) && width > 0 && width < NARROW_PX;
  }

  // The diagram source `text` with its flowchart boxes wrapping at WIDE_WRAP_PX (an init
  // directive, which Mermaid merges into this diagram's configuration only); null when the source
  // begins with front matter, which must stay first.
  function widerBoxes(text) {
    if (/^\s*---/.test(text)) return null;
    return '%%{init: {"flowchart": {"wrappingWidth": ' + WIDE_WRAP_PX + "}}}%%\n" + text;
  }

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = function () {
          // The library sets the global `mermaid` to itself: put the stand-in back, so that
          // every later diagram is sized too.
          var real = window.mermaid;
          window.mermaid = standIn;
          loaded = real;
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

  var loaded = null;
  var standIn = {
    initialize: function (options) {
      settings = options;
      if (loaded) loaded.initialize(classicLook(settings || {}));
    },
    render: function (id, text, container) {
      return load().then(function (real) {
        return real.render(id, text, container).then(function (result) {
          var wider = narrow(result.svg) ? widerBoxes(text) : null;
          if (!wider) return result;
          return real.render(id + "-wide", wider, container).then(
            function (again) {
              return viewBoxWidth(again.svg) > viewBoxWidth(result.svg) ? again : result;
            },
            function () {
              return result;
            }
          );
        }).then(function (result) {
          return Object.assign({}, result, { svg: naturalSize(readableBoxes(result.svg)) });
        });
      });
    },
    run: function (options) {
      return load().then(function (real) {
        return real.run(options);
      });
    },
    load: load,
    naturalSize: naturalSize,
  };
  window.mermaid = standIn;
})();
