package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/internal/browsertest"
)

var screenshots = flag.Bool("screenshots", false, "write docs/screenshots/*.png from the demo")

// demoScreenshots takes every page kind of the demo's site in light and
// dark, desktop and 375 px wide, into docs/screenshots with -screenshots;
// without it one, into a temporary folder, so the machinery stays tested.
func demoScreenshots(t *testing.T, site string) {
	ctx := browsertest.Start(t)
	srv := httptest.NewServer(siteHandler(site))
	t.Cleanup(srv.Close)
	failover := ""
	for _, p := range must(filepath.Glob(filepath.Join(site, "incidents", "*", "index.html"))) {
		if b, _ := os.ReadFile(p); bytes.Contains(b, []byte("Errors during database failover")) {
			failover = "/incidents/" + filepath.Base(filepath.Dir(p)) + "/"
		}
	}
	maint := must(filepath.Glob(filepath.Join(site, "maintenance", "*", "index.html")))
	shots := map[string]string{
		"home": "/", "component": "/components/api/", "incident": failover, "history": "/history/",
		"maintenance": "/maintenance/" + filepath.Base(filepath.Dir(maint[0])) + "/", "subscribe": "/subscribe/", "404": "/no-such-page/",
	}
	dir, schemes, widths := filepath.Join("..", "..", "docs", "screenshots"), []string{"light", "dark"}, []int{1280, 375}
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
				tb := browsertest.NewTab(t, ctx, browsertest.Options{At: demoEnd.Add(2 * time.Minute), Zone: "UTC", Script: true, Width: width, Scheme: scheme})
				tb.Open(t, srv.URL+p)
				png := tb.Screenshot(t)
				file := filepath.Join(dir, name+"-"+scheme+"-"+size+".png")
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
				if len(png) < 10000 || string(png[1:4]) != "PNG" {
					t.Errorf("%s is not a screenshot (%d bytes)", file, len(png))
				}
			}
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// demoEnd is the demo's last round in the tests.
var demoEnd = time.Date(2026, 12, 1, 19, 45, 0, 0, time.UTC)

// runDemoSite runs the demo into a temporary folder without serving it,
// and returns the folder and what it printed.
func runDemoSite(t *testing.T) (dir, stdout string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"demo", "--dir", dir, "--serve=false", "--now", demoEnd.Format(time.RFC3339)}, func(string) string { return "" }, &out, &errb)
	if code != 0 {
		t.Fatalf("demo = exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
	}
	return dir, out.String()
}

// The demo shows the product: 90 days measured, the sample's incidents
// inside them with what the probes saw, the dispute beside a measurement,
// and the monitor at work in its last hours.
func TestDemo(t *testing.T) {
	dir, out := runDemoSite(t)
	t.Run("site", func(t *testing.T) { checkDemoSite(t, dir, out) })
	t.Run("screenshots", func(t *testing.T) { demoScreenshots(t, filepath.Join(dir, "public")) })
}

func checkDemoSite(t *testing.T, dir, out string) {
	for _, want := range []string{"90 days of measurements", "the last 12 hours round by round", "ran 145 rounds", " opened ", " raised ", " reopened ", " resolved ", "monitor blind", "built ", "ready in "} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	site := func(p string) string {
		b, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var api struct {
		Components []struct {
			ID      string `json:"id"`
			Probe   string `json:"probe"`
			Figures map[string]struct {
				Coverage float64 `json:"coverage_percent"`
			} `json:"figures"`
		} `json:"components"`
		Incidents []struct {
			ID         string   `json:"id"`
			Components []string `json:"components"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal([]byte(site("api/candor.json")), &api); err != nil {
		t.Fatal(err)
	}
	probed := map[string]bool{}
	for _, c := range api.Components {
		if c.Probe == "" {
			continue
		}
		probed[c.ID] = true
		if cov := c.Figures["90d"].Coverage; cov < 99 {
			t.Errorf("%s: %.2f%% of 90 days measured, want nearly all", c.ID, cov)
		}
	}
	measuredPages := 0
	for _, inc := range api.Incidents {
		withProbe := false
		for _, c := range inc.Components {
			withProbe = withProbe || probed[c]
		}
		page := site("incidents/" + inc.ID + "/index.html")
		if !withProbe {
			continue
		}
		measuredPages++
		if strings.Contains(page, "No measurement covers this incident") || !strings.Contains(page, "What the probes measured") {
			t.Errorf("incident %s: no measurement shown", inc.ID)
		}
	}
	if measuredPages < 12 {
		t.Errorf("%d incident pages with probed components, want the sample's and the monitor's", measuredPages)
	}
	failover := regexp.MustCompile(`(?s)Disputed measurements.*?</th><td>(<p><b>[^<]*</b></p>)?<p>up from`)
	found := false
	for _, inc := range api.Incidents {
		found = found || failover.MatchString(site("incidents/"+inc.ID+"/index.html"))
	}
	if !found {
		t.Error("no incident page shows a dispute beside what was measured")
	}
}

// A taken port fails the demo before it simulates anything.
func TestDemoPortTaken(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	dir := filepath.Join(t.TempDir(), "demo")
	var out, errb bytes.Buffer
	code := run(t.Context(), []string{"demo", "--dir", dir, "--addr", l.Addr().String()}, func(string) string { return "" }, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "--addr "+l.Addr().String()) || !strings.Contains(errb.String(), "choose another address") {
		t.Errorf("demo on a taken port = exit %d, stderr %q", code, errb.String())
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the demo wrote %s before finding the port taken", dir)
	}
	if out.Len() > 0 {
		t.Errorf("the demo began: %s", out.String())
	}
}

// The progress line says its spans in words: "1 day", "the last 12 hours",
// not "1 days" and "12h0m0s".
func TestDemoWords(t *testing.T) {
	for _, tc := range []struct {
		got, want string
	}{
		{count(1, "day"), "1 day"}, {count(90, "day"), "90 days"},
		{spanWords(12 * time.Hour), "12 hours"}, {spanWords(time.Hour), "1 hour"}, {spanWords(90 * time.Minute), "90 minutes"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
