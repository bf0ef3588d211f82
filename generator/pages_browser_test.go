package generator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/candor-status/candor/internal/browsertest"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
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
