package generator

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.Bool("screenshots", false, "write docs/screenshots/*.png from the sample site")

// browser starts headless Chromium (Debian's chromium package) for a test.
// A missing browser fails the test: CI installs it, and a browser test that
// skips proves nothing.
func browser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium not found (%v): the browser tests need Debian's chromium package, apt-get install chromium", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if _, err := chromedp.Run(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

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

// tab is one browser tab with what it saw: console errors, exceptions,
// failed loads and every request.
type tab struct {
	ctx      context.Context
	mu       sync.Mutex
	errors   []string
	requests []string
}

// newTab opens a tab whose clock reads at, in the given time zone, with
// script on or off.
func newTab(t *testing.T, browserCtx context.Context, at time.Time, zone string, script bool) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx)
	t.Cleanup(cancel)
	tb := &tab{ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var words []string
				for _, a := range ev.Args {
					words = append(words, fmt.Sprintf("%s%s", a.Value, a.Description))
				}
				tb.errors = append(tb.errors, fmt.Sprintf("console %s: %s", ev.Type, strings.Join(words, " ")))
			}
		case *runtime.EventExceptionThrown:
			e := ev.ExceptionDetails
			msg := "exception: " + e.Text
			if e.Exception != nil {
				msg += " " + e.Exception.Description
			}
			tb.errors = append(tb.errors, msg)
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				tb.errors = append(tb.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			tb.requests = append(tb.requests, ev.Request.URL)
		}
	})
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	clock := fmt.Sprintf(`(() => { const D = Date, off = %d - D.now();
window.Date = class extends D { constructor(...a) { if (a.length) super(...a); else super(D.now() + off); } static now() { return D.now() + off; } }; })();`, at.UnixMilli())
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: clock}); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: zone}); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !script}); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return tb
}

func (tb *tab) seen() (errs, reqs []string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errors...), append([]string(nil), tb.requests...)
}

// open loads the page at url in the tab.
func (tb *tab) open(t *testing.T, url string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}

// text is the visible text of the first element matching a CSS selector.
func (tb *tab) text(t *testing.T, sel string) string {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// hidden reports whether the first element matching a CSS selector is hidden.
func (tb *tab) hidden(t *testing.T, sel string) bool {
	t.Helper()
	h, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool]("document.querySelector("+strconv.Quote(sel)+").hidden"))
	if err != nil {
		t.Fatalf("hidden of %s: %v", sel, err)
	}
	return h
}

// attr is an attribute of the first element matching a CSS selector.
func (tb *tab) attr(t *testing.T, sel, name string) string {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		t.Fatalf("%s of %s: %v", name, sel, err)
	}
	return v.Value
}

func TestBrowser(t *testing.T) {
	in := sampleInput()
	f := pages(t, in)
	srv := serve(t, f)
	ctx := browser(t)

	t.Run("fresh page, visitor's zone", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(time.Minute), "America/New_York", true)
		tb.open(t, srv.URL+"/")
		if banner := tb.text(t, "#banner .t"); banner != "Partial System Outage" {
			t.Errorf("banner = %q, want Partial System Outage", banner)
		}
		if !tb.hidden(t, "#banner .lk") {
			t.Error("fresh page shows its last-known note")
		}
		if due := tb.text(t, ".due.late"); !strings.HasPrefix(due, "Update overdue by 16 min") {
			t.Errorf("overdue notice = %q, want Update overdue by 16 min", due)
		}
		lastText, lastTitle := tb.text(t, "#banner time"), tb.attr(t, "#banner time", "title")
		if lastTitle != "15:55 UTC" || !strings.Contains(lastText, "10:55") {
			t.Errorf("last check shows %q titled %q, want 10:55 New York time titled 15:55 UTC", lastText, lastTitle)
		}
		errs, reqs := tb.seen()
		if len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
		if len(reqs) != 1 || reqs[0] != srv.URL+"/" {
			t.Errorf("page made requests %q, want only the page itself", reqs)
		}
	})

	t.Run("clock two hours ahead", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(2*time.Hour), "UTC", true)
		tb.open(t, srv.URL+"/")
		if banner, want := tb.text(t, "#banner .t"), "Status unknown — the last check was 2 h 5 min ago"; banner != want {
			t.Errorf("banner = %q, want %q", banner, want)
		}
		if note, want := tb.text(t, "#banner .lk"), "The statuses below are the last known ones."; note != want || tb.hidden(t, "#banner .lk") {
			t.Errorf("banner note = %q (hidden %v), want %q shown", note, tb.hidden(t, "#banner .lk"), want)
		}
		if class := tb.attr(t, "#banner", "class"); class != "banner unk" {
			t.Errorf("banner class = %q, want banner unk", class)
		}
		if errs, _ := tb.seen(); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	})

	t.Run("clock three weeks ahead", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(21*24*time.Hour+3*time.Hour), "UTC", true)
		tb.open(t, srv.URL+"/")
		if banner, want := tb.text(t, "#banner .t"), "Status unknown — the last check was 21 days 3 h ago"; banner != want {
			t.Errorf("banner = %q, want %q", banner, want)
		}
	})

	t.Run("javascript off", func(t *testing.T) {
		tb := newTab(t, ctx, in.Now.Add(2*time.Hour), "America/New_York", false)
		tb.open(t, srv.URL+"/")
		home := tb.text(t, "body")
		tb.open(t, srv.URL+"/history/")
		history := tb.text(t, "body")
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
		if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 320, Height: 640, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/", "/components/api/", "/incidents/dbfailover003/", "/history/"} {
			tb.open(t, srv.URL+p)
			w, err := chromedp.Run(tb.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if w > 320 {
				t.Errorf("%s is %d px wide at 320 px: it scrolls sideways", p, w)
			}
		}
		tb.open(t, srv.URL+"/")
		links, err := chromedp.Run(tb.ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("main a[href]")].filter(a => a.tabIndex >= 0).length`))
		if err != nil {
			t.Fatal(err)
		}
		if want := len(in.Config.Components) + 2; links < want {
			t.Errorf("home page has %d links to reach by keyboard, want at least %d (every component and open incident)", links, want)
		}
		if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`document.querySelector("a.skip").focus(), true`)); err != nil {
			t.Fatal(err)
		}
		vis, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](`document.activeElement.matches("a.skip") && document.activeElement.getBoundingClientRect().left >= 0`))
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
			tb.open(t, srv.URL+"/"+p)
			errs, reqs := tb.seen()
			if len(errs) > 0 {
				t.Errorf("console errors: %q", errs)
			}
			if want := []string{srv.URL + "/" + p, style, script}; strings.Join(reqs, " ") != strings.Join(want, " ") {
				t.Errorf("page made requests %q, want %q", reqs, want)
			}
			styled, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("a.skip")).position`))
			if err != nil || styled != "absolute" {
				t.Errorf("skip link position = %q (%v), want absolute: the stylesheet did not apply", styled, err)
			}
			if title := tb.attr(t, "footer time", "title"); !strings.HasSuffix(title, "UTC") || strings.Contains(tb.text(t, "footer time"), "UTC") {
				t.Errorf("footer time shows %q titled %q, want New York time titled in UTC: the script did not run", tb.text(t, "footer time"), title)
			}
		})
	}
}

// TestScreenshots writes the screenshots in docs/screenshots when run with
// -screenshots: home, component and incident pages, light and dark,
// desktop and 375 px wide. Without the flag it takes one into a temporary
// folder, so the machinery stays tested.
func TestScreenshots(t *testing.T) {
	in := sampleInput()
	srv := serve(t, pages(t, in))
	ctx := browser(t)
	dir := filepath.Join("..", "docs", "screenshots")
	shots := map[string]string{"home": "/", "component": "/components/api/", "incident": "/incidents/dbfailover003/"}
	schemes, widths := []string{"light", "dark"}, []int{1280, 375}
	if !*screenshots {
		dir, shots, schemes, widths = t.TempDir(), map[string]string{"home": "/"}, schemes[:1], widths[:1]
	}
	for name, p := range shots {
		for _, scheme := range schemes {
			for _, width := range widths {
				size := "desktop"
				if width < 600 {
					size = "375"
				}
				file := filepath.Join(dir, name+"-"+scheme+"-"+size+".png")
				writeFile(t, file, screenshot(t, ctx, in.Now.Add(time.Minute), srv.URL+p, scheme, width))
				b, err := os.ReadFile(file)
				if err != nil || len(b) < 10000 || string(b[1:4]) != "PNG" {
					t.Errorf("%s is not a screenshot (%d bytes, %v)", file, len(b), err)
				}
			}
		}
	}
}

// screenshot is a full-page PNG of url in a colour scheme at a width.
func screenshot(t *testing.T, ctx context.Context, at time.Time, url, scheme string, width int) []byte {
	t.Helper()
	tb := newTab(t, ctx, at, "UTC", true)
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: int64(width), Height: 800, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
		t.Fatal(err)
	}
	tb.open(t, url)
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// TestBrowserStaleEverywhere opens every kind of page, and the embed page,
// with the visitor's clock moved: fresh, each says what it measured; three
// days on, each says the status is unknown, as the home page does. A site
// built three days late says so with script off.
func TestBrowserStaleEverywhere(t *testing.T) {
	in := healthyInput()
	srv := serve(t, build(t, in))
	late := serve(t, build(t, threeDaysLater(in)))
	ctx := browser(t)
	paths := []string{"/", "/components/api/", "/components/billing/", "/incidents/past00000009/", "/history/", "/maintenance/maintnext001/", "/embed/"}
	stale := "Status unknown — the last check was 3 days ago"

	fresh := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", true)
	later := newTab(t, ctx, in.LastCheck.Add(72*time.Hour), "UTC", true)
	noScript := newTab(t, ctx, in.LastCheck.Add(72*time.Hour), "UTC", false)
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			fresh.openPage(t, srv.URL+p)
			switch p {
			case "/", "/embed/":
				if got := fresh.text(t, "#banner .t"); got != "All Systems Operational" {
					t.Errorf("fresh: banner says %q, want All Systems Operational", got)
				}
			default:
				if !fresh.hidden(t, "#banner") {
					t.Errorf("fresh: the stale banner shows: %q", fresh.text(t, "#banner"))
				}
			}
			later.openPage(t, srv.URL+p)
			if got := later.text(t, "#banner .t"); got != stale || later.hidden(t, "#banner") {
				t.Errorf("3 days on: banner says %q (hidden %v), want %q", got, later.hidden(t, "#banner"), stale)
			}
			if class := later.attr(t, "#banner", "class"); class != "banner unk" {
				t.Errorf("3 days on: banner class %q, want banner unk", class)
			}
			if p != "/embed/" && later.hidden(t, "#banner .lk") {
				t.Error("3 days on: the last-known note stays hidden")
			}
			noScript.openPage(t, late.URL+p)
			if body := noScript.text(t, "body"); !strings.Contains(body, stale) {
				t.Errorf("built 3 days late, script off: the page does not say %q", stale)
			}
		})
	}
	for _, tb := range []*tab{fresh, later, noScript} {
		if errs, _ := tb.seen(); len(errs) > 0 {
			t.Errorf("console errors: %q", errs)
		}
	}
}

// openPage loads url in the tab and waits for its body; the embed page has
// no footer to wait for.
func (tb *tab) openPage(t *testing.T, url string) {
	t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}
