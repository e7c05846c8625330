// Accessible names and keyboard access that the theme leaves out (axe-core rules
// aria-dialog-name, aria-progressbar-name and scrollable-region-focusable; tests/browser/test_pages.py).
// Runs on every page, again after each instant navigation and when the window is resized.
(function () {
  "use strict";

  function label(selector, text) {
    document.querySelectorAll(selector).forEach(function (element) {
      if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", text);
    });
  }

  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrollable = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrollable && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", "Tableau à faire défiler horizontalement");
      } else if (!scrollable && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  function fix() {
    label(".md-search[role=dialog]", "Recherche dans le cours");
    label(".md-progress[role=progressbar]", "Chargement de la page");
    scrollableTables();
  }

  var timer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(scrollableTables, 200);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
