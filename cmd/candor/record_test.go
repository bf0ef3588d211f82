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

// pageAPI is what the built site says of api in api/candor.json and the
// Statuspage summary.
type pageAPI struct {
	indicator, status, measured, reason string
	down                                float64
	generated                           string
}

func (s *scenario) pageAPI() pageAPI {
	s.t.Helper()
	var sum struct {
		Status     struct{ Indicator string }
		Components []struct{ Name, Status string }
	}
	readJSON(s.t, filepath.Join(s.dir, "public/api/v2/summary.json"), &sum)
	var cj struct {
		GeneratedAt string `json:"generated_at"`
		Components  []struct {
			ID             string
			MeasuredStatus string  `json:"measured_status"`
			UnknownReason  *string `json:"unknown_reason"`
			Figures        map[string]struct {
				Minutes struct{ Down float64 }
			}
		}
	}
	readJSON(s.t, filepath.Join(s.dir, "public/api/candor.json"), &cj)
	p := pageAPI{indicator: sum.Status.Indicator, status: s.summaryStatus("Public API"), generated: cj.GeneratedAt}
	for _, c := range cj.Components {
		if c.ID == "api" {
			p.measured, p.down = c.MeasuredStatus, c.Figures["24h"].Minutes.Down
			if c.UnknownReason != nil {
				p.reason = *c.UnknownReason
			}
		}
	}
	return p
}

// TestRunBackDatedRoundNeverLooksBetter: a refused round shows the
// component as not measured, never better than its last check measured,
// and the site is built at the last check, not at the back-dated time.
func TestRunBackDatedRoundNeverLooksBetter(t *testing.T) {
	tests := []struct {
		name       string
		down       int // rounds down after one up
		wantStatus string
	}{
		{"down, no incident yet", 1, "major_outage"},
		{"down, the monitor's incident open", 2, "major_outage"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newScenario(t, "")
			s.next(200)
			for range tt.down {
				s.next(503)
			}
			before := s.pageAPI()
			s.api.status.Store(200)
			out := s.runAt(s.at(5*tt.down-2), 0) // back-dated, the product up
			if !strings.Contains(out, "refused the results of api") {
				t.Fatalf("the back-dated round was not refused:\n%s", out)
			}
			after := s.pageAPI()
			if after.status != tt.wantStatus || after.indicator != before.indicator || after.measured != "major_outage" {
				t.Errorf("after a refused round: status %s, indicator %s (was %s), measured %s; want %s, unchanged, major_outage",
					after.status, after.indicator, before.indicator, after.measured, tt.wantStatus)
			}
			if after.down != before.down || after.generated != before.generated {
				t.Errorf("after a refused round the figures are cut at %s with %v min down; before at %s with %v",
					after.generated, after.down, before.generated, before.down)
			}
			if page := s.read("public/components/api/index.html"); !strings.Contains(page, "that check measured it down, shown until a round measures again") {
				t.Errorf("the component page does not say the last check's outage is still shown")
			}
			if after.reason != "refused" {
				t.Errorf("unknown_reason = %q, want refused", after.reason)
			}
			if badge := s.read("public/badges/api.svg"); strings.Contains(badge, "unknown") {
				t.Errorf("the badge turned unknown during a measured outage")
			}
		})
	}
}

// fakeClock is the machine's clock moved to start: time passes as it does.
func fakeClock(start time.Time) func() time.Time {
	t0 := time.Now()
	return func() time.Time { return start.Add(time.Since(t0)) }
}

// runClock runs candor with the machine's clock set by now.
func (s *scenario) runClock(now func() time.Time, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	e := &env{getenv: func(k string) string { return s.env[k] }, stdout: &out, stderr: &errb, now: now}
	code := runEnv(s.t.Context(), e, append([]string{"run", "--config", filepath.Join(s.dir, "candor.yml")}, args...))
	return code, out.String(), errb.String()
}

// TestRunTwoAtOnceWithoutNowRecordBoth: two runs on the machine's clock;
// the one that waits for the lock takes its time after it, so both rounds
// are recorded, neither refused.
func TestRunTwoAtOnceWithoutNowRecordBoth(t *testing.T) {
	s := newScenario(t, "")
	s.api.slow.Store(true)
	clock := fakeClock(s.start)
	var wg sync.WaitGroup
	codes, outs := make([]int, 2), make([]string, 2)
	for i := range 2 {
		wg.Go(func() { codes[i], outs[i], _ = s.runClock(clock) })
	}
	wg.Wait()
	if codes[0] != 0 || codes[1] != 0 {
		t.Fatalf("exit codes %v, want 0 0", codes)
	}
	for i, out := range outs {
		if strings.Contains(out, "refused") || strings.Contains(out, "warning:") {
			t.Errorf("run %d:\n%s", i, out)
		}
	}
	if n := strings.Count(s.read("data/raw/api.tsv"), "\n2026-11-26T14:00:0"); n != 2 {
		t.Errorf("raw/api.tsv holds %d results, want both rounds:\n%s", n, s.read("data/raw/api.tsv"))
	}
	if got := s.pageAPI(); got.reason != "" || got.status != "degraded_performance" { // slow, as measured
		t.Errorf("after two fresh rounds the page says %s (%s)", got.status, got.reason)
	}
}

// TestRunWaitIsNoClockSkew: a run whose clock moved on while it waited
// for the lock warns of no skew; a --now far from when it started does.
func TestRunWaitIsNoClockSkew(t *testing.T) {
	s := newScenario(t, "")
	calls := 0
	var mu sync.Mutex
	jumpy := func() time.Time { // two minutes pass at the first look
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			return s.start
		}
		return s.start.Add(2 * time.Minute)
	}
	if _, out, _ := s.runClock(jumpy); strings.Contains(out, "warning:") {
		t.Errorf("a run on the machine's clock warned of skew:\n%s", out)
	}
	calls = 0
	if _, out, _ := s.runClock(jumpy, "--now", s.at(10).Format(time.RFC3339)); !strings.Contains(out, "warning: the round's time 2026-11-26T14:10:00Z is 10m0s ahead of") {
		t.Errorf("a --now ten minutes ahead of the start gave no warning:\n%s", out)
	}
}

// TestRunBlindRoundsDoNotBridgeAGap: one failure, three hours of blind
// rounds, one more failure: no incident, and the state starts afresh.
func TestRunBlindRoundsDoNotBridgeAGap(t *testing.T) {
	s := newScenario(t, "")
	s.api.status.Store(503)
	s.runAt(s.at(5), 0)
	s.ctl.status.Store(503) // the monitor cannot see
	for m := 10; m <= 180; m += 10 {
		s.runAt(s.at(m), 0)
	}
	s.ctl.status.Store(200)
	s.runAt(s.at(185), 0)
	if len(s.incidents()) != 0 {
		t.Fatalf("a failure before three blind hours and one after opened %v", keys(s.incidents()))
	}
	if st := s.read("data/state.tsv"); !strings.Contains(st, "api\tdown\t2026-11-26T17:05:00Z\t1\t0\t") {
		t.Errorf("state.tsv does not start afresh after the blind hours:\n%s", st)
	}
	s.runAt(s.at(190), 0)
	if file := s.incidents()["2026-11-26-api.md"]; !strings.Contains(file, "started: 2026-11-26T17:05:00Z") || !strings.Contains(file, "since 17:05 UTC: 2 checks in a row") {
		t.Errorf("the incident does not start at the streak after the blind hours:\n%s", file)
	}
}

// TestCheckNamesARoundDatedAhead: candor check says which component's
// last check is ahead of the clock, and how to recover.
func TestCheckNamesARoundDatedAhead(t *testing.T) {
	s := newScenario(t, "")
	s.next(200)
	ahead := s.start.AddDate(3, 0, 0)
	s.runAt(ahead, 0)
	var out, errb bytes.Buffer
	e := &env{getenv: func(string) string { return "" }, stdout: &out, stderr: &errb, now: func() time.Time { return s.at(10) }}
	code := runEnv(t.Context(), e, []string{"check", "--config", filepath.Join(s.dir, "candor.yml")})
	want := "data/state.tsv: api: the last check at 2029-11-26T14:00:00Z is 1096 days ahead of this machine's clock, so every round until then is refused; if that round's clock was wrong, delete its lines from"
	if code != 1 || !strings.Contains(errb.String(), want) {
		t.Errorf("check = %d, stderr:\n%s\nwant %q", code, errb.String(), want)
	}
}
