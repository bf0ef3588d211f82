package main

import (
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/action/githubtest"
)

func TestActionsFirstRunCreatesDataBranchAsOrphan(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	mainHead := g.gh.Head("main")
	r := g.next(200)
	h := g.gh.History(dataBranch)
	if len(h) != 1 || len(h[0].Parents) != 0 {
		t.Fatalf("data branch history = %+v, want one root commit", h)
	}
	data := g.gh.Files(dataBranch)
	if g.checks("api", g.at(0)) != 1 || data["state.tsv"] == "" {
		t.Errorf("data branch lacks the round's measurements: %v", keys(data))
	}
	if _, ok := data["candor.yml"]; ok {
		t.Error("the data branch shares the default branch's files")
	}
	if r.outputs["changed"] != "true" || r.outputs["opened"] != "0" || r.outputs["site"] == "" {
		t.Errorf("outputs = %v", r.outputs)
	}
	if want := siteIndicator(t, r.workspace); r.outputs["status"] != want {
		t.Errorf("output status = %q, the built page says %q", r.outputs["status"], want)
	}
	if !strings.Contains(r.summary, "| Public API | up |") {
		t.Errorf("step summary lacks the component row:\n%s", r.summary)
	}
	for range 2 {
		g.next(200)
	}
	if n := len(g.gh.History(dataBranch)); n != 3 {
		t.Errorf("data branch has %d commits after 3 rounds, want 3", n)
	}
	if g.gh.Head("main") != mainHead {
		t.Errorf("rounds that changed no content committed to main: %v", g.gh.History("main"))
	}
	if got := g.gh.Enabled(); len(got) != 3 || got[0] != "status.yml" {
		t.Errorf("keep-alive enabled %v, want status.yml each round", got)
	}
}

func TestActionsOutageOpensOneIncidentAndOneIssue(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	g.inputs["INPUT_NOTIFY"] = "true"
	g.next(200)
	if r := g.next(503); r.outputs["opened"] != "0" || len(g.incidents()) != 0 {
		t.Fatalf("opened after one failing round; open_after is 2: %v", r.outputs)
	}
	mainCommits := len(g.gh.History("main"))
	r := g.next(503)
	incs := g.incidents()
	file := incs["2026-11-26-api.md"]
	if len(incs) != 1 || !strings.Contains(file, "opened_by: monitor") {
		t.Fatalf("incident files on main = %v, want 2026-11-26-api.md by the monitor", keys(incs))
	}
	if n := len(g.gh.History("main")) - mainCommits; n != 1 {
		t.Errorf("opening made %d commits on main, want 1", n)
	}
	if r.outputs["opened"] != "1" || r.outputs["status"] != siteIndicator(t, r.workspace) || r.outputs["status"] == "none" {
		t.Errorf("outputs = %v", r.outputs)
	}
	if !strings.Contains(r.summary, "**Opened:**") || !strings.Contains(r.summary, "https://status.acme.example/incidents/") {
		t.Errorf("step summary does not list the incident:\n%s", r.summary)
	}
	issues := g.gh.Issues()
	if len(issues) != 1 || issues[0].State != "open" || !strings.Contains(issues[0].Body, "https://status.acme.example/incidents/") {
		t.Fatalf("issues = %+v, want one open issue linking the incident", issues)
	}

	// A rerun of the same round (a retried job) changes nothing.
	heads := [2]string{g.gh.Head("main"), g.gh.Head(dataBranch)}
	r = g.runAt(g.at(2), 0)
	if now := [2]string{g.gh.Head("main"), g.gh.Head(dataBranch)}; now != heads {
		t.Errorf("a rerun committed: %v, then %v", heads, now)
	}
	if r.outputs["opened"] != "0" || r.outputs["changed"] != "false" || g.gh.IssuesCreated() != 1 {
		t.Errorf("rerun: outputs %v, %d issues created", r.outputs, g.gh.IssuesCreated())
	}
	if g.checks("api", g.at(2)) != 1 {
		t.Errorf("rerun doubled a measurement:\n%s", g.gh.Files(dataBranch)["raw/api.tsv"])
	}

	g.next(200)
	r = g.next(200)
	file = g.incidents()["2026-11-26-api.md"]
	if r.outputs["resolved"] != "1" || !strings.Contains(file, "resolved: ") {
		t.Fatalf("not resolved after resolve_after passing rounds: %v\n%s", r.outputs, file)
	}
	g.runAt(g.at(4), 0)
	is := g.gh.Issues()[0]
	if is.State != "closed" || len(is.Comments) != 1 || !strings.Contains(is.Comments[0], "/incidents/") {
		t.Errorf("issue after resolution and a rerun: state %s, comments %q; want closed with one", is.State, is.Comments)
	}

	// Failing again within reopen_within reopens the incident and its
	// issue: still one of each. Three failures in six rounds are flapping:
	// the first failure reopens it.
	g.round = 5
	r = g.next(503)
	is = g.gh.Issues()[0]
	if r.outputs["opened"] != "1" || is.State != "open" || len(is.Comments) != 2 {
		t.Errorf("after reopening: outputs %v, issue %s with %d comments; want it open again", r.outputs, is.State, len(is.Comments))
	}
	if g.gh.IssuesCreated() != 1 || len(g.incidents()) != 1 {
		t.Errorf("%d issues, incidents %v; want one of each", g.gh.IssuesCreated(), keys(g.incidents()))
	}
}

// TestActionsPersonsIncidentPushedMidRound: a person opens an incident for
// the failing component after the checkout, before the monitor's commit.
// Re-applied on their push, the round opens nothing, and neither the
// outputs nor an issue claim it did.
func TestActionsPersonsIncidentPushedMidRound(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	g.inputs["INPUT_NOTIFY"] = "true"
	g.next(503)
	person := "---\ntitle: API errors\ncomponents: [api]\nimpact: major\nstarted: 2026-11-26T14:01:00Z\nupdates:\n  - at: 2026-11-26T14:06:00Z\n    status: identified\n    text: A bad deploy; rolling back.\n---\n"
	g.gh.BeforeRefUpdate(func(branch string) {
		if branch == "main" && len(g.incidents()) == 0 {
			g.gh.Seed(branch, "API incident", map[string]string{"content/incidents/2026-11-26-api-errors.md": person})
		}
	})
	r := g.next(503)
	if incs := g.incidents(); len(incs) != 1 || incs["2026-11-26-api-errors.md"] != person {
		t.Errorf("incidents on main = %v, want only the person's, untouched", keys(incs))
	}
	if r.outputs["opened"] != "0" || len(g.gh.Issues()) != 0 || strings.Contains(r.summary, "Opened") {
		t.Errorf("outputs %v, %d issues, summary:\n%s\nwant nothing opened", r.outputs, len(g.gh.Issues()), r.summary)
	}
	// The page is built from what main holds: the person's incident, and
	// not the monitor's that was never committed.
	site := snapshot(t, filepath.Join(r.workspace, "public"))
	if !strings.Contains(site["api/v2/incidents.json"], "API errors") {
		t.Errorf("the page does not show the person's incident:\n%s", site["api/v2/incidents.json"])
	}
	for p, data := range site {
		if strings.Contains(data, "Public API is failing checks") {
			t.Errorf("the page shows an incident that was never committed, in %s", p)
		}
	}
}

// TestActionsRefsMoveMidRound: while the round is between reading and
// writing each branch, another run commits a measurement to the data
// branch and a person pushes an unrelated incident to main. Both commits
// are re-applied on the moved heads: nothing of either writer is lost or
// doubled.
func TestActionsRefsMoveMidRound(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	g.next(200)
	g.next(503)
	theirs := g.at(1).Add(150 * time.Second)
	person := "---\ntitle: Billing emails delayed\ncomponents: [billing]\nimpact: minor\nstarted: 2026-11-26T14:08:00Z\nupdates:\n  - at: 2026-11-26T14:08:00Z\n    status: investigating\n    text: Some invoices arrive late.\n---\n"
	moved := map[string]bool{}
	g.gh.BeforeRefUpdate(func(branch string) {
		if moved[branch] {
			return
		}
		moved[branch] = true
		switch branch {
		case dataBranch:
			g.gh.Seed(branch, "candor: measurements of another run", otherRun(t, g.gh.Files(branch), theirs))
		case "main":
			g.gh.Seed(branch, "Billing incident", map[string]string{"content/incidents/2026-11-26-billing.md": person})
		}
	})
	r := g.next(503)
	if !moved[dataBranch] || !moved["main"] {
		t.Fatalf("the round did not write both branches: %v", moved)
	}
	for i, at := range []time.Time{g.at(0), g.at(1), theirs, g.at(2)} {
		if n := g.checks("api", at); n != 1 {
			t.Errorf("result %d (%s) is on the data branch %d times, want once:\n%s", i, at.Format("15:04:05"), n, g.gh.Files(dataBranch)["raw/api.tsv"])
		}
	}
	incs := g.incidents()
	if len(incs) != 2 || incs["2026-11-26-billing.md"] != person || !strings.Contains(incs["2026-11-26-api.md"], "opened_by: monitor") {
		t.Errorf("incidents on main = %v, want the person's untouched and the monitor's", keys(incs))
	}
	h := g.gh.History("main")
	if len(h) != 3 || h[1].Message != "Billing incident" {
		t.Errorf("main history = %d commits, want init, the person's, the monitor's", len(h))
	}
	if r.outputs["opened"] != "1" || len(g.gh.Forced()) != 0 {
		t.Errorf("outputs %v, forced %v", r.outputs, g.gh.Forced())
	}
}

func TestActionsMasksSecretsFirstAndLeaksThemNowhere(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-7f1c9a"
	g := newGHScenario(t, "", nil)
	svc := keyed(t, secret)
	cfg := strings.Replace(g.gh.Files("main")[g.repoPath("candor.yml")], `probe: {http: {url: "`+g.api.URL+`/health",`,
		`probe: {http: {url: "`+svc.URL+`/health", headers: {Authorization: "Bearer ${API_KEY}"},`, 1)
	g.gh.Seed("main", "probe the API with a key", map[string]string{"candor.yml": cfg})
	g.inputs["API_KEY"] = secret

	var rounds []ghRound
	r := g.next(200)
	rounds = append(rounds, r)
	if !strings.Contains(r.summary, "| Public API | up |") {
		t.Fatalf("the probe did not send the expanded header: the API is not up\n%s", r.summary)
	}
	// The key is revoked: the service refuses it and echoes it back.
	g.gh.Seed("main", "wrong key", map[string]string{"candor.yml": strings.Replace(cfg, "/health", "/health?fail=1", 1)})
	for range 2 {
		rounds = append(rounds, g.next(200))
	}
	if len(g.incidents()) != 1 {
		t.Fatalf("refused checks opened no incident: %v", keys(g.incidents()))
	}
	for i, r := range rounds {
		first, rest, _ := strings.Cut(r.stdout, "\n")
		if first != "::add-mask::"+secret {
			t.Errorf("round %d: first line printed = %q, want the mask", i+1, first)
		}
		where := map[string]string{"the rest of stdout": rest, "stderr": r.stderr, "the step summary": r.summary, "outputs": fmt.Sprint(r.outputs)}
		maps.Copy(where, prefixed("site ", snapshot(t, filepath.Join(r.workspace, "public"))))
		for name, text := range where {
			if strings.Contains(text, secret) {
				t.Errorf("round %d: the secret is in %s", i+1, name)
			}
		}
	}
	for _, branch := range []string{"main", dataBranch} {
		for p, data := range g.gh.Files(branch) {
			if strings.Contains(data, secret) {
				t.Errorf("the secret is committed to %s in %s", branch, p)
			}
		}
		for _, c := range g.gh.History(branch) {
			if strings.Contains(c.Message, secret) {
				t.Errorf("the secret is in a commit message on %s", branch)
			}
		}
	}
}

// TestActionsFailedWriteFailsLoudly: a write the API finally refuses
// fails the run with a message that names it, and leaves the branch as it
// was. Measurements are committed before incidents, so when the incident
// commit fails the data branch holds the round, and the next run (here a
// rerun) makes the same change from the same evidence, doubling nothing.
func TestActionsFailedWriteFailsLoudly(t *testing.T) {
	t.Parallel()
	refused := "Resource not accessible by integration"
	t.Run("measurements", func(t *testing.T) {
		t.Parallel()
		g := newGHScenario(t, "", nil)
		g.next(200)
		heads := [2]string{g.gh.Head("main"), g.gh.Head(dataBranch)}
		g.gh.Fail(githubtest.Fault{Method: "PATCH", Path: "/git/refs/heads/" + dataBranch, Status: 403, Body: refused})
		g.api.status.Store(503)
		r := g.runAt(g.at(1), 1)
		if !strings.Contains(r.stderr, "write measurements") || !strings.Contains(r.stderr, refused) || !strings.Contains(r.stderr, "contents: write") {
			t.Errorf("stderr does not say which write failed and why:\n%s", r.stderr)
		}
		if now := [2]string{g.gh.Head("main"), g.gh.Head(dataBranch)}; now != heads {
			t.Errorf("a failed round moved a branch: %v, then %v", heads, now)
		}
		if len(r.outputs) != 0 {
			t.Errorf("a failed round wrote outputs %v", r.outputs)
		}
	})
	t.Run("incidents", func(t *testing.T) {
		t.Parallel()
		g := newGHScenario(t, "", nil)
		g.next(200)
		g.next(503)
		mainHead := g.gh.Head("main")
		g.gh.Fail(githubtest.Fault{Method: "PATCH", Path: "/git/refs/heads/main", Status: 403, Body: refused})
		r := g.runAt(g.at(2), 1)
		if !strings.Contains(r.stderr, "write incidents") || !strings.Contains(r.stderr, refused) {
			t.Errorf("stderr does not say which write failed and why:\n%s", r.stderr)
		}
		if g.gh.Head("main") != mainHead || len(g.incidents()) != 0 {
			t.Errorf("a refused incident commit moved main: %v", keys(g.incidents()))
		}
		if g.checks("api", g.at(2)) != 1 {
			t.Errorf("the round's measurement is not on the data branch once")
		}
		g.runAt(g.at(2), 0)
		if len(g.incidents()) != 1 || g.checks("api", g.at(2)) != 1 || len(g.gh.History("main")) != 2 {
			t.Errorf("the rerun did not complete the round exactly once: incidents %v, %d main commits", keys(g.incidents()), len(g.gh.History("main")))
		}
	})
}

// TestActionsConfigInSubfolder: with the config in a folder of the
// repository, incident files are committed beside it and content problems
// are annotated at their paths in the repository.
func TestActionsConfigInSubfolder(t *testing.T) {
	t.Parallel()
	g := newGHScenarioIn(t, "status", "", map[string]string{"content/incidents/2026-11-20-bad.md": "---\ntitle: Broken\nimpact: huge\n---\n"})
	g.next(503)
	r := g.next(503)
	if _, ok := g.gh.Files("main")["status/content/incidents/2026-11-26-api.md"]; !ok {
		t.Errorf("the incident is not committed beside the config: %v", keys(g.gh.Files("main")))
	}
	if !strings.Contains(r.stdout, ",file=status/content/incidents/2026-11-20-bad.md,") {
		t.Errorf("the content problem is not annotated at its repository path:\n%s", r.stdout)
	}
	if !strings.Contains(r.summary, "status/content/incidents/2026-11-20-bad.md") {
		t.Errorf("the step summary does not name the skipped file:\n%s", r.summary)
	}

	cfg := g.gh.Files("main")["status/candor.yml"]
	g.gh.Seed("main", "typo", map[string]string{"status/candor.yml": cfg + "colour: blue\n"})
	r = g.runAt(g.at(2), 1)
	if !strings.Contains(r.stdout, ",file=status/candor.yml,") {
		t.Errorf("the config problem is not annotated at its repository path:\n%s", r.stdout)
	}
}

// TestActionsFailedCompactionIsAWarning: the round's commit landed and
// only the squash of a long data branch was refused (here by branch
// protection). Nothing is lost, so the round goes on and warns.
func TestActionsFailedCompactionIsAWarning(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	g.next(503)
	// Another run left the branch one commit short of compaction.
	g.gh.Seed(dataBranch, "candor: measurements\n\nCandor-Depth: 500", map[string]string{})
	queued := false
	g.gh.AfterRefUpdate(func(branch string) {
		if branch == dataBranch && !queued {
			queued = true
			g.gh.Fail(githubtest.Fault{Method: "PATCH", Path: "/git/refs/heads/" + dataBranch, Status: 422, Body: "Cannot force-push to this branch"})
		}
	})
	r := g.next(503)
	if !strings.Contains(r.stdout, "::warning::") || !strings.Contains(r.stdout, "compaction") {
		t.Errorf("no warning about the refused squash:\n%s", r.stdout)
	}
	if len(g.incidents()) != 1 || r.outputs["opened"] != "1" {
		t.Errorf("the round stopped at the refused squash: incidents %v, outputs %v", keys(g.incidents()), r.outputs)
	}
	if len(g.gh.Forced()) != 0 || g.checks("api", g.at(1)) != 1 || len(g.gh.History(dataBranch)) != 3 {
		t.Errorf("data branch: forced %v, %d commits; want the round's commit on top, unsquashed", g.gh.Forced(), len(g.gh.History(dataBranch)))
	}
}

// TestActionsBlindMonitorCommitsOnlyUnknown: with every control check
// failing, the rounds record unknown on the data branch and open nothing.
func TestActionsBlindMonitorCommitsOnlyUnknown(t *testing.T) {
	t.Parallel()
	g := newGHScenario(t, "", nil)
	g.ctl.Close()
	mainHead := g.gh.Head("main")
	var r ghRound
	for range 3 {
		r = g.next(503)
	}
	if g.gh.Head("main") != mainHead || r.outputs["opened"] != "0" {
		t.Errorf("a blind monitor wrote to main or opened: outputs %v", r.outputs)
	}
	raw := g.gh.Files(dataBranch)["raw/api.tsv"]
	if g.checks("api", g.at(2)) != 1 || strings.Contains(raw, "\tdown\t") || !strings.Contains(raw, "\tunknown\t") {
		t.Errorf("the data branch does not record unknown:\n%s", raw)
	}
}
