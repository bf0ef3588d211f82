// candor: the day card of the 90-day bars, what one day measured, from the
// component's days.json. page.js loads this file the first time a visitor
// points at, taps or steps into a bar, and hands over the bars and the
// events that came before it. The arrow keys move between the days shown.
window.candorCard = function (bars, early) {
  var b = document.body;
  var card = document.createElement("div"), cur = null;
  card.className = "dc";
  card.id = "day-card";
  card.hidden = true;
  card.setAttribute("role", "status");
  b.appendChild(card);
  function el(tag, text, parent) {
    var x = document.createElement(tag);
    if (text) x.textContent = text;
    parent.appendChild(x);
    return x;
  }
  function days(bar, then) {
    if (bar.d) return then(bar.d);
    fetch(bar.dataset.days).then(function (r) { return r.json(); }).then(function (j) { bar.d = j; then(j); }, function () { then(null); });
  }
  function shown(bar) {
    return [].filter.call(bar.children, function (c) { return c.getClientRects().length > 0; });
  }
  function hide() {
    card.hidden = true;
    if (cur) cur.bar.querySelectorAll(".sel").forEach(function (c) { c.classList.remove("sel"); });
    cur = null;
  }
  function show(bar, cell) {
    var i = [].indexOf.call(bar.children, cell);
    if (i < 0) return;
    if (cur) cur.bar.querySelectorAll(".sel").forEach(function (c) { c.classList.remove("sel"); });
    cur = { bar: bar, cell: cell };
    cell.classList.add("sel");
    days(bar, function (j) {
      if (!cur || cur.cell != cell) return;
      var d = j && j.days[i];
      card.textContent = "";
      el("strong", d ? d.day : "", card);
      if (d) {
        el("p", d.word[0].toUpperCase() + d.word.slice(1) + (d.uptime ? " · " + d.uptime + " uptime" : ""), card);
        if (d.uptime) el("p", "Down " + d.down + " · degraded " + d.degraded + (d.maintenance != "0 min" ? " · maintenance " + d.maintenance : "") + " · measured " + d.measured, card);
        if (d.incidents.length) {
          var ul = el("ul", "", card);
          d.incidents.forEach(function (x) { var a = el("a", x.title + " (" + x.impact + ")", el("li", "", ul)); a.href = x.href; });
        } else el("p", "No incidents", card);
        var a = el("a", "This day in detail", el("p", "", card));
        a.href = j.page + "#d" + d.date;
        if (bar.tagName == "A") bar.href = a.href;
      } else el("p", "Open the component's page for this day.", card);
      card.hidden = false;
      var r = cell.getBoundingClientRect(), w = card.offsetWidth;
      card.style.left = Math.max(4, Math.min(scrollX + r.left + r.width / 2 - w / 2, scrollX + document.documentElement.clientWidth - w - 4)) + "px";
      card.style.top = scrollY + r.bottom + 6 + "px";
    });
  }
  bars.forEach(function (bar) {
    bar.setAttribute("aria-describedby", card.id);
    bar.addEventListener("pointerover", function (ev) { if (ev.pointerType == "mouse" && ev.target != bar) show(bar, ev.target); });
    bar.addEventListener("click", function (ev) {
      // A tap or click on a day shows its card; the card's link goes on.
      if (ev.target != bar && !(cur && cur.cell == ev.target)) {
        ev.preventDefault();
        show(bar, ev.target);
      }
    });
    bar.addEventListener("keydown", function (ev) {
      var cells = shown(bar), i = cur && cur.bar == bar ? cells.indexOf(cur.cell) : cells.length;
      var to = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: cells.length - 1 }[ev.key];
      if (ev.key == "Escape") return hide();
      if (to === undefined) return;
      ev.preventDefault();
      show(bar, cells[Math.max(0, Math.min(cells.length - 1, to))]);
    });
    bar.addEventListener("focus", function () { var c = shown(bar); if (!cur || cur.bar != bar) show(bar, c[c.length - 1]); });
  });
  document.addEventListener("pointerdown", function (ev) { if (cur && !card.contains(ev.target) && !cur.bar.contains(ev.target)) hide(); });
  document.addEventListener("pointerover", function (ev) { if (cur && ev.pointerType == "mouse" && !card.contains(ev.target) && !cur.bar.contains(ev.target)) hide(); });
  document.addEventListener("focusin", function (ev) { if (cur && !card.contains(ev.target) && !cur.bar.contains(ev.target)) hide(); });

  early.forEach(function (p) {
    var bar = p[0], ev = p[1];
    if (ev.type == "focus" || ev.type == "keydown") bar.dispatchEvent(new FocusEvent("focus"));
    if (ev.type == "keydown") bar.dispatchEvent(new KeyboardEvent("keydown", { key: ev.key }));
    else if (ev.type != "focus" && ev.target != bar) show(bar, ev.target);
  });
};
