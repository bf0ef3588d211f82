package generator

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/templates"
)

// healthyInput is a site where everything measured is up and nothing is
// declared now: two probed components, one without a probe, a resolved
// incident and maintenance past and upcoming, so every kind of page exists.
func healthyInput() Input {
	lastCheck := fixtureNow.Add(-2 * time.Minute)
	cfg := candor.Config{Title: "Healthy", BaseURL: "https://status.healthy.example/", Location: time.UTC, Interval: 5 * time.Minute,
		Policy: candor.Policy{UpdateDue: 30 * time.Minute},
		Components: []candor.Component{
			{ID: "api", Name: "API", Group: "Core", SLA: candor.SLA{Target: 99.9}, Probe: httpProbe("https://api.healthy.example/")},
			{ID: "web", Name: "Web", Group: "Core", Probe: httpProbe("https://healthy.example/")},
			{ID: "billing", Name: "Billing"},
		}}
	return Input{Config: cfg, LastCheck: lastCheck, Templates: templates.FS(), Markdown: NewMarkdown(), Now: fixtureNow,
		Measured: map[string]candor.Measured{
			"api": measure(21, 80*time.Millisecond, lastCheck),
			"web": measure(22, 120*time.Millisecond, lastCheck),
		},
		Incidents: []candor.Incident{{ID: "past00000009", Path: "content/incidents/past.md", Title: "Slow logins", Components: []string{"api"},
			Impact: candor.ImpactMinor, Started: ago(5 * oneDay), Resolved: ago(5*oneDay - time.Hour),
			Updates: []candor.Update{{At: ago(5 * oneDay), Status: candor.Investigating, Text: "Looking."}, {At: ago(5*oneDay - time.Hour), Status: candor.Resolved, Text: "Fixed."}}}},
		Maintenance: []candor.Maintenance{
			{ID: "maintpast001", Path: "content/maintenance/past.md", Title: "Disk swap", Components: []string{"web"}, Starts: ago(9 * oneDay), Ends: ago(9*oneDay - time.Hour)},
			{ID: "maintnext001", Path: "content/maintenance/next.md", Title: "Network move", Components: []string{"api"}, Starts: fixtureNow.Add(10 * oneDay), Ends: fixtureNow.Add(10*oneDay + time.Hour)},
		},
	}
}

// threeDaysLater is in built three days after its last check.
func threeDaysLater(in Input) Input {
	in.Now = in.LastCheck.Add(72 * time.Hour)
	return in
}

func build(t *testing.T, in Input) Files {
	t.Helper()
	f, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestStaleBuildSaysUnknownEverywhere: a site built three days after its
// last check says so in every Statuspage file, badge, shields endpoint,
// api/candor.json and page, without script; the same site built fresh
// says operational everywhere.
func TestStaleBuildSaysUnknownEverywhere(t *testing.T) {
	probed := map[string]bool{candor.StatuspageComponentID("api"): true, candor.StatuspageComponentID("web"): true, candor.StableID("group:Core"): true}
	for _, tc := range []struct {
		name                string
		in                  Input
		indicator, describe string
		probedStatus        string // Statuspage status of probed components and their group
		badge, colour       string // status badges of probed components and the overall badge
		stale               bool
	}{
		{"fresh", healthyInput(), "none", "All Systems Operational", "operational", "", "brightgreen", false},
		{"three days after the last check", threeDaysLater(healthyInput()), "minor", candor.StaleDescription, "degraded_performance", "unknown", "lightgrey", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := build(t, tc.in)
			for path := range spFiles {
				doc := decodeSP(t, f, path)
				if doc.Status != nil && (doc.Status.Indicator != tc.indicator || doc.Status.Description != tc.describe) {
					t.Errorf("%s: status %+v, want %s %q", path, *doc.Status, tc.indicator, tc.describe)
				}
				comps := doc.Components
				for _, inc := range append(doc.Incidents, doc.ScheduledMaintenances...) {
					comps = append(comps, inc.Components...)
				}
				for _, c := range comps {
					want := "operational"
					if probed[c.ID] {
						want = tc.probedStatus
					}
					if c.Status != want {
						t.Errorf("%s: component %s is %s, want %s", path, c.Name, c.Status, want)
					}
				}
			}
			for path, want := range map[string]string{"badge.json": tc.badge, "badges/api.json": tc.badge, "badges/web.json": tc.badge, "badges/billing.json": "operational"} {
				if want == "" {
					want = map[string]string{"badge.json": "all systems operational"}[path]
					if want == "" {
						want = "operational"
					}
				}
				var sh struct{ Message, Color string }
				if err := json.Unmarshal(f[path], &sh); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				colour := tc.colour
				if path == "badges/billing.json" {
					colour = "brightgreen"
				}
				if sh.Message != want || sh.Color != colour {
					t.Errorf("%s = %q %s, want %q %s", path, sh.Message, sh.Color, want, colour)
				}
				svg := strings.TrimSuffix(path, ".json") + ".svg"
				if !strings.Contains(string(f[svg]), ">"+want+"</text>") {
					t.Errorf("%s does not say %q", svg, want)
				}
			}
			var doc candorDocument
			if err := json.Unmarshal(f["api/candor.json"], &doc); err != nil {
				t.Fatal(err)
			}
			if doc.Monitor.Stale != tc.stale || doc.Overall.Stale != tc.stale || doc.Overall.Description != tc.describe {
				t.Errorf("candor.json monitor stale %v, overall %+v; want stale %v, %q", doc.Monitor.Stale, doc.Overall, tc.stale, tc.describe)
			}
			for _, c := range doc.Components {
				if want := map[bool]string{true: "unknown", false: "operational"}[tc.stale]; c.Probe != nil && c.MeasuredStatus != want {
					t.Errorf("candor.json %s measured %s, want %s", c.ID, c.MeasuredStatus, want)
				}
			}
			banner := `Status unknown — the last check was 3 days ago`
			pages := 0
			for _, p := range f.Paths() {
				if !strings.HasSuffix(p, ".html") {
					continue
				}
				pages++
				page := string(f[p])
				if says := strings.Contains(page, banner); says != tc.stale {
					t.Errorf("%s says %q: %v, want %v", p, banner, says, tc.stale)
				}
				if hidden := strings.Contains(page, `role="status" hidden>`); tc.stale && hidden {
					t.Errorf("%s hides its stale banner", p)
				}
			}
			if pages < 8 {
				t.Errorf("checked %d pages, want every kind (home, components, incident, history, maintenance, embed, 404)", pages)
			}
		})
	}
}

// TestStaleBuildDuringMaintenanceSaysUnknown: a window active on a probed
// component cannot keep a stale build blue. The indicator, description
// and badges say unknown, and the component in the window reports
// unknown too, so the indicator stays consistent with the components.
func TestStaleBuildDuringMaintenanceSaysUnknown(t *testing.T) {
	in := threeDaysLater(healthyInput())
	in.Maintenance = append(in.Maintenance, candor.Maintenance{ID: "maintnow0001", Path: "content/maintenance/now.md", Title: "Upgrade",
		Components: []string{"api"}, Starts: in.Now.Add(-time.Hour), Ends: in.Now.Add(time.Hour)})
	f := build(t, in)
	for path := range spFiles {
		doc := decodeSP(t, f, path)
		if doc.Status != nil && (doc.Status.Indicator != "minor" || doc.Status.Description != candor.StaleDescription) {
			t.Errorf("%s: status %+v, want minor %q", path, *doc.Status, candor.StaleDescription)
		}
		for _, c := range doc.Components {
			if c.Name == "API" && c.Status != "degraded_performance" {
				t.Errorf("%s: API is %s, want degraded_performance (unknown)", path, c.Status)
			}
		}
	}
	for path, want := range map[string]string{"badge.json": "unknown", "badges/api.json": "unknown"} {
		var sh struct{ Message, Color string }
		if err := json.Unmarshal(f[path], &sh); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if sh.Message != want || sh.Color != "lightgrey" {
			t.Errorf("%s = %q %s, want %q lightgrey", path, sh.Message, sh.Color, want)
		}
	}
	var doc candorDocument
	if err := json.Unmarshal(f["api/candor.json"], &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Overall.Indicator != "minor" || doc.Overall.Description != candor.StaleDescription || !doc.Overall.Stale {
		t.Errorf("candor.json overall %+v, want minor %q, stale", doc.Overall, candor.StaleDescription)
	}
	active := decodeSP(t, f, "api/v2/scheduled-maintenances/active.json")
	if len(active.ScheduledMaintenances) != 1 {
		t.Errorf("active.json lists %d windows, want the one in progress", len(active.ScheduledMaintenances))
	}
}

// TestMaintenanceCannotHideAFailure: declared maintenance ranks below a
// failure the round counted as down (a window announced too late), and
// api/candor.json's measured_status is the failure even when the round
// counted it as maintenance.
func TestMaintenanceCannotHideAFailure(t *testing.T) {
	for _, tc := range []struct {
		name             string
		outcome          candor.Outcome
		class            candor.Class
		measured, shown  string
		statuspage, word string
	}{
		{"failure counted as down inside a window", candor.Down, "status", "major_outage", "major_outage", "major_outage", "Major outage"},
		{"failure counted as maintenance", candor.UnderMaintenance, "timeout", "major_outage", "under_maintenance", "under_maintenance", "Under maintenance"},
		{"slow answer counted as maintenance", candor.UnderMaintenance, candor.ClassSlow, "degraded_performance", "under_maintenance", "under_maintenance", "Under maintenance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := healthyInput()
			in.Maintenance = append(in.Maintenance, candor.Maintenance{ID: "maintnow0001", Path: "content/maintenance/now.md", Title: "Upgrade",
				Components: []string{"api"}, Starts: ago(time.Hour), Ends: fixtureNow.Add(time.Hour)})
			api := in.Measured["api"]
			st := *api.State
			st.Outcome, st.Since = tc.outcome, ago(30*time.Minute)
			st.Last.Outcome, st.Last.Class, st.Last.Message = tc.outcome, tc.class, "timed out after 10 s waiting for the response"
			api.State = &st
			in.Measured["api"] = api
			f := build(t, in)
			var doc candorDocument
			if err := json.Unmarshal(f["api/candor.json"], &doc); err != nil {
				t.Fatal(err)
			}
			c := doc.Components[0]
			if c.MeasuredStatus != tc.measured || c.ShownStatus != tc.shown || c.StatuspageStatus != tc.statuspage {
				t.Errorf("measured %s, shown %s, statuspage %s; want %s, %s, %s", c.MeasuredStatus, c.ShownStatus, c.StatuspageStatus, tc.measured, tc.shown, tc.statuspage)
			}
			for _, sc := range decodeSP(t, f, "api/v2/components.json").Components {
				if sc.Name == "API" && sc.Status != tc.statuspage {
					t.Errorf("components.json: API is %s, want %s", sc.Status, tc.statuspage)
				}
			}
			if page := string(f["components/api/index.html"]); !strings.Contains(page, "</svg>"+tc.word+"</span>") {
				t.Errorf("component page does not show %q", tc.word)
			}
		})
	}
}

// TestDeclaredSinceTheWorstDeclaration: the component page dates what
// people declare from the declaration shown, not from an earlier, milder
// one: a window from an hour ago does not date a degradation declared
// twenty minutes ago.
func TestDeclaredSinceTheWorstDeclaration(t *testing.T) {
	in := healthyInput()
	in.Maintenance = append(in.Maintenance, candor.Maintenance{ID: "maintnow0001", Path: "content/maintenance/now.md", Title: "Card vault move",
		Components: []string{"billing"}, Starts: ago(time.Hour), Ends: fixtureNow.Add(time.Hour)})
	in.Incidents = append(in.Incidents, candor.Incident{ID: "slowpay00001", Path: "content/incidents/slow.md", Title: "Slow payments",
		Components: []string{"billing"}, Impact: candor.ImpactMinor, Started: ago(20 * time.Minute),
		Updates: []candor.Update{{At: ago(20 * time.Minute), Status: candor.Investigating, Text: "Looking."}}})
	page := string(build(t, in)["components/billing/index.html"])
	want := "Declared degraded performance since <time datetime=\"" + ago(20*time.Minute).UTC().Format(time.RFC3339) + "\""
	if !strings.Contains(page, want) {
		i := strings.Index(page, "Declared")
		t.Errorf("component page lacks %q; it says %q", want, page[max(0, i):min(len(page), max(0, i)+160)])
	}
}
