/* The employer's timelines (employers/zeitplan): a planned first working day turns every week label
   into a calendar date. The date stays in the page; nothing is sent or stored. */
(function () {
  "use strict";
  var form = document.querySelector("[data-dcg-timeline]");
  if (!form) { return; }
  var input = form.querySelector("[data-timeline-start]");
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(form.getAttribute("data-lang") || undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  } catch (e) {
    fmt = new Intl.DateTimeFormat(undefined, { timeZone: "UTC" });
  }
  function fill() {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value || "");
    var start = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
    Array.prototype.forEach.call(document.querySelectorAll("[data-week]"), function (el) {
      if (start === null || isNaN(start)) { el.textContent = ""; return; }
      var d = new Date(start + Number(el.getAttribute("data-week")) * 7 * 86400000);
      el.textContent = fmt.format(d);
      el.setAttribute("data-date", d.toISOString().slice(0, 10));
    });
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("input", fill);
  input.addEventListener("change", fill);
})();
