package generator

import (
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// Tests for what a new user's review found the pages got wrong.

// between is the text of page from the first from to the next to.
func between(t *testing.T, page, from, to string) string {
	t.Helper()
	i := strings.Index(page, from)
	if i < 0 {
		t.Fatalf("page lacks %q", from)
	}
	rest := page[i:]
	if j := strings.Index(rest, to); j >= 0 {
		return rest[:j]
	}
	return rest
}

func TestIncidentOnlyUnknownEvidence(t *testing.T) {
	in := smallInput()
	past := in.Incidents[1]
	in.Incidents[1].Disputes = nil
	in.Evidence["past00000002"] = []candor.Window{
		{Component: "api", Outcome: candor.Unknown, From: past.Started, To: past.Resolved},
		{Component: "queue", Outcome: candor.Unknown, From: past.Started, To: past.Resolved},
	}
	page := string(pages(t, in)["incidents/past00000002/index.html"])
	for _, w := range []string{`No measurement covers this incident`, `API was not measured</span>`, `(1 h)</li>`} {
		if !strings.Contains(page, w) {
			t.Errorf("incident with only unknown evidence does not say %q", w)
		}
	}
	for _, n := range []string{`Probes measured no failure`, `0 checks`, `was unknown`} {
		if strings.Contains(page, n) {
			t.Errorf("incident with only unknown evidence says %q", n)
		}
	}

	in.Evidence["past00000002"][1].Outcome = candor.Up
	page = string(pages(t, in)["incidents/past00000002/index.html"])
	if !strings.Contains(page, `part of this incident has no measurement`) {
		t.Error("incident measured in part does not say part has no measurement")
	}
}

func TestDisputeShowsOnlyItsStretch(t *testing.T) {
	in := smallInput()
	start := in.Incidents[1].Started
	in.Incidents[1].Disputes = []candor.Dispute{{Component: "api", From: start.Add(10 * time.Minute), To: start.Add(19 * time.Minute), Reason: "Stale DNS."}}
	in.Evidence["past00000002"] = []candor.Window{
		{Component: "api", Outcome: candor.Up, From: start, To: start.Add(5 * time.Minute), Checks: 1},
		{Component: "api", Outcome: candor.Down, From: start.Add(5 * time.Minute), To: start.Add(45 * time.Minute), Checks: 8},
		{Component: "api", Outcome: candor.Up, From: start.Add(45 * time.Minute), To: start.Add(time.Hour), Checks: 3},
	}
	page := string(pages(t, in)["incidents/past00000002/index.html"])
	cell := between(t, page, `<h2 id="dis">`, `</section>`)
	stamp := func(d time.Duration) string { return newStamp(start.Add(d), time.UTC).ISO }
	for _, w := range []string{`down from <time datetime="` + stamp(10*time.Minute) + `"`, `to <time datetime="` + stamp(19*time.Minute) + `"`, `(9 min)`} {
		if !strings.Contains(cell, w) {
			t.Errorf("dispute cell does not say %q:\n%s", w, cell)
		}
	}
	for _, n := range []string{stamp(5 * time.Minute), stamp(45 * time.Minute), `8 checks`, `up from`} {
		if strings.Contains(cell, n) {
			t.Errorf("dispute cell shows %q, measured outside the dispute:\n%s", n, cell)
		}
	}
}

// TestOpenIncidentShowsChecks: a person's open incident on a probed
// component stands beside what its checks measure now, on the incident page
// and on its card on the home page.
func TestOpenIncidentShowsChecks(t *testing.T) {
	in := smallInput()
	since := fixtureNow.Add(-20 * time.Minute)
	api := in.Measured["api"]
	st := *api.State
	st.Outcome, st.Since = candor.Up, since
	api.State = &st
	in.Measured["api"] = api
	in.Incidents[0].OpenedBy = ""
	f := pages(t, in)
	want := `Measured: checks passing since <time datetime="2026-11-26T15:40:00Z">`
	for _, p := range []string{"index.html", "incidents/open00000001/index.html"} {
		if !strings.Contains(string(f[p]), want) {
			t.Errorf("%s does not say %q", p, want)
		}
	}

	st.Outcome = candor.Down
	in.Incidents[0].Components = []string{"api", "queue", "docs"}
	f = pages(t, in)
	want = `Measured: API: checks failing since <time datetime="2026-11-26T15:40:00Z">`
	for _, p := range []string{"index.html", "incidents/open00000001/index.html"} {
		page := string(f[p])
		if !strings.Contains(page, want) {
			t.Errorf("%s does not say %q", p, want)
		}
		if strings.Contains(page, "Queue: checks") || strings.Contains(page, "Queue: no check") || strings.Contains(page, "Docs: checks") {
			t.Errorf("%s claims checks of a component never measured or without a probe", p)
		}
	}

	in.Blind = true
	if home := string(pages(t, in)["index.html"]); strings.Contains(home, "checks failing since") {
		t.Error("a blind monitor's home page claims what checks measure")
	}
	in.Blind = false
	if page := string(pages(t, in)["incidents/past00000002/index.html"]); strings.Contains(page, "Measured: ") {
		t.Error("a resolved incident claims what checks measure now")
	}
}

func TestOpenIncidentWithoutUpdatesIsInvestigating(t *testing.T) {
	in := smallInput()
	in.Incidents[0].Updates = nil
	f := pages(t, in)
	for _, p := range []string{"index.html", "incidents/open00000001/index.html"} {
		page := string(f[p])
		if !strings.Contains(page, `</span> · Investigating · `) {
			t.Errorf("%s does not show an open incident without updates as Investigating", p)
		}
		if strings.Contains(page, `</span> ·  · `) {
			t.Errorf("%s shows an empty status", p)
		}
	}
}

// TestRecentChecksAgree: the chart of the last 24 hours counts the checks
// of [now-24h, now), as the uptime table does, even when the raw checks
// given include both ends.
func TestRecentChecksAgree(t *testing.T) {
	in := smallInput()
	api := in.Measured["api"]
	api.Recent = nil
	for at := fixtureNow.Add(-24 * time.Hour); !at.After(fixtureNow); at = at.Add(5 * time.Minute) {
		api.Recent = append(api.Recent, candor.Point{At: at, Outcome: candor.Up, Latency: 100 * time.Millisecond})
	}
	api.Last24 = candor.Figures{Start: fixtureNow.Add(-24 * time.Hour), End: fixtureNow, Minutes: candor.Minutes{Up: 1440}, Checks: candor.Counts{Up: 288}}
	in.Measured["api"] = api
	page := string(pages(t, in)["components/api/index.html"])
	for _, w := range []string{`<th scope="row">24 hours</th><td>100%</td><td>100%</td><td>0 min</td><td>288</td>`, `UTC: 288 checks, 0 down`} {
		if !strings.Contains(page, w) {
			t.Errorf("component page does not say %q", w)
		}
	}
}

// TestUptimeStatesDisputedMinutes: each uptime range states the disputed
// downtime inside it beside the uptime, which stays as measured. Which
// minutes count (measured downtime only, overlaps once) is the store's
// rule: history.Store.Disputed.
func TestUptimeStatesDisputedMinutes(t *testing.T) {
	in := smallInput()
	start := in.Incidents[1].Started // 3 days ago: inside 7, 30 and 90 days, not the last 24 hours
	api := in.Measured["api"]
	api.Last24 = candor.Figures{Start: fixtureNow.Add(-24 * time.Hour), End: fixtureNow, Minutes: candor.Minutes{Up: 1410, Down: 30}}
	api.Disputed = []candor.Window{
		{Component: "api", Outcome: candor.Down, From: start, To: start.Add(40 * time.Minute)},
		{Component: "api", Outcome: candor.Down, From: fixtureNow.Add(-30 * time.Minute), To: fixtureNow.Add(-21 * time.Minute)},
	}
	in.Measured["api"] = api
	page := string(pages(t, in)["components/api/index.html"])
	up, _ := api.Last7.Minutes.Uptime()
	for _, w := range []string{
		`<th scope="row">24 hours</th><td>97.91% measured · 9 min of downtime disputed</td>`,
		`<th scope="row">7 days</th><td>` + pct(up) + ` measured · 49 min of downtime disputed</td>`,
		`<th scope="row">90 days</th><td>`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("component page does not say %q", w)
		}
	}
	if q := string(pages(t, in)["components/queue/index.html"]); strings.Contains(q, "disputed</td>") {
		t.Error("a component no dispute names states disputed minutes")
	}
}

// TestDisputeRecountsRecentChecks: a window cut by a dispute in the last
// 24 hours counts its checks again from the raw checks inside the cut.
func TestDisputeRecountsRecentChecks(t *testing.T) {
	in := smallInput()
	in.Incidents[0].Disputes = []candor.Dispute{{Component: "api", From: fixtureNow.Add(-20 * time.Minute), To: fixtureNow.Add(-10 * time.Minute), Reason: "Probe region fault."}}
	page := string(pages(t, in)["incidents/open00000001/index.html"])
	cell := between(t, page, `<h2 id="dis">`, `</section>`)
	if !strings.Contains(cell, `(10 min, 2 checks)`) || strings.Contains(cell, `6 checks`) {
		t.Errorf("dispute cell does not count the 2 checks inside it:\n%s", cell)
	}
}

// A postmortem that starts with its own "Postmortem" heading does not show
// it twice: the page's section already says it.
func TestPostmortemHeadingOnce(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"## Postmortem\n\n**Impact.** x", "**Impact.** x"},
		{"# post-mortem ##\r\nText", "Text"},
		{"### Postmortem", ""},
		{"## Postmortem of the outage\n\nText", "## Postmortem of the outage\n\nText"},
		{"Text\n\n## Postmortem\n", "Text\n\n## Postmortem"},
	} {
		if got := postmortem(tc.body); got != tc.want {
			t.Errorf("postmortem(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
	in := smallInput()
	for i := range in.Incidents {
		if in.Incidents[i].Body != "" {
			in.Incidents[i].Body = "## Postmortem\n\n" + in.Incidents[i].Body
		}
	}
	for p, b := range pages(t, in) {
		if n := strings.Count(string(b), ">Postmortem</h"); n > 1 {
			t.Errorf("%s shows the heading Postmortem %d times", p, n)
		}
	}
}

// TestLastCheckInWords: the component page says what the last check found
// in the probe's words, never its class code, and a check refused for its
// settings as not checked, without the settings.
func TestLastCheckInWords(t *testing.T) {
	for _, tc := range []struct {
		last candor.Result
		want string
	}{
		{candor.Result{Outcome: candor.Degraded, Class: "slow", Message: "answered in 1.2 s, slower than 250 ms"}, "answered in 1.2 s, slower than 250 ms"},
		{candor.Result{Outcome: candor.Unknown, Class: "config", Message: "headers.Authorization: environment variable API_TOKEN is not set"}, "not checked: the check's settings need fixing"},
	} {
		l := lastCheck(&candor.State{Outcome: tc.last.Outcome, LastCheck: fixtureNow, Last: tc.last}, time.UTC)
		if l.Detail != tc.want {
			t.Errorf("lastCheck(%+v).Detail = %q, want %q", tc.last, l.Detail, tc.want)
		}
	}
}

// The home page inlines its script without its whole-line comments; the
// file itself keeps them.
func TestInlineLeavesOutComments(t *testing.T) {
	if got := string(uncommentJS([]byte("// a\nvar x = 1; // kept\n  // b\nx++;\n"))); got != "var x = 1; // kept\nx++;\n" {
		t.Errorf("uncommentJS = %q", got)
	}
	f := pages(t, sampleInput())
	home := string(f["index.html"])
	if strings.Contains(home, "// candor:") || !strings.Contains(string(f["page.js"]), "// candor:") {
		t.Error("the home page inlines the script's comments, or page.js lost them")
	}
}

// A component measured for one day has a per-day chart of that day: its
// latency drawn as dots, the date on the axis and in the caption.
func TestOneDayChart(t *testing.T) {
	in := smallInput()
	api := in.Measured["api"]
	for i := range api.Days[:len(api.Days)-1] {
		api.Days[i].P50, api.Days[i].P95 = 0, 0
	}
	in.Measured["api"] = api
	s := newSite(in)
	c := s.byID["api"]
	ch := s.dailyChart(c, s.days(c))
	if len(ch.Lines) != 2 || ch.Lines[0].Dots == "" || ch.Lines[1].Dots == "" || ch.Lines[0].D != "" {
		t.Fatalf("one day: lines %+v, want each a dot and no line", ch.Lines)
	}
	if len(ch.X) != 1 || ch.X[0].Label != "26 Nov" || !strings.HasPrefix(ch.Label, "Latency per day, 26 Nov 2026: ") {
		t.Errorf("one day: axis %+v, caption %q", ch.X, ch.Label)
	}
	page := string(pages(t, in)["components/api/index.html"])
	if !strings.Contains(page, `class="p50 dot"`) {
		t.Error("the component page draws no dot for its one day")
	}
}
