/* Dual Career Guide: the dated plan (couples/plan) and the coach's support plan (staff/begleitplan).
   Reads plan-data/<lang>.json (exported by the build from the same model `dcg plan` uses) and computes
   each item's date with the rules of scripts/dcg/plan.py: the tests compare both on the same inputs.
   Answers and ticks stay in this browser (localStorage); a share link carries them in the URL fragment
   (#plan=1.<base64url JSON>), which never reaches a server. Nothing read from a link or from storage is
   written as HTML: only textContent and attributes. */
(function () {
  "use strict";
  var root = document.querySelector("[data-dcg-plan]");
  if (!root) { return; }
  var MODE = root.getAttribute("data-dcg-plan");
  var KEY_ANSWERS = "dcg-plan:answers", KEY_TICKS = "dcg-plan:ticks", KEY_COACH = "dcg-coach:couples";
  var PAGE_TICK = "dcg-checklist:";
  var PERSONS = ["worker", "partner"], LANES = ["worker", "partner", "both", "others"];
  var DATE_ANSWERS = ["arrival", "moving-in", "work-start", "permit-expiry"];
  var NATIONALITY = ["third-country", "eu"], TICKS = ["w", "p", "wp", "b"];
  var LINK_PREFIX = "plan=", LINK_VERSION = 1, LINK_MAX = 8000;
  var ID_RE = /^[a-z0-9][a-z0-9-]{0,80}$/, DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
  var STAMP_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
  var DATA = null;

  function store() { try { return window.localStorage; } catch (e) { return null; } }
  function readJSON(key, fallback) {
    var s = store();
    try { var v = s && s.getItem(key); return v ? JSON.parse(v) : fallback; } catch (e) { return fallback; }
  }
  function writeJSON(key, value) { var s = store(); if (s) { s.setItem(key, JSON.stringify(value)); } }
  function t(key, vars) {
    var text = (DATA && DATA.t[key]) || key;
    Object.keys(vars || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(vars[k])); });
    return text;
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  /* ---- dates: whole days in UTC, "YYYY-MM-DD" outside (scripts/dcg/plan.py: parse_date, shift, due) */
  function parseDate(text) {
    if (typeof text !== "string" || !DATE_RE.test(text)) { return null; }
    var y = +text.slice(0, 4), m = +text.slice(5, 7), d = +text.slice(8, 10);
    var ms = Date.UTC(y, m - 1, d);
    var back = new Date(ms);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) { return null; }
    return Math.round(ms / 86400000);
  }
  function iso(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function daysIn(y, m) { return new Date(Date.UTC(y, m + 1, 0)).getUTCDate(); }
  function shift(day, n, unit, sign) {
    if (unit === "days") { return day + sign * n; }
    if (unit === "weeks") { return day + sign * 7 * n; }
    var d = new Date(day * 86400000);
    var months = d.getUTCFullYear() * 12 + d.getUTCMonth() + sign * n;
    var y = Math.floor(months / 12), m = months - y * 12;
    return Math.round(Date.UTC(y, m, Math.min(d.getUTCDate(), daysIn(y, m))) / 86400000);
  }
  function dayOff(day, holidays) {
    var key = iso(day);
    if (Object.prototype.hasOwnProperty.call(holidays, key)) { return holidays[key]; }
    var wd = new Date(day * 86400000).getUTCDay();
    return wd === 6 ? "saturday" : (wd === 0 ? "sunday" : "");
  }
  function due(span, events, rules, holidays) {
    if (!Object.prototype.hasOwnProperty.call(events, span.event)) { return null; }
    var sign = span.rel === "after" ? 1 : -1;
    var end = shift(events[span.event], span.n, span.unit, sign);
    var off = dayOff(end, holidays);
    var rule = rules[span.rule || "bgb"] || {};
    if (off && sign === 1 && rule.moves) {
      var moved = end;
      while (dayOff(moved, holidays)) { moved += 1; }
      return { date: moved, off: off, movedFrom: end };
    }
    return { date: end, off: off, movedFrom: null };
  }
  function eventsOf(answers) {
    var ev = {};
    DATE_ANSWERS.forEach(function (k) { var d = parseDate(answers[k]); if (d !== null) { ev[k] = d; } });
    if (ev["work-start"] !== undefined) {
      ev["year-end"] = parseDate(iso(ev["work-start"]).slice(0, 4) + "-12-31");
    }
    return ev;
  }
  function holds(cond, a) {
    if (cond === "regulated") { return a.regulated !== false; }
    if (cond === "partner-seeking") { return a["partner-job"] !== true; }
    var ages = Array.isArray(a.ages) ? a.ages : [];
    if (a.children === 0) { return false; }
    if (!ages.length) { return true; }
    if (cond === "young-children") { return ages.some(function (x) { return x < 6; }); }
    if (cond === "school-children") { return ages.some(function (x) { return x >= 6 && x < 18; }); }
    return true;
  }
  function serves(applies, a, person) {
    if (applies.length && applies.every(function (x) { return x === "families"; }) && a.children === 0) { return false; }
    var nat = applies.filter(function (x) { return NATIONALITY.indexOf(x) >= 0; });
    if (!nat.length) { return true; }
    var people = person ? [person] : PERSONS;
    var known = people.map(function (p) { return a["citizenship-" + p]; });
    if (known.some(function (k) { return k === undefined || k === null; })) { return true; }
    return known.some(function (k) { return nat.indexOf(k) >= 0; });
  }
  function commonHolidays(byState, states) {
    var uniq = states.filter(function (s, i) { return states.indexOf(s) === i; });
    var sets = uniq.map(function (s) { return byState[s] || {}; });
    if (!sets.length) { return {}; }
    var out = {};
    Object.keys(sets[0]).forEach(function (d) {
      if (sets.every(function (s) { return Object.prototype.hasOwnProperty.call(s, d); })) { out[d] = sets[0][d]; }
    });
    return out;
  }
  function status(day, today) {
    if (day === null) { return "undated"; }
    if (day < today) { return "overdue"; }
    return day <= today + 7 ? "week" : "later";
  }
  function compute(data, a, today) {
    var events = eventsOf(a);
    for (var i = 0; i < data.start.length; i++) {
      if (events[data.start[i]] !== undefined) { events.start = events[data.start[i]]; break; }
    }
    var states = data.regions.filter(function (r) { return !a.region || r.id === a.region; }).map(function (r) { return r.state; });
    if (!states.length) { states = data.regions.map(function (r) { return r.state; }); }
    var holidays = commonHolidays(data.holidays, states);
    var out = [];
    data.items.forEach(function (it) {
      if (!it["if"].every(function (c) { return holds(c, a); })) { return; }
      var when = it.deadline ? due(it.deadline, events, data.rules, holidays) : null;
      var kind = when ? "deadline" : "recommended";
      if (!when) {
        var win = data.windows[it.phase];
        var w = win ? due({ n: win.n, unit: win.unit, rel: win.rel, event: win.event, rule: "bgb" }, events, {}, {}) : null;
        if (w) { when = { date: w.date, off: "", movedFrom: null }; } else { kind = "none"; }
      }
      it.lanes.forEach(function (lane) {
        var person = PERSONS.indexOf(lane) >= 0 ? lane : null;
        if (!serves(it.applies, a, person)) { return; }
        var day = when ? when.date : null;
        out.push({ item: it, lane: lane, kind: kind, date: day, off: when ? when.off : "",
                   movedFrom: when ? when.movedFrom : null, status: status(day, today) });
      });
    });
    var order = { overdue: 0, week: 1, later: 2, undated: 3 };
    out.sort(function (x, y) {
      return (order[x.status] - order[y.status]) || ((x.date === null ? 1e9 : x.date) - (y.date === null ? 1e9 : y.date))
        || (LANES.indexOf(x.lane) - LANES.indexOf(y.lane));
    });
    return out;
  }

  /* ---- the share link (scripts/dcg/plan.py: decode_link, encode_link; EDITING.md describes it) */
  function LinkError(code, detail) { this.code = code; this.detail = detail; }
  function isInt(x) { return typeof x === "number" && Math.floor(x) === x && isFinite(x); }
  function checkAnswers(a, regions) {
    if (!a || typeof a !== "object" || Array.isArray(a)) { throw new LinkError("type", "answers"); }
    var out = {};
    Object.keys(a).forEach(function (key) {
      var v = a[key];
      var ok;
      if (DATE_ANSWERS.indexOf(key) >= 0) { ok = parseDate(v) !== null; }
      else if (key === "region") { ok = regions.indexOf(v) >= 0; }
      else if (key === "citizenship-worker" || key === "citizenship-partner") { ok = NATIONALITY.indexOf(v) >= 0; }
      else if (key === "partner-job" || key === "regulated") { ok = typeof v === "boolean"; }
      else if (key === "children") { ok = isInt(v) && v >= 0 && v <= 20; }
      else if (key === "ages") { ok = Array.isArray(v) && v.length <= 20 && v.every(function (x) { return isInt(x) && x >= 0 && x <= 30; }); }
      else { ok = false; }
      if (!ok) { throw new LinkError("type", key); }
      out[key] = v;
    });
    return out;
  }
  function b64decode(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) { throw new LinkError("malformed", "base64"); }
    var bin = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }
  function b64encode(text) {
    var bytes = new TextEncoder().encode(text), bin = "";
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function decodeLink(text, known, regions) {
    var frag = text.indexOf("#") >= 0 ? text.slice(text.indexOf("#") + 1) : text;
    if (frag.length > LINK_MAX) { throw new LinkError("long", "length"); }
    if (frag.indexOf(LINK_PREFIX) !== 0) { throw new LinkError("malformed", "prefix"); }
    var rest = frag.slice(LINK_PREFIX.length), dot = rest.indexOf(".");
    var version = dot >= 0 ? rest.slice(0, dot) : rest, payload = dot >= 0 ? rest.slice(dot + 1) : "";
    if (!/^\d+$/.test(version) || !payload) { throw new LinkError("malformed", "version"); }
    if (+version > LINK_VERSION) { throw new LinkError("newer", version); }
    if (+version < 1) { throw new LinkError("malformed", version); }
    var state;
    try { state = JSON.parse(b64decode(payload)); } catch (e) {
      if (e instanceof LinkError) { throw e; }
      throw new LinkError("malformed", "json");
    }
    if (!state || typeof state !== "object" || Array.isArray(state)) { throw new LinkError("type", "object"); }
    Object.keys(state).forEach(function (k) { if (["a", "u", "t", "c"].indexOf(k) < 0) { throw new LinkError("type", k); } });
    var answers = checkAnswers(state.a === undefined ? {} : state.a, regions);
    var stamp = state.u === undefined ? "" : state.u;
    if (stamp && (typeof stamp !== "string" || !STAMP_RE.test(stamp))) { throw new LinkError("type", "u"); }
    var ticks = state.t === undefined ? {} : state.t;
    if (!ticks || typeof ticks !== "object" || Array.isArray(ticks) || Object.keys(ticks).length > 2000) { throw new LinkError("type", "t"); }
    var kept = {}, dropped = [];
    Object.keys(ticks).forEach(function (id) {
      if (!ID_RE.test(id) || TICKS.indexOf(ticks[id]) < 0) { throw new LinkError("type", "tick"); }
      if (known[id]) { kept[id] = ticks[id]; } else { dropped.push(id); }
    });
    var out = { a: answers, u: stamp, t: kept };
    if (state.c !== undefined) {
      var c = state.c;
      if (!c || typeof c !== "object" || Array.isArray(c) || Object.keys(c).some(function (k) {
        return (k !== "goals" && k !== "notes") || typeof c[k] !== "string" || c[k].length > 4000;
      })) { throw new LinkError("type", "c"); }
      out.c = { goals: c.goals || "", notes: c.notes || "" };
    }
    return { state: out, dropped: dropped };
  }
  function sortKeys(v) {
    if (Array.isArray(v)) { return v.map(sortKeys); }
    if (v && typeof v === "object") {
      var o = {};
      Object.keys(v).sort().forEach(function (k) { o[k] = sortKeys(v[k]); });
      return o;
    }
    return v;
  }
  function encodeLink(state) { return LINK_PREFIX + LINK_VERSION + "." + b64encode(JSON.stringify(sortKeys(state))); }

  /* ---- state: a couple's answers and per-person ticks; on the plan page the page ticks mean "both" */
  function knownIds() { var k = {}; DATA.items.forEach(function (it) { k[it.id] = true; }); return k; }
  function regionIds() { return DATA.regions.map(function (r) { return r.id; }); }
  function now() { return new Date().toISOString().replace(/\.\d+Z$/, "Z"); }

  var couple = null; /* {a, u, t, c} of the couple shown */
  var coachBook = null; /* coach view: {couples: {name: state}, current: name} */

  function loadCouple() {
    if (MODE === "coach") {
      coachBook = readJSON(KEY_COACH, { couples: {}, current: "" });
      if (!coachBook || typeof coachBook.couples !== "object") { coachBook = { couples: {}, current: "" }; }
      couple = coachBook.couples[coachBook.current] || null;
      return;
    }
    var saved = readJSON(KEY_ANSWERS, {}) || {};
    var ticks = readJSON(KEY_TICKS, {}) || {};
    var s = store();
    DATA.items.forEach(function (it) { if (s && s.getItem(PAGE_TICK + it.id) === "1") { ticks[it.id] = "b"; } });
    var answers = {};
    try { answers = checkAnswers(saved.a || {}, regionIds()); } catch (e) { answers = {}; }
    couple = { a: answers, u: saved.u || "", t: ticks };
  }
  function saveCouple() {
    couple.u = couple.u || "";
    if (MODE === "coach") {
      if (coachBook.current) { coachBook.couples[coachBook.current] = couple; }
      writeJSON(KEY_COACH, coachBook);
      return;
    }
    writeJSON(KEY_ANSWERS, { a: couple.a, u: couple.u });
    var s = store(), own = {};
    DATA.items.forEach(function (it) {
      if (couple.t[it.id] === "wp") { couple.t[it.id] = "b"; } /* each of them: done for both */
      var tick = couple.t[it.id];
      if (!s) { return; }
      if (tick === "b") { s.setItem(PAGE_TICK + it.id, "1"); } else { s.removeItem(PAGE_TICK + it.id); }
      if (tick && tick !== "b") { own[it.id] = tick; }
    });
    writeJSON(KEY_TICKS, own);
  }
  function isDone(id, lane) {
    var tick = couple.t[id] || "";
    if (tick === "b") { return true; }
    if (lane === "worker") { return tick.indexOf("w") >= 0; }
    if (lane === "partner") { return tick.indexOf("p") >= 0; }
    return false;
  }
  function setDone(id, lane, done) {
    var tick = couple.t[id] || "";
    var w = tick === "b" || tick.indexOf("w") >= 0, p = tick === "b" || tick.indexOf("p") >= 0;
    if (lane === "worker") { w = done; } else if (lane === "partner") { p = done; } else { w = p = done; }
    var it = DATA.items.filter(function (x) { return x.id === id; })[0];
    var each = it && it.lanes.indexOf("worker") >= 0 && it.lanes.indexOf("partner") >= 0;
    var value = each ? (w && p ? "b" : (w ? "w" : (p ? "p" : ""))) : ((w || p) ? "b" : "");
    if (value) { couple.t[id] = value; } else { delete couple.t[id]; }
  }
  function mergeTick(x, y) {
    if (x === "b" || y === "b") { return "b"; }
    var s = (x || "") + (y || "");
    var w = s.indexOf("w") >= 0, p = s.indexOf("p") >= 0;
    return w && p ? "b" : (w ? "w" : "p"); /* done by each of them: done for both, as on the page */
  }

  /* ---- form */
  var form = root.querySelector("[data-plan-form]");
  function fillForm() {
    if (!form) { return; }
    var a = couple ? couple.a : {};
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name) { return; }
      var v = a[f.name];
      if (f.name === "partner-job" || f.name === "regulated") { f.value = v === true ? "yes" : (v === false ? "no" : ""); }
      else if (f.name === "ages") { f.value = Array.isArray(v) ? v.join(", ") : ""; }
      else { f.value = v === undefined || v === null ? "" : String(v); }
    });
    var goals = root.querySelector("[data-coach-goals]"), notes = root.querySelector("[data-coach-notes]");
    if (goals) { goals.value = couple && couple.c ? couple.c.goals || "" : ""; }
    if (notes) { notes.value = couple && couple.c ? couple.c.notes || "" : ""; }
  }
  function readForm() {
    var a = {};
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name || f.value === "") { return; }
      var v = f.value.trim();
      if (DATE_ANSWERS.indexOf(f.name) >= 0) { if (parseDate(v) !== null) { a[f.name] = v; } }
      else if (f.name === "partner-job" || f.name === "regulated") { a[f.name] = v === "yes"; }
      else if (f.name === "children") { var n = parseInt(v, 10); if (n >= 0 && n <= 20) { a.children = n; } }
      else if (f.name === "ages") {
        var ages = v.split(/[^0-9]+/).filter(Boolean).map(Number).filter(function (x) { return x <= 30; }).slice(0, 20);
        if (ages.length) { a.ages = ages; }
      } else if (f.name === "region") { if (regionIds().indexOf(v) >= 0) { a.region = v; } }
      else if (f.name.indexOf("citizenship-") === 0) { if (NATIONALITY.indexOf(v) >= 0) { a[f.name] = v; } }
    });
    return a;
  }

  /* ---- the plan */
  function fmt(day) {
    return new Intl.DateTimeFormat(DATA.locale, { weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
      .format(new Date(day * 86400000));
  }
  function today() { var d = new Date(); return Math.round(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / 86400000); }
  function offText(e) {
    if (!e.off || e.kind !== "deadline") { return ""; }
    var text = e.off === "saturday" ? t("plan_off_saturday") : (e.off === "sunday" ? t("plan_off_sunday") : t("plan_off_holiday", { name: e.off }));
    var rule = DATA.rules[(e.item.deadline && e.item.deadline.rule) || "bgb"] || {};
    if (e.movedFrom !== null) { return text + " " + t("plan_moved", { date: fmt(e.date), rule: rule.title || "" }); }
    if (e.item.deadline && e.item.deadline.rel === "before") { return text + " " + t("plan_off_before"); }
    return text;
  }
  function entryNode(e, openOnly, n) {
    var it = e.item;
    var li = el("li", { "class": "dcg-plan__entry dcg-plan__entry--" + e.status, "data-item": it.id, "data-lane": e.lane,
                         "data-kind": e.kind, "data-status": e.status, "data-date": e.date === null ? "" : iso(e.date) });
    if (e.off && e.kind === "deadline") { li.setAttribute("data-off", e.off); }
    if (e.movedFrom !== null) { li.setAttribute("data-moved-from", iso(e.movedFrom)); }
    var head = el("p", { "class": "dcg-plan__when" });
    if (e.status === "overdue" || e.status === "week") {
      head.appendChild(el("strong", { "class": "dcg-plan__status" }, t(e.status === "overdue" ? "plan_overdue" : "plan_week") + ": "));
    }
    if (e.date !== null) {
      var time = el("time", { datetime: iso(e.date) }, fmt(e.movedFrom !== null ? e.movedFrom : e.date));
      head.appendChild(time);
      head.appendChild(document.createTextNode(" · "));
    }
    head.appendChild(el("span", { "class": "dcg-plan__kind dcg-plan__kind--" + e.kind },
      e.kind === "deadline" ? t("plan_deadline") : (e.kind === "recommended" ? t("plan_recommended") : t("plan_undated"))));
    li.appendChild(head);
    var text = it.text;
    if (e.lane !== "others" && !openOnly) {
      var id = "tick-" + MODE + "-" + it.id + "-" + e.lane + "-" + n;
      var box = el("input", { type: "checkbox", id: id, "class": "dcg-plan__tick", "data-item": it.id, "data-lane": e.lane });
      box.checked = isDone(it.id, e.lane);
      var label = el("label", { "for": id }, text);
      var line = el("p", { "class": "dcg-plan__what" });
      line.appendChild(box);
      line.appendChild(label);
      li.appendChild(line);
      if (box.checked) { li.classList.add("dcg-plan__entry--done"); }
    } else {
      li.appendChild(el("p", { "class": "dcg-plan__what" }, text));
    }
    var details = [];
    if (it.rule_text) { details.push(it.rule_text); }
    var off = offText(e);
    if (off) { details.push(off); }
    if (it.helpers.length && e.lane !== "others") {
      details.push(t("plan_helpers", { who: it.helpers.map(function (w) { return DATA.who[w] || w; }).join(", ") }));
    }
    if (e.lane === "others") { details.push(it.who.filter(function (w) { return ["employer", "coach", "programme"].indexOf(w) >= 0; }).map(function (w) { return DATA.who[w] || w; }).join(", ")); }
    var more = el("p", { "class": "dcg-plan__rule" }, details.filter(Boolean).join(" · ") + " ");
    more.appendChild(el("a", { href: MODE === "coach" ? root.getAttribute("data-plan-href") + it.url : it.url }, DATA.phases[it.phase] || it.phase));
    li.appendChild(more);
    return li;
  }
  function urlFor(href) {
    var base = MODE === "coach" ? new URL(root.getAttribute("data-plan-href"), location.href) : new URL(location.href);
    return new URL(href, base).href;
  }
  var lanesBox = root.querySelector("[data-plan-lanes]");
  var lastEntries = [];
  function render() {
    if (!lanesBox) { return; }
    while (lanesBox.firstChild) { lanesBox.removeChild(lanesBox.firstChild); }
    if (!couple) { lanesBox.appendChild(el("p", {}, t("coach_none"))); lastEntries = []; return; }
    var openOnly = MODE === "coach";
    var entries = compute(DATA, couple.a, today());
    if (openOnly) { entries = entries.filter(function (e) { return e.lane === "others" || !isDone(e.item.id, e.lane); }); }
    lastEntries = entries;
    if (!Object.keys(eventsOf(couple.a)).length) { lanesBox.appendChild(el("p", { "class": "dcg-plan__hint" }, t("plan_no_dates"))); }
    var n = 0;
    LANES.forEach(function (lane) {
      var mine = entries.filter(function (e) { return e.lane === lane; });
      if (!mine.length) { return; }
      var sec = el("section", { "class": "dcg-plan__lane", "data-lane": lane, "aria-labelledby": "lane-" + lane });
      sec.appendChild(el("h2", { id: "lane-" + lane }, DATA.lanes[lane]));
      var ol = el("ol", { "class": "dcg-plan__list" });
      mine.forEach(function (e) { ol.appendChild(entryNode(e, openOnly, n++)); });
      sec.appendChild(ol);
      lanesBox.appendChild(sec);
    });
    var made = root.querySelector("[data-plan-made]");
    if (made) { made.hidden = false; made.textContent = t("plan_made", { date: fmt(today()) }); }
  }
  if (lanesBox) {
    lanesBox.addEventListener("change", function (ev) {
      var box = ev.target;
      if (!box.matches || !box.matches("input.dcg-plan__tick")) { return; }
      setDone(box.getAttribute("data-item"), box.getAttribute("data-lane"), box.checked);
      saveCouple();
      render();
      var again = document.getElementById(box.id);
      if (again) { again.focus(); }
    });
  }

  /* ---- messages, share, QR, calendar, print, delete */
  var message = root.querySelector("[data-plan-message]");
  function say(text) { if (message) { message.textContent = text; } }
  function stateForLink() {
    var st = { a: couple.a, u: couple.u || now(), t: couple.t };
    var withNotes = root.querySelector("[data-plan-share-notes]");
    if (MODE === "coach" && withNotes && withNotes.checked && couple.c) { st.c = couple.c; }
    return st;
  }
  function shareLink(withState) {
    var href = MODE === "coach" ? urlFor(root.getAttribute("data-plan-href")) : location.href;
    href = href.split("#")[0];
    return withState ? href + "#" + encodeLink(stateForLink()) : href;
  }
  function drawQR(box, text) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (typeof window.qrcode !== "function") { return; }
    var qr = window.qrcode(0, "L");
    try { qr.addData(text); qr.make(); } catch (e) { /* more than a QR code holds (about 2,900 bytes) */
      box.appendChild(el("p", { "class": "dcg-plan__qrlong" }, t("plan_qr_too_long")));
      return;
    }
    var n = qr.getModuleCount(), NS = "http://www.w3.org/2000/svg", q = 4;
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 " + (n + 2 * q) + " " + (n + 2 * q));
    svg.setAttribute("class", "dcg-plan__qrcode");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("data-modules", String(n));
    var bg = document.createElementNS(NS, "rect");
    bg.setAttribute("width", String(n + 2 * q)); bg.setAttribute("height", String(n + 2 * q)); bg.setAttribute("fill", "#fff");
    svg.appendChild(bg);
    var d = "";
    for (var r = 0; r < n; r++) { for (var c = 0; c < n; c++) { if (qr.isDark(r, c)) { d += "M" + (c + q) + " " + (r + q) + "h1v1h-1z"; } } }
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", d); path.setAttribute("fill", "#000");
    svg.appendChild(path);
    box.appendChild(svg);
    box.setAttribute("data-text", text);
  }
  function icsText(entries) {
    function esc(s) { return String(s).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n"); }
    function fold(line) {
      var out = [], cur = "", curLen = 0, enc = new TextEncoder();
      Array.from(line).forEach(function (ch) {
        var len = enc.encode(ch).length;
        if (curLen + len > (out.length ? 74 : 75)) { out.push(cur); cur = ""; curLen = 0; }
        cur += ch; curLen += len;
      });
      out.push(cur);
      return out.join("\r\n ");
    }
    var stamp = new Date();
    var dtstamp = stamp.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
    var seq = Math.max(0, Math.floor((stamp.getTime() - Date.UTC(2026, 0, 1)) / 60000));
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dual Career Guide//plan//" + DATA.lang.toUpperCase(),
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    entries.forEach(function (e) {
      if (e.date === null) { return; }
      var title = e.item.text + (e.lane === "worker" || e.lane === "partner" ? " (" + DATA.lanes[e.lane] + ")" : "");
      var note = (e.kind === "deadline" ? t("plan_deadline") : t("plan_recommended")) + (e.item.rule_text ? ": " + e.item.rule_text : "");
      lines.push("BEGIN:VEVENT", "UID:" + e.item.id + "." + e.lane + "@" + DATA.uid, "DTSTAMP:" + dtstamp, "SEQUENCE:" + seq,
                 "DTSTART;VALUE=DATE:" + iso(e.date).replace(/-/g, ""), "DTEND;VALUE=DATE:" + iso(e.date + 1).replace(/-/g, ""),
                 "SUMMARY:" + esc(title), "DESCRIPTION:" + esc(note), "URL:" + urlFor(MODE === "coach" ? root.getAttribute("data-plan-href") + e.item.url : e.item.url),
                 "TRANSP:TRANSPARENT", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }
  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  var shareBox = root.querySelector(".dcg-plan__share");
  function updateShare() {
    if (!shareBox || shareBox.hidden || !couple) { return; }
    var link = shareLink(true);
    shareBox.querySelector("[data-plan-link]").value = link;
    drawQR(shareBox.querySelector("[data-plan-qr]"), link);
  }
  var printQR = null;
  function preparePrint() {
    var withAnswers = root.querySelector("[data-plan-print-answers]");
    if (!printQR) {
      printQR = el("div", { "class": "dcg-plan__printqr", "aria-hidden": "true" });
      root.appendChild(printQR);
    }
    drawQR(printQR, shareLink(!!(withAnswers && withAnswers.checked)));
  }
  window.addEventListener("beforeprint", preparePrint);
  root.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-plan-action]") : null;
    if (!btn) { return; }
    var action = btn.getAttribute("data-plan-action");
    if (action === "share") {
      if (!couple) { return; }
      shareBox.hidden = !shareBox.hidden;
      btn.setAttribute("aria-expanded", String(!shareBox.hidden));
      updateShare();
    } else if (action === "copy") {
      var input = shareBox.querySelector("[data-plan-link]");
      input.select();
      var done = function () { say(t("plan_copied")); };
      if (navigator.clipboard) { navigator.clipboard.writeText(input.value).then(done, done); } else { done(); }
    } else if (action === "ics") {
      if (!couple) { return; }
      download("plan.ics", icsText(lastEntries));
    } else if (action === "print") {
      preparePrint();
      window.print();
    } else if (action === "delete") {
      if (!window.confirm(t("plan_delete_confirm"))) { return; }
      var s = store();
      if (s) {
        s.removeItem(KEY_ANSWERS); s.removeItem(KEY_TICKS);
        DATA.items.forEach(function (it) { s.removeItem(PAGE_TICK + it.id); });
      }
      couple = { a: {}, u: "", t: {} };
      fillForm(); render(); updateShare();
      say(t("plan_deleted"));
    } else if (action === "coach-add") {
      coachAdd();
    } else if (action === "coach-remove") {
      if (!coachBook.current || !window.confirm(t("plan_delete_confirm"))) { return; }
      delete coachBook.couples[coachBook.current];
      coachBook.current = Object.keys(coachBook.couples)[0] || "";
      couple = coachBook.couples[coachBook.current] || null;
      writeJSON(KEY_COACH, coachBook);
      coachOptions(); fillForm(); render();
    }
  });
  var printAnswers = root.querySelector("[data-plan-print-answers]");
  if (printAnswers) { printAnswers.addEventListener("change", preparePrint); }
  var withNotes = root.querySelector("[data-plan-share-notes]");
  if (withNotes) { withNotes.addEventListener("change", updateShare); }

  function linkMessage(err) { return t("plan_link_" + (["malformed", "long", "newer", "type"].indexOf(err.code) >= 0 ? err.code : "malformed")); }

  /* ---- a link that arrives: show what it holds, then merge, replace or leave it */
  function offerImport() {
    if (location.hash.indexOf("#" + LINK_PREFIX) !== 0) { return; }
    var raw = location.hash;
    history.replaceState(null, "", location.pathname + location.search);
    var got;
    try { got = decodeLink(raw, knownIds(), regionIds()); } catch (e) {
      if (!(e instanceof LinkError)) { throw e; }
      say(linkMessage(e));
      return;
    }
    var box = root.querySelector("[data-plan-import]");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    box.appendChild(el("p", {}, t("plan_import", { answers: Object.keys(got.state.a).length, ticks: Object.keys(got.state.t).length })));
    if (got.dropped.length) { box.appendChild(el("p", { "data-plan-dropped": "" }, t("plan_dropped", { ids: got.dropped.join(", ") }))); }
    box.appendChild(el("p", {}, t("plan_merge_help")));
    [["merge", "plan_merge"], ["replace", "plan_replace"], ["cancel", "plan_cancel"]].forEach(function (b) {
      var button = el("button", { type: "button", "class": "md-button", "data-import": b[0] }, t(b[1]));
      button.addEventListener("click", function () {
        if (b[0] === "merge") {
          var newer = (got.state.u || "") > (couple.u || "");
          var a = {};
          Object.keys(couple.a).forEach(function (k) { a[k] = couple.a[k]; });
          if (newer) { Object.keys(got.state.a).forEach(function (k) { a[k] = got.state.a[k]; }); }
          else { Object.keys(got.state.a).forEach(function (k) { if (!(k in a)) { a[k] = got.state.a[k]; } }); }
          var ticks = {};
          Object.keys(couple.t).forEach(function (k) { ticks[k] = couple.t[k]; });
          Object.keys(got.state.t).forEach(function (k) { ticks[k] = mergeTick(ticks[k], got.state.t[k]); });
          couple = { a: a, u: newer ? got.state.u : couple.u, t: ticks, c: couple.c };
        } else if (b[0] === "replace") {
          couple = { a: got.state.a, u: got.state.u, t: got.state.t, c: couple.c };
        }
        if (b[0] !== "cancel") { saveCouple(); fillForm(); render(); say(t("plan_merged")); }
        box.hidden = true;
      });
      box.appendChild(button);
    });
    box.hidden = false;
  }

  /* ---- the coach's couples */
  var select = root.querySelector("[data-coach-select]");
  function coachOptions() {
    if (!select) { return; }
    while (select.firstChild) { select.removeChild(select.firstChild); }
    Object.keys(coachBook.couples).sort().forEach(function (name) {
      var o = el("option", { value: name }, name);
      if (name === coachBook.current) { o.selected = true; }
      select.appendChild(o);
    });
    var title = root.querySelector("[data-plan-made]");
    if (title && coachBook.current) { title.setAttribute("data-title", t("coach_plan_title", { name: coachBook.current })); }
  }
  function coachAdd() {
    var name = root.querySelector("[data-coach-name]").value.trim().slice(0, 60);
    var link = root.querySelector("[data-coach-link]").value.trim();
    if (!name) { root.querySelector("[data-coach-name]").focus(); return; }
    var st = { a: {}, u: "", t: {} }, dropped = [];
    if (link) {
      try { var got = decodeLink(link, knownIds(), regionIds()); st = got.state; dropped = got.dropped; } catch (e) {
        if (!(e instanceof LinkError)) { throw e; }
        say(linkMessage(e));
        return;
      }
    }
    coachBook.couples[name] = st;
    coachBook.current = name;
    couple = st;
    writeJSON(KEY_COACH, coachBook);
    coachOptions(); fillForm(); render();
    say(dropped.length ? t("plan_dropped", { ids: dropped.join(", ") }) : t("plan_merged"));
    root.querySelector("[data-coach-name]").value = "";
    root.querySelector("[data-coach-link]").value = "";
  }
  if (select) {
    select.addEventListener("change", function () {
      coachBook.current = select.value;
      couple = coachBook.couples[select.value] || null;
      writeJSON(KEY_COACH, coachBook);
      coachOptions(); fillForm(); render();
    });
  }
  ["[data-coach-goals]", "[data-coach-notes]"].forEach(function (sel) {
    var area = root.querySelector(sel);
    if (!area) { return; }
    area.addEventListener("input", function () {
      if (!couple) { return; }
      couple.c = { goals: root.querySelector("[data-coach-goals]").value.slice(0, 4000),
                   notes: root.querySelector("[data-coach-notes]").value.slice(0, 4000) };
      saveCouple();
      updateShare();
    });
  });

  function start(data) {
    DATA = data;
    loadCouple();
    if (form) {
      form.hidden = false;
      form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      form.addEventListener("change", function (ev) {
        if (ev.target.matches("[data-coach-goals], [data-coach-notes]")) { return; }
        if (!couple) { return; }
        couple.a = readForm();
        couple.u = now();
        saveCouple();
        render();
        updateShare();
      });
    }
    fillForm();
    root.querySelectorAll(".dcg-plan__actions, .dcg-plan__printanswers, [data-coach]").forEach(function (x) { x.hidden = false; });
    if (lanesBox) { lanesBox.hidden = false; }
    root.querySelectorAll("[data-plan-static]").forEach(function (x) { x.hidden = true; });
    if (MODE === "coach") { coachOptions(); }
    render();
    if (MODE === "plan") { offerImport(); }
    root.setAttribute("data-ready", "");
  }
  /* the tests call the same functions the page uses */
  window.dcgPlan = { compute: function (a, day) { return compute(DATA, a, parseDate(day)).map(function (e) {
    return { item: e.item.id, lane: e.lane, kind: e.kind, date: e.date === null ? null : iso(e.date), off: e.off,
             moved_from: e.movedFrom === null ? null : iso(e.movedFrom), status: e.status };
  }); }, decode: function (text) {
    try { var got = decodeLink(text, knownIds(), regionIds()); return { ok: true, state: got.state, dropped: got.dropped }; } catch (e) {
      if (e instanceof LinkError) { return { ok: false, code: e.code }; }
      throw e;
    }
  }, encode: encodeLink, ics: function () { return icsText(lastEntries); } };

  fetch(root.getAttribute("data-src"), { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(start);
})();
