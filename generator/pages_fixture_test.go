package generator

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/templates"
)

// Test inputs for the pages, built by hand in Go so these tests depend on
// no parser.

var fixtureNow = time.Date(2026, 11, 26, 16, 0, 0, 0, time.UTC)

// bad is a stretch of trouble on one day of a measured fixture component.
type bad struct {
	daysAgo                           int // 0 is today
	down, degraded, maint, unmeasured float64
}

// measure makes 90 days of figures and 24 hours of raw checks for a
// component whose latency hovers around base, with trouble on some days.
func measure(seed uint64, base time.Duration, lastCheck time.Time, trouble ...bad) candor.Measured {
	rng := rand.New(rand.NewPCG(seed, 7))
	today := midnight(fixtureNow)
	var m candor.Measured
	byDay := map[int]bad{}
	for _, b := range trouble {
		byDay[b.daysAgo] = b
	}
	for ago := barDays - 1; ago >= 0; ago-- {
		start := today.AddDate(0, 0, -ago)
		end := start.AddDate(0, 0, 1)
		total := 1440.0
		if ago == 0 {
			end = fixtureNow
			total = fixtureNow.Sub(start).Minutes()
		}
		b := byDay[ago]
		mins := candor.Minutes{Down: b.down, Degraded: b.degraded, Maintenance: b.maint, Unknown: b.unmeasured}
		mins.Up = total - mins.Down - mins.Degraded - mins.Maintenance - mins.Unknown
		p50 := base + time.Duration(rng.IntN(int(base/5)+1))
		f := candor.Figures{Start: start, End: end, Minutes: mins, P50: p50, P95: p50*2 + time.Duration(rng.IntN(int(base)+1)), Max: p50 * 4}
		f.Checks = candor.Counts{Up: int(mins.Up / 5), Degraded: int(mins.Degraded / 5), Down: int(mins.Down / 5), Maintenance: int(mins.Maintenance / 5)}
		m.Days = append(m.Days, f)
	}
	m.Last24 = sum(m.Days[barDays-2:])
	m.Last7 = sum(m.Days[barDays-7:])
	m.Last30 = sum(m.Days[barDays-30:])
	m.Last90 = sum(m.Days)
	m.Months = months(m.Days, 99.9)
	outcome := candor.Up
	since := fixtureNow.AddDate(0, 0, -3)
	if b := byDay[0]; b.down > 0 {
		outcome, since = candor.Down, lastCheck.Add(-time.Duration(b.down)*time.Minute)
	}
	for t := fixtureNow.Add(-24 * time.Hour).Add(5 * time.Minute); !t.After(lastCheck); t = t.Add(5 * time.Minute) {
		p := candor.Point{At: t, Outcome: candor.Up, Latency: base + time.Duration(rng.IntN(int(base/3)+1))}
		if outcome == candor.Down && !t.Before(since) {
			p.Outcome, p.Latency = candor.Down, 10*time.Second
		}
		m.Recent = append(m.Recent, p)
	}
	last := m.Recent[len(m.Recent)-1]
	m.State = &candor.State{Outcome: outcome, Since: since, LastCheck: lastCheck,
		Last: candor.Result{At: lastCheck, Outcome: last.Outcome, Latency: last.Latency}}
	if outcome == candor.Down {
		m.State.Last.Class, m.State.Last.Message = "status", "answered 503 Service Unavailable; expected 2xx"
	}
	return m
}

func sum(days []candor.Figures) candor.Figures {
	f := candor.Figures{Start: days[0].Start, End: days[len(days)-1].End}
	for _, d := range days {
		f.Minutes = f.Minutes.Plus(d.Minutes)
		f.Checks.Up += d.Checks.Up
		f.Checks.Down += d.Checks.Down
		f.Checks.Degraded += d.Checks.Degraded
		f.Checks.Maintenance += d.Checks.Maintenance
		f.P50, f.P95, f.Max = max(f.P50, d.P50), max(f.P95, d.P95), max(f.Max, d.Max)
	}
	return f
}

// months is the SLA months of days, newest first.
func months(days []candor.Figures, target float64) []candor.SLAMonth {
	var out []candor.SLAMonth
	for i := 0; i < len(days); {
		j := i
		for j < len(days) && days[j].Start.Month() == days[i].Start.Month() {
			j++
		}
		f := sum(days[i:j])
		start := time.Date(f.Start.Year(), f.Start.Month(), 1, 0, 0, 0, 0, f.Start.Location())
		// The fixture's first month starts mid-month: the days before
		// it count as unmeasured, as the store would count them.
		f.Minutes.Unknown += f.Start.Sub(start).Minutes()
		sm := candor.NewSLAMonth(start, start.AddDate(0, 1, 0), fixtureNow, f, candor.SLA{Target: target}, 0)
		out = append([]candor.SLAMonth{sm}, out...)
		i = j
	}
	return out
}

func httpProbe(url string) *candor.Probe {
	return &candor.Probe{HTTP: &candor.HTTPProbe{URL: url}}
}

func ago(d time.Duration) time.Time { return fixtureNow.Add(-d) }

const oneDay = 24 * time.Hour

// sampleInput is a realistic status site: two groups, a component never
// measured yet, one without a probe, an open incident whose promised update
// is overdue, a postmortem with a disputed measurement, maintenance past and
// upcoming.
func sampleInput() Input {
	lastCheck := fixtureNow.Add(-5 * time.Minute)
	cfg := candor.Config{
		Title: "Acme Status", Description: "Live and past status of Acme's services.",
		BaseURL: "https://status.acme.example/", Repository: "acme/status", Location: time.UTC, Interval: 5 * time.Minute,
		Policy: candor.Policy{UpdateDue: 30 * time.Minute}, PastIncidents: 15,
		Components: []candor.Component{
			{ID: "api", Name: "Public API", Group: "Core", SLA: candor.SLA{Target: 99.9}, Probe: httpProbe("https://api.acme.example/health")},
			{ID: "web", Name: "Website", Group: "Core", SLA: candor.SLA{Target: 99.5}, Probe: httpProbe("https://acme.example/")},
			{ID: "db", Name: "Database", Group: "Core", Probe: &candor.Probe{TCP: &candor.TCPProbe{Address: "db.acme.example:5432"}}},
			{ID: "cdn", Name: "CDN", Group: "Edge", Probe: httpProbe("https://cdn.acme.example/ping")},
			{ID: "dns", Name: "DNS", Group: "Edge", Probe: &candor.Probe{DNS: &candor.DNSProbe{Name: "acme.example"}}},
			{ID: "cert", Name: "TLS certificate", Group: "Edge", Probe: &candor.Probe{TLS: &candor.TLSProbe{Address: "acme.example:443"}}},
			{ID: "billing", Name: "Billing", Description: "Invoices and payments. Not probed: status as declared by the team."},
		},
	}
	measured := map[string]candor.Measured{
		"api": measure(1, 180*time.Millisecond, lastCheck, bad{daysAgo: 0, down: 50}, bad{daysAgo: 12, down: 95}, bad{daysAgo: 40, degraded: 30}, bad{daysAgo: 70, down: 14}),
		"web": measure(2, 320*time.Millisecond, lastCheck, bad{daysAgo: 12, down: 20}, bad{daysAgo: 55, degraded: 240}),
		"db":  measure(3, 4*time.Millisecond, lastCheck, bad{daysAgo: 33, down: 42}, bad{daysAgo: 61, maint: 120}),
		"cdn": measure(4, 40*time.Millisecond, lastCheck, bad{daysAgo: 25, unmeasured: 700}),
		"dns": measure(5, 12*time.Millisecond, lastCheck),
	}
	// dns was added to the config 20 days ago: no data before.
	dns := measured["dns"]
	for i := 0; i < barDays-20; i++ {
		dns.Days[i].Minutes = candor.Minutes{Unknown: 1440}
		dns.Days[i].P50, dns.Days[i].P95 = 0, 0
	}
	dns.Last90 = sum(dns.Days)
	measured["dns"] = dns
	// What the store finds inside the database failover's dispute: all
	// 10 disputed minutes were measured down.
	db := measured["db"]
	db.Disputed = []candor.Window{{Component: "db", Outcome: candor.Down, From: ago(33*oneDay + 90*time.Minute), To: ago(33*oneDay + 80*time.Minute)}}
	measured["db"] = db

	incidents := []candor.Incident{
		{ID: "apierrors0001", Path: "content/incidents/2026-11-26-api-errors.md", Title: "Elevated errors on the public API", Components: []string{"api"},
			Impact: candor.ImpactMajor, Started: ago(48 * time.Minute), OpenedBy: "monitor",
			Updates: []candor.Update{
				{At: ago(45 * time.Minute), Status: candor.Investigating, Text: "Requests to the API fail with **503**. We are investigating.", NextUpdate: ago(15 * time.Minute)},
			}},
		{ID: "invoices00002", Path: "content/incidents/2026-11-26-invoices.md", Title: "Invoice emails delayed", Components: []string{"billing"},
			Impact: candor.ImpactMinor, Started: ago(2 * time.Hour),
			Updates: []candor.Update{
				{At: ago(2 * time.Hour), Status: candor.Identified, Text: "Invoice emails are queued behind a slow mail provider."},
				{At: ago(20 * time.Minute), Status: candor.Monitoring, Text: "The queue is draining; all invoices should arrive within the hour.", NextUpdate: fixtureNow.Add(40 * time.Minute)},
			}},
		{ID: "dbfailover003", Path: "content/incidents/2026-10-24-db-failover.md", Title: "Database failover", Components: []string{"db", "api"},
			Impact: candor.ImpactCritical, Started: ago(33*oneDay + 2*time.Hour), Resolved: ago(33*oneDay + 80*time.Minute),
			Updates: []candor.Update{
				{At: ago(33*oneDay + 115*time.Minute), Status: candor.Investigating, Text: "The primary database stopped answering."},
				{At: ago(33*oneDay + 100*time.Minute), Status: candor.Identified, Text: "A failover to the replica is under way. See the [runbook](https://acme.example/runbook)."},
				{At: ago(33*oneDay + 80*time.Minute), Status: candor.Resolved, Text: "The replica is primary; writes work again."},
			},
			Disputes: []candor.Dispute{{Component: "db", From: ago(33*oneDay + 90*time.Minute), To: ago(33*oneDay + 80*time.Minute),
				Reason: "The probe's network path was being rerouted; the database was already answering the application."}},
			Body: "## What happened\n\nA disk on the primary filled up with write-ahead log.\n\n## What we changed\n\n- Alerts at 70% disk\n- Automatic log archiving\n\n| Step | Time |\n|---|---|\n| Detected | 2 min |\n| Failed over | 20 min |\n"},
		{ID: "apioutage0004", Path: "content/incidents/2026-11-14-api-outage.md", Title: "Public API unavailable", Components: []string{"api", "web"},
			Impact: candor.ImpactMajor, Started: ago(12*oneDay + 3*time.Hour), Resolved: ago(12*oneDay + 85*time.Minute), OpenedBy: "monitor",
			Updates: []candor.Update{
				{At: ago(12*oneDay + 3*time.Hour), Status: candor.Investigating, Text: "Probes see the API failing."},
				{At: ago(12*oneDay + 85*time.Minute), Status: candor.Resolved, Text: "A bad deploy was rolled back."},
			}},
		{ID: "webslow000005", Path: "content/incidents/2026-10-02-web-slow.md", Title: "Slow page loads", Components: []string{"web"},
			Impact: candor.ImpactMinor, Started: ago(55*oneDay + 4*time.Hour), Resolved: ago(55 * oneDay),
			Updates: []candor.Update{{At: ago(55*oneDay + 4*time.Hour), Status: candor.Investigating, Text: "Pages load slowly."}, {At: ago(55 * oneDay), Status: candor.Resolved, Text: "A cache was warmed."}}},
	}
	for i := 0; i < 7; i++ {
		start := ago(time.Duration(3+i*12) * oneDay)
		incidents = append(incidents, candor.Incident{ID: "past" + strconv.Itoa(100000000+i), Path: "content/incidents/past-" + strconv.Itoa(i) + ".md",
			Title:      []string{"Login emails delayed", "Webhooks retried late", "Search results stale", "Exports failing", "Dashboard slow", "Status of CDN purges", "Card payments declined"}[i],
			Components: []string{[]string{"billing", "api", "web", "api", "web", "cdn", "billing"}[i]}, Impact: []candor.Impact{candor.ImpactMinor, candor.ImpactNone, candor.ImpactMinor, candor.ImpactMajor}[i%4],
			Started: start, Resolved: start.Add(time.Duration(20+i*15) * time.Minute),
			Updates: []candor.Update{{At: start, Status: candor.Investigating, Text: "Looking into it."}, {At: start.Add(time.Duration(20+i*15) * time.Minute), Status: candor.Resolved, Text: "Fixed."}}})
	}
	evidence := map[string][]candor.Window{
		"apierrors0001": {{Component: "api", Outcome: candor.Up, From: ago(60 * time.Minute), To: ago(50 * time.Minute), Checks: 2},
			{Component: "api", Outcome: candor.Down, From: ago(50 * time.Minute), To: lastCheck, Checks: 10}},
		"dbfailover003": {{Component: "db", Outcome: candor.Down, From: ago(33*oneDay + 118*time.Minute), To: ago(33*oneDay + 76*time.Minute), Checks: 9},
			{Component: "api", Outcome: candor.Degraded, From: ago(33*oneDay + 115*time.Minute), To: ago(33*oneDay + 95*time.Minute), Checks: 4}},
		"apioutage0004": {{Component: "api", Outcome: candor.Down, From: ago(12*oneDay + 3*time.Hour), To: ago(12*oneDay + 85*time.Minute), Checks: 19}},
	}
	maintenance := []candor.Maintenance{
		{ID: "dbupgrade0001", Path: "content/maintenance/2026-09-26-db-upgrade.md", Title: "Database upgrade to version 17", Components: []string{"db"},
			Starts: ago(61*oneDay + 2*time.Hour), Ends: ago(61 * oneDay), Body: "Writes pause for up to 2 minutes during the switchover."},
		{ID: "cdnmove00002", Path: "content/maintenance/2026-11-29-cdn.md", Title: "CDN provider migration", Components: []string{"cdn", "web"},
			Starts: fixtureNow.Add(3*oneDay + 2*time.Hour), Ends: fixtureNow.Add(3*oneDay + 4*time.Hour),
			Updates: []candor.Update{{At: ago(oneDay), Status: candor.Scheduled, Text: "Traffic moves region by region; brief slow loads are possible."}}},
	}
	return Input{Config: cfg, Incidents: incidents, Maintenance: maintenance, Measured: measured, Evidence: evidence,
		LastCheck: lastCheck, Templates: templates.FS(), Markdown: NewMarkdown(), Now: fixtureNow}
}

// generatedInput is a large site: n components in groups of ten with 90
// days of figures and 24 hours of 5-minute checks each, and incidents
// spread over the last year.
func generatedInput(n, incidents int) Input {
	lastCheck := fixtureNow.Add(-2 * time.Minute)
	cfg := candor.Config{Title: "Big Status", BaseURL: "https://example.github.io/status/", Location: time.UTC, Interval: 5 * time.Minute,
		Policy: candor.Policy{UpdateDue: 30 * time.Minute}}
	in := Input{Measured: map[string]candor.Measured{}, Evidence: map[string][]candor.Window{}, LastCheck: lastCheck,
		Templates: templates.FS(), Markdown: NewMarkdown(), Now: fixtureNow}
	rng := rand.New(rand.NewPCG(42, 42))
	for i := 0; i < n; i++ {
		id := "svc-" + strconv.Itoa(i)
		cfg.Components = append(cfg.Components, candor.Component{ID: id, Name: "Service " + strconv.Itoa(i), Group: "Region " + strconv.Itoa(i/10),
			SLA: candor.SLA{Target: 99.9}, Probe: httpProbe("https://svc" + strconv.Itoa(i) + ".example/")})
		var trouble []bad
		if i%7 == 0 {
			trouble = append(trouble, bad{daysAgo: 1 + rng.IntN(88), down: float64(5 + rng.IntN(90))})
		}
		if i%11 == 0 {
			trouble = append(trouble, bad{daysAgo: 1 + rng.IntN(88), degraded: float64(10 + rng.IntN(60))})
		}
		in.Measured[id] = measure(uint64(i), time.Duration(50+rng.IntN(200))*time.Millisecond, lastCheck, trouble...)
	}
	for i := 0; i < incidents; i++ {
		start := fixtureNow.Add(-time.Duration(1+rng.IntN(365*24)) * time.Hour)
		comp := cfg.Components[rng.IntN(n)].ID
		id := candor.StableID("incident:" + strconv.Itoa(i))
		inc := candor.Incident{ID: id, Path: "content/incidents/" + id + ".md", Title: "Incident number " + strconv.Itoa(i), Components: []string{comp},
			Impact: candor.Impacts[rng.IntN(4)], Started: start, Resolved: start.Add(time.Duration(10+rng.IntN(200)) * time.Minute),
			Updates: []candor.Update{
				{At: start, Status: candor.Investigating, Text: "We are looking into **errors** on " + comp + "."},
				{At: start.Add(10 * time.Minute), Status: candor.Identified, Text: "The cause is a bad deploy; rolling back."},
				{At: start.Add(10*time.Minute + time.Duration(rng.IntN(100))*time.Minute), Status: candor.Resolved, Text: "Fixed."},
			}}
		in.Incidents = append(in.Incidents, inc)
		in.Evidence[id] = []candor.Window{{Component: comp, Outcome: candor.Down, From: start, To: inc.Resolved, Checks: 4}}
	}
	in.Config = cfg
	return in
}

// worstInput is generatedInput at its heaviest for the home page: every
// one of the 90 days of every component had downtime, each day's kind
// (down under an hour, down longer, degraded) drawn at random from a seed
// but never the kind of the day before, with its own minutes, so no run of
// days repeats for gzip to fold; and the home page lists 15 days of past
// incidents.
func worstInput(n, incidents int) Input {
	in := generatedInput(n, incidents)
	in.Config.PastIncidents = 15
	rng := rand.New(rand.NewPCG(9, 9))
	for i, c := range in.Config.Components {
		var trouble []bad
		kind := rng.IntN(3)
		for d := 0; d < barDays; d++ {
			kind = (kind + 1 + rng.IntN(2)) % 3 // never the day before's
			b := bad{daysAgo: d}
			switch kind {
			case 0:
				b.down = float64(1 + rng.IntN(59))
			case 1:
				b.down = float64(60 + rng.IntN(300))
			case 2:
				b.degraded = float64(1 + rng.IntN(300))
			}
			trouble = append(trouble, b)
		}
		in.Measured[c.ID] = measure(uint64(i), time.Duration(50+rng.IntN(200))*time.Millisecond, in.LastCheck, trouble...)
	}
	return in
}
