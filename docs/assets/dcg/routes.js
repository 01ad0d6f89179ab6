/* The route finder (employers/wegweiser): reads the rules the page embeds (data/routes.yml, limits of the
   build day, words of the page's language) and the employer's answers, and names the routes that fit.
   Nothing is sent or stored. The same reading as scripts/dcg/routes.py; the tests hold both to the same
   cases. Without JavaScript the decision table on the page does the work. */
(function (root) {
  "use strict";
  var MET = "met", NOT_MET = "not-met", NA = "n/a", UNKNOWN = "unknown";

  function known(answers, name) {
    var v = answers[name];
    return (v === undefined || v === null || v === "") ? null : v;
  }

  function check(c, answers, levels) {
    if (c.only_if) {
      var gate = known(answers, c.only_if[0]);
      if (gate === null) { return UNKNOWN; }
      if (Number(gate) < c.only_if[1]) { return NA; }
    }
    var value = known(answers, c.answer), met;
    if (value === null) {
      met = null;
    } else if (c["in"] && c["in"].length) {
      met = c["in"].indexOf(String(value)) >= 0;
    } else if (c.at_least !== null && c.at_least !== undefined) {
      met = Number(value) >= c.at_least;
    } else if (c.at_least_level) {
      met = levels.indexOf(value) >= 0 && levels.indexOf(value) >= levels.indexOf(c.at_least_level);
    } else {
      met = (c.limit === null || c.limit === undefined) ? null : Number(value) >= c.limit;
    }
    if (met !== true && c.unless) {
      var waived = known(answers, c.unless);
      if (waived === "yes") { return MET; }
      if (waived === null && met === false) { return UNKNOWN; }
    }
    if (met === null) { return UNKNOWN; }
    return met ? MET : NOT_MET;
  }

  function evaluate(data, answers) {
    return data.routes.map(function (route) {
      var states = route.conditions.map(function (c) { return { c: c, s: check(c, answers, data.levels) }; });
      var verdict = "fits";
      if (states.some(function (x) { return x.s === NOT_MET && !x.c.open; })) {
        verdict = "no-fit";
      } else if (states.some(function (x) { return x.s === NOT_MET || x.s === UNKNOWN; })) {
        verdict = "may-fit";
      }
      return { id: route.id, verdict: verdict, route: route, states: states };
    });
  }

  root.DCGRoutes = { evaluate: evaluate };
  if (typeof document === "undefined") { return; }

  var box = document.querySelector("[data-dcg-routes]");
  if (!box) { return; }
  var data;
  try { data = JSON.parse(box.getAttribute("data-rules")); } catch (e) { return; }
  var form = box.querySelector("[data-routes-form]"), out = box.querySelector("[data-routes-result]");
  var w = data.words;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function answers() {
    var a = {};
    ["qualification", "recognition", "regulated", "tariff"].forEach(function (name) {
      var checked = form.querySelector('input[name="' + name + '"]:checked');
      if (checked) { a[name] = checked.value; }
    });
    ["experience", "salary", "age"].forEach(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      if (input && input.value !== "" && isFinite(Number(input.value))) { a[name] = Number(input.value); }
    });
    var g = form.querySelector('[name="german"]');
    if (g && g.value) { a.german = g.value; }
    return a;
  }

  var STATE = { "met": "s_met", "not-met": "s_not-met", "n/a": "s_na", "unknown": "s_unknown" };
  var VERDICT = { "fits": "fits", "may-fit": "may_fit", "no-fit": "no_fit" };
  var ORDER = { "fits": 0, "may-fit": 1, "no-fit": 2 };

  function show() {
    var results = evaluate(data, answers()).sort(function (x, y) { return ORDER[x.verdict] - ORDER[y.verdict]; });
    out.textContent = "";
    var fits = results.filter(function (r) { return r.verdict === "fits"; }).length;
    var may = results.filter(function (r) { return r.verdict === "may-fit"; }).length;
    out.appendChild(el("p", "dcg-routes__summary", w.summary.replace("{fits}", fits).replace("{may}", may)));
    if (!fits && !may) { out.appendChild(el("p", "dcg-routes__none", w.none)); }
    results.forEach(function (r) {
      var sec = el("section", "dcg-routes__route dcg-routes__route--" + r.verdict);
      sec.setAttribute("data-route", r.id);
      sec.setAttribute("data-verdict", r.verdict);
      var h = el("h3", null, r.route.law + " – " + r.route.name + ": " + w[VERDICT[r.verdict]]);
      sec.appendChild(h);
      var ul = el("ul");
      r.states.forEach(function (x) {
        var li = el("li", "dcg-routes__cond dcg-routes__cond--" + x.s.replace("/", ""));
        li.appendChild(el("strong", null, w[STATE[x.s]] + ": "));
        li.appendChild(document.createTextNode(x.c.text));
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      if (r.verdict !== "no-fit" && r.route.submits.length) {
        sec.appendChild(el("p", null, w.submits + " " + r.route.submits.join(", ")));
      }
      if (r.route.href) {
        var more = el("p"), a = el("a", null, w.more);
        a.href = r.route.href;
        more.appendChild(a);
        sec.appendChild(more);
      }
      out.appendChild(sec);
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
})(typeof window !== "undefined" ? window : globalThis);
