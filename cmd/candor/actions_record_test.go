package main

import (
	"strings"
	"testing"
)

// The evidence record in Actions mode: the same cases against the fake
// GitHub API, with the data branch read back.

func TestActionsBackDatedRoundsRewriteNothing(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	for range 4 {
		g.next(503)
	}
	raw := g.gh.Files(dataBranch)["raw/api.tsv"]
	main := g.gh.Head("main")
	g.api.status.Store(200)
	for _, at := range []int{-2, 1} {
		r := g.runAt(g.at(at), 0)
		if !strings.Contains(r.stdout, "::warning") || !strings.Contains(r.stdout, "refused the results of api") {
			t.Errorf("round %d: no warning annotation for the refused result:\n%s", at, r.stdout)
		}
	}
	if got := g.gh.Files(dataBranch)["raw/api.tsv"]; got != raw {
		t.Errorf("back-dated rounds changed raw/api.tsv on the data branch:\n%s\nwas\n%s", got, raw)
	}
	for i := range 4 {
		if n := g.checks("api", g.at(i)); n != 1 {
			t.Errorf("round %d is on the data branch %d times, want once", i, n)
		}
	}
	if g.gh.Head("main") != main {
		t.Error("back-dated rounds committed to main")
	}
}

func TestActionsClockSkewIsAWarning(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	r := g.next(200)
	if !strings.Contains(r.stdout, "::warning::the round's time 2026-11-26T14:00:00Z is") || !strings.Contains(r.stdout, "behind the machine's clock") {
		t.Errorf("a round far from the machine's clock gives no warning annotation:\n%s", r.stdout)
	}
}

func TestActionsQuarantinesDamagedLines(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	for range 3 {
		g.next(200)
	}
	raw := g.gh.Files(dataBranch)["raw/api.tsv"]
	line := strings.Split(raw, "\n")[2]
	damaged := strings.Replace(line, "\tup\t", "\tupp\t", 1)
	g.gh.Seed(dataBranch, "a careless edit", map[string]string{"raw/api.tsv": strings.Replace(raw, line, damaged, 1)})
	r := g.next(200)
	if !strings.Contains(r.stderr, "candor-data:raw/api.tsv:3: outcome:") {
		t.Errorf("stderr does not name the damaged line on the data branch:\n%s", r.stderr)
	}
	files := g.gh.Files(dataBranch)
	if q := files["raw/api.tsv.quarantine"]; !strings.Contains(q, "\n"+damaged+"\n") {
		t.Errorf("the data branch's quarantine does not hold the line verbatim:\n%s", q)
	}
	if strings.Contains(files["raw/api.tsv"], damaged) {
		t.Errorf("the damaged line is still in raw/api.tsv")
	}
	r = g.next(200)
	if !strings.Contains(r.stdout, "::warning") || !strings.Contains(r.stdout, "raw/api.tsv.quarantine") {
		t.Errorf("a later round gives no warning for the quarantined line:\n%s", r.stdout)
	}
}

func TestActionsFlappingOpensOneIncident(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	for i := range 8 {
		g.next([]int{503, 200}[i%2])
	}
	incs := g.incidents()
	if len(incs) != 1 || !strings.Contains(incs["2026-11-26-api.md"], "fail intermittently") {
		t.Errorf("incidents on main = %v, want one saying the checks fail intermittently", keys(incs))
	}
	for i := range 8 {
		if n := g.checks("api", g.at(i)); n != 1 {
			t.Errorf("round %d is on the data branch %d times, want once", i, n)
		}
	}
}

func TestActionsPersonsImpactNoneDoesNotSilence(t *testing.T) {
	t.Parallel()
	person := "---\ntitle: Looking into reports\ncomponents: [api]\nimpact: none\nstarted: 2026-11-26T13:50:00Z\nupdates:\n  - at: 2026-11-26T13:55:00Z\n    status: investigating\n    text: Checking.\n---\n"
	g := newGHScenario(t, "", map[string]string{"content/incidents/2026-11-26-reports.md": person})
	g.next(503)
	r := g.next(503)
	incs := g.incidents()
	if len(incs) != 2 || incs["2026-11-26-reports.md"] != person || r.outputs["opened"] != "1" {
		t.Errorf("incidents %v, outputs %v; want the monitor's own opened beside the untouched person's", keys(incs), r.outputs)
	}
}

func TestActionsBrokenMonitorFileOpensNoDuplicate(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	g.next(503)
	g.next(503)
	p := "content/incidents/2026-11-26-api.md"
	g.gh.Seed("main", "a typo", map[string]string{p: strings.Replace(g.gh.Files("main")[p], "impact: major", "impact: major: x", 1)})
	for range 2 {
		r := g.next(503)
		if len(g.incidents()) != 1 {
			t.Fatalf("a duplicate opened beside the broken file: %v", keys(g.incidents()))
		}
		if !strings.Contains(r.stdout, ",file="+p+",line=4,") || !strings.Contains(r.stdout, "no longer parses") {
			t.Errorf("no annotation at the broken file:\n%s", r.stdout)
		}
	}
}

// TestActionsSummaryKeysComponentsByID: two components with one name in
// two groups each get their own shown status in the step summary.
func TestActionsSummaryKeysComponentsByID(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	cfg := g.gh.Files("main")["candor.yml"]
	cfg = strings.Replace(cfg, "  - id: billing\n", "  - id: api-eu\n    name: Public API\n    group: EU\n    probe: {http: {url: \""+g.ctl.URL+"/\", timeout: 2s}}\n  - id: billing\n", 1)
	g.gh.Seed("main", "a second API", map[string]string{"candor.yml": cfg})
	g.next(503)
	r := g.next(503)
	if !strings.Contains(r.summary, "| Public API | down | major_outage |") || !strings.Contains(r.summary, "| Public API | up | operational |") {
		t.Errorf("the summary does not show each of the two components named Public API as measured:\n%s", r.summary)
	}
}
