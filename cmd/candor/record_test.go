package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/workdir"
)

// The evidence record end to end through candor run: each case of a
// careless or an interested person, with the data read back.

func (s *scenario) read(rel string) string {
	s.t.Helper()
	b, _ := os.ReadFile(filepath.Join(s.dir, rel))
	return string(b)
}

// downMinutes is what the data folder says of api's down time.
func (s *scenario) downMinutes(from, to time.Time) float64 {
	s.t.Helper()
	hs, _, err := history.Open(filepath.Join(s.dir, "data"), history.Options{Interval: 5 * time.Minute})
	if err != nil {
		s.t.Fatal(err)
	}
	return hs.Figures("api", from, to).Minutes.Down
}

func (s *scenario) at(m int) time.Time { return s.start.Add(time.Duration(m) * time.Minute) }

func TestRunBackDatedRoundsRewriteNothing(t *testing.T) {
	s := newScenario(t, "")
	for range 4 {
		s.next(503) // 14:00–14:15 down
	}
	raw, incidents := s.read("data/raw/api.tsv"), s.incidents()
	down := s.downMinutes(s.at(0), s.at(30))
	s.api.status.Store(200)
	for _, m := range []int{-10, 2, 7} {
		out := s.runAt(s.at(m), 0)
		if !strings.Contains(out, "refused the results of api") || !strings.Contains(out, "append-only") {
			t.Errorf("round at %+dm does not say its result was refused:\n%s", m, out)
		}
	}
	if got := s.read("data/raw/api.tsv"); got != raw {
		t.Errorf("back-dated rounds changed raw/api.tsv:\n%s\nwas\n%s", got, raw)
	}
	if got := s.downMinutes(s.at(0), s.at(30)); got != down || down != 25 {
		t.Errorf("down minutes = %v after back-dated rounds, %v before; want 25 kept", got, down)
	}
	for name, data := range s.incidents() {
		if incidents[name] != data {
			t.Errorf("back-dated rounds changed %s", name)
		}
	}
}

func TestRunClockAheadShowsNotMeasured(t *testing.T) {
	s := newScenario(t, "")
	s.runAt(s.at(0), 0)
	s.runAt(s.at(60), 0) // one round an hour ahead
	s.api.status.Store(503)
	for _, m := range []int{5, 10, 15, 20} {
		s.runAt(s.at(m), 0)
	}
	if len(s.incidents()) != 0 {
		t.Fatalf("refused rounds opened %v", keys(s.incidents()))
	}
	if got := s.summaryStatus("Public API"); got == "operational" {
		t.Errorf("summary.json says operational while every round since 14:05 was refused")
	}
	page := s.read("public/components/api/index.html")
	if !strings.Contains(page, "Not measured: 4 rounds dated before the last recorded check") {
		t.Errorf("the component page does not say the rounds were refused")
	}
	// Once the clock passes the future check the monitor measures again.
	s.runAt(s.at(65), 0)
	s.runAt(s.at(70), 0)
	if len(s.incidents()) != 1 || s.summaryStatus("Public API") != "major_outage" {
		t.Errorf("after the clock caught up: incidents %v, status %s; want one, major_outage", keys(s.incidents()), s.summaryStatus("Public API"))
	}
}

func TestRunYearsAheadWritesNoEmptyDays(t *testing.T) {
	s := newScenario(t, "")
	s.next(200)
	s.next(200)
	s.runAt(s.start.AddDate(3, 0, 0), 0)
	s.api.status.Store(503)
	out := s.runAt(s.at(10), 0)
	if !strings.Contains(out, "refused the results of api") {
		t.Errorf("the real round after one years ahead was not refused out loud:\n%s", out)
	}
	rows := strings.Count(s.read("data/daily/api.tsv"), "\n2026-") + strings.Count(s.read("data/daily/api.tsv"), "\n2027-")
	if rows != 1 {
		t.Errorf("daily/api.tsv has %d rows of 2026–2027, want only the measured day:\n%s", rows, s.read("data/daily/api.tsv"))
	}
	if got := s.summaryStatus("Public API"); got == "operational" {
		t.Errorf("the page says operational while rounds are refused")
	}
}

// TestRunBackDatedReopenKeepsTheFileValid: a back-dated failing round
// after a resolution writes nothing into the incident, which still passes
// check; no duplicate is opened.
func TestRunBackDatedReopenKeepsTheFileValid(t *testing.T) {
	s := newScenario(t, "")
	s.next(503)
	s.next(503)
	s.next(200)
	s.next(200) // resolved at 14:15
	file := s.incidents()["2026-11-26-api.md"]
	s.api.status.Store(503)
	s.runAt(s.at(1), 0)
	s.runAt(s.at(-30), 0)
	if got := s.incidents(); len(got) != 1 || got["2026-11-26-api.md"] != file {
		t.Errorf("back-dated failing rounds changed the incidents: %v", keys(got))
	}
	var out, errb bytes.Buffer
	if code := run(t.Context(), []string{"check", "--config", filepath.Join(s.dir, "candor.yml")}, func(string) string { return "" }, &out, &errb); code != 0 {
		t.Errorf("check after back-dated rounds = %d:\n%s", code, errb.String())
	}
}

func TestRunTwoAtOnceLoseNothing(t *testing.T) {
	s := newScenario(t, "")
	s.api.slow.Store(true) // each round holds the lock for 400 ms of probing
	var wg sync.WaitGroup
	codes := make([]int, 2)
	outs := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			var out, errb bytes.Buffer
			args := []string{"run", "--config", filepath.Join(s.dir, "candor.yml"), "--now", s.at(5 * i).Format(time.RFC3339)}
			codes[i] = run(t.Context(), args, func(string) string { return "" }, &out, &errb)
			outs[i] = out.String()
		})
	}
	wg.Wait()
	if codes[0] != 0 || codes[1] != 0 {
		t.Fatalf("two runs at once exited %v, want both 0 (one waits for the other)", codes)
	}
	raw := s.read("data/raw/api.tsv")
	// Whichever takes the lock second finds the other's round written: each
	// round is recorded, or refused out loud; none is silently lost.
	for i, out := range outs {
		stamp := s.at(5 * i).Format(time.RFC3339)
		if !strings.Contains(raw, stamp+"\t") && !strings.Contains(out, "refused the results of api at "+stamp) {
			t.Errorf("the round at %s is neither in raw/api.tsv nor said to be refused:\n%s\n%s", stamp, raw, out)
		}
	}
}

func TestRunWaitsABoundedTimeForTheLock(t *testing.T) {
	s := newScenario(t, "")
	held, err := workdir.Open(t.Context(), s.dir, filepath.Join(s.dir, "data"), workdir.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	var out, errb bytes.Buffer
	args := []string{"run", "--config", filepath.Join(s.dir, "candor.yml"), "--wait", "200ms", "--now", s.at(0).Format(time.RFC3339)}
	if code := run(t.Context(), args, func(string) string { return "" }, &out, &errb); code != 1 {
		t.Fatalf("run while another holds the lock = %d, want 1", code)
	}
	if !strings.Contains(errb.String(), "another candor run is writing on") || !strings.Contains(errb.String(), "waited 200ms") {
		t.Errorf("stderr does not say why:\n%s", errb.String())
	}
	if _, err := os.Stat(filepath.Join(s.dir, "data/raw/api.tsv")); err == nil {
		t.Error("the run that gave up wrote measurements")
	}
}

func TestRunQuarantinesDamagedLines(t *testing.T) {
	s := newScenario(t, "")
	for range 3 {
		s.next(200)
	}
	rawPath := filepath.Join(s.dir, "data/raw/api.tsv")
	b, _ := os.ReadFile(rawPath)
	damaged := strings.Replace(strings.Split(string(b), "\n")[2], "\tup\t", "\tupp\t", 1)
	os.WriteFile(rawPath, []byte(strings.Replace(string(b), strings.Split(string(b), "\n")[2], damaged, 1)), 0o644)

	errs := s.runStderr(s.at(15))
	if !strings.Contains(errs, "data/raw/api.tsv:3: outcome:") || !strings.Contains(errs, "moved to") {
		t.Errorf("stderr does not report the damaged line at path:line:\n%s", errs)
	}
	if q := s.read("data/raw/api.tsv.quarantine"); !strings.Contains(q, "\n"+damaged+"\n") {
		t.Errorf("quarantine does not hold the line verbatim:\n%s", q)
	}
	if errs := s.runStderr(s.at(20)); !strings.Contains(errs, "raw/api.tsv.quarantine:") {
		t.Errorf("a later round does not report the quarantined line:\n%s", errs)
	}
	var out, errb bytes.Buffer
	if code := run(t.Context(), []string{"check", "--config", filepath.Join(s.dir, "candor.yml")}, func(string) string { return "" }, &out, &errb); code != 1 || !strings.Contains(errb.String(), "raw/api.tsv.quarantine:") {
		t.Errorf("check = %d, want 1 reporting the quarantine:\n%s", code, errb.String())
	}
}

func TestRunReportsARemovedRawFile(t *testing.T) {
	s := newScenario(t, "")
	s.next(503)
	s.next(503)
	os.Remove(filepath.Join(s.dir, "data/raw/api.tsv"))
	if errs := s.runStderr(s.at(10)); !strings.Contains(errs, "raw/api.tsv: does not hold the state's last check at 2026-11-26T14:05:00Z") {
		t.Errorf("a removed raw file is not reported against the state's last check:\n%s", errs)
	}
	if errs := s.runStderr(s.at(15)); !strings.Contains(errs, "raw/api.tsv.quarantine") {
		t.Errorf("the loss is not reported on later rounds:\n%s", errs)
	}
}

// runStderr runs the round at now with the API as it is and returns stderr.
func (s *scenario) runStderr(now time.Time) string {
	s.t.Helper()
	var out, errb bytes.Buffer
	args := []string{"run", "--config", filepath.Join(s.dir, "candor.yml"), "--now", now.Format(time.RFC3339)}
	if code := run(s.t.Context(), args, func(string) string { return "" }, &out, &errb); code != 0 {
		s.t.Fatalf("run = %d\n%s\n%s", code, out.String(), errb.String())
	}
	return errb.String()
}

func TestRunStreaksDoNotBridgeGaps(t *testing.T) {
	s := newScenario(t, "")
	s.api.status.Store(503)
	s.runAt(s.at(0), 0)
	s.runAt(s.at(180), 0)
	if len(s.incidents()) != 0 {
		t.Fatalf("two failures three hours apart opened %v", keys(s.incidents()))
	}
	s.runAt(s.at(185), 0)
	file := s.incidents()["2026-11-26-api.md"]
	if !strings.Contains(file, "started: 2026-11-26T17:00:00Z") {
		t.Errorf("the incident does not start at the streak after the gap:\n%s", file)
	}
}

func TestRunFlappingOpensOneIncident(t *testing.T) {
	s := newScenario(t, "")
	for i := range 12 {
		s.next([]int{503, 200}[i%2])
	}
	incs := s.incidents()
	if len(incs) != 1 || !strings.Contains(incs["2026-11-26-api.md"], "fail intermittently") {
		t.Errorf("flapping checks: incidents %v, want one saying they fail intermittently", keys(incs))
	}
}

func TestRunPersonsImpactNoneDoesNotSilence(t *testing.T) {
	s := newScenario(t, "")
	person := "---\ntitle: Looking into reports\ncomponents: [api]\nimpact: none\nstarted: 2026-11-26T13:50:00Z\nupdates:\n  - at: 2026-11-26T13:55:00Z\n    status: investigating\n    text: Checking.\n---\n"
	s.write("content/incidents/2026-11-26-reports.md", person)
	s.next(503)
	s.next(503)
	incs := s.incidents()
	if len(incs) != 2 || incs["2026-11-26-reports.md"] != person {
		t.Fatalf("incidents %v; want the monitor's own beside the person's, which is untouched", keys(incs))
	}
	var unresolved struct {
		Incidents []struct {
			Name       string
			Components []struct{ Status string }
		}
	}
	readJSON(t, filepath.Join(s.dir, "public/api/v2/incidents/unresolved.json"), &unresolved)
	for _, inc := range unresolved.Incidents {
		for _, c := range inc.Components {
			if c.Status == "operational" {
				t.Errorf("unresolved incident %q lists its component as operational during a measured outage", inc.Name)
			}
		}
	}
}

func TestRunBrokenMonitorFileOpensNoDuplicate(t *testing.T) {
	s := newScenario(t, "")
	s.next(503)
	s.next(503)
	p := filepath.Join(s.dir, "content/incidents/2026-11-26-api.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte("impact: major"), []byte("impact: major: x"), 1), 0o644)
	for i := range 2 {
		s.api.status.Store(503)
		errs := s.runStderr(s.at(10 + 5*i))
		if n := len(s.incidents()); n != 1 {
			t.Fatalf("round %d opened a duplicate beside the broken file: %v", i, keys(s.incidents()))
		}
		if !strings.Contains(errs, "content/incidents/2026-11-26-api.md:") || !strings.Contains(errs, "no longer parses") {
			t.Errorf("round %d does not report the broken file at path:line:\n%s", i, errs)
		}
	}
}

func TestRunMaintenanceBackDatedMidOutageHidesNothing(t *testing.T) {
	s := newScenario(t, "")
	s.next(503)
	s.next(503) // the monitor's incident opens
	s.write("content/maintenance/2026-11-26-cover.md", "---\ntitle: Planned work\ncomponents: [api]\nstarts: 2026-11-26T13:30:00Z\nends: 2026-11-26T16:00:00Z\n---\n")
	for range 4 {
		s.next(503)
	}
	if got := s.summaryStatus("Public API"); got != "major_outage" {
		t.Errorf("shown status = %s, want major_outage: a window written during the outage hides nothing", got)
	}
	if down := s.downMinutes(s.at(0), s.at(30)); down < 29 {
		t.Errorf("down minutes = %v, want the whole outage counted", down)
	}
	if file := s.incidents()["2026-11-26-api.md"]; strings.Contains(file, "resolved:") {
		t.Errorf("the monitor's incident resolved under a back-dated window:\n%s", file)
	}
	if raw := s.read("data/raw/api.tsv"); strings.Contains(raw, "\tmaintenance\t") {
		t.Errorf("failures were recorded as maintenance:\n%s", raw)
	}
	matches, _ := filepath.Glob(filepath.Join(s.dir, "public/maintenance/*/index.html"))
	if len(matches) != 1 {
		t.Fatalf("maintenance pages = %v, want one", matches)
	}
	page, _ := os.ReadFile(matches[0])
	if !strings.Contains(string(page), "Down during maintenance announced after it began: the checks that failed from 26 Nov 2026, 14:00 UTC") {
		t.Errorf("the maintenance page does not say the window was announced after it began")
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestRunMonitorIncidentIsNeverOverdue: two hours of failing checks; the
// monitor's own incident gets evidence updates and no page calls it
// overdue.
func TestRunMonitorIncidentIsNeverOverdue(t *testing.T) {
	s := newScenario(t, "")
	for range 25 {
		s.next(503)
		if page := s.read("public/index.html"); strings.Contains(page, `<p class="due late"`) {
			t.Fatalf("after %d rounds the home page says an update is overdue", s.round)
		}
	}
	file := s.incidents()["2026-11-26-api.md"]
	if n := strings.Count(file, "are still failing since 14:00 UTC"); n < 4 {
		t.Errorf("%d evidence updates in two hours, want one before each update_due:\n%s", n, file)
	}
}

// maintenancePage is the page of the one maintenance window.
func (s *scenario) maintenancePage() string {
	s.t.Helper()
	matches, _ := filepath.Glob(filepath.Join(s.dir, "public/maintenance/*/index.html"))
	if len(matches) != 1 {
		s.t.Fatalf("maintenance pages = %v, want one", matches)
	}
	page, _ := os.ReadFile(matches[0])
	return string(page)
}

// TestRunComponentAddedToAWindowMidOutageHidesNothing: a window announced
// for billing alone; api fails from 14:10; at 14:20 api is added to the
// window. api's time was never announced before it began: it stays down.
func TestRunComponentAddedToAWindowMidOutageHidesNothing(t *testing.T) {
	s := newScenario(t, "")
	const p = "content/maintenance/2026-11-26-upgrade.md"
	window := func(comps string) string {
		return "---\ntitle: Upgrade\ncomponents: [" + comps + "]\nstarts: 2026-11-26T14:05:00Z\nends: 2026-11-26T15:00:00Z\n---\n"
	}
	s.write(p, window("billing"))
	s.next(200) // 14:00: the window is seen before it starts
	s.next(200)
	s.next(503) // 14:10
	s.next(503) // the monitor's incident opens
	s.write(p, window("billing, api"))
	for range 5 {
		s.next(503)
	}
	if raw := s.read("data/raw/api.tsv"); strings.Contains(raw, "\tmaintenance\t") {
		t.Errorf("failures were recorded as maintenance after api was added to the window:\n%s", raw)
	}
	if got := s.summaryStatus("Public API"); got != "major_outage" {
		t.Errorf("shown status = %s, want major_outage", got)
	}
	if down := s.downMinutes(s.at(10), s.at(40)); down < 29 {
		t.Errorf("down minutes = %v, want the whole outage counted", down)
	}
	if page := s.maintenancePage(); !strings.Contains(page, "Down during maintenance announced for Public API after it began: the checks that failed from 26 Nov 2026, 14:10 UTC") {
		t.Errorf("the maintenance page does not say api was announced after it began")
	}
}

// TestRunWindowStartingSoonWrittenMidOutageHidesNothing: api fails from
// 14:10; at 14:30 a window starting at 14:35 is written. The outage was
// under way when it was announced: the checks stay down until api passes
// again, and only then does the window count.
func TestRunWindowStartingSoonWrittenMidOutageHidesNothing(t *testing.T) {
	s := newScenario(t, "")
	s.next(200)
	s.next(200)
	for range 4 { // 14:10 to 14:25
		s.next(503)
	}
	s.write("content/maintenance/2026-11-26-upgrade.md", "---\ntitle: Upgrade\ncomponents: [api]\nstarts: 2026-11-26T14:35:00Z\nends: 2026-11-26T16:00:00Z\n---\n")
	for range 7 { // 14:30 to 15:00
		s.next(503)
	}
	if raw := s.read("data/raw/api.tsv"); strings.Contains(raw, "\tmaintenance\t") {
		t.Errorf("failures were recorded as maintenance:\n%s", raw)
	}
	if got := s.summaryStatus("Public API"); got != "major_outage" {
		t.Errorf("shown status = %s, want major_outage", got)
	}
	var status struct {
		Components []struct {
			ID               string `json:"id"`
			ShownStatus      string `json:"shown_status"`
			StatuspageStatus string `json:"statuspage_status"`
			MeasuredStatus   string `json:"measured_status"`
		} `json:"components"`
	}
	readJSON(t, filepath.Join(s.dir, "public/api/candor.json"), &status)
	for _, c := range status.Components {
		if c.ID == "api" && (c.ShownStatus != "major_outage" || c.StatuspageStatus != "major_outage" || c.MeasuredStatus != "major_outage") {
			t.Errorf("candor.json api: shown %s, Statuspage %s, measured %s; want major_outage for all", c.ShownStatus, c.StatuspageStatus, c.MeasuredStatus)
		}
	}
	if file := s.incidents()["2026-11-26-api.md"]; file == "" || strings.Contains(file, "resolved:") {
		t.Errorf("the monitor's incident is not open:\n%s", file)
	}
	if page := s.maintenancePage(); !strings.Contains(page, "Down during maintenance announced while its checks were already failing: the checks that failed from 26 Nov 2026, 14:35 UTC") {
		t.Errorf("the maintenance page does not say the window was announced during the outage")
	}
	// The outage ends (two passing checks): the window counts from then on.
	s.next(200)
	s.next(200)
	s.next(503)
	if raw := s.read("data/raw/api.tsv"); !strings.Contains(raw, "\tmaintenance\t") {
		t.Errorf("after the outage ended, a failure in the window was not counted as maintenance:\n%s", raw)
	}
}

// TestRunMonitorIncidentNotOverdueInMaintenance: the monitor's incident is
// open when an announced window begins; through two hours of failing
// checks counted as maintenance it keeps posting what they show, and the
// home page says the checks fail, not that they paused.
func TestRunMonitorIncidentNotOverdueInMaintenance(t *testing.T) {
	s := newScenario(t, "")
	s.write("content/maintenance/2026-11-26-upgrade.md", "---\ntitle: Upgrade\ncomponents: [api]\nstarts: 2026-11-26T14:15:00Z\nends: 2026-11-26T17:00:00Z\n---\n")
	s.next(200) // 14:00: seen in advance, no outage
	for range 24 {
		s.next(503)
		if page := s.read("public/index.html"); strings.Contains(page, `<p class="due late"`) {
			t.Fatalf("after %d rounds the home page says an update is overdue", s.round)
		}
	}
	if raw := s.read("data/raw/api.tsv"); !strings.Contains(raw, "\tmaintenance\t") {
		t.Fatalf("no failure counted as maintenance:\n%s", raw)
	}
	if file := s.incidents()["2026-11-26-api.md"]; strings.Count(file, "counted as maintenance:") < 3 {
		t.Errorf("want evidence updates through the maintenance:\n%s", file)
	}
	page := s.read("public/index.html")
	if strings.Contains(page, "paused for maintenance") || !strings.Contains(page, "checks failing, counted as maintenance, since") {
		t.Errorf("the home page does not say the checks fail, counted as maintenance")
	}
}
