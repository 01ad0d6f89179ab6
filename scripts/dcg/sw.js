/* Dual Career Guide: the service worker of one release (written to sw.js at the site root by the
   build, scripts/dcg/offline.py, which puts the release, the Workbox folder and the private pages in
   SETTINGS). Same-origin requests only. Without a request from the reader it keeps only what the reader
   opens; "keep for offline" (site.js) asks it to store a language's pack (offline/<lang>.json).
   Each release has its own cache: a new release deletes the old one and stores the kept languages
   again, so old and new pages are never mixed. Pages marked private are never stored. */
/* global workbox */
"use strict";
var SETTINGS = /*SETTINGS*/{};
importScripts(SETTINGS.workbox + "/workbox-core.prod.js", SETTINGS.workbox + "/workbox-routing.prod.js",
              SETTINGS.workbox + "/workbox-strategies.prod.js");

var CACHE = "dcg-" + SETTINGS.release;
var KEPT = "dcg-kept"; /* which languages the reader keeps, across releases */
var SCOPE = new URL(self.registration.scope);

function path(url) { return url.pathname.slice(SCOPE.pathname.length); }
function isPrivate(url) { return SETTINGS.private.indexOf(path(url)) >= 0; }
function stored(url) {
  return url.origin === SCOPE.origin && url.pathname.indexOf(SCOPE.pathname) === 0 && !isPrivate(url) &&
    path(url) !== "sw.js" && path(url).indexOf("offline/") !== 0;
}

/* what the reader opens: from the network while there is one, else from this release's cache */
workbox.routing.registerRoute(function (o) { return o.request.method === "GET" && stored(o.url); },
  new workbox.strategies.NetworkFirst({
    cacheName: CACHE, matchOptions: { ignoreSearch: true },
    plugins: [{ cacheWillUpdate: function (o) { return Promise.resolve(o.response && o.response.status === 200 ? o.response : null); } }]
  }));

function keptLanguages() {
  return caches.open(KEPT).then(function (c) { return c.match("languages"); })
    .then(function (r) { return r ? r.json() : []; }).catch(function () { return []; });
}
function setKept(langs) {
  return caches.open(KEPT).then(function (c) {
    return c.put("languages", new Response(JSON.stringify(langs), { headers: { "Content-Type": "application/json" } }));
  });
}
function packOf(lang) {
  return fetch(new URL("offline/" + encodeURIComponent(lang) + ".json", SCOPE), { cache: "no-store" })
    .then(function (r) { if (!r.ok) { throw new Error("no pack for " + lang); } return r.json(); });
}
function keep(lang) {
  return packOf(lang).then(function (pack) {
    if (pack.release !== SETTINGS.release) { throw new Error("update"); }
    return caches.open(CACHE).then(function (cache) {
      var urls = pack.urls.map(function (u) { return new URL(u, SCOPE); }).filter(stored);
      var i = 0;
      function next() { /* six at a time, like a browser */
        var batch = urls.slice(i, i + 6);
        i += 6;
        if (!batch.length) { return Promise.resolve(); }
        return Promise.all(batch.map(function (u) { return cache.add(new Request(u.href, { cache: "no-cache" })); })).then(next);
      }
      return next();
    }).then(keptLanguages).then(function (langs) {
      if (langs.indexOf(lang) < 0) { langs.push(lang); }
      return setKept(langs);
    }).then(function () { return { ok: true, bytes: pack.bytes }; });
  });
}
function drop(lang) {
  return keptLanguages().then(function (langs) {
    return setKept(langs.filter(function (l) { return l !== lang; }));
  }).then(function () { return packOf(lang); }).then(function (pack) {
    return caches.open(CACHE).then(function (cache) {
      return Promise.all(pack.urls.map(function (u) { return cache.delete(new URL(u, SCOPE).href, { ignoreSearch: true }); }));
    });
  }).then(function () { return { ok: true }; });
}

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("dcg-") === 0 && n !== CACHE && n !== KEPT; })
      .map(function (n) { return caches.delete(n); }));
  }).then(keptLanguages).then(function (langs) {
    return Promise.all(langs.map(function (l) { return keep(l).catch(function () { return null; }); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener("message", function (event) {
  var msg = event.data || {}, port = event.ports && event.ports[0];
  if (!port || typeof msg.lang !== "string" || !/^[a-z]{2,3}$/.test(msg.lang)) { return; }
  var work = msg.type === "keep" ? keep(msg.lang) : msg.type === "drop" ? drop(msg.lang)
    : keptLanguages().then(function (langs) { return { ok: true, kept: langs.indexOf(msg.lang) >= 0, release: SETTINGS.release }; });
  event.waitUntil(work.then(function (r) { port.postMessage(r); }, function (e) { port.postMessage({ ok: false, error: String(e && e.message || e) }); }));
});
