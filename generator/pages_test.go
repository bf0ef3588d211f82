package generator

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/templates"
)

// pages builds only the HTML pages of in.
func pages(t testing.TB, in Input) Files {
	t.Helper()
	f := Files{}
	if err := buildPages(newSite(in), &sink{emit: f.collect()}); err != nil {
		t.Fatalf("buildPages: %v", err)
	}
	return f
}

// smallInput is the golden case: three components (one measured with an
// outage, one never measured, one without a probe), an open incident past
// its promise, a resolved one with a dispute and a postmortem, active and
// upcoming maintenance, on a project site under /status/.
func smallInput() Input {
	lastCheck := fixtureNow.Add(-4 * time.Minute)
	cfg := candor.Config{Title: "Small <Status>", BaseURL: "https://someone.github.io/status", Repository: "someone/status", Branch: "trunk",
		Location: time.UTC, Interval: 5 * time.Minute, Policy: candor.Policy{UpdateDue: 30 * time.Minute}, PastIncidents: 3,
		Components: []candor.Component{
			{ID: "api", Name: "API", Group: "Core", SLA: candor.SLA{Target: 99.9}, Probe: httpProbe("https://api.example/")},
			{ID: "queue", Name: "Queue", Group: "Core", Probe: &candor.Probe{TCP: &candor.TCPProbe{Address: "q.example:5672"}}},
			{ID: "docs", Name: "Docs"},
		}}
	in := Input{Config: cfg, LastCheck: lastCheck, Templates: templates.FS(), Markdown: NewMarkdown(), Now: fixtureNow,
		Measured: map[string]candor.Measured{"api": measure(9, 100*time.Millisecond, lastCheck, bad{daysAgo: 0, down: 30}, bad{daysAgo: 2, down: 20}, bad{daysAgo: 5, maint: 60})}}
	api := in.Measured["api"]
	api.Days = api.Days[80:] // measured for ten days only
	// What the store finds inside the dispute below: the 20 min measured down.
	api.Disputed = []candor.Window{{Component: "api", Outcome: candor.Down, From: ago(3*oneDay - 5*time.Minute), To: ago(3*oneDay - 25*time.Minute)}}
	in.Measured["api"] = api
	in.Incidents = []candor.Incident{
		{ID: "open00000001", Path: "content/incidents/open.md", Title: "API errors <b>now</b>", Components: []string{"api"}, Impact: candor.ImpactMajor,
			Started: ago(40 * time.Minute), OpenedBy: "monitor",
			Updates: []candor.Update{{At: ago(35 * time.Minute), Status: candor.Investigating, Text: "Looking. <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>", NextUpdate: ago(5 * time.Minute)}}},
		{ID: "past00000002", Path: "content/incidents/past.md", Title: "Queue stalled", Components: []string{"queue", "api"}, Impact: candor.ImpactMinor,
			Started: ago(3 * oneDay), Resolved: ago(3*oneDay - time.Hour),
			Updates:  []candor.Update{{At: ago(3 * oneDay), Status: candor.Identified, Text: "Consumers are stuck."}, {At: ago(3*oneDay - time.Hour), Status: candor.Resolved, Text: "Restarted."}},
			Disputes: []candor.Dispute{{Component: "api", From: ago(3 * oneDay), To: ago(3*oneDay - 30*time.Minute), Reason: "The probe hit a stale DNS record."}},
			Body:     "## Cause\n\nWe restarted the consumers.\n\n<script>alert(2)</script>"},
	}
	in.Evidence = map[string][]candor.Window{
		"open00000001": {{Component: "api", Outcome: candor.Down, From: ago(30 * time.Minute), To: lastCheck, Checks: 6}},
		"past00000002": {{Component: "api", Outcome: candor.Down, From: ago(3*oneDay - 5*time.Minute), To: ago(3*oneDay - 25*time.Minute), Checks: 4}},
	}
	in.Maintenance = []candor.Maintenance{
		{ID: "maint0000001", Path: "content/maintenance/docs.md", Title: "Docs rebuild", Components: []string{"docs"}, Starts: ago(time.Hour), Ends: fixtureNow.Add(time.Hour)},
		{ID: "maint0000002", Path: "content/maintenance/queue.md", Title: "Queue upgrade", Components: []string{"queue"}, Starts: fixtureNow.Add(oneDay), Ends: fixtureNow.Add(oneDay + time.Hour),
			Updates: []candor.Update{{At: ago(time.Hour), Status: candor.Scheduled, Text: "Planned."}}},
	}
	return in
}

func TestPagesGolden(t *testing.T) {
	for name, in := range map[string]Input{"small": smallInput()} {
		t.Run(name, func(t *testing.T) {
			got := pages(t, in)
			dir := filepath.Join("testdata", "pages-"+name)
			if *update {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
				for _, p := range got.Paths() {
					writeFile(t, filepath.Join(dir, p), got[p])
				}
				return
			}
			var want []string
			err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dir, path)
					want = append(want, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatalf("%v (run go test ./generator -update)", err)
			}
			if g := strings.Join(got.Paths(), "\n"); g != strings.Join(want, "\n") {
				t.Fatalf("paths = \n%s\nwant\n%s", g, strings.Join(want, "\n"))
			}
			for _, p := range want {
				w, err := os.ReadFile(filepath.Join(dir, p))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got[p], w) {
					t.Errorf("%s differs from its golden file (go test ./generator -update, then read the diff)", p)
				}
			}
		})
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPagesDeterministic(t *testing.T) {
	a, b := pages(t, sampleInput()), pages(t, sampleInput())
	if len(a) != len(b) {
		t.Fatalf("builds gave %d and %d files", len(a), len(b))
	}
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}
}

// TestPagesSay checks what each page must say, by the words a reader sees.
func TestPagesSay(t *testing.T) {
	f := pages(t, smallInput())
	tests := []struct {
		path string
		want []string
		not  []string
	}{
		{"index.html", []string{
			`Partial System Outage`, `data-last-check="2026-11-26T15:56:00Z"`, `data-interval="300"`,
			`Update overdue by 5 min`, `data-due="2026-11-26T15:55:00Z"`,
			`<a href="/status/components/queue/">Queue</a> <span class="s unk">`, `No data yet`,
			`aria-label="API: the last 90 days, day by day"`, `24 h median `, `<span>90 days: 99.`,
			`Maintenance in progress`, `Docs rebuild`, `Upcoming maintenance`, `Queue upgrade`,
			`<a class="bar" href="/status/components/api/#days" aria-label="API: `,
			`<s></s><i></i>`, `<q></q>`, `<p></p></a>`,
			`90 days: 99.`, `<h2 id="pi">Past incidents</h2>`, `<time datetime="2026-11-26">Thu 26 Nov 2026</time>`, `No incidents reported.`,
			`href="/status/subscribe/">Subscribe</a>`,
			`not measured: status as declared`, `Small &lt;Status&gt;`, `API errors &lt;b&gt;now&lt;/b&gt;`,
			`href="/status/history.rss"`, `href="/status/api/v2/summary.json"`, `<link rel="icon" href="data:,">`,
		}, []string{`<script>alert`, `javascript:`, `onerror`, `Operational</span></div>`,
			`measured: down`, // the open incident is the monitor's own: no contrast with itself
		}},
		{"components/api/index.html", []string{
			`Measured down since`, `Last check`, `down, 10 s, answered 503 Service Unavailable; expected 2xx</p>`,
			`Service level: 99.9% per month`, `Breached`, `50 of 43.1 min used so far, 6.9 min over · budget over the month less 60 min of maintenance`, `Every day in words`, `Latency per day, 17 Nov – 26 Nov 2026: `,
			`Every check, 25 Nov 16:00 – 26 Nov 16:00 UTC: `, `class="fail"`, `API errors &lt;b&gt;now&lt;/b&gt;`, `Queue stalled`,
			`<a class="part" href="#d2026-11-26" aria-label="26 Nov: 96.87% up, 30 min down" tabindex="-1"></a>`, `<tr id="d2026-11-26">`,
			`API: 99.`, `uptime over 90 days (`,
			`<span class="yl" style="top:3.3%">`, `<span class="xl x0" style="left:0%">17 Nov</span>`, `<span class="xl x1" style="left:100%">26 Nov</span>`,
		}, []string{`Declared partial outage since`}}, // the monitor's own incident is no person's declaration
		{"components/docs/index.html", []string{`No probe: this component`, `Under maintenance`, `Docs: not measured (no probe)`}, nil},
		{"incidents/past00000002/index.html", []string{
			`Declared and measured`, `Measured failure`, `API was down`, `(20 min, 4 checks)`, `Disputed measurements`,
			`The probe hit a stale DNS record.`, `We restarted the consumers.`, `<h2 id="pm">Postmortem</h2><div class="md-body"><h3>Cause</h3>`,
			`https://github.com/someone/status/edit/trunk/content/incidents/past.md`,
			`https://github.com/someone/status/blob/trunk/content/incidents/past.md`,
		}, []string{`<script>alert`}},
		{"incidents/open00000001/index.html", []string{`Update overdue by 5 min`, `opened by the monitor`, `ongoing`, `40 min so far`},
			[]string{`<script>alert`, `javascript:alert`, `onerror=`}},
		{"history/index.html", []string{`November 2026`, `Queue stalled`, `Resolved after 1 h`, `Ongoing`, `Queue upgrade`}, nil},
		{"maintenance/maint0000002/index.html", []string{`Queue upgrade`, `Scheduled`, `Planned.`}, nil},
		{"404.html", []string{`Page not found`, `href="/status/"`}, nil},
		{"subscribe/index.html", []string{`<code class="url">https://someone.github.io/status/history.rss</code>`, `/feed subscribe https://someone.github.io/status/history.rss`,
			`https://someone.github.io/status/components/queue/history.atom`, `webcal://someone.github.io/status/maintenance.ics`,
			`https://someone.github.io/status/badges/api-uptime.svg`, `https://someone.github.io/status/api/v2/summary.json`, `https://someone.github.io/status/api/candor.json`}, nil},
		{"components/api/days.json", []string{`"date":"2026-11-26"`, `"day":"Thu 26 Nov 2026"`, `"word":"down under 1 h"`, `"uptime":"96.87%"`, `"down":"30 min"`,
			`"title":"API errors <b>now</b>"`, `"href":"/status/incidents/open00000001/"`, `"page":"/status/components/api/"`}, nil},
	}
	for _, tt := range tests {
		page := string(f[tt.path])
		if page == "" {
			t.Errorf("%s missing", tt.path)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s does not say %q", tt.path, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(page, n) {
				t.Errorf("%s says %q", tt.path, n)
			}
		}
	}
	if _, ok := f[".nojekyll"]; !ok {
		t.Error(".nojekyll missing")
	}
	if _, ok := f["CNAME"]; ok {
		t.Error("CNAME written for a github.io site")
	}
}

// TestContrastOnlyWherePeopleDeclare: the home page sets measured beside
// declared only where a person's declaration differs from the
// measurement, never the monitor's incident against its own evidence.
func TestContrastOnlyWherePeopleDeclare(t *testing.T) {
	tests := []struct {
		name   string
		change func(in *Input)
		want   string // "" for no contrast
	}{
		{"monitor's incident", func(in *Input) {}, ""},
		{"a person's incident", func(in *Input) { in.Incidents[0].OpenedBy = "" }, "measured: down; declared: partial outage"},
		{"a person's lesser incident beside the monitor's", func(in *Input) {
			in.Incidents = append(in.Incidents, candor.Incident{ID: "person000003", Path: "content/incidents/p.md", Title: "Slow", Components: []string{"api"},
				Impact: candor.ImpactMinor, Started: ago(10 * time.Minute)})
		}, "measured: down; declared: degraded performance"},
		{"a person's incident agreeing with the measurement", func(in *Input) {
			in.Incidents[0].OpenedBy, in.Incidents[0].Impact = "", candor.ImpactCritical
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := smallInput()
			tt.change(&in)
			home := string(pages(t, in)["index.html"])
			got := ""
			if i := strings.Index(home, `<p class="md">`); i >= 0 {
				got = home[i+len(`<p class="md">`):]
				got = got[:strings.Index(got, "</p>")]
			}
			if got != tt.want {
				t.Errorf("contrast = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPagesBlind(t *testing.T) {
	in := smallInput()
	in.Blind = true
	home := string(pages(t, in)["index.html"])
	for _, w := range []string{"Monitoring interrupted", "Partial System Outage"} {
		if !strings.Contains(home, w) {
			t.Errorf("blind home page does not say %q", w)
		}
	}
	if strings.Contains(home, "measured: down") {
		t.Error("blind home page claims a measurement")
	}
}

func TestPagesStaleAtBuild(t *testing.T) {
	in := smallInput()
	in.LastCheck = in.Now.Add(-24 * time.Minute)
	if home := string(pages(t, in)["index.html"]); strings.Contains(home, `class="t">Status unknown`) {
		t.Error("home page built 24 minutes after the last check (interval 5 min) says status unknown")
	}
	if home := string(pages(t, in)["index.html"]); !strings.Contains(home, `<p class="lc lk" hidden>`) {
		t.Error("fresh home page does not hide its last-known note for the script")
	}
	for age, words := range map[time.Duration]string{90 * time.Minute: "90 min", 1000336 * time.Minute: "694 days 16 h"} {
		in.LastCheck = in.Now.Add(-age)
		home := string(pages(t, in)["index.html"])
		for _, w := range []string{`<h1 id="bt" class="t">Status unknown — the last check was ` + words + ` ago</h1>`,
			`<p class="lc lk">The statuses below are the last known ones.</p>`} {
			if !strings.Contains(home, w) {
				t.Errorf("home page built %v after the last check does not say %q", age, w)
			}
		}
	}
}

func TestCustomDomain(t *testing.T) {
	tests := map[string]string{
		"https://status.acme.com/":       "status.acme.com",
		"https://STATUS.acme.com:8443/x": "status.acme.com",
		"https://acme.github.io/status/": "",
		"http://localhost:8080/":         "",
		"http://127.0.0.1/":              "",
		"":                               "",
	}
	for in, want := range tests {
		if got := customDomain(in); got != want {
			t.Errorf("customDomain(%q) = %q, want %q", in, got, want)
		}
	}
	in := smallInput()
	in.Config.BaseURL = "https://status.acme.com"
	f := pages(t, in)
	if got := string(f["CNAME"]); got != "status.acme.com\n" {
		t.Errorf("CNAME = %q, want status.acme.com", got)
	}
	if !strings.Contains(string(f["index.html"]), `href="/components/api/"`) {
		t.Error("links on a custom domain do not start at /")
	}
}

func TestHistoryPages(t *testing.T) {
	in := generatedInput(10, 250)
	f := pages(t, in)
	for _, p := range []string{"history/index.html", "history/page/2/index.html", "history/page/3/index.html"} {
		if f[p] == nil {
			t.Fatalf("%s missing", p)
		}
	}
	if f["history/page/4/index.html"] != nil {
		t.Error("history has a fourth page for 250 incidents")
	}
	total := 0
	for _, p := range []string{"history/index.html", "history/page/2/index.html", "history/page/3/index.html"} {
		total += strings.Count(string(f[p]), `<li class="card">`)
	}
	if total != 250 {
		t.Errorf("history lists %d incidents, want 250", total)
	}
	if !strings.Contains(string(f["history/page/2/index.html"]), `href="/status/history/page/3/" rel="next"`) {
		t.Error("history page 2 does not link to page 3")
	}
}

func TestTemplateOverride(t *testing.T) {
	in := smallInput()
	own := fstest.MapFS{"home.html": {Data: []byte(`<p>our own home</p>`)}}
	in.Templates = Overlay(own, templates.FS())
	f := pages(t, in)
	if !strings.Contains(string(f["index.html"]), "our own home") {
		t.Error("a repository's home.html does not replace the default")
	}
	if !strings.Contains(string(f["components/api/index.html"]), "Every day in words") {
		t.Error("overriding home.html lost the default component page")
	}
	in.Templates = fstest.MapFS{"home.html": {Data: []byte(`x`)}}
	if err := buildPages(newSite(in), &sink{emit: Files{}.collect()}); err == nil {
		t.Error("buildPages with templates missing gave no error")
	}
}

// TestHomeBudget holds the home page, with everything it loads (the CSS
// and script are inline), to 14 KB gzipped: for the sample, and for 100
// components whose every one of 90 days had downtime unlike the day
// before (so no two days of a bar look alike) with 5,000 incidents.
func TestHomeBudget(t *testing.T) {
	const budget = 14 * 1024
	for name, in := range map[string]Input{"sample": sampleInput(), "100 components, every day down": worstInput(100, 5000)} {
		home := pages(t, in)["index.html"]
		n := gzipped(t, home)
		t.Logf("%s: home page %d bytes, %d gzipped", name, len(home), n)
		if n > budget {
			t.Errorf("%s: home page is %d bytes gzipped, budget %d", name, n, budget)
		}
		for _, bad := range []string{"http://", "https://", "@import", "@font-face", "url(", ".png", ".jpg", ".woff"} {
			if i := bytes.Index(home, []byte(bad)); i >= 0 && !strings.Contains(string(home[max(0, i-40):i]), "<a ") {
				t.Errorf("%s: home page loads something: %q", name, home[max(0, i-40):min(len(home), i+40)])
			}
		}
	}
}

// The worst case is what it says: every bar has 90 cells, and no cell is
// like the one before it.
func TestHomeBudgetWorstCase(t *testing.T) {
	home := string(pages(t, worstInput(100, 5000))["index.html"])
	bars := regexp.MustCompile(`<a class="bar"[^>]*>(.*?)</a>`).FindAllStringSubmatch(home, -1)
	if len(bars) != 100 {
		t.Fatalf("%d bars, want 100", len(bars))
	}
	cell := regexp.MustCompile(`<([a-z]+)></[a-z]+>`)
	seen := map[string]bool{}
	for _, b := range bars {
		cells := cell.FindAllStringSubmatch(b[1], -1)
		if len(cells) != barDays {
			t.Fatalf("a bar has %d cells, want %d", len(cells), barDays)
		}
		for i := 1; i < len(cells); i++ {
			if cells[i][1] == cells[i-1][1] || cells[i][1] == cellTag("ok") || cells[i][1] == cellTag("none") {
				t.Fatalf("day %d is %s after %s: the worst case has downtime every day, unlike the day before", i, cells[i][1], cells[i-1][1])
			}
		}
		// Random, not a cycle gzip folds away (a fixture that went down,
		// longer, degraded by turns gave 1.5 KB less than a real page).
		for p := 2; p <= 10; p++ {
			cycle := true
			for i := p; i < len(cells) && cycle; i++ {
				cycle = cells[i][1] == cells[i-p][1]
			}
			if cycle {
				t.Fatalf("a bar repeats every %d days: the worst case draws each day at random", p)
			}
		}
		seen[b[1]] = true
	}
	if len(seen) != len(bars) {
		t.Errorf("%d bars alike of %d: each component's days are its own", len(bars)-len(seen), len(bars))
	}
	if n := strings.Count(home, `class="day"`); n != 15 {
		t.Errorf("%d days of past incidents, want 15", n)
	}
}

func gzipped(t testing.TB, b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return buf.Len()
}

// TestLandmarks checks every page for landmarks, one h1 and headings that
// never skip a level.
func TestLandmarks(t *testing.T) {
	heading := regexp.MustCompile(`<h([1-6])[ >]`)
	f := pages(t, sampleInput())
	for _, p := range f.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		page := string(f[p])
		for _, want := range []string{`<html lang="en">`, `<header`, `<nav aria-label=`, `<main id="main"`, `<footer`, `<a class="skip" href="#main">`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", p, want)
			}
		}
		prev, h1 := 0, 0
		for _, m := range heading.FindAllStringSubmatch(page, -1) {
			level := int(m[1][0] - '0')
			if level == 1 {
				h1++
			}
			if level > prev+1 {
				t.Errorf("%s: h%d follows h%d", p, level, prev)
			}
			prev = level
		}
		if h1 != 1 {
			t.Errorf("%s has %d h1, want 1", p, h1)
		}
	}
}

// TestDisplayZone: the days are the page's time zone, and so are the
// times when script is off, each with its abbreviation; the page names the
// zone of its days, and the 24-hour chart's axis its zone.
func TestDisplayZone(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	in := sampleInput()
	in.Config.Location = berlin
	// 23:30 UTC on 25 Nov is 00:30 on 26 Nov in Berlin: today's heading.
	started := time.Date(2026, 11, 25, 23, 30, 0, 0, time.UTC)
	in.Incidents = append(in.Incidents, candor.Incident{ID: "latenight0001", Path: "content/incidents/late.md", Title: "Late night errors", Components: []string{"api"},
		Impact: candor.ImpactMinor, Started: started, Resolved: started.Add(20 * time.Minute),
		Updates: []candor.Update{{At: started, Status: candor.Investigating, Text: "Looking."}, {At: started.Add(20 * time.Minute), Status: candor.Resolved, Text: "Fixed."}}})
	f := pages(t, in)
	home := string(f["index.html"])
	today := home[strings.Index(home, `<time datetime="2026-11-26">Thu 26 Nov 2026</time>`):]
	today = today[:strings.Index(today, `<h3 class="day">`+`<time datetime="2026-11-25">`)]
	if !strings.Contains(today, `Late night errors`) || !strings.Contains(today, `datetime="2026-11-25T23:30:00Z">00:30 CET</time>`) {
		t.Errorf("a Berlin day lists its incident with a time of another zone:\n%s", today)
	}
	for _, want := range []string{`days in Europe/Berlin time:`, `<span data-tz="Europe/Berlin">Days and times in Europe/Berlin time</span>`, `26 Nov 2026, 16:55 CET`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	if strings.Contains(home, " UTC<") {
		t.Error("home page of a Berlin site prints a time in UTC")
	}
	api := string(f["components/api/index.html"])
	if !regexp.MustCompile(`<span class="xl[^"]*" style="left:[^"]*">\d\d:00 CET</span></div>`).MatchString(api) {
		t.Error("the 24-hour chart's axis does not name its zone")
	}
	if !strings.Contains(api, `days in Europe/Berlin time:`) {
		t.Error("component page does not say the zone of its days")
	}
}
