/* Dual Career Guide: small progressive enhancements, no third-party code. Loaded before Material's
   bundle (overrides/main.html), so the guard below is in place when the bundle starts.
   - checklists: ticks are kept in this browser only (localStorage), shared by all languages
   - search page: searches the index of the page's own language folder with MiniSearch
   - read aloud: the device's own voices only (speechSynthesis, localService) */
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

  /* search: the index of the page's own folder (search-index/<lang>.json, made after the build) is read
     into MiniSearch. Words are compared folded (lower case, no accents, "đ" as "d", "ß" as "ss": the
     same rule as scripts/dcg/searchindex.py), results keep the page's own spelling. The query stays in
     this page; only the two same-origin files are fetched, once. */
  var WORD = /[^\p{L}\p{N}]+/u;

  function fold(text) {
    return String(text).toLowerCase().replace(/đ/g, "d").replace(/ß/g, "ss")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function tokens(text) {
    return fold(text).split(WORD).filter(function (w) { return w.length > 0; });
  }

  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = src;
    script.onload = done;
    document.body.appendChild(script);
  }

  function makeIndex(data) {
    /* global MiniSearch */
    var engine = new MiniSearch({
      idField: "n",
      fields: ["t", "k", "h", "b", "p"],
      extractField: function (doc, field) {
        if (field === "h") { return doc.h.map(function (x) { return x[1]; }).join(" "); }
        return doc[field];
      },
      tokenize: tokens,
      processTerm: function (term) { return term; },
      searchOptions: { tokenize: tokens, processTerm: function (term) { return term; } }
    });
    /* how many pages hold each word and pair: words most pages hold ("the", "có", "und") decide little */
    var df = {};
    data.docs.forEach(function (doc, n) {
      doc.n = n;
      (doc.b + " " + doc.p).split(" ").forEach(function (w) { df[w] = (df[w] || 0) + 1; });
    });
    var n = data.docs.length;
    engine.dcgWeight = function (w) { return Math.max(0.1, Math.log((n + 1) / ((df[w] || 0) + 0.5))); };
    engine.addAll(data.docs);
    /* the glossary's German words: a word from a letter shows its explanation first */
    var terms = new MiniSearch({
      idField: "n", fields: ["w"], tokenize: tokens, processTerm: function (term) { return term; },
      searchOptions: { tokenize: tokens, processTerm: function (term) { return term; } }
    });
    engine.dcgTerms = (data.g || []).map(function (g, n) { return { n: n, id: g[0], w: g[1], name: g[2], text: g[3], from: g[4] }; });
    terms.addAll(engine.dcgTerms);
    engine.dcgTermIndex = terms;
    engine.dcgGlossary = data.gl || "";
    return engine;
  }

  /* glossary words the query names: every word of the German term is in the query (a typo in a long
     word forgiven) */
  function findTerms(engine, query) {
    var words = tokens(query);
    if (!words.length) { return []; }
    return engine.dcgTermIndex.search(query, { fuzzy: function (t) { return t.length > 6 ? 0.2 : false; }, prefix: function (t) { return t.length > 5; } })
      .filter(function (r) {
        var need = tokens(engine.dcgTerms[r.id].w);
        return need.every(function (w) { return r.terms.indexOf(w) >= 0; });
      }).slice(0, 2).map(function (r) { return engine.dcgTerms[r.id]; });
  }

  /* each word of the query is looked up alone and weighted by how rare it is (a word most pages hold
     decides little); a page's score is the sum, times the share of the query's weight it matched, so
     the page holding the telling words ranks above a long page holding many common ones */
  function find(engine, query) {
    var all = tokens(query).filter(function (w, i, a) { return a.indexOf(w) === i; });
    if (!all.length) { return []; }
    var pairs = [];
    for (var i = 0; i + 1 < all.length; i++) { pairs.push(all[i] + all[i + 1]); }
    var hits = {};
    var total = 0;
    var add = function (term, options, weight) {
      total += weight;
      engine.search(term, options).forEach(function (r) {
        var e = hits[r.id] || (hits[r.id] = { id: r.id, score: 0, got: 0, match: {} });
        e.score += r.score * weight;
        e.got += weight;
        Object.keys(r.match).forEach(function (m) { e.match[m] = true; });
      });
    };
    all.forEach(function (w, n) {
      add(w, { fields: ["t", "k", "h", "b"], boost: { t: 4, k: 3, h: 2, b: 1 },
        prefix: w.length > 3 || n === all.length - 1, fuzzy: w.length > 4 ? 0.2 : false }, engine.dcgWeight(w));
    });
    pairs.forEach(function (w) { add(w, { fields: ["p"] }, 2 * engine.dcgWeight(w)); });
    return Object.keys(hits).map(function (k) {
      var e = hits[k];
      var share = e.got / total;
      return { id: e.id, score: e.score * share * share, match: e.match };
    }).sort(function (x, y) { return y.score - x.score || x.id - y.id; });
  }

  /* the text with the words that matched marked (built as DOM nodes, never as HTML) */
  function marked(text, terms) {
    var frag = document.createDocumentFragment();
    String(text).split(/([^\p{L}\p{N}]+)/u).forEach(function (part) {
      var f = fold(part);
      var hit = f && terms.some(function (t) { return f === t || (t.length > 3 && f.indexOf(t) === 0); });
      if (hit) {
        var m = document.createElement("mark");
        m.textContent = part;
        frag.appendChild(m);
      } else {
        frag.appendChild(document.createTextNode(part));
      }
    });
    return frag;
  }

  function renderTerms(box, el, found, base, glossary) {
    box.textContent = "";
    found.forEach(function (g) {
      var card = document.createElement("div");
      card.className = "dcg-search__term";
      var head = document.createElement("p");
      var word = document.createElement("strong");
      word.lang = "de";
      word.textContent = g.w;
      head.appendChild(word);
      if (g.name && fold(g.name) !== fold(g.w)) { head.appendChild(document.createTextNode(" – " + g.name)); }
      card.appendChild(head);
      var text = document.createElement("p");
      text.textContent = g.text;
      card.appendChild(text);
      if (g.from) {
        var from = document.createElement("p");
        from.className = "dcg-search__term-from";
        from.appendChild(document.createTextNode((el.getAttribute("data-letter") || "") + ": "));
        var who = document.createElement("span");
        who.lang = "de";
        who.textContent = g.from;
        from.appendChild(who);
        card.appendChild(from);
      }
      if (glossary) {
        var more = document.createElement("a");
        more.href = base + glossary + "#term-" + g.id;
        more.textContent = el.getAttribute("data-glossary") || g.w;
        card.appendChild(more);
      }
      box.appendChild(card);
    });
  }

  function render(list, status, el, docs, results, base, query) {
    list.textContent = "";
    var top = results.slice(0, 10);
    var say = top.length ? (el.getAttribute("data-results") || "{n}").replace("{n}", String(top.length))
      : (el.getAttribute("data-none") || "");
    status.textContent = query ? say : "";
    top.forEach(function (r) {
      var doc = docs[r.id];
      var terms = Object.keys(r.match).concat(tokens(query));
      var li = document.createElement("li");
      li.className = "dcg-search__result";
      var a = document.createElement("a");
      a.className = "dcg-search__link";
      a.href = base + doc.u;
      a.appendChild(marked(doc.t, terms));
      li.appendChild(a);
      if (doc.d) {
        var p = document.createElement("p");
        p.className = "dcg-search__excerpt";
        p.appendChild(marked(doc.d, terms));
        li.appendChild(p);
      }
      var heads = doc.h.map(function (h) {
        var ws = tokens(h[1]);
        var n = ws.filter(function (w) { return terms.indexOf(w) >= 0; }).length;
        return { id: h[0], text: h[1], n: n };
      }).filter(function (h) { return h.n > 0 && h.id; })
        .sort(function (x, y) { return y.n - x.n; }).slice(0, 3);
      if (heads.length) {
        var ul = document.createElement("ul");
        ul.className = "dcg-search__sections";
        heads.forEach(function (h) {
          var sli = document.createElement("li");
          var sa = document.createElement("a");
          sa.href = base + doc.u + "#" + h.id;
          sa.appendChild(marked(h.text, terms));
          sli.appendChild(sa);
          ul.appendChild(sli);
        });
        li.appendChild(ul);
      }
      list.appendChild(li);
    });
  }

  function initSearch() {
    var el = document.querySelector("[data-dcg-search]");
    if (!el) { return; }
    var indexUrl = new URL(el.getAttribute("data-index"), window.location.href);
    var base = new URL("../", window.location.href).pathname;
    var label = document.createElement("label");
    label.className = "dcg-search__label";
    label.htmlFor = "dcg-search-input";
    label.textContent = el.getAttribute("data-label") || "Search";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "dcg-search-input";
    input.className = "dcg-search__input";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    var termBox = document.createElement("div");
    termBox.className = "dcg-search__terms";
    var status = document.createElement("p");
    status.className = "dcg-search__status";
    status.setAttribute("role", "status");
    var list = document.createElement("ol");
    list.className = "dcg-search__results";
    el.appendChild(label);
    el.appendChild(input);
    el.appendChild(termBox);
    el.appendChild(status);
    el.appendChild(list);
    var engine = null;
    var docs = [];
    var timer = 0;
    var run = function () {
      if (!engine) { return; }
      var q = input.value.trim();
      renderTerms(termBox, el, q ? findTerms(engine, q) : [], base, engine.dcgGlossary);
      render(list, status, el, docs, q ? find(engine, q) : [], base, q);
      list.setAttribute("data-query", q);
      var url = new URL(window.location.href);
      if (q) { url.searchParams.set("q", q); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    };
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 120);
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; }
    loadScript(el.getAttribute("data-engine"), function () {
      fetch(indexUrl.href, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
        docs = data.docs;
        engine = makeIndex(data);
        el.setAttribute("data-ready", "");
        run();
      });
    });
  }

  /* read aloud: the browser's own speech synthesis with voices installed on this device only
     (localService), in the language of the page's text (German on a page shown in German); reads the
     article block by block, never the menus. Nothing is sent anywhere; without a local voice the
     control stays hidden. */
  function initReadAloud() {
    var box = document.querySelector("[data-dcg-read]");
    var synth = window.speechSynthesis;
    if (!box || !synth || typeof window.SpeechSynthesisUtterance !== "function") { return; }
    var article = box.closest("article") || document.querySelector("article");
    if (!article) { return; }
    var german = article.querySelector(".dcg-untranslated") ? article.querySelector("div[lang]") : null;
    var lang = ((german && german.getAttribute("lang")) || document.documentElement.lang || "").toLowerCase().split("-")[0];
    var voice = null;
    var pick = function () {
      var voices = synth.getVoices() || [];
      voice = voices.filter(function (v) { return v.localService && String(v.lang).toLowerCase().split(/[-_]/)[0] === lang; })[0] || null;
      box.hidden = !voice;
    };
    var blocks = function () {
      var out = [];
      article.querySelectorAll("h1, h2, h3, h4, p, li, dt, dd, td, th, blockquote").forEach(function (el) {
        if (el.closest("nav, .dcg-stepnav, .dcg-read, .dcg-helpnow, .dcg-feedback, .dcg-sr-only, [hidden], .md-source-file, button, details:not([open]) > :not(summary)")) { return; }
        if (el.querySelector("p, li, dt, dd, td, th")) { return; } /* its inner blocks are read on their own */
        var copy = el.cloneNode(true);
        copy.querySelectorAll(".headerlink, .dcg-sr-only").forEach(function (x) { x.remove(); });
        var text = copy.textContent.replace(/\s+/g, " ").trim();
        if (text) { out.push(text); }
      });
      return out;
    };
    var make = function (key, cls) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button dcg-read__" + cls;
      b.textContent = box.getAttribute("data-" + key) || key;
      box.appendChild(b);
      return b;
    };
    var start = make("read", "start");
    var pause = make("pause", "pause");
    var stop = make("stop", "stop");
    pause.hidden = true;
    stop.hidden = true;
    var queue = [];
    var reading = false;
    var reset = function () {
      reading = false;
      queue = [];
      start.hidden = false;
      pause.hidden = true;
      stop.hidden = true;
    };
    var next = function () {
      if (!reading) { return; }
      if (!queue.length) { reset(); start.focus(); return; }
      var u = new window.SpeechSynthesisUtterance(queue.shift());
      u.voice = voice;
      u.lang = voice.lang;
      u.onend = next;
      u.onerror = reset;
      synth.speak(u);
    };
    start.addEventListener("click", function () {
      if (!voice) { return; }
      synth.cancel();
      queue = blocks();
      reading = true;
      start.hidden = true;
      pause.hidden = false;
      stop.hidden = false;
      pause.textContent = box.getAttribute("data-pause");
      pause.focus();
      next();
    });
    pause.addEventListener("click", function () {
      if (synth.paused) {
        synth.resume();
        pause.textContent = box.getAttribute("data-pause");
      } else {
        synth.pause();
        pause.textContent = box.getAttribute("data-resume");
      }
    });
    stop.addEventListener("click", function () { reset(); synth.cancel(); start.focus(); });
    /* after the heading, where a reader looks for it */
    var h1 = article.querySelector("h1");
    if (h1 && h1.parentNode) { h1.parentNode.insertBefore(box, h1.nextSibling); }
    pick();
    if (typeof synth.addEventListener === "function") { synth.addEventListener("voiceschanged", pick); }
  }

  /* office sheets: a print button prints only its own sheet (the sheet becomes the target, the print
     stylesheet hides the others) */
  function initSheets() {
    document.querySelectorAll("[data-dcg-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var id = button.getAttribute("data-dcg-print");
        /* :target follows the address: move to the sheet, then print */
        if (window.location.hash !== "#" + id) { window.location.hash = id; }
        window.print();
      });
    });
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
  /* the dated plan and the coach's support plan: their code (plan.js) and the QR code generator are
     loaded only on those two pages */
  /* ---- offline on request: a service worker from the second page a reader opens in a tab (the first
     visit loads nothing more than the page), and "keep for offline" for the reader's language */
  var SCRIPT = document.currentScript;
  function initOffline() {
    if (!("serviceWorker" in navigator) || !SCRIPT || !window.caches) { return; }
    var root = new URL("../../", SCRIPT.src).href;
    function register() { return navigator.serviceWorker.register(root + "sw.js", { scope: root }); }
    /* the second page of a visit: this tab has seen one before (sessionStorage, gone when the tab closes) */
    var seen = false;
    try { seen = window.sessionStorage.getItem("dcg-visit") === "1"; window.sessionStorage.setItem("dcg-visit", "1"); } catch (e) { seen = false; }
    if (navigator.serviceWorker.controller || seen) { register().catch(function () {}); }
    var box = document.querySelector("[data-dcg-offline]");
    if (!box) { return; }
    var lang = box.getAttribute("data-lang");
    var status = box.querySelector("[data-offline-status]");
    var keepBtn = box.querySelector('[data-offline="keep"]'), confirmBtn = box.querySelector('[data-offline="confirm"]');
    var dropBtn = box.querySelector('[data-offline="drop"]');
    function say(key, vars) {
      var text = box.getAttribute("data-t-" + key) || "";
      Object.keys(vars || {}).forEach(function (k) { text = text.split("{" + k + "}").join(vars[k]); });
      status.textContent = text;
    }
    function ask(type) {
      return register().then(function () { return navigator.serviceWorker.ready; }).then(function (reg) {
        return new Promise(function (resolve) {
          var ch = new MessageChannel();
          ch.port1.onmessage = function (e) { resolve(e.data || {}); };
          reg.active.postMessage({ type: type, lang: lang }, [ch.port2]);
        });
      });
    }
    function shown(kept) { keepBtn.hidden = kept; confirmBtn.hidden = true; dropBtn.hidden = !kept; }
    box.hidden = false;
    if (navigator.serviceWorker.controller) {
      ask("status").then(function (r) { if (r.kept) { shown(true); say("kept"); } });
    }
    keepBtn.addEventListener("click", function () {
      fetch(root + "offline/" + lang + ".json", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (pack) {
        var mb = new Intl.NumberFormat(document.documentElement.lang || lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 })
          .format(Math.max(0.1, pack.bytes / 1e6));
        say("size", { size: mb + " MB", pages: String(pack.urls.filter(function (u) { return /\/$/.test(u) || u === ""; }).length) });
        confirmBtn.hidden = false;
        confirmBtn.focus();
      }, function () { say("failed"); });
    });
    confirmBtn.addEventListener("click", function () {
      confirmBtn.hidden = true;
      say("saving");
      var tries = 0;
      (function go() {
        ask("keep").then(function (r) {
          if (r.ok) { shown(true); say("saved"); return; }
          if (r.error === "update" && tries++ < 1) { /* a new release is out: take it first */
            return register().then(function (reg) { return reg.update(); }).then(go);
          }
          say("failed");
        }, function () { say("failed"); });
      })();
    });
    dropBtn.addEventListener("click", function () {
      ask("drop").then(function (r) { if (r.ok) { shown(false); say("dropped"); } else { say("failed"); } }, function () { say("failed"); });
    });
  }

  function initPlan() {
    var el = document.querySelector("[data-dcg-plan][data-script]");
    if (!el) { return; }
    loadScript(el.getAttribute("data-qr"), function () { loadScript(el.getAttribute("data-script"), function () {}); });
  }

  /* the employer tools' code (routes.js, timeline.js, costs.js) is loaded only on their pages */
  function initRoutes() {
    var el = document.querySelector("[data-dcg-routes][data-script]");
    if (el) { loadScript(el.getAttribute("data-script"), function () {}); }
    var tl = document.querySelector("[data-dcg-timeline][data-script]");
    if (tl) { loadScript(tl.getAttribute("data-script"), function () {}); }
    var cs = document.querySelector("[data-dcg-costs][data-script]");
    if (cs) { loadScript(cs.getAttribute("data-script"), function () {}); }
  }

  /* the drawer and the search overlay are closed whenever a page is shown, also when a browser brings
     a page back from its history with the toggles as they were (the theme's autocomplete="off" did
     this before; it is not valid on a checkbox) */
  function closeToggles() {
    ["__drawer", "__search"].forEach(function (id) {
      var el = document.getElementById(id);
      if (el && el.checked) { el.checked = false; el.dispatchEvent(new Event("change")); }
    });
  }
  window.addEventListener("pageshow", closeToggles);

  ready(function () { initChecklists(); initSearch(); initQuickExit(); initReadAloud(); initSheets(); initPlan(); initRoutes(); initOffline(); });
})();
