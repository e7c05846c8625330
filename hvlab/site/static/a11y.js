// Accessible names, landmarks and keyboard access that the theme leaves out (axe-core rules
// aria-dialog-name, aria-progressbar-name, scrollable-region-focusable, region and
// landmark-unique; tests/browser/test_pages.py). Runs on every page, again after each instant
// navigation, when the theme adds elements (code blocks' buttons, diagrams) and when the window is
// resized.
(function () {
  "use strict";

  function label(selector, text) {
    document.querySelectorAll(selector).forEach(function (element) {
      if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", text);
    });
  }

  /** Boxes that scroll sideways when their content is wider than the column, and their names
   * (numbered in the page's order: two regions of a page may not have the same name). */
  var SCROLLERS = [
    [".md-typeset__scrollwrap", "Tableau {n} à faire défiler horizontalement"],
    [".md-typeset div.mermaid", "Schéma {n} à faire défiler horizontalement"],
  ];

  function scrollableBoxes() {
    SCROLLERS.forEach(function (entry) {
      document.querySelectorAll(entry[0]).forEach(function (box, index) {
        var scrollable = box.scrollWidth > box.clientWidth + 1;
        if (scrollable && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", entry[1].replace("{n}", String(index + 1)));
          box.dataset.hvlabScroller = "";
        } else if (!scrollable && "hvlabScroller" in box.dataset) {
          box.removeAttribute("tabindex");
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
          delete box.dataset.hvlabScroller;
        }
      });
    });
  }

  // The progress bar of instant navigation sits outside every landmark: it goes into the header.
  function progressInHeader() {
    var progress = document.querySelector("body > .md-progress");
    var header = document.querySelector("header.md-header");
    if (progress && header) header.appendChild(progress);
  }

  // Navigation landmarks: each with a name of its own.
  function navigationNames() {
    // A section whose title is a link to its index page (navigation.indexes) is labelled by an
    // icon, so it has no name: it takes its title.
    document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      if (label && label.textContent.trim()) return;
      var title = nav.querySelector(":scope > .md-nav__title");
      var text = title && title.textContent.trim();
      if (!text) return;
      nav.removeAttribute("aria-labelledby");
      nav.setAttribute("aria-label", "Navigation : " + text);
    });
    // A code block's buttons are not a landmark of the page (each button has its own name).
    document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
    // Table of contents: a sub-list is named after its heading, and two headings may read alike
    // (an attribute of two classes in the API reference): the enclosing heading tells them apart.
    var seen = {};
    document.querySelectorAll(".md-nav--secondary nav.md-nav[aria-label]").forEach(function (nav) {
      var own = nav.dataset.hvlabLabel || nav.getAttribute("aria-label");
      nav.dataset.hvlabLabel = own;
      var name = own;
      var parent = nav.parentElement && nav.parentElement.closest(".md-nav--secondary nav.md-nav[aria-label]");
      if (parent) name = own + " (" + (parent.dataset.hvlabLabel || parent.getAttribute("aria-label")) + ")";
      var scope = nav.closest(".md-nav--primary") ? "primary" : "secondary";
      var key = scope + "\u0000" + name;
      seen[key] = (seen[key] || 0) + 1;
      if (seen[key] > 1) name += " " + seen[key];
      nav.setAttribute("aria-label", name);
    });
  }

  function fix() {
    label(".md-search[role=dialog]", "Recherche dans le cours");
    label(".md-progress[role=progressbar]", "Chargement de la page");
    progressInHeader();
    navigationNames();
    scrollableBoxes();
  }

  // Elements the theme adds after the page is shown (code blocks' buttons, drawn diagrams): fixed
  // at most every 150 ms while the page changes. fix() changes attributes only (and moves the
  // progress bar once), which this observer does not watch, so it does not keep itself awake.
  var pending = null;
  function watch() {
    if (!window.MutationObserver || !document.body) return;
    new MutationObserver(function () {
      if (pending !== null) return;
      pending = window.setTimeout(function () {
        pending = null;
        fix();
      }, 150);
    }).observe(document.body, { childList: true, subtree: true });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(scrollableBoxes, 200);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
