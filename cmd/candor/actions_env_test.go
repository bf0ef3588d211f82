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
	code, r := g.exec(now)
	if code != wantCode {
		g.t.Fatalf("run at %s = exit %d, want %d\nstdout:\n%s\nstderr:\n%s", now.Format("15:04"), code, wantCode, r.stdout, r.stderr)
	}
	g.last = r
	return r
}

// exec runs the round at now on a fresh checkout of main, with the
// environment a workflow step has, and returns its exit code and what it
// left. It stops no test, so another round may run it alongside.
func (g *ghScenario) exec(now time.Time) (int, ghRound) {
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
	summary, _ := os.ReadFile(env["GITHUB_STEP_SUMMARY"])
	return code, ghRound{stdout: out.String(), stderr: errb.String(), outputs: readOutputs(g.t, env["GITHUB_OUTPUT"]),
		summary: string(summary), workspace: ws}
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

func prefixed(prefix string, m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[prefix+k] = v
	}
	return out
}
