/* Dual Career Guide: small progressive enhancements, no third-party code. Loaded before Material's
   bundle (overrides/main.html), so the guard below is in place when the bundle starts.
   - checklists: ticks are kept in this browser only (localStorage), shared by all languages
   - search page: loads the Pagefind index of the page's own language */
/* Material fetches "sitemap.xml" next to every <link rel="alternate" hreflang> to rewrite language
   links. Our alternates point to the same page in each language (not to language roots), so those
   requests always end in 404 (three per page) and, where one succeeded, Material would send clicks
   on deeper links to the wrong page. We do not use instant navigation, so no sitemap is needed in
   the browser: such requests are answered with "abort" without touching the network. */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.dcgSkip = /\/sitemap\.xml([?#].*)?$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.dcgSkip) {
      var xhr = this;
      window.setTimeout(function () { xhr.dispatchEvent(new ProgressEvent("abort")); }, 0);
      return undefined;
    }
    return send.apply(this, arguments);
  };
})();

(function () {
  "use strict";
  var KEY = "dcg-checklist:";

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function initChecklists() {
    var s = store();
    document.querySelectorAll("input.dcg-checklist__box[data-item]").forEach(function (box) {
      if (box.closest("[data-nostore]")) { return; } /* sensitive pages: nothing is kept */
      var id = box.getAttribute("data-item");
      if (s && s.getItem(KEY + id) === "1") { box.checked = true; }
      box.addEventListener("change", function () {
        if (!s) { return; }
        if (box.checked) { s.setItem(KEY + id, "1"); } else { s.removeItem(KEY + id); }
      });
    });
  }

  function initSearch() {
    var el = document.querySelector("[data-dcg-search]");
    if (!el) { return; }
    var bundle = el.getAttribute("data-bundle");
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      /* global PagefindUI */
      /* absolute paths, so a site under a sub-path (https://example.org/willkommen/) finds its index */
      var bundlePath = new URL(bundle, window.location.href).pathname;
      var root = new URL(bundle + "../", window.location.href).pathname;
      /* a language being added whose search page is not translated yet has no index of its own: the
         search reads the default language's index and leads to the same pages in the reader's folder */
      var home = new URL("../", window.location.href).pathname;
      var borrowed = document.querySelector(".dcg-untranslated") !== null && home !== root;
      var ui = new PagefindUI({ element: "#dcg-search", showSubResults: true, showImages: false, bundlePath: bundlePath, baseUrl: root, resetStyles: false,
        processResult: function (result) {
          if (borrowed) {
            var move = function (url) { return url.indexOf(root) === 0 ? home + url.slice(root.length) : url; };
            result.url = move(result.url);
            (result.sub_results || []).forEach(function (sub) { sub.url = move(sub.url); });
          }
          return result;
        } });
      var input = el.querySelector("input");
      if (input) {
        input.setAttribute("aria-label", el.getAttribute("data-label") || "Search");
        input.removeAttribute("title");
      }
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) { ui.triggerSearch(q); }
    };
    document.body.appendChild(script);
  }

  /* quick exit: leave at once for a neutral page and keep this page out of the back button */
  function initQuickExit() {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) { return; }
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      document.body.style.display = "none";
      window.location.replace(link.href);
    };
    link.addEventListener("click", leave);
    var last = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      if (now - last < 1500) { leave(event); }
      last = now;
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () { initChecklists(); initSearch(); initQuickExit(); });
})();
