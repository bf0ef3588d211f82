package main

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action/githubtest"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/monitor"
)

const threeVantages = "  quorum: 2\nvantages:\n  - {id: eu, name: Frankfurt}\n  - {id: us, name: Virginia}\n  - {id: ap, name: Singapore}\n"

// vantageScenario is a scenario with three vantage points and a second
// probed component, web, that always answers.
func vantageScenario(t *testing.T) *scenario {
	t.Helper()
	s := newScenario(t, threeVantages)
	cfg := s.read("candor.yml")
	s.write("candor.yml", strings.Replace(cfg, "  - id: billing\n", "  - id: web\n    probe: {http: {url: \""+s.ctl.URL+"/\"}}\n  - id: billing\n", 1))
	return s
}

func (s *scenario) command(env map[string]string, args ...string) (int, string, string) {
	s.t.Helper()
	var out, errb bytes.Buffer
	code := run(s.t.Context(), args, func(k string) string { return env[k] }, &out, &errb)
	return code, out.String(), errb.String()
}

func (s *scenario) decodeResults(p string) monitor.Vantage {
	s.t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		s.t.Fatal(err)
	}
	v, probs := monitor.DecodeResults(p, b)
	if len(probs) > 0 {
		s.t.Fatalf("%s: %v", p, probs)
	}
	return v
}

func TestProbeAsAVantagePoint(t *testing.T) {
	s := vantageScenario(t)
	cfg := filepath.Join(s.dir, "candor.yml")
	s.api.status.Store(503)
	out := filepath.Join(s.dir, "results", "us.json")
	tmp := t.TempDir()
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": filepath.Join(tmp, "output")}
	code, stdout, stderr := s.command(env, "probe", "--config", cfg, "--vantage", "us", "--out", out, "--now", "2026-11-26T14:00:00Z")
	if code != 0 || !strings.Contains(stdout, "wrote the results of us to "+out) {
		t.Fatalf("probe = %d\n%s\n%s", code, stdout, stderr)
	}
	v := s.decodeResults(out)
	if v.Name != "us" || !v.At.Equal(s.start) || v.Blind || len(v.Results) != 2 || v.Results[0].Outcome != candor.Down || v.Results[1].Outcome != candor.Up {
		t.Errorf("results file = %+v", v)
	}
	for _, r := range v.Results {
		if d := r.At.Sub(v.At); d < 0 || d > time.Minute {
			t.Errorf("--now %s: %s is dated %s, not in the round", stamp(v.At), r.Component, stamp(r.At))
		}
	}
	if got := readOutputs(t, env["GITHUB_OUTPUT"]); got["failing"] != "api" || got["results"] != out || got["at"] != "2026-11-26T14:00:00Z" {
		t.Errorf("outputs = %v, want failing=api, the file and the round's at", got)
	}

	// A second opinion probes only the failing components; shards split them.
	s.command(nil, "probe", "--config", cfg, "--vantage", "ap", "--out", out, "--components", "api")
	if v := s.decodeResults(out); len(v.Results) != 1 || v.Results[0].Component != "api" {
		t.Errorf("--components api probed %+v", v.Results)
	}
	var split []string
	for _, sh := range []string{"1/2", "2/2"} {
		s.command(nil, "probe", "--config", cfg, "--vantage", "eu", "--out", out, "--shard", sh)
		v := s.decodeResults(out)
		for _, r := range v.Results {
			split = append(split, sh+":"+r.Component)
		}
		if v.Shard.String() != sh {
			t.Errorf("shard %s: the file says %q", sh, v.Shard)
		}
	}
	if strings.Join(split, " ") != "1/2:api 2/2:web" {
		t.Errorf("two shards probed %v, want api then web", split)
	}
	// --components in another order splits the config's order all the
	// same, and names no component it was not asked for.
	split = nil
	for _, sh := range []string{"1/2", "2/2"} {
		_, stdout, _ := s.command(nil, "probe", "--config", cfg, "--vantage", "eu", "--out", out, "--shard", sh, "--components", "web,api")
		for _, r := range s.decodeResults(out).Results {
			split = append(split, sh+":"+r.Component)
		}
		if strings.Contains(stdout, "no probe") {
			t.Errorf("--components web,api printed a component it was not asked for:\n%s", stdout)
		}
	}
	if strings.Join(split, " ") != "1/2:api 2/2:web" {
		t.Errorf("--components web,api in two shards probed %v, want api then web, the config's order", split)
	}
	if _, stdout, _ := s.command(nil, "probe", "--config", cfg); !strings.Contains(stdout, "no probe: billing") {
		t.Errorf("probe of every component does not name the one without a probe:\n%s", stdout)
	}

	// The controls fail: the file says so, and a second opinion is asked
	// for every component.
	s.ctl.status.Store(503)
	s.command(env, "probe", "--config", cfg, "--vantage", "us", "--out", out)
	if v := s.decodeResults(out); !v.Blind {
		t.Error("a blind vantage point's file says its controls passed")
	}
	if got := readOutputs(t, env["GITHUB_OUTPUT"]); got["failing"] != "api,web" {
		t.Errorf("blind: outputs = %v, want every component to be checked again", got)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--vantage", "mars", "--out", out}, 1, "candor probe: --vantage mars: not among candor.yml's vantages (eu, us, ap)"},
		{[]string{"--out", out}, 2, "candor probe: --out and --push need --vantage NAME"},
		{[]string{"--push"}, 2, "candor probe: --out and --push need --vantage NAME"},
		{[]string{"--vantage", "us", "--components", "api,nope"}, 1, `candor probe: --components: candor.yml has no component "nope"`},
		{[]string{"--vantage", "us", "--components", "billing"}, 1, "candor probe: --components: billing has no probe"},
		{[]string{"--vantage", "us", "--shard", "3/2"}, 2, `candor probe: --shard: want i/n with 1 ≤ i ≤ n ≤ 1000, such as 2/5; got "3/2"`},
		{[]string{"--vantage", "us", "--now", "yesterday"}, 1, "--now: want an RFC 3339 time"},
		{[]string{"--vantage", "us", "--push"}, 1, "candor probe: --push: set GITHUB_TOKEN"},
	} {
		code, _, stderr := s.command(nil, append([]string{"probe", "--config", cfg}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("probe %v = %d, %q; want %d, %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}

// TestRunRefusesResultsFilesByName: every file the round does not merge is
// named on stderr with its reason; the round goes on with the rest.
func TestRunRefusesResultsFilesByName(t *testing.T) {
	s := vantageScenario(t)
	cfg := filepath.Join(s.dir, "candor.yml")
	dir := filepath.Join(s.dir, "results")
	at := func(m int) string { return s.start.Add(time.Duration(m) * time.Minute).Format(time.RFC3339) }
	s.command(nil, "probe", "--config", cfg, "--vantage", "us", "--out", filepath.Join(dir, "us.json"), "--now", at(-1))
	s.command(nil, "probe", "--config", cfg, "--vantage", "ap", "--out", filepath.Join(dir, "ap.json"), "--now", at(-7))
	s.command(nil, "probe", "--config", cfg, "--vantage", "us", "--out", filepath.Join(dir, "us-again.json"), "--now", at(-2))
	s.write("results/mars.json", strings.Replace(s.read("results/us.json"), `"vantage": "us"`, `"vantage": "mars"`, 1))
	s.write("results/broken.json", "{\"candor_results\": 1,\n\"vantage\": \"eu\"\n")
	s.write("results/notes.txt", "not results")
	code, stdout, stderr := s.command(nil, "run", "--config", cfg, "--results", dir, "--now", at(0))
	if code != 0 {
		t.Fatalf("run = %d\n%s\n%s", code, stdout, stderr)
	}
	d := filepath.ToSlash(dir)
	for _, want := range []string{
		d + "/ap.json: refused (older than the interval): probed at 2026-11-26T13:53:00Z, 7m0s before the round at 2026-11-26T14:00:00Z; the interval is 5m0s",
		d + "/broken.json: refused (malformed): " + d + "/broken.json:3:1: invalid JSON: the file ends before the JSON does",
		d + `/mars.json: refused (unknown vantage point): "mars" is not among the vantages of the config`,
		d + "/us-again.json: refused (duplicate): vantage point us checked api here and in " + d + "/us.json",
		d + "/us.json: refused (duplicate): vantage point us checked api here and in " + d + "/us-again.json",
	} {
		if !strings.Contains(stderr, want+"\n") {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "notes.txt") {
		t.Error("a file that is not a results file was read")
	}
	if !strings.Contains(stdout, "merged 1 vantage point: Frankfurt (own probes) by policy.quorum 2") {
		t.Errorf("stdout:\n%s", stdout)
	}
	nowhere := filepath.Join(s.dir, "nowhere")
	if code, stdout, stderr := s.command(nil, "run", "--config", cfg, "--results", nowhere, "--probe=false", "--now", at(5)); code != 0 ||
		!strings.Contains(stderr, "--results: no folder "+nowhere+": no other vantage point's results to merge") || !strings.Contains(stdout, "Public API  unknown") {
		t.Errorf("a missing --results folder with nothing probed: %d\n%s\n%s; want the round recorded as unknown", code, stdout, stderr)
	}
	if code, _, stderr := s.command(nil, "run", "--config", cfg, "--vantage", "mars", "--now", at(5)); code != 1 || !strings.Contains(stderr, "--vantage mars: not among candor.yml's vantages") {
		t.Errorf("run --vantage mars: %d %q", code, stderr)
	}
}

// TestConfirmJobRound: the confirm job of a second opinion, minutes after
// the first opinion's round, records that round (--round-at) with the
// second opinions probed since; a results file left in the folder counts
// for one round only.
func TestConfirmJobRound(t *testing.T) {
	s := vantageScenario(t) // quorum 2 of eu, us, ap; open_after 2
	cfg := filepath.Join(s.dir, "candor.yml")
	dir := filepath.Join(s.dir, "results")
	at := func(m int) string { return s.start.Add(time.Duration(m) * time.Minute).Format(time.RFC3339) }
	s.api.status.Store(503)
	s.command(nil, "probe", "--config", cfg, "--vantage", "eu", "--out", filepath.Join(dir, "eu.json"), "--now", at(0))
	s.command(nil, "probe", "--config", cfg, "--vantage", "us", "--components", "api", "--out", filepath.Join(dir, "us.json"), "--now", at(7))
	code, stdout, stderr := s.command(nil, "run", "--config", cfg, "--results", dir, "--probe=false", "--round-at", at(0), "--now", at(8))
	if code != 0 || strings.Contains(stderr, "refused") || !strings.Contains(stdout, "Public API  down") || !strings.Contains(stdout, "web         up") {
		t.Fatalf("confirm 8 minutes after the round: %d\n%s\n%s\nwant api down by 2 of 3, web up as eu measured, nothing refused", code, stdout, stderr)
	}
	hs, _, err := history.Open(filepath.Join(s.dir, "data"), history.Options{Interval: 5 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if st := hs.States()["api"]; !st.Last.At.Equal(s.start) {
		t.Errorf("the confirm job recorded api at %s, want the first opinion's round, %s", stamp(st.Last.At), stamp(s.start))
	}
	// The same folder, merged again 2 s later: nothing counts twice, so
	// one observation opens nothing.
	code, stdout, stderr = s.command(nil, "run", "--config", cfg, "--results", dir, "--probe=false", "--now", s.start.Add(8*time.Minute+2*time.Second).Format(time.RFC3339))
	if code != 0 || !strings.Contains(stderr, "refused (merged already)") || strings.Contains(stdout, "opened ") {
		t.Errorf("the same files again: %d\n%s\n%s\nwant them refused as merged already and nothing opened", code, stdout, stderr)
	}
	if code, _, stderr := s.command(nil, "run", "--config", cfg, "--results", dir, "--probe=false", "--round-at", at(10), "--now", at(8)); code != 1 || !strings.Contains(stderr, "--round-at 2026-11-26T14:10:00Z: after the clock") {
		t.Errorf("--round-at after the clock: %d %q", code, stderr)
	}
	if code, _, stderr := s.command(nil, "run", "--config", cfg, "--results", dir, "--round-at", at(0), "--now", at(8)); code != 1 || !strings.Contains(stderr, "use it with --probe=false") {
		t.Errorf("--round-at with this machine's own probes: %d %q, want it refused", code, stderr)
	}
}

// TestProbePushToTheDataBranch: --push commits the results file to the
// data branch with the compare-and-swap commit, re-applied when another
// writer moved the branch first; the next round in Actions merges it once.
func TestProbePushToTheDataBranch(t *testing.T) {
	g := newGHScenario(t, threeVantages, nil)
	cfg := filepath.Join(g.dir, "candor.yml")
	env := g.gh.Env()
	maps.Copy(env, map[string]string{"GITHUB_TOKEN": githubtest.Token})
	g.next(200) // the data branch exists
	moved := false
	g.gh.BeforeRefUpdate(func(branch string) {
		if branch == dataBranch && !moved {
			moved = true
			g.gh.Seed(dataBranch, "another writer", map[string]string{"notes.txt": "a person's push"})
		}
	})
	g.api.status.Store(503)
	push := func(at string) (int, string, string) {
		return g.command(env, "probe", "--config", cfg, "--vantage", "us", "--push", "--now", at)
	}
	code, stdout, stderr := push("2026-11-26T14:04:00Z")
	if code != 0 || !strings.Contains(stdout, "pushed the results of us to candor-data:vantages/us.json in acme/status") {
		t.Fatalf("probe --push = %d\n%s\n%s", code, stdout, stderr)
	}
	files := g.gh.Files(dataBranch)
	if !moved || files["notes.txt"] != "a person's push" || files["state.tsv"] == "" {
		t.Errorf("the push lost another writer's commit: moved %v, files %v", moved, keys(files))
	}
	v, probs := monitor.DecodeResults("us.json", []byte(files["vantages/us.json"]))
	if len(probs) > 0 || v.Name != "us" || v.Results[0].Outcome != candor.Down {
		t.Fatalf("pushed file: %+v %v", v, probs)
	}
	g.gh.BeforeRefUpdate(nil)

	// An older round pushed late keeps the newer file.
	if code, stdout, _ := push("2026-11-26T14:03:00Z"); code != 0 || !strings.Contains(stdout, "already holds these results or newer ones") {
		t.Errorf("an older push: %d %s", code, stdout)
	}
	if again := g.gh.Files(dataBranch)["vantages/us.json"]; again != files["vantages/us.json"] {
		t.Error("an older push replaced a newer file")
	}

	// The next round merges it (us down, eu down: quorum 2) and removes it.
	r := g.next(503)
	if !strings.Contains(r.stdout, "merged 2 vantage points: Frankfurt (own probes), Virginia (vantages/us.json)") ||
		!strings.Contains(r.stdout, "2 of 2 locations failing: Frankfurt (answered 503") {
		t.Errorf("the round did not merge the pushed file:\n%s", r.stdout)
	}
	if _, there := g.gh.Files(dataBranch)["vantages/us.json"]; there {
		t.Error("the merged file is still on the data branch: the next round would merge it again")
	}
	r = g.next(503)
	if strings.Contains(r.stdout, "Virginia") {
		t.Errorf("a round merged the pushed file a second time:\n%s", r.stdout)
	}

	// A stale push is refused by name, as a warning, and removed too.
	push("2026-11-26T14:00:00Z")
	r = g.next(503)
	if !strings.Contains(r.stderr, "candor-data:vantages/us.json: refused (older than the interval)") || !strings.Contains(r.stdout, "::warning::candor-data:vantages/us.json: refused") {
		t.Errorf("a stale pushed file:\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
}
