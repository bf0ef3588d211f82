// Package browsertest drives headless Chromium for the tests that look at
// pages as a visitor does: console errors, requests, layout, accessibility.
// Only tests import it.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// browsers are the names Chromium goes by on the machines the tests run on:
// Debian's package, Ubuntu's, and Google's build on GitHub's runners.
var browsers = [...]string{"chromium", "chromium-browser", "google-chrome"}

// need skips the test with a one-line reason when something the browser
// tests need is missing, and fails it under CI, where a skipped browser
// test would hide a broken page.
func need(t testing.TB, getenv func(string) string, what string) {
	t.Helper()
	if getenv("CI") != "" {
		t.Fatalf("%s (CI is set, so this is a failure: .ci/run installs what the browser tests need)", what)
	}
	t.Skip(what)
}

// Start starts headless Chromium for a test and returns its context. It
// skips the test when Chromium is missing and CI is unset.
func Start(t testing.TB) context.Context {
	t.Helper()
	path := ""
	for _, name := range browsers {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		need(t, os.Getenv, "chromium not found: the browser tests need it (apt-get install chromium)")
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

// Tab is one browser tab with what it saw: console errors, exceptions,
// failed loads and every request.
type Tab struct {
	Ctx      context.Context
	mu       sync.Mutex
	errors   []string
	requests []string
}

// Options set up a tab: its clock, time zone, whether script runs, its
// width (0: the window's 1280 px) and colour scheme ("": the default).
type Options struct {
	At     time.Time
	Zone   string
	Script bool
	Width  int
	Scheme string
}

// NewTab opens a tab in the browser of ctx.
func NewTab(t testing.TB, browser context.Context, o Options) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	tb := &Tab{Ctx: ctx}
	if err := chromedp.Listen(ctx, tb.listen); err != nil {
		t.Fatalf("listen: %v", err)
	}
	fail := func(err error) {
		if err != nil {
			t.Helper()
			t.Fatalf("open tab: %v", err)
		}
	}
	if !o.At.IsZero() {
		clock := fmt.Sprintf(`(() => { const D = Date, off = %d - D.now();
window.Date = class extends D { constructor(...a) { if (a.length) super(...a); else super(D.now() + off); } static now() { return D.now() + off; } }; })();`, o.At.UnixMilli())
		_, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: clock})
		fail(err)
	}
	if o.Zone != "" {
		_, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: o.Zone})
		fail(err)
	}
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !o.Script})
	fail(err)
	if o.Width > 0 {
		tb.Resize(t, o.Width, 800)
	}
	if o.Scheme != "" {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: o.Scheme}}})
		fail(err)
	}
	return tb
}

// Resize makes the tab's viewport width by height CSS pixels, as a phone
// when narrower than 600.
func (tb *Tab) Resize(t testing.TB, width, height int) {
	t.Helper()
	if _, err := chromedp.Call(tb.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: int64(width), Height: int64(height), DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
		t.Fatalf("resize: %v", err)
	}
}

func (tb *Tab) listen(ev any) {
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
}

// Seen returns the errors and requests the tab saw so far.
func (tb *Tab) Seen() (errs, reqs []string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errors...), append([]string(nil), tb.requests...)
}

// Forget clears what the tab saw, so the next page's requests stand alone.
func (tb *Tab) Forget() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.errors, tb.requests = nil, nil
}

// Open loads the page at url, waiting up to 20 seconds for it.
func (tb *Tab) Open(t testing.TB, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.Ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
}

// Text is the visible text of the first element matching a CSS selector.
func (tb *Tab) Text(t testing.TB, sel string) string {
	t.Helper()
	v, err := chromedp.Run(tb.Ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// Hidden reports whether the first element matching a CSS selector has
// its hidden property set.
func (tb *Tab) Hidden(t testing.TB, sel string) bool {
	t.Helper()
	return Eval[bool](t, tb, "document.querySelector("+strconv.Quote(sel)+").hidden")
}

// Attr is an attribute of the first element matching a CSS selector.
func (tb *Tab) Attr(t testing.TB, sel, name string) string {
	t.Helper()
	v, err := chromedp.Run(tb.Ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		t.Fatalf("%s of %s: %v", name, sel, err)
	}
	return v.Value
}

// Eval evaluates a JavaScript expression in the tab, awaiting a promise.
func Eval[T any](t testing.TB, tb *Tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluate %.80s: %v", js, err)
	}
	return v
}

// Screenshot is a PNG of the whole page.
func (tb *Tab) Screenshot(t testing.TB) []byte {
	t.Helper()
	png, err := chromedp.Run(tb.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// Violation is one accessibility rule a page breaks, as axe-core reports it.
type Violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"` // the offending elements' HTML, shortened
}

func (v Violation) String() string {
	return fmt.Sprintf("%s (%s): %s: %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
}

// Axe runs axe-core (installed from npm into node_modules by npm ci) on the
// page open in the tab and returns the rules it breaks. The script is read
// from disk and evaluated in the page, so the page itself loads nothing
// from anywhere else. It skips the test when axe-core is not installed and
// CI is unset.
func Axe(t testing.TB, tb *Tab) []Violation {
	t.Helper()
	src, err := axeScript()
	if err != nil {
		need(t, os.Getenv, err.Error())
	}
	if _, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	return Eval[[]Violation](t, tb, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.map(n => n.html.slice(0, 160)).slice(0, 5)})))`)
}

// axeScript reads axe-core from node_modules at the module's root.
func axeScript() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			b, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
			if err != nil {
				return "", errors.New("axe-core not installed: run npm ci at the repository's root for the accessibility checks")
			}
			return string(b), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("axe-core not found: no go.mod above the test's folder")
		}
		dir = parent
	}
}

// WaitFor waits up to five seconds for a JavaScript condition to hold in
// the tab, and fails the test if it does not.
func WaitFor(t testing.TB, tb *Tab, cond string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		ok, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 5 s for %s (%v)", cond, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
