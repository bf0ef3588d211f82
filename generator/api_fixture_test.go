package generator

import (
	"strconv"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/templates"
)

// The machine-readable outputs are tested on a hand-made Input: no parser of
// the module is involved, only candor values.

var machineNow = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

func machineAt(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func machineConfig() candor.Config {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.UTC
	}
	http := &candor.Probe{HTTP: &candor.HTTPProbe{URL: "https://api.acme.test/health"}}
	return candor.Config{
		Title:       "Acme Status",
		Description: "Is Acme up?",
		BaseURL:     "https://status.acme.test/",
		Timezone:    "Europe/Berlin",
		Location:    berlin,
		Interval:    5 * time.Minute,
		Policy:      candor.Policy{UpdateDue: 30 * time.Minute},
		Components: []candor.Component{
			{ID: "api", Name: "Public API", Description: "REST API", Group: "Core", SLA: candor.SLA{Target: 99.9}, Probe: http},
			{ID: "web", Name: "Website", Group: "Core", Probe: http},
			{ID: "db", Name: "Database", Probe: &candor.Probe{TCP: &candor.TCPProbe{Address: "db.acme.test:5432"}}},
			{ID: "billing", Name: "Billing", Group: "Back office"},
			{ID: "search", Name: "Search", Group: "Back office", Probe: http},
			{ID: "edge", Name: "Zürich edge, \"CDN\" & <assets>", Probe: http},
		},
	}
}

func machineMeasured(o candor.Outcome, since time.Time, m candor.Minutes) candor.Measured {
	last := since.Add(45 * time.Minute)
	if last.After(machineNow) {
		last = machineNow.Add(-5 * time.Minute)
	}
	fig := func(d time.Duration, m candor.Minutes) candor.Figures {
		return candor.Figures{Start: machineNow.Add(-d), End: machineNow, Minutes: m, Checks: candor.Counts{Up: int(m.Up / 5), Down: int(m.Down / 5)},
			P50: 120 * time.Millisecond, P95: 480 * time.Millisecond, Max: 2 * time.Second}
	}
	return candor.Measured{
		State: &candor.State{Outcome: o, Since: since, LastCheck: last,
			Last: candor.Result{At: last, Outcome: o, Latency: 230 * time.Millisecond, Attempts: 1}},
		Days:   []candor.Figures{{Start: machineAt("2026-08-28T22:00:00Z"), End: machineAt("2026-08-29T22:00:00Z"), Minutes: candor.Minutes{Up: 1440}}},
		Last24: fig(24*time.Hour, candor.Minutes{Up: 1380, Down: 60}),
		Last7:  fig(7*24*time.Hour, m),
		Last30: fig(30*24*time.Hour, m),
		Last90: fig(90*24*time.Hour, m),
		Months: []candor.SLAMonth{candor.NewSLAMonth(machineAt("2026-11-01T00:00:00Z"), machineAt("2026-12-01T00:00:00Z"), machineNow,
			candor.Figures{Minutes: candor.Minutes{Up: 35000, Down: 175}}, candor.SLA{Target: 99.9}, 0)},
	}
}

// withDisputed is m with the disputed downtime ws, as the store gives it.
func withDisputed(m candor.Measured, ws ...candor.Window) candor.Measured {
	m.Disputed = ws
	return m
}

func machineInput() Input {
	cfg := machineConfig()
	open := candor.Incident{
		ID: candor.StableID("content/incidents/2026-11-26-api-errors.md"), Path: "content/incidents/2026-11-26-api-errors.md",
		Slug: "2026-11-26-api-errors", Title: "Elevated errors on the public API", Components: []string{"api"},
		Impact: candor.ImpactMajor, Started: machineAt("2026-11-26T14:05:00Z"), OpenedBy: "monitor",
		Updates: []candor.Update{
			{At: machineAt("2026-11-26T14:12:00Z"), Status: candor.Investigating, Text: "Requests fail with 503, we are investigating.", NextUpdate: machineAt("2026-11-26T14:45:00Z")},
			{At: machineAt("2026-11-26T14:30:00Z"), Status: candor.Investigating, Text: "Still looking; <script>alert(1)</script> is not HTML here.\nSecond line; with, punctuation.", NextUpdate: machineAt("2026-11-26T14:50:00Z")},
		},
		Disputes: []candor.Dispute{{Component: "api", From: machineAt("2026-11-26T14:05:00Z"), To: machineAt("2026-11-26T14:10:00Z"), Reason: "the probe region had a network fault"}},
	}
	quiet := candor.Incident{
		ID: candor.StableID("content/incidents/2026-11-26-billing.md"), Path: "content/incidents/2026-11-26-billing.md",
		Title: "Invoices are delayed", Components: []string{"billing"}, Impact: candor.ImpactMinor, Started: machineAt("2026-11-26T13:00:00Z"),
	}
	postmortem := candor.Incident{
		ID: candor.StableID("content/incidents/2026-11-20-web.md"), Path: "content/incidents/2026-11-20-web.md",
		Title: "Slow website", Components: []string{"web", "api"}, Impact: candor.ImpactMinor,
		Started: machineAt("2026-11-20T09:00:00Z"), Resolved: machineAt("2026-11-20T10:30:00Z"), Body: "## What happened\n\nA cache expired.",
		Updates: []candor.Update{
			{At: machineAt("2026-11-20T09:05:00Z"), Status: candor.Investigating, Text: "Pages load slowly."},
			{At: machineAt("2026-11-20T09:40:00Z"), Status: candor.Identified, Text: "A cache expired."},
			{At: machineAt("2026-11-20T10:00:00Z"), Status: candor.Monitoring, Text: "Cache warmed; watching."},
			{At: machineAt("2026-11-20T10:30:00Z"), Status: candor.Resolved, Text: "This incident has been resolved."},
		},
	}
	orphan := candor.Incident{
		ID: candor.StableID("content/incidents/2026-10-02-dns.md"), Path: "content/incidents/2026-10-02-dns.md",
		Title: "DNS outage", Impact: candor.ImpactCritical, Started: machineAt("2026-10-02T03:00:00Z"), Resolved: machineAt("2026-10-02T04:00:00Z"),
		Updates: []candor.Update{
			{At: machineAt("2026-10-02T03:04:00Z"), Status: candor.Investigating, Text: "Nothing resolves."},
			{At: machineAt("2026-10-02T04:00:00Z"), Status: candor.Resolved, Text: "Resolved."},
		},
	}
	return Input{
		Config:    cfg,
		Incidents: []candor.Incident{orphan, open, postmortem, quiet},
		Maintenance: []candor.Maintenance{
			{ID: candor.StableID("content/maintenance/2026-11-10-db.md"), Path: "content/maintenance/2026-11-10-db.md", Title: "Database upgrade",
				Components: []string{"db"}, Starts: machineAt("2026-11-10T02:00:00Z"), Ends: machineAt("2026-11-10T03:00:00Z"),
				Updates: []candor.Update{
					{At: machineAt("2026-11-03T12:00:00Z"), Status: candor.Scheduled, Text: "We will upgrade the database."},
					{At: machineAt("2026-11-10T02:00:00Z"), Status: candor.InProgress, Text: "Upgrading."},
					{At: machineAt("2026-11-10T02:50:00Z"), Status: candor.Completed, Text: "Done."},
				}},
			{ID: candor.StableID("content/maintenance/2026-11-26-edge.md"), Path: "content/maintenance/2026-11-26-edge.md", Title: "Edge certificates rotate",
				Components: []string{"edge"}, Starts: machineAt("2026-11-26T14:30:00Z"), Ends: machineAt("2026-11-26T16:30:00Z"),
				Updates: []candor.Update{{At: machineAt("2026-11-26T14:30:00Z"), Status: candor.InProgress, Text: "Rotating."}}},
			{ID: candor.StableID("content/maintenance/2026-12-01-network.md"), Path: "content/maintenance/2026-12-01-network.md",
				Title: "Network move; Zürich → Frankfurt, overnight", Components: []string{"api", "web"},
				Starts: machineAt("2026-12-01T22:00:00Z"), Ends: machineAt("2026-12-02T01:00:00Z"),
				Updates: []candor.Update{{At: machineAt("2026-11-25T09:00:00Z"), Status: candor.Scheduled,
					Text: "We move the racks from Zürich to Frankfurt; the API may refuse writes for up to 20 minutes, reads stay up. Größere Pakete kommen später — ☃ Übergänge sind geplant.\nBack slash \\ stays."}}},
		},
		Measured: map[string]candor.Measured{
			// The dispute covers 14:05 to 14:10, all of it measured down.
			"api": withDisputed(machineMeasured(candor.Down, machineAt("2026-11-26T14:05:00Z"), candor.Minutes{Up: 129000, Down: 540, Unknown: 60}),
				candor.Window{Component: "api", Outcome: candor.Down, From: machineAt("2026-11-26T14:05:00Z"), To: machineAt("2026-11-26T14:10:00Z")}),
			"web":  machineMeasured(candor.Up, machineAt("2026-11-20T10:20:00Z"), candor.Minutes{Up: 129600}),
			"db":   machineMeasured(candor.Degraded, machineAt("2026-11-26T14:40:00Z"), candor.Minutes{Up: 120000, Degraded: 9000, Down: 600}),
			"edge": machineMeasured(candor.UnderMaintenance, machineAt("2026-11-26T14:30:00Z"), candor.Minutes{Up: 129480, Maintenance: 120}),
		},
		Evidence: map[string][]candor.Window{
			open.ID: {{Component: "api", Outcome: candor.Down, From: machineAt("2026-11-26T14:05:00Z"), To: machineAt("2026-11-26T15:00:00Z"), Checks: 11}},
		},
		LastCheck: machineAt("2026-11-26T14:55:00Z"),
		Markdown:  NewMarkdown(),
		Templates: templates.FS(), // the embed page inlines page.js
		Now:       machineNow,
	}
}

// buildMachine runs the machine-readable steps of Build on in.
func buildMachine(t testing.TB, in Input) Files {
	t.Helper()
	if in.Markdown == nil {
		in.Markdown = NewMarkdown()
	}
	if in.Templates == nil {
		in.Templates = templates.FS() // the embed page inlines page.js
	}
	s := newSite(in)
	f := Files{}
	out := &sink{emit: f.collect()}
	for _, step := range machineSteps {
		if err := step(s, out); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

var machineSteps = []func(*site, *sink) error{buildFeeds, buildAPI, buildBadges, buildCalendar}

// manyIncidents returns an input of n incidents over components, one in
// every ten still open.
func manyIncidents(n, components int) Input {
	in := machineInput()
	in.Config.Components = nil
	for c := range components {
		in.Config.Components = append(in.Config.Components, candor.Component{ID: "c" + strconv.Itoa(c), Name: "Component " + strconv.Itoa(c), Group: "G" + strconv.Itoa(c%5)})
	}
	in.Measured = nil
	in.Incidents = nil
	start := machineNow.Add(-time.Duration(n) * 6 * time.Hour)
	for i := range n {
		id := "content/incidents/gen-" + strconv.Itoa(i) + ".md"
		began := start.Add(time.Duration(i) * 6 * time.Hour)
		inc := candor.Incident{ID: candor.StableID(id), Path: id, Title: "Incident " + strconv.Itoa(i),
			Components: []string{"c" + strconv.Itoa(i%components)}, Impact: candor.ImpactMinor, Started: began,
			Updates: []candor.Update{{At: began.Add(time.Minute), Status: candor.Investigating, Text: "Looking."}}}
		if i%10 != 0 {
			inc.Resolved = began.Add(time.Hour)
			inc.Updates = append(inc.Updates, candor.Update{At: inc.Resolved, Status: candor.Resolved, Text: "Fixed."})
		}
		in.Incidents = append(in.Incidents, inc)
	}
	return in
}
