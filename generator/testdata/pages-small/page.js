// candor: says when the page is stale and shows times in the visitor's zone.
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
  document.querySelectorAll("time").forEach(function (t) {
    var v = t.getAttribute("datetime");
    if (v.indexOf("T") < 0) return;
    var d = new Date(v), hm = t.className == "hm";
    t.title = t.textContent;
    t.textContent = hm ? d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", timeZoneName: "short" })
      : d.toLocaleString([], { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  });
})();
