// candor: says when the page is stale, shows times in the visitor's zone,
// loads the day card of the 90-day bars and copies addresses.
(function () {
  // The build writes when the data goes stale (data-stale-at); the rule
  // itself lives in one place in Go, candor.StaleAfter.
  var now = Date.now(), b = document.body, last = Date.parse(b.dataset.lastCheck), staleAt = Date.parse(b.dataset.staleAt);
  // span is ms in words, minutes below lim minutes, as the build writes them.
  function span(ms, lim) {
    var m = Math.round(ms / 6e4), h = Math.floor(m / 60);
    return m < lim ? m + " min" : m < 2880 ? h + " h" + (m % 60 ? " " + m % 60 + " min" : "") : Math.floor(h / 24) + " days" + (h % 24 ? " " + h % 24 + " h" : "");
  }
  var e = document.getElementById("banner");
  if (e && last && staleAt && now > staleAt) {
    e.hidden = false;
    e.className = "banner unk";
    var u = e.querySelector("use"), i = e.querySelector(".i"); // the embed page draws its icon in text
    if (u) u.setAttribute("href", "#i-unk"); else if (i) i.textContent = "?";
    e.querySelector(".t").textContent = "Status unknown — the last check was " + span(now - last, 120) + " ago";
    var k = e.querySelector(".lk"); // a theme's own home.html may lack it
    if (k) k.hidden = false;
  }
  document.querySelectorAll("[data-due]").forEach(function (e) {
    var due = Date.parse(e.dataset.due);
    if (due && now > due) {
      e.hidden = false;
      e.className = "due late";
      e.querySelector("use").setAttribute("href", "#i-warn");
      e.querySelector("span").textContent = "Update overdue by " + span(now - due, 60);
    }
  });
  // One clock for every time on the page: 24 hours, as the updates write them.
  var hm = { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" };
  document.querySelectorAll("time").forEach(function (t) {
    var v = t.getAttribute("datetime");
    if (v.indexOf("T") < 0) return;
    var d = new Date(v);
    t.title = t.textContent;
    t.textContent = t.className == "hm" ? d.toLocaleTimeString([], hm) : d.toLocaleString([], Object.assign({ day: "numeric", month: "short", year: "numeric" }, hm));
  });
  // Days stay in the page's zone (data-tz); the times are now the visitor's.
  var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("[data-tz]").forEach(function (e) {
    if (e.dataset.tz != tz) e.textContent = "Days in " + e.dataset.tz + " time; times in yours (" + tz + ")";
  });

  // The day card lives in card.js, fetched with the bar's days the first
  // time a visitor points at, taps or steps into a bar: the page itself
  // loads nothing more.
  // A home bar links to its component's days; days.json sits beside them.
  var bars = document.querySelectorAll(".bar"), src = b.dataset.card, wait = null;
  function lazy(bar, ev) {
    if (window.candorCard) return;
    if (ev.type == "click") ev.preventDefault();
    if (wait) return wait.push([bar, ev]);
    wait = [[bar, ev]];
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () { window.candorCard(bars, wait); };
    document.head.appendChild(s);
  }
  bars.forEach(function (bar) {
    if (bar.tagName != "A") bar.tabIndex = 0;
    else bar.dataset.days = new URL("days.json", bar.href).pathname;
    ["pointerover", "click", "keydown", "focus"].forEach(function (t) { bar.addEventListener(t, function (ev) { lazy(bar, ev); }); });
  });

  // Copy buttons beside the addresses of the Subscribe page. A site
  // without base_url writes paths: they become addresses from this page's.
  var rel = document.getElementById("rel");
  if (rel) rel.hidden = true;
  document.querySelectorAll("code.url").forEach(function (c) {
    c.textContent = c.textContent.replace(/(^|\s)(\/\S*)$/, function (m, s, p) { return s + new URL(p, location.href).href; });
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy";
    btn.textContent = "Copy";
    btn.addEventListener("click", function () {
      navigator.clipboard.writeText(c.textContent).then(function () { btn.textContent = "Copied"; }, function () {
        getSelection().selectAllChildren(c);
        btn.textContent = "Selected: press Ctrl+C";
      });
    });
    c.after(btn);
  });
})();
