// candor: says when the page is stale and shows times in the visitor's zone.
(function () {
  var now = Date.now(), b = document.body, last = Date.parse(b.dataset.lastCheck), every = b.dataset.interval * 1000;
  function span(ms) { var m = Math.round(ms / 6e4); return m < 60 ? m + " min" : Math.floor(m / 60) + " h" + (m % 60 ? " " + m % 60 + " min" : ""); }
  if (last && every && now - last > 3 * every + 6e5) {
    var e = document.getElementById("banner");
    if (e) {
      e.className = "banner unk";
      e.querySelector("use").setAttribute("href", "#i-unk");
      e.querySelector(".t").textContent = "Status unknown — the last check was " + Math.round((now - last) / 6e4) + " minutes ago";
    }
  }
  document.querySelectorAll("[data-due]").forEach(function (e) {
    var due = Date.parse(e.dataset.due);
    if (due && now > due) {
      e.hidden = false;
      e.className = "due late";
      e.querySelector("use").setAttribute("href", "#i-warn");
      e.querySelector("span").textContent = "Update overdue by " + span(now - due);
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
