/* Loaded before Material's bundle.
   Material fetches "sitemap.xml" next to every <link rel="alternate" hreflang> to rewrite language
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
