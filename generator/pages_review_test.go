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
	stamp := func(d time.Duration) string { return newStamp(start.Add(d)).ISO }
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
