package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// service is a loopback HTTP service whose answer a test switches.
type service struct {
	*httptest.Server
	status atomic.Int32
	slow   atomic.Bool // answer after 400 ms: slower than the API's max_latency
}

func newService(t *testing.T) *service {
	s := &service{}
	s.status.Store(200)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.slow.Load() {
			time.Sleep(400 * time.Millisecond)
		}
		w.WriteHeader(int(s.status.Load()))
		w.Write([]byte("ok"))
	}))
	t.Cleanup(s.Close)
	return s
}

// scenario is a status repository in a temp dir with an API and a control
// service on loopback.
type scenario struct {
	t        *testing.T
	dir      string
	api, ctl *service
	start    time.Time
	round    int
	env      map[string]string // the environment of each run
}

func newScenario(t *testing.T, extra string) *scenario {
	t.Helper()
	s := &scenario{t: t, dir: t.TempDir(), api: newService(t), ctl: newService(t), start: time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)}
	cfg := `title: Acme Status
base_url: https://status.acme.example/
interval: 5m
components:
  - id: api
    name: Public API
    probe: {http: {url: "` + s.api.URL + `/health", timeout: 2s, expect: {max_latency: 300ms}}}
  - id: billing
policy:
  open_after: 2
  resolve_after: 2
  retries: 0
  control: ["` + s.ctl.URL + `/"]
` + extra
	s.write("candor.yml", cfg)
	return s
}

func (s *scenario) write(name, data string) {
	s.t.Helper()
	p := filepath.Join(s.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// next runs one round, 5 minutes after the last, with the API answering
// status, and returns its output.
func (s *scenario) next(status int) string {
	s.t.Helper()
	s.api.status.Store(int32(status))
	now := s.start.Add(time.Duration(s.round) * 5 * time.Minute)
	s.round++
	return s.runAt(now, 0)
}

func (s *scenario) runAt(now time.Time, wantCode int) string {
	s.t.Helper()
	out, _ := s.runBoth(now, wantCode)
	return out
}

// runBoth is runAt that returns stderr too.
func (s *scenario) runBoth(now time.Time, wantCode int) (stdout, stderr string) {
	s.t.Helper()
	args := []string{"run", "--config", filepath.Join(s.dir, "candor.yml"), "--data", filepath.Join(s.dir, "data"), "--out", filepath.Join(s.dir, "public"), "--now", now.Format(time.RFC3339)}
	return s.runArgsBoth(args, now, wantCode)
}

// runArgs runs candor with args and wants the exit code.
func (s *scenario) runArgs(args []string, now time.Time, wantCode int) string {
	s.t.Helper()
	out, _ := s.runArgsBoth(args, now, wantCode)
	return out
}

// runArgsBoth is runArgs that returns stderr too.
func (s *scenario) runArgsBoth(args []string, now time.Time, wantCode int) (stdout, stderr string) {
	s.t.Helper()
	var out, errb bytes.Buffer
	code := run(s.t.Context(), args, func(k string) string { return s.env[k] }, &out, &errb)
	if code != wantCode {
		s.t.Fatalf("run at %s = exit %d, want %d\nstdout:\n%s\nstderr:\n%s", now.Format("15:04"), code, wantCode, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

func (s *scenario) incidents() map[string]string {
	s.t.Helper()
	out := map[string]string{}
	matches, _ := filepath.Glob(filepath.Join(s.dir, "content/incidents/*.md"))
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			s.t.Fatal(err)
		}
		out[filepath.Base(m)] = string(data)
	}
	return out
}

func (s *scenario) summaryStatus(id string) string {
	s.t.Helper()
	data, err := os.ReadFile(filepath.Join(s.dir, "public/api/v2/summary.json"))
	if err != nil {
		s.t.Fatal(err)
	}
	var sum struct {
		Components []struct{ ID, Name, Status string }
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		s.t.Fatal(err)
	}
	for _, c := range sum.Components {
		if c.Name == id {
			return c.Status
		}
	}
	s.t.Fatalf("no component %s in summary.json", id)
	return ""
}

func TestRunOpensAndResolvesByEvidence(t *testing.T) {
	s := newScenario(t, "")
	s.next(200)
	out := s.next(503)
	if len(s.incidents()) != 0 {
		t.Fatalf("an incident opened after one failing round; open_after is 2\n%s", out)
	}
	if !strings.Contains(out, "Public API  down") {
		t.Errorf("run output does not show the measurement:\n%s", out)
	}
	out = s.next(503)
	incs := s.incidents()
	file := incs["2026-11-26-api.md"]
	if len(incs) != 1 || file == "" {
		t.Fatalf("after two failing rounds want 2026-11-26-api.md, got %v\n%s", keys(incs), out)
	}
	for _, want := range []string{
		"opened_by: monitor", "impact: major", "started: 2026-11-26T14:05:00Z", "status: investigating",
		"Checks of Public API have failed since 14:05 UTC: 2 checks in a row; the latest: answered 503 Service Unavailable; expected 2xx",
	} {
		if !strings.Contains(file, want) {
			t.Errorf("incident file lacks %q:\n%s", want, file)
		}
	}
	if !strings.Contains(out, "opened content/incidents/2026-11-26-api.md") {
		t.Errorf("run output does not say what it opened:\n%s", out)
	}
	if got := s.summaryStatus("Public API"); got != "major_outage" {
		t.Errorf("summary.json api status = %s, want major_outage", got)
	}
	s.next(200)
	if strings.Contains(s.incidents()["2026-11-26-api.md"], "resolved:") {
		t.Fatal("resolved after one passing round; resolve_after is 2")
	}
	out = s.next(200)
	file = s.incidents()["2026-11-26-api.md"]
	if !strings.Contains(file, "resolved: 2026-11-26T14:20:00Z") || !strings.Contains(file, "Checks have passed since 14:15 UTC: 2 in a row.") {
		t.Errorf("not resolved from evidence:\n%s\n%s", file, out)
	}

	// A failure within reopen_within of the automatic resolution reopens
	// the same incident instead of opening another: three failures in the
	// last six rounds are flapping, so the first failure does.
	out = s.next(503)
	incs = s.incidents()
	if len(incs) != 1 {
		t.Fatalf("flapping opened a second incident: %v", keys(incs))
	}
	file = incs["2026-11-26-api.md"]
	if strings.Contains(file, "resolved: ") || !strings.Contains(file, "Reopened.") || !strings.Contains(out, "reopened") {
		t.Errorf("not reopened:\n%s\n%s", file, out)
	}
}

func TestRunDownAfterDegradedRaisesImpact(t *testing.T) {
	s := newScenario(t, "")
	s.api.slow.Store(true)
	s.next(200)
	s.next(200)
	file := s.incidents()["2026-11-26-api.md"]
	if !strings.Contains(file, "impact: minor") || !strings.Contains(file, "Checks of Public API have been degraded since 14:00 UTC") {
		t.Fatalf("slow checks did not open a minor incident:\n%s", file)
	}
	s.api.slow.Store(false)
	s.next(503)
	file = s.incidents()["2026-11-26-api.md"]
	if !strings.Contains(file, "impact: major") || !strings.Contains(file, "Impact raised from minor to major") || !strings.Contains(file, "title: Public API is failing checks") {
		t.Fatalf("down after degraded did not raise the impact:\n%s", file)
	}
	// Degraded again: the impact is never lowered while the incident is open.
	s.api.slow.Store(true)
	s.next(200)
	if file = s.incidents()["2026-11-26-api.md"]; !strings.Contains(file, "impact: major") {
		t.Errorf("the impact was lowered automatically:\n%s", file)
	}
	if n := len(s.incidents()); n != 1 {
		t.Errorf("%d incidents, want the one", n)
	}
}

func TestRunBlindMonitorDeclaresNothing(t *testing.T) {
	s := newScenario(t, "")
	s.ctl.status.Store(0) // set below: the control service goes away
	s.ctl.Close()
	s.next(503)
	out := s.next(503)
	s.next(503)
	if len(s.incidents()) != 0 {
		t.Fatalf("a blind monitor opened an incident: %v", keys(s.incidents()))
	}
	if !strings.Contains(out, "monitor blind") || !strings.Contains(out, "unknown") {
		t.Errorf("run output does not say the monitor was blind:\n%s", out)
	}
	state, err := os.ReadFile(filepath.Join(s.dir, "data/state.tsv"))
	if err != nil || !strings.Contains(string(state), "unknown") {
		t.Errorf("state does not record unknown: %v\n%s", err, state)
	}
	page, _ := os.ReadFile(filepath.Join(s.dir, "public/index.html"))
	if !strings.Contains(strings.ToLower(string(page)), "monitoring interrupted") {
		t.Errorf("the page does not say monitoring was interrupted")
	}
}

// A monitor that has never seen past its control targets says how to try
// candor locally; one that measured before and went blind does not.
func TestRunBlindFromTheStartSaysSetControl(t *testing.T) {
	const hint = "set policy.control in "
	s := newScenario(t, "")
	s.ctl.status.Store(503)
	for range 2 {
		_, errs := s.runBoth(s.start.Add(time.Duration(s.round)*5*time.Minute), 0)
		s.round++
		if !strings.Contains(errs, hint) || !strings.Contains(errs, s.ctl.URL) {
			t.Errorf("blind from the start, run does not say how to fix it:\n%s", errs)
		}
	}
	s.ctl.status.Store(204)
	s.next(200)
	s.ctl.status.Store(503)
	if _, errs := s.runBoth(s.start.Add(time.Duration(s.round)*5*time.Minute), 0); strings.Contains(errs, hint) {
		t.Errorf("a monitor that measured before blames its control targets:\n%s", errs)
	}
}

func TestRunMaintenanceOpensNothing(t *testing.T) {
	s := newScenario(t, "")
	s.write("content/maintenance/2026-11-26-upgrade.md", "---\ntitle: Upgrade\ncomponents: [api]\nstarts: 2026-11-26T14:05:00Z\nends: 2026-11-26T15:00:00Z\n---\n")
	s.next(200) // 14:00: the round sees the window before it starts
	s.next(503)
	s.next(503)
	s.next(503)
	if len(s.incidents()) != 0 {
		t.Fatalf("failures inside maintenance opened an incident: %v", keys(s.incidents()))
	}
	if got := s.summaryStatus("Public API"); got != "under_maintenance" {
		t.Errorf("summary.json api status = %s, want under_maintenance", got)
	}
	raw, _ := os.ReadFile(filepath.Join(s.dir, "data/raw/api.tsv"))
	if !strings.Contains(string(raw), "maintenance") {
		t.Errorf("raw results do not record maintenance:\n%s", raw)
	}
	page, _ := os.ReadFile(filepath.Join(s.dir, "public/index.html"))
	if strings.Contains(string(page), "announced after it began") {
		t.Errorf("a window announced in time is said to be late")
	}
}

func TestRunPersonsMinorDoesNotHideMeasuredDown(t *testing.T) {
	s := newScenario(t, "")
	person := "---\ntitle: Some slowness\ncomponents: [api]\nimpact: minor\nstarted: 2026-11-26T13:50:00Z\nupdates:\n  - at: 2026-11-26T13:55:00Z\n    status: investigating\n    text: A few slow requests.\n---\n"
	s.write("content/incidents/2026-11-26-slow.md", person)
	s.next(503)
	s.next(503)
	s.next(503)
	incs := s.incidents()
	if len(incs) != 2 || !strings.Contains(incs["2026-11-26-api.md"], "impact: major") {
		t.Fatalf("the person's minor silenced the measured outage: incidents %v, want the monitor's own major beside it", keys(incs))
	}
	if incs["2026-11-26-slow.md"] != person {
		t.Errorf("the monitor wrote into a person's incident:\n%s", incs["2026-11-26-slow.md"])
	}
	if got := s.summaryStatus("Public API"); got != "major_outage" {
		t.Errorf("summary.json api status = %s, want major_outage (measured), not the declared minor", got)
	}
	// Passing checks never resolve a person's incident.
	s.next(200)
	s.next(200)
	s.next(200)
	incs = s.incidents()
	if incs["2026-11-26-slow.md"] != person {
		t.Errorf("the monitor resolved a person's incident")
	}
	if !strings.Contains(incs["2026-11-26-api.md"], "resolved: ") {
		t.Errorf("the monitor's own incident did not resolve:\n%s", incs["2026-11-26-api.md"])
	}
}

func TestRunTwiceIsANoOp(t *testing.T) {
	s := newScenario(t, "")
	s.next(503)
	s.next(503)
	now := s.start.Add(5 * time.Minute)
	before := snapshot(t, s.dir)
	s.runAt(now, 0)
	after := snapshot(t, s.dir)
	for p, data := range before {
		if after[p] != data {
			t.Errorf("rerunning the same round changed %s", p)
		}
	}
	if len(after) != len(before) {
		t.Errorf("rerunning the same round added files: %d, then %d", len(before), len(after))
	}
}

func TestRunFailedWriteKeepsPreviousFiles(t *testing.T) {
	s := newScenario(t, "")
	s.next(503)
	before := snapshot(t, s.dir)
	// The incident folder cannot be created: the round must fail loudly
	// and leave every earlier file as it was.
	s.write("content/incidents", "not a folder")
	s.api.status.Store(503)
	var out, errb bytes.Buffer
	args := []string{"run", "--config", filepath.Join(s.dir, "candor.yml"), "--data", filepath.Join(s.dir, "data"), "--out", filepath.Join(s.dir, "public"), "--now", s.start.Add(5 * time.Minute).Format(time.RFC3339)}
	if code := run(t.Context(), args, func(string) string { return "" }, &out, &errb); code == 0 {
		t.Fatalf("run succeeded with an unwritable content folder\n%s", out.String())
	}
	after := snapshot(t, s.dir)
	for p, data := range before {
		if strings.HasPrefix(p, "public/") && after[p] != data {
			t.Errorf("a failed round changed the published %s", p)
		}
	}
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestRunMissingSecretMakesOnlyItsComponentUnknown(t *testing.T) {
	s := newScenario(t, "")
	cfg, _ := os.ReadFile(filepath.Join(s.dir, "candor.yml"))
	s.write("candor.yml", strings.Replace(string(cfg), "  - id: billing\n", "  - id: secret\n    probe: {http: {url: \""+s.api.URL+"/x\", headers: {Authorization: \"Bearer ${MISSING_TOKEN}\"}}}\n  - id: billing\n", 1))
	var out, errb bytes.Buffer
	args := []string{"run", "--config", filepath.Join(s.dir, "candor.yml"), "--now", s.start.Format(time.RFC3339)}
	if code := run(t.Context(), args, func(string) string { return "" }, &out, &errb); code != 0 {
		t.Fatalf("run with a missing secret = exit %d, want 0 (the others are measured)\n%s\n%s", code, out.String(), errb.String())
	}
	if !regexp.MustCompile(`candor.yml:\d+:\d+: components\[1\]\.probe\.http\.headers\.Authorization: environment variable MISSING_TOKEN is not set: the component is recorded as unknown`).MatchString(errb.String()) {
		t.Errorf("stderr does not name the missing secret:\n%s", errb.String())
	}
	if !strings.Contains(out.String(), "Public API  up") || !strings.Contains(out.String(), "secret      unknown") {
		t.Errorf("want the API measured and the secret's component unknown:\n%s", out.String())
	}
	// --data and --out default to folders beside the config.
	if _, err := os.Stat(filepath.Join(s.dir, "data", "state.tsv")); err != nil {
		t.Errorf("no measurements beside the config: %v", err)
	}
}
