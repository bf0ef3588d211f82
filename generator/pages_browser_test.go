package generator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/candor-status/candor/internal/browsertest"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// serve serves the built site on 127.0.0.1.
func serve(t *testing.T, f Files) *httptest.Server {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, b := range f {
		fsys[p] = &fstest.MapFile{Data: b}
	}
	srv := httptest.NewServer(http.FileServerFS(fsys))
	t.Cleanup(srv.Close)
	return srv
}

// newTab opens a tab whose clock reads at, in the given time zone, with
// script on or off.
func newTab(t *testing.T, browser context.Context, at time.Time, zone string, script bool) *browsertest.Tab {
	t.Helper()
	return browsertest.NewTab(t, browser, browsertest.Options{At: at, Zone: zone, Script: script})
}

func TestBrowser(t *testing.T) {
	in := sampleInput()
	f := pages(t, in)
	srv := serve(t, f)
	ctx := browsertest.Start(t)

	t.Run("fresh page, visitor's zone", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(time.Minute), "America/New_York", true)
		tb.Open(t, srv.URL+"/")
		if banner := tb.Text(t, "#banner .t"); banner != "Partial System Outage" {
			t.Errorf("banner = %q, want Partial System Outage", banner)
		}
		if !tb.Hidden(t, "#banner .lk") {
			t.Error("fresh page shows its last-known note")
		}
		if due := tb.Text(t, ".due.late"); !strings.HasPrefix(due, "Update overdue by 16 min") {
			t.Errorf("overdue notice = %q, want Update overdue by 16 min", due)
		}
		lastText, lastTitle := tb.Text(t, "#banner time"), tb.Attr(t, "#banner time", "title")
		if lastTitle != "15:55 UTC" || !strings.Contains(lastText, "10:55") {
			t.Errorf("last check shows %q titled %q, want 10:55 New York time titled 15:55 UTC", lastText, lastTitle)
		}
		// The days stay the page's, and the page says the times are not.
		if tz, want := tb.Text(t, "[data-tz]"), "Days in UTC time; times in yours (America/New_York)"; tz != want {
			t.Errorf("zone note = %q, want %q", tz, want)
		}
		if day := tb.Text(t, "h3.day"); day != "Thu 26 Nov 2026" {
			t.Errorf("first past day = %q, want Thu 26 Nov 2026 (the page's day, not the visitor's)", day)
		}
		errs, reqs := tb.Seen()
		if len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
		if len(reqs) != 1 || reqs[0] != srv.URL+"/" {
			t.Errorf("page made requests %q, want only the page itself", reqs)
		}
	})

	t.Run("clock two hours ahead", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(2*time.Hour), "UTC", true)
		tb.Open(t, srv.URL+"/")
		if banner, want := tb.Text(t, "#banner .t"), "Status unknown — the last check was 2 h 5 min ago"; banner != want {
			t.Errorf("banner = %q, want %q", banner, want)
		}
		if note, want := tb.Text(t, "#banner .lk"), "The statuses below are the last known ones."; note != want || tb.Hidden(t, "#banner .lk") {
			t.Errorf("banner note = %q (hidden %v), want %q shown", note, tb.Hidden(t, "#banner .lk"), want)
		}
		if class := tb.Attr(t, "#banner", "class"); class != "banner unk" {
			t.Errorf("banner class = %q, want banner unk", class)
		}
		if errs, _ := tb.Seen(); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	})

	t.Run("clock three weeks ahead", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(21*24*time.Hour+3*time.Hour), "UTC", true)
		tb.Open(t, srv.URL+"/")
		if banner, want := tb.Text(t, "#banner .t"), "Status unknown — the last check was 21 days 3 h ago"; banner != want {
			t.Errorf("banner = %q, want %q", banner, want)
		}
	})

	t.Run("javascript off", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(2*time.Hour), "America/New_York", false)
		tb.Open(t, srv.URL+"/")
		home := tb.Text(t, "body")
		tb.Open(t, srv.URL+"/history/")
		history := tb.Text(t, "body")
		for _, c := range in.Config.Components {
			if !strings.Contains(home, c.Name) {
				t.Errorf("home page without script lacks component %q", c.Name)
			}
		}
		for _, inc := range in.Incidents {
			if inc.Open() && !strings.Contains(home, inc.Title) {
				t.Errorf("home page without script lacks open incident %q", inc.Title)
			}
			if !strings.Contains(history, inc.Title) {
				t.Errorf("history without script lacks incident %q", inc.Title)
			}
		}
		for _, w := range []string{"Partial System Outage", "Update overdue by 15 min", "Last checked 15:55 UTC"} {
			if !strings.Contains(home, w) {
				t.Errorf("home page without script does not say %q", w)
			}
		}
	})

	t.Run("320 px wide, keyboard", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now, "UTC", true)
		if _, err := chromedp.Call(tb.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/", "/components/api/", "/incidents/dbfailover003/", "/history/"} {
			tb.Open(t, srv.URL+p)
			w, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if w > 320 {
				t.Errorf("%s is %d px wide at 320 px: it scrolls sideways", p, w)
			}
		}
		tb.Open(t, srv.URL+"/")
		links, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("main a[href]")].filter(a => a.tabIndex >= 0).length`))
		if err != nil {
			t.Fatal(err)
		}
		if want := len(in.Config.Components) + 2; links < want {
			t.Errorf("home page has %d links to reach by keyboard, want at least %d (every component and open incident)", links, want)
		}
		if _, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[bool](`document.querySelector("a.skip").focus(), true`)); err != nil {
			t.Fatal(err)
		}
		vis, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[bool](`document.activeElement.matches("a.skip") && document.activeElement.getBoundingClientRect().left >= 0`))
		if err != nil {
			t.Fatal(err)
		}
		if !vis {
			t.Error("the skip link is not on screen when it has the focus")
		}
	})

	// Pages but the home page link the site's one stylesheet and script.
	style, script := srv.URL+"/style.css?v="+contentHash(f["style.css"]), srv.URL+"/page.js?v="+contentHash(f["page.js"])
	for _, p := range []string{"components/api/", "incidents/dbfailover003/", "history/", "maintenance/cdnmove00002/"} {
		t.Run("no errors on "+p, func(t *testing.T) {
			tb := newTab(t, ctx, in.Now, "America/New_York", true)
			tb.Open(t, srv.URL+"/"+p)
			errs, reqs := tb.Seen()
			if len(errs) > 0 {
				t.Errorf("console errors: %q", errs)
			}
			if want := []string{srv.URL + "/" + p, style, script}; strings.Join(reqs, " ") != strings.Join(want, " ") {
				t.Errorf("page made requests %q, want %q", reqs, want)
			}
			styled, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("a.skip")).position`))
			if err != nil || styled != "absolute" {
				t.Errorf("skip link position = %q (%v), want absolute: the stylesheet did not apply", styled, err)
			}
			if title := tb.Attr(t, "footer time", "title"); !strings.HasSuffix(title, "UTC") || strings.Contains(tb.Text(t, "footer time"), "UTC") {
				t.Errorf("footer time shows %q titled %q, want New York time titled in UTC: the script did not run", tb.Text(t, "footer time"), title)
			}
		})
	}
}

// A day of a bar opens its card by pointer, keyboard and touch, from the
// component's days.json; the page loads nothing until then, and without
// script every bar and day is a link to the day in words.
func TestBrowserDayCards(t *testing.T) {
	in := sampleInput()
	f := pages(t, in)
	srv := serve(t, f)
	ctx := browsertest.Start(t)
	lastCell := `document.querySelector("a.bar").children[89]`
	card := func(tb *browsertest.Tab) string {
		t.Helper()
		browsertest.WaitFor(t, tb, `(e => e && !e.hidden && e.textContent)(document.getElementById("day-card"))`)
		return browsertest.Eval[string](t, tb, `document.getElementById("day-card").innerText`)
	}

	t.Run("pointer", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", true)
		tb.Open(t, srv.URL+"/")
		if _, reqs := tb.Seen(); len(reqs) != 1 {
			t.Fatalf("the home page made %d requests before a bar was used, want 1: %q", len(reqs), reqs)
		}
		browsertest.Eval[bool](t, tb, lastCell+`.dispatchEvent(new PointerEvent("pointerover", {pointerType: "mouse", bubbles: true}))`)
		got := card(tb)
		for _, want := range []string{"Thu 26 Nov 2026", "Down under 1 h", "Down 50 min", "measured", "Elevated errors on the public API (Major)", "This day in detail"} {
			if !strings.Contains(got, want) {
				t.Errorf("the card of the last day says %q, want %q in it", got, want)
			}
		}
		_, reqs := tb.Seen()
		if want := []string{srv.URL + "/", srv.URL + "/card.js?v=" + contentHash(f["card.js"]), srv.URL + "/components/api/days.json"}; strings.Join(reqs, " ") != strings.Join(want, " ") {
			t.Errorf("requests %q, want %q: the page, then on use the card's script and the component's days", reqs, want)
		}
		if v := browsertest.Axe(t, tb); len(v) > 0 {
			t.Errorf("with the card open, axe finds %v", v)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", true)
		tb.Open(t, srv.URL+"/")
		browsertest.Eval[bool](t, tb, `document.querySelector("a.bar").focus(), true`)
		if got := card(tb); !strings.Contains(got, "Thu 26 Nov 2026") {
			t.Errorf("focusing a bar shows %q, want its last day", got)
		}
		if _, err := chromedp.Run(tb.Ctx, chromedp.KeyEvent(kb.ArrowLeft)); err != nil {
			t.Fatal(err)
		}
		browsertest.WaitFor(t, tb, `document.getElementById("day-card").innerText.includes("Wed 25 Nov")`)
		if sel := browsertest.Eval[int](t, tb, `[...document.querySelector("a.bar").children].indexOf(document.querySelector("a.bar .sel"))`); sel != 88 {
			t.Errorf("after the left arrow day %d is marked, want 88", sel)
		}
		if _, err := chromedp.Run(tb.Ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		browsertest.WaitFor(t, tb, `location.pathname == "/components/api/"`)
		if hash := browsertest.Eval[string](t, tb, `location.hash`); hash != "#d2026-11-25" {
			t.Errorf("Enter on the marked day goes to %q, want #d2026-11-25", hash)
		}
	})

	t.Run("touch", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", true)
		tb.Open(t, srv.URL+"/")
		browsertest.Eval[bool](t, tb, lastCell+`.click(), true`)
		if got := card(tb); !strings.Contains(got, "Thu 26 Nov 2026") || browsertest.Eval[string](t, tb, `location.pathname`) != "/" {
			t.Errorf("a tap shows %q at %s, want the day's card on the home page", got, browsertest.Eval[string](t, tb, `location.href`))
		}
		browsertest.Eval[bool](t, tb, lastCell+`.click(), true`)
		browsertest.WaitFor(t, tb, `location.pathname == "/components/api/"`)
		if hash := browsertest.Eval[string](t, tb, `location.hash`); hash != "#d2026-11-26" {
			t.Errorf("a second tap goes to %q, want the day #d2026-11-26", hash)
		}
	})

	t.Run("javascript off", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", false)
		tb.Open(t, srv.URL+"/")
		if href := tb.Attr(t, "a.bar", "href"); href != "/components/api/#days" {
			t.Errorf("the bar links to %q, want the component's days", href)
		}
		tb.Open(t, srv.URL+"/components/api/")
		if href := tb.Attr(t, ".bar.full > :last-child", "href"); href != "#d2026-11-26" {
			t.Errorf("the component page's last day links to %q, want #d2026-11-26", href)
		}
		// The day's figures are in view in every browser: no closed
		// <details> around them (only Chromium opens one for a link), and
		// the row is what the visitor sees at its own middle.
		tb.Open(t, srv.URL+"/components/api/#d2026-11-12")
		if browsertest.Eval[bool](t, tb, `!!document.getElementById("d2026-11-12").closest("details")`) {
			t.Error("the day's row is inside a <details>, closed as served: only Chromium opens it for a link")
		}
		if !browsertest.Eval[bool](t, tb, `(() => { const r = document.getElementById("d2026-11-12"), b = r.getBoundingClientRect();
			return r.contains(document.elementFromPoint(b.left + 20, b.top + b.height / 2)); })()`) {
			t.Error("a link to a day does not show the day's row")
		}
		if row := tb.Text(t, "#d2026-11-12"); !strings.Contains(row, "Thu 12 Nov 2026") {
			t.Errorf("the day's row says %q", row)
		}
	})
}

// At 375 px the home page shows the last 30 days of each bar, which leads
// to all 90; the component page shows the 90 in rows of 30.
func TestBrowserNarrow(t *testing.T) {
	in := sampleInput()
	srv := serve(t, pages(t, in))
	ctx := browsertest.Start(t)
	tb := browsertest.NewTab(t, ctx, browsertest.Options{At: in.Now, Zone: "UTC", Script: true, Width: 375})
	tb.Open(t, srv.URL+"/")
	if n := browsertest.Eval[int](t, tb, `[...document.querySelector("a.bar").children].filter(c => c.getClientRects().length).length`); n != 30 {
		t.Errorf("a bar shows %d days at 375 px, want 30", n)
	}
	if w := browsertest.Eval[float64](t, tb, `document.querySelector("a.bar i:last-child").getBoundingClientRect().width`); w < 8 {
		t.Errorf("a day is %.1f px wide at 375 px, want at least 8", w)
	}
	if key := tb.Text(t, ".key"); !strings.Contains(key, "last 30 days (a bar leads to all 90)") || strings.Contains(key, "90 days,") {
		t.Errorf("the key says %q at 375 px", key)
	}
	for _, p := range []string{"/", "/components/api/", "/subscribe/"} {
		tb.Open(t, srv.URL+p)
		if w := browsertest.Eval[int](t, tb, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("%s is %d px wide at 375 px: it scrolls sideways", p, w)
		}
	}
	tb.Open(t, srv.URL+"/components/api/")
	rows := browsertest.Eval[int](t, tb, `new Set([...document.querySelector(".bar.full").children].map(c => c.getBoundingClientRect().bottom)).size`)
	shown := browsertest.Eval[int](t, tb, `[...document.querySelector(".bar.full").children].filter(c => c.getClientRects().length).length`)
	if rows != 3 || shown != 90 {
		t.Errorf("the component page shows %d days in %d rows at 375 px, want 90 in 3", shown, rows)
	}
}

// The Subscribe page lists every way to follow the page, each address in
// full with a button that copies it; every page links to it.
func TestBrowserSubscribe(t *testing.T) {
	in := sampleInput()
	srv := serve(t, pages(t, in))
	ctx := browsertest.Start(t)
	tb := newTab(t, ctx, in.Now, "UTC", true)
	tb.Open(t, srv.URL+"/")
	if href := tb.Attr(t, `header nav a[href$="subscribe/"]`, "href"); href != "/subscribe/" {
		t.Errorf("the header links Subscribe to %q", href)
	}
	tb.Open(t, srv.URL+"/subscribe/")
	body := tb.Text(t, "main")
	for _, want := range []string{"https://status.acme.example/history.rss", "https://status.acme.example/history.atom",
		"/feed subscribe https://status.acme.example/history.rss", "https://status.acme.example/components/db/history.atom",
		"https://status.acme.example/maintenance.ics", "https://status.acme.example/badges/api.svg", "https://status.acme.example/badges/api-uptime.svg",
		"https://status.acme.example/badges/api.json", "https://status.acme.example/api/v2/summary.json", "https://status.acme.example/api/candor.json"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Subscribe page lacks %s", want)
		}
	}
	if href := tb.Attr(t, `a[href^="webcal:"]`, "href"); href != "webcal://status.acme.example/maintenance.ics" {
		t.Errorf("calendar link %q", href)
	}
	urls, buttons := browsertest.Eval[int](t, tb, `document.querySelectorAll("code.url").length`), browsertest.Eval[int](t, tb, `document.querySelectorAll("code.url + button.copy").length`)
	if urls < 40 || buttons != urls {
		t.Errorf("%d addresses and %d copy buttons, want a button for each", urls, buttons)
	}
	got := browsertest.Eval[string](t, tb, `(async () => { const b = document.querySelector("code.url + button.copy"); b.click();
		await new Promise(r => setTimeout(r, 200));
		return b.textContent == "Copied" ? await navigator.clipboard.readText().catch(() => "") || "copied" : String(getSelection()); })()`)
	if got != "https://status.acme.example/history.rss" && got != "copied" {
		t.Errorf("the first Copy button gave %q, want the RSS address copied or selected", got)
	}
}

// With base_url "/" the site cannot know its address: with script the
// Subscribe page shows and copies addresses made from its own, without it
// says the paths are relative to the site's address.
func TestBrowserSubscribeRelative(t *testing.T) {
	in := sampleInput()
	in.Config.BaseURL = "/"
	srv := serve(t, pages(t, in))
	ctx := browsertest.Start(t)

	tb := newTab(t, ctx, in.Now, "UTC", true)
	tb.Open(t, srv.URL+"/subscribe/")
	body := tb.Text(t, "main")
	for _, want := range []string{srv.URL + "/history.rss", "/feed subscribe " + srv.URL + "/history.rss", srv.URL + "/components/db/history.atom", srv.URL + "/api/candor.json"} {
		if !strings.Contains(body, want) {
			t.Errorf("with script the Subscribe page lacks %s", want)
		}
	}
	if n := browsertest.Eval[int](t, tb, `[...document.querySelectorAll("code.url")].filter(c => !/(^|\s)https?:\/\/\S+$/.test(c.textContent)).length`); n != 0 {
		t.Errorf("with script %d addresses are not absolute", n)
	}
	if !tb.Hidden(t, "#rel") {
		t.Error("with script the page still says its addresses are relative")
	}
	got := browsertest.Eval[string](t, tb, `(async () => { const b = document.querySelector("code.url + button.copy"); b.click();
		await new Promise(r => setTimeout(r, 200));
		return b.textContent == "Copied" ? await navigator.clipboard.readText().catch(() => "") || "copied" : String(getSelection()); })()`)
	if got != srv.URL+"/history.rss" && got != "copied" {
		t.Errorf("the first Copy button gave %q, want %s", got, srv.URL+"/history.rss")
	}

	off := newTab(t, ctx, in.Now, "UTC", false)
	off.Open(t, srv.URL+"/subscribe/")
	if off.Hidden(t, "#rel") || !strings.Contains(off.Text(t, "#rel"), "relative to this site's address") {
		t.Errorf("without script the page does not say its addresses are relative: %q", off.Text(t, "#rel"))
	}
	if first := off.Text(t, "code.url"); first != "/history.rss" {
		t.Errorf("without script the first address is %q, want /history.rss", first)
	}
}

// The home page lists past incidents day by day, today first, every day,
// each with its incidents or "No incidents reported".
func TestBrowserPastIncidents(t *testing.T) {
	in := sampleInput()
	srv := serve(t, pages(t, in))
	ctx := browsertest.Start(t)
	tb := newTab(t, ctx, in.Now, "UTC", false)
	tb.Open(t, srv.URL+"/")
	days := browsertest.Eval[[]string](t, tb, `[...document.querySelectorAll("#pi ~ h3.day")].map(h => h.textContent)`)
	if len(days) != 15 || days[0] != "Thu 26 Nov 2026" || days[14] != "Thu 12 Nov 2026" {
		t.Fatalf("past incidents list %q, want 15 days from today back", days)
	}
	text := tb.Text(t, `section[aria-labelledby="pi"]`)
	for _, want := range []string{"Elevated errors on the public API", "Invoice emails delayed", "Public API unavailable", "Login emails delayed", "No incidents reported."} {
		if !strings.Contains(text, want) {
			t.Errorf("past incidents lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Database failover") {
		t.Error("past incidents list an incident older than 15 days")
	}
	empty := browsertest.Eval[int](t, tb, `[...document.querySelectorAll("#pi ~ h3.day + p.fine")].filter(p => p.textContent == "No incidents reported.").length`)
	if empty != 12 {
		t.Errorf("%d days say No incidents reported, want 12 of 15", empty)
	}
}

// axe-core finds nothing wrong on any kind of page, light or dark, and
// every link and control shows where the keyboard focus is.
func TestBrowserAccessible(t *testing.T) {
	in := sampleInput()
	site, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, site)
	ctx := browsertest.Start(t)
	pagesByKind := []string{"/", "/components/api/", "/components/billing/", "/incidents/dbfailover003/", "/incidents/apierrors0001/", "/history/", "/maintenance/cdnmove00002/", "/subscribe/", "/404.html", "/embed/"}
	for _, scheme := range []string{"light", "dark"} {
		tb := browsertest.NewTab(t, ctx, browsertest.Options{At: in.Now, Zone: "UTC", Script: true, Scheme: scheme})
		for _, p := range pagesByKind {
			tb.Open(t, srv.URL+p)
			for _, v := range browsertest.Axe(t, tb) {
				t.Errorf("%s, %s: %s", p, scheme, v)
			}
		}
	}
	tb := newTab(t, ctx, in.Now, "UTC", true)
	tb.Open(t, srv.URL+"/")
	for i := range 25 {
		if _, err := chromedp.Run(tb.Ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		got := browsertest.Eval[string](t, tb, `(() => { const e = document.activeElement, s = getComputedStyle(e);
			return e.tagName + " " + (e.className || e.textContent.trim().slice(0, 20)) + ": " + (s.outlineStyle != "none" && parseFloat(s.outlineWidth) >= 2 ? "visible" : "no outline"); })()`)
		if !strings.HasSuffix(got, ": visible") {
			t.Errorf("tab %d: %s", i+1, got)
		}
	}
}

// Every time on a page reads in one 24-hour format, as the updates that
// the monitor writes do.
func TestBrowserOneTimeFormat(t *testing.T) {
	in := sampleInput()
	srv := serve(t, pages(t, in))
	ctx := browsertest.Start(t)
	tb := newTab(t, ctx, in.Now, "America/New_York", true)
	for _, p := range []string{"/", "/incidents/dbfailover003/", "/components/api/"} {
		tb.Open(t, srv.URL+p)
		times := browsertest.Eval[[]string](t, tb, `[...document.querySelectorAll("time")].filter(t => t.dateTime.includes("T")).map(t => t.textContent)`)
		if len(times) == 0 {
			t.Fatalf("%s has no times", p)
		}
		for _, s := range times {
			if strings.Contains(s, "AM") || strings.Contains(s, "PM") || !regexp.MustCompile(`\b[0-2]\d:[0-5]\d\b`).MatchString(s) {
				t.Errorf("%s shows a time as %q, want 24-hour HH:MM", p, s)
			}
		}
	}
}

// TestBrowserStaleEverywhere opens every kind of page, and the embed page,
// with the visitor's clock moved: fresh, each says what it measured; three
// days on, each says the status is unknown, as the home page does. A site
// built three days late says so with script off.
func TestBrowserStaleEverywhere(t *testing.T) {
	in := healthyInput()
	srv := serve(t, build(t, in))
	late := serve(t, build(t, threeDaysLater(in)))
	ctx := browsertest.Start(t)
	paths := []string{"/", "/components/api/", "/components/billing/", "/incidents/past00000009/", "/history/", "/maintenance/maintnext001/", "/embed/"}
	stale := "Status unknown — the last check was 3 days ago"

	fresh := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", true)
	later := newTab(t, ctx, in.LastCheck.Add(72*time.Hour), "UTC", true)
	noScript := newTab(t, ctx, in.LastCheck.Add(72*time.Hour), "UTC", false)
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			fresh.Open(t, srv.URL+p)
			switch p {
			case "/", "/embed/":
				if got := fresh.Text(t, "#banner .t"); got != "All Systems Operational" {
					t.Errorf("fresh: banner says %q, want All Systems Operational", got)
				}
			default:
				if !fresh.Hidden(t, "#banner") {
					t.Errorf("fresh: the stale banner shows: %q", fresh.Text(t, "#banner"))
				}
			}
			later.Open(t, srv.URL+p)
			if got := later.Text(t, "#banner .t"); got != stale || later.Hidden(t, "#banner") {
				t.Errorf("3 days on: banner says %q (hidden %v), want %q", got, later.Hidden(t, "#banner"), stale)
			}
			if class := later.Attr(t, "#banner", "class"); class != "banner unk" {
				t.Errorf("3 days on: banner class %q, want banner unk", class)
			}
			if p != "/embed/" && later.Hidden(t, "#banner .lk") {
				t.Error("3 days on: the last-known note stays hidden")
			}
			noScript.Open(t, late.URL+p)
			if body := noScript.Text(t, "body"); !strings.Contains(body, stale) {
				t.Errorf("built 3 days late, script off: the page does not say %q", stale)
			}
		})
	}
	for _, tb := range []*browsertest.Tab{fresh, later, noScript} {
		if errs, _ := tb.Seen(); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	}
}
