package main

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/action/githubtest"
)

// newNotifyGH is an Actions scenario with the loopback channels and the
// GitHub issue channel on.
func newNotifyGH(t *testing.T) (*ghScenario, *loopbacks) {
	lb := newLoopbacks(t)
	g := newGHScenario(t, notifyConfig, nil)
	maps.Copy(g.inputs, lb.env)
	g.inputs["INPUT_NOTIFY"] = "true"
	return g, lb
}

// counts is how many messages each channel got.
func (l *loopbacks) counts() map[string]int {
	out := map[string]int{}
	for ch, msgs := range l.messages() {
		out[ch] = len(msgs)
	}
	return out
}

func wantCounts(t *testing.T, l *loopbacks, n int, when string) {
	t.Helper()
	for _, ch := range []string{"slack", "discord", "email", "generic", "webhook"} {
		if got := l.counts()[ch]; got != n {
			t.Errorf("%s: %s got %d messages, want %d:\n%s", when, ch, got, n, strings.Join(l.messages()[ch], "\n---\n"))
		}
	}
}

// TestActionsNotifyEndToEnd: in Actions, with notify on, the opening goes
// to every channel and to one issue; the ledger on the data branch says
// so; the secrets are masked first and appear nowhere else.
func TestActionsNotifyEndToEnd(t *testing.T) {
	t.Parallel()
	g, lb := newNotifyGH(t)
	rounds := []ghRound{g.next(200), g.next(503)}
	wantCounts(t, lb, 1, "after the first failure")
	r := g.next(503)
	rounds = append(rounds, r)
	wantCounts(t, lb, 2, "after the opening")
	if issues := g.gh.Issues(); len(issues) != 1 || issues[0].State != "open" {
		t.Fatalf("issues = %+v, want one open", issues)
	}
	if !strings.Contains(r.summary, "**Notifications:**") || !strings.Contains(r.summary, "notified GitHub issues: incident.opened") ||
		!strings.Contains(r.summary, `notified notify.channels\[0\] (slack)`) {
		t.Errorf("the step summary does not list the notifications:\n%s", r.summary)
	}
	ledger := g.gh.Files(dataBranch)["notify.tsv"]
	if n := strings.Count(ledger, "\tincident.opened\t"); n != 6 || strings.Count(ledger, "\tsent\t") != 11 {
		t.Errorf("the ledger on the data branch does not record the deliveries as sent:\n%s", ledger)
	}
	// A rerun of the round sends nothing again.
	rounds = append(rounds, g.runAt(g.at(2), 0))
	wantCounts(t, lb, 2, "after a rerun")
	if g.gh.IssuesCreated() != 1 {
		t.Errorf("%d issues created, want 1", g.gh.IssuesCreated())
	}
	for i, r := range rounds {
		masks := map[string]bool{}
		for _, line := range strings.Split(r.stdout, "\n") {
			if m, ok := strings.CutPrefix(line, "::add-mask::"); ok {
				masks[m] = true
			}
		}
		for _, tok := range lb.tokens {
			if !masks[tok] {
				t.Errorf("round %d: %q is not masked", i, tok)
			}
		}
		rest := strings.Join(slices.DeleteFunc(strings.Split(r.stdout, "\n"), func(l string) bool { return strings.HasPrefix(l, "::add-mask::") }), "\n")
		where := map[string]string{"stdout": rest, "stderr": r.stderr, "summary": r.summary, "outputs": fmt.Sprint(r.outputs)}
		maps.Copy(where, prefixed("site ", snapshot(t, filepath.Join(r.workspace, "public"))))
		for name, text := range where {
			for _, tok := range lb.tokens {
				if strings.Contains(text, tok) {
					t.Errorf("round %d: %q is in %s", i, tok, name)
				}
			}
		}
	}
	for _, branch := range []string{"main", dataBranch} {
		for p, data := range g.gh.Files(branch) {
			for _, tok := range lb.tokens {
				if strings.Contains(data, tok) {
					t.Errorf("%q is committed to %s in %s", tok, branch, p)
				}
			}
		}
	}
}

// TestActionsIssueConvergesAfterLostCalls: the two calls a single 502
// used to lose for good. A 502 on opening the issue: the next round opens
// it. A 502 on the reopening comment: the issue stays closed that round,
// and the next round comments and reopens it, once.
func TestActionsIssueConvergesAfterLostCalls(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	g.inputs["INPUT_NOTIFY"] = "true"
	g.next(200)
	g.next(503)
	g.gh.Fail(githubtest.Fault{Method: "POST", Path: "/repos/acme/status/issues", Status: 502})
	r := g.next(503)
	if len(g.incidents()) != 1 || len(g.gh.Issues()) != 0 {
		t.Fatalf("after the 502: %d incidents, %d issues; want the incident and no issue yet", len(g.incidents()), len(g.gh.Issues()))
	}
	if !strings.Contains(r.stdout, "::warning::") || !strings.Contains(r.stdout, "GitHub issues: incident.opened") || !strings.Contains(r.stdout, "502") {
		t.Errorf("the lost call is not warned about:\n%s", r.stdout)
	}
	g.next(503)
	if is := g.gh.Issues(); len(is) != 1 || is[0].State != "open" || g.gh.IssuesCreated() != 1 {
		t.Fatalf("the next round did not open the issue once: %+v", is)
	}
	g.next(200)
	g.next(200) // resolved: the issue closes
	if is := g.gh.Issues()[0]; is.State != "closed" {
		t.Fatalf("issue %s after the resolution, want closed", is.State)
	}
	// Failing again within reopen_within, and often enough to be
	// flapping: the first failure reopens the incident; its comment fails.
	g.gh.Fail(githubtest.Fault{Method: "POST", Path: "/issues/1/comments", Status: 502})
	r = g.next(503)
	if !strings.Contains(r.stdout, "incident.reopened") {
		t.Fatalf("the incident did not reopen:\n%s", r.stdout)
	}
	is := g.gh.Issues()[0]
	if is.State != "closed" {
		t.Fatalf("issue %s after the failed comment; the fault did not hit", is.State)
	}
	g.next(503)
	is = g.gh.Issues()[0]
	reopens := 0
	for _, c := range is.Comments {
		if strings.Contains(c, "reopened") {
			reopens++
		}
	}
	if is.State != "open" || reopens != 1 || g.gh.IssuesCreated() != 1 {
		t.Errorf("after the next round: %s with %d reopening comments, %d created; want open, one, one", is.State, reopens, g.gh.IssuesCreated())
	}
}

// TestActionsNotifyRacingRoundSendsNothingTwice: while this round writes
// its measurements, another round runs from start to end: it opens the
// incident, notifies and records it. This round's writes are re-applied on
// the moved branches; neither round sends the opening twice.
func TestActionsNotifyRacingRoundSendsNothingTwice(t *testing.T) {
	t.Parallel()
	g, lb := newNotifyGH(t)
	g.next(200)
	g.next(503)
	raced := false
	var nested error
	g.gh.BeforeRefUpdate(func(branch string) {
		if branch != dataBranch || raced {
			return
		}
		raced = true
		nested = g.runQuiet(g.at(2).Add(30 * time.Second))
	})
	g.next(503)
	g.gh.BeforeRefUpdate(nil)
	if !raced || nested != nil {
		t.Fatalf("the racing round: ran %v, %v", raced, nested)
	}
	wantCounts(t, lb, 2, "after the racing rounds")
	if g.gh.IssuesCreated() != 1 || len(g.incidents()) != 1 {
		t.Errorf("%d issues created, incidents %v; want one of each", g.gh.IssuesCreated(), keys(g.incidents()))
	}
	g.next(503)
	wantCounts(t, lb, 2, "a round after")
}

// runQuiet is runAt for another round running alongside: it reports a
// failure instead of stopping the test, since it runs on the server's
// goroutine.
func (g *ghScenario) runQuiet(now time.Time) error {
	if code, r := g.exec(now); code != 0 {
		return fmt.Errorf("exit %d\n%s\n%s", code, r.stdout, r.stderr)
	}
	return nil
}
