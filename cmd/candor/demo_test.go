package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

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
	for _, want := range []string{"90 days of measurements", "ran 145 rounds", " opened ", " raised ", " reopened ", " resolved ", "monitor blind", "built ", "ready in "} {
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
	failover := regexp.MustCompile(`(?s)Disputed measurements.*?<td><p>up from`)
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
