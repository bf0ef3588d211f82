package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action/githubtest"
	"github.com/candor-status/candor/history"
)

// ghScenario is a scenario (run_test.go) whose repository lives on a fake
// GitHub API: each round checks the default branch out into a fresh
// folder, as actions/checkout does, and runs candor run there with the
// environment a workflow step has.
type ghScenario struct {
	*scenario
	gh     *githubtest.Server
	sub    string            // the config's folder in the repository, "" at its root
	inputs map[string]string // INPUT_* and other variables besides the defaults
	last   ghRound
}

// ghRound is what one Actions round left behind.
type ghRound struct {
	stdout, stderr string
	outputs        map[string]string // GITHUB_OUTPUT
	summary        string            // GITHUB_STEP_SUMMARY
	workspace      string            // the checkout the round ran in
}

const dataBranch = "candor-data"

// newGHScenario seeds the default branch, main, with the files
// newScenario wrote (candor.yml), plus files.
func newGHScenario(t *testing.T, extra string, files map[string]string) *ghScenario {
	t.Helper()
	return newGHScenarioIn(t, "", extra, files)
}

// newGHScenarioIn is newGHScenario with the config and content in the
// repository's folder sub.
func newGHScenarioIn(t *testing.T, sub, extra string, files map[string]string) *ghScenario {
	t.Helper()
	g := &ghScenario{scenario: newScenario(t, extra), gh: githubtest.NewServer(t), sub: sub, inputs: map[string]string{}}
	for name, data := range files {
		g.write(name, data)
	}
	g.gh.Seed("main", "init", prefixed(g.repoPath(""), snapshot(t, g.dir)))
	return g
}

// repoPath is the repository path of p, a path relative to the config's
// folder.
func (g *ghScenario) repoPath(p string) string {
	if g.sub == "" {
		return p
	}
	return g.sub + "/" + p
}

// next runs one round in Actions, 5 minutes after the last, with the
// product answering status; it must exit 0.
func (g *ghScenario) next(status int) ghRound {
	g.t.Helper()
	g.api.status.Store(int32(status))
	now := g.start.Add(time.Duration(g.round) * 5 * time.Minute)
	g.round++
	return g.runAt(now, 0)
}

// runAt runs the round at now on a fresh checkout of main and wants the
// exit code.
func (g *ghScenario) runAt(now time.Time, wantCode int) ghRound {
	g.t.Helper()
	ws, tmp := g.t.TempDir(), g.t.TempDir()
	for p, data := range g.gh.Files("main") {
		writeFile(g.t, filepath.Join(ws, filepath.FromSlash(p)), data)
	}
	writeFile(g.t, filepath.Join(ws, ".git", "HEAD"), "ref: refs/heads/main\n")
	env := g.gh.Env()
	maps.Copy(env, map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_REF_NAME": "main", "GITHUB_REF_TYPE": "branch",
		"GITHUB_WORKFLOW_REF": "acme/status/.github/workflows/status.yml@refs/heads/main",
		"GITHUB_WORKSPACE":    ws, "RUNNER_TEMP": tmp,
		"GITHUB_OUTPUT": filepath.Join(tmp, "output"), "GITHUB_STEP_SUMMARY": filepath.Join(tmp, "summary"),
		"INPUT_TOKEN": githubtest.Token, "INPUT_DATA-BRANCH": dataBranch, "INPUT_CONFIG": "candor.yml", "INPUT_OUT": "public",
	})
	maps.Copy(env, g.inputs)
	args := []string{"run", "--config", filepath.Join(ws, filepath.FromSlash(g.repoPath("candor.yml"))), "--out", filepath.Join(ws, "public"), "--now", now.Format(time.RFC3339)}
	var out, errb bytes.Buffer
	code := run(g.t.Context(), args, func(k string) string { return env[k] }, &out, &errb)
	if code != wantCode {
		g.t.Fatalf("run at %s = exit %d, want %d\nstdout:\n%s\nstderr:\n%s", now.Format("15:04"), code, wantCode, out.String(), errb.String())
	}
	summary, _ := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	g.last = ghRound{stdout: out.String(), stderr: errb.String(), outputs: readOutputs(g.t, env["GITHUB_OUTPUT"]),
		summary: string(summary), workspace: ws}
	return g.last
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readOutputs parses a GITHUB_OUTPUT file: name<<DELIMITER, the value's
// lines, DELIMITER. A missing file is no outputs.
func readOutputs(t *testing.T, name string) map[string]string {
	t.Helper()
	out := map[string]string{}
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		key, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			continue
		}
		var val []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			val = append(val, lines[i])
		}
		out[key] = strings.Join(val, "\n")
	}
	return out
}

// incidents are the incident files on main, by file name.
func (g *ghScenario) incidents() map[string]string {
	out := map[string]string{}
	for p, data := range g.gh.Files("main") {
		if name, ok := strings.CutPrefix(p, g.repoPath("content/incidents/")); ok {
			out[name] = data
		}
	}
	return out
}

// checks counts the lines of the data branch's raw file of component id
// that record a result at t.
func (g *ghScenario) checks(id string, t time.Time) int {
	raw := g.gh.Files(dataBranch)["raw/"+id+".tsv"]
	return strings.Count("\n"+raw, "\n"+t.UTC().Format(time.RFC3339)+"\t")
}

func (g *ghScenario) at(round int) time.Time {
	return g.start.Add(time.Duration(round) * 5 * time.Minute)
}

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

// siteIndicator is the page indicator the round built.
func siteIndicator(t *testing.T, ws string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ws, "public/api/v2/summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct{ Status struct{ Indicator string } }
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	return sum.Status.Indicator
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
	// issue: still one of each.
	g.round = 5
	g.next(503)
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

// otherRun is the data branch's files after another run recorded Public
// API down at t, as that run's commit would write them.
func otherRun(t *testing.T, branch map[string]string, at time.Time) map[string]string {
	t.Helper()
	files := map[string][]byte{}
	for p, data := range branch {
		files[p] = []byte(data)
	}
	store, _ := history.FromFiles(files, history.Options{Interval: 5 * time.Minute})
	store.Record([]candor.Result{{Component: "api", At: at, Outcome: candor.Down, Attempts: 1, Class: "status", Message: "status 503", CertDaysLeft: -1}})
	changed, err := store.Files()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for p, data := range changed {
		out[p] = string(data)
	}
	return out
}

// keyed is a loopback service that answers 200 only to the bearer token
// key, and echoes what it was sent otherwise, as a careless one might.
func keyed(t *testing.T, key string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+key || r.URL.Query().Has("fail") {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, "bad credentials: %s", r.Header.Get("Authorization"))
			return
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv
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

func prefixed(prefix string, m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[prefix+k] = v
	}
	return out
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
		if !strings.Contains(r.stderr, "commit measurements") || !strings.Contains(r.stderr, refused) || !strings.Contains(r.stderr, "contents: write") {
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
		if !strings.Contains(r.stderr, "commit incidents") || !strings.Contains(r.stderr, refused) {
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
}
