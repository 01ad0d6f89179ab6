/* The cost worksheet (employers/kostenrechner): adds up the company's own amounts and hours, and writes
   them as a CSV file for a spreadsheet. Everything stays in this browser: nothing is sent or stored. */
(function () {
  "use strict";
  var form = document.querySelector("[data-dcg-costs]");
  if (!form) { return; }
  var totalEl = form.querySelector("[data-sheet-total]"), actions = form.querySelector("[data-sheet-actions]");
  var money;
  try {
    money = new Intl.NumberFormat(form.getAttribute("data-lang") || undefined, { style: "currency", currency: "EUR" });
  } catch (e) {
    money = { format: function (n) { return n.toFixed(2) + " €"; } };
  }
  function num(el) {
    var v = el && el.value !== "" ? Number(String(el.value).replace(",", ".")) : NaN;
    return isFinite(v) && v >= 0 ? v : null;
  }
  function rows() {
    return Array.prototype.map.call(form.querySelectorAll("tr[data-row]"), function (tr) {
      var id = tr.getAttribute("data-row");
      var amount = num(tr.querySelector("[data-amount]")), hours = num(tr.querySelector("[data-hours]")), rate = num(tr.querySelector("[data-rate]"));
      var sum = amount !== null ? amount : (hours !== null && rate !== null ? hours * rate : null);
      return { id: id, label: tr.getAttribute("data-label"), amount: amount, hours: hours, rate: rate, sum: sum };
    });
  }
  function total() {
    var list = rows(), sum = 0, any = false;
    list.forEach(function (r) { if (r.sum !== null) { sum += r.sum; any = true; } });
    totalEl.textContent = any ? form.getAttribute("data-total-word") + " " + money.format(sum) : "";
    form.setAttribute("data-sum", any ? String(Math.round(sum * 100) / 100) : "");
    return { list: list, sum: sum };
  }
  function cell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    return /[";\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csv() {
    var t = total();
    var lines = [[form.getAttribute("data-col-item"), form.getAttribute("data-col-hours"), form.getAttribute("data-col-rate"), form.getAttribute("data-col-amount")].map(cell).join(";")];
    t.list.forEach(function (r) { lines.push([r.label, r.hours, r.rate, r.sum].map(cell).join(";")); });
    lines.push([form.getAttribute("data-total-word"), "", "", Math.round(t.sum * 100) / 100].map(cell).join(";"));
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  form.addEventListener("input", total);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.querySelector("[data-sheet-csv]").addEventListener("click", function () {
    var blob = new Blob([csv()], { type: "text/csv;charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = form.getAttribute("data-csv-name") + ".csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  });
  form.querySelector("[data-sheet-print]").addEventListener("click", function () { window.print(); });
  actions.hidden = false;
  total();
})();
