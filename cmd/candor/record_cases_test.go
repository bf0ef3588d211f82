package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/candor-status/candor/incident"
)

// The numbered cases of the evidence record (issue 11), each run the same
// way locally (candor run on a folder) and in Actions (against the fake
// GitHub API), with the measurements read back: nothing replaced, lost or
// doubled.

// recordMode is one way of running rounds on a status repository.
type recordMode interface {
	base() *scenario
	// round runs candor run at now; it must exit 0.
	round(now time.Time) (stdout, stderr string)
	// atOnce runs rounds at the times at once; each must exit 0. It
	// returns each one's stdout and stderr together.
	atOnce(nows ...time.Time) []string
	// data is a file of the measurements, by path inside them.
	data(rel string) string
	removeData(rel string)
	incidents() map[string]string
	// page is a file of the site the last round built.
	page(rel string) string
}

type localMode struct{ *scenario }

func (l localMode) base() *scenario { return l.scenario }

func (l localMode) round(now time.Time) (string, string) { return l.runBoth(now, 0) }

func (l localMode) atOnce(nows ...time.Time) []string {
	outs := make([]string, len(nows))
	var wg sync.WaitGroup
	for i, now := range nows {
		wg.Go(func() {
			code, out, errs := l.runClock(time.Now, "--now", now.Format(time.RFC3339))
			if code != 0 {
				l.t.Errorf("run at %s = %d\n%s%s", now.Format("15:04"), code, out, errs)
			}
			outs[i] = out + errs
		})
	}
	wg.Wait()
	return outs
}

func (l localMode) data(rel string) string { return l.read("data/" + rel) }

func (l localMode) removeData(rel string) { os.Remove(filepath.Join(l.dir, "data", rel)) }

func (l localMode) page(rel string) string { return l.read("public/" + rel) }

type actionsMode struct{ *ghScenario }

func (g actionsMode) base() *scenario { return g.scenario }

func (g actionsMode) round(now time.Time) (string, string) {
	r := g.runAt(now, 0)
	return r.stdout, r.stderr
}

func (g actionsMode) atOnce(nows ...time.Time) []string {
	outs := make([]string, len(nows))
	var wg sync.WaitGroup
	var mu sync.Mutex
	for i, now := range nows {
		wg.Go(func() {
			code, r := g.exec(now)
			if code != 0 {
				g.t.Errorf("run at %s = %d\n%s%s", now.Format("15:04"), code, r.stdout, r.stderr)
			}
			outs[i] = r.stdout + r.stderr
			mu.Lock()
			g.last = r
			mu.Unlock()
		})
	}
	wg.Wait()
	return outs
}

func (g actionsMode) data(rel string) string { return g.gh.Files(dataBranch)[rel] }

func (g actionsMode) removeData(rel string) { g.gh.Remove(dataBranch, "a careless delete", rel) }

func (g actionsMode) page(rel string) string {
	b, _ := os.ReadFile(filepath.Join(g.last.workspace, "public", rel))
	return string(b)
}

// checksAt is how many results raw/api.tsv holds at t.
func checksAt(m recordMode, t time.Time) int {
	return strings.Count("\n"+m.data("raw/api.tsv"), "\n"+t.UTC().Format(time.RFC3339)+"\t")
}

// wantChecks fails unless raw/api.tsv holds each of the times once, and
// no result at any of the others.
func wantChecks(t *testing.T, m recordMode, once []time.Time, none ...time.Time) {
	t.Helper()
	for _, at := range once {
		if n := checksAt(m, at); n != 1 {
			t.Errorf("raw/api.tsv holds %d results at %s, want 1:\n%s", n, at.Format(time.RFC3339), m.data("raw/api.tsv"))
		}
	}
	for _, at := range none {
		if n := checksAt(m, at); n != 0 {
			t.Errorf("raw/api.tsv holds %d results at %s, want none (refused)", n, at.Format(time.RFC3339))
		}
	}
}

// shownStatus is api's status in the last site's summary.json.
func shownStatus(t *testing.T, m recordMode) string {
	t.Helper()
	var sum struct {
		Components []struct{ Name, Status string }
	}
	if err := json.Unmarshal([]byte(m.page("api/v2/summary.json")), &sum); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	for _, c := range sum.Components {
		if c.Name == "Public API" {
			return c.Status
		}
	}
	t.Fatal("no Public API in summary.json")
	return ""
}

// apiLine is the round table's line of Public API.
func apiLine(out string) string {
	for line := range strings.Lines(out) {
		if strings.HasPrefix(line, "Public API") {
			return line
		}
	}
	return ""
}

func statusAt(m recordMode, status int) { m.base().api.status.Store(int32(status)) }

var recordCases = []struct {
	name string
	run  func(t *testing.T, m recordMode)
}{
	{"2 clock an hour ahead", func(t *testing.T, m recordMode) {
		s := m.base()
		m.round(s.at(0))
		m.round(s.at(60))
		statusAt(m, 503)
		for _, min := range []int{5, 10, 15, 20} {
			if out, _ := m.round(s.at(min)); !strings.Contains(out, "refused the results of api") {
				t.Errorf("the round at +%dm behind the future check is not refused out loud:\n%s", min, out)
			}
		}
		if len(m.incidents()) != 0 || shownStatus(t, m) == "operational" {
			t.Errorf("refused rounds: incidents %v, status %s; want none, not operational", keys(m.incidents()), shownStatus(t, m))
		}
		if !strings.Contains(m.page("components/api/index.html"), "Not measured: 4 rounds dated before the last recorded check") {
			t.Error("the component page does not say the rounds were refused")
		}
		m.round(s.at(65))
		m.round(s.at(70))
		if len(m.incidents()) != 1 || shownStatus(t, m) != "major_outage" {
			t.Errorf("after the clock caught up: incidents %v, status %s; want one, major_outage", keys(m.incidents()), shownStatus(t, m))
		}
		wantChecks(t, m, []time.Time{s.at(0), s.at(60), s.at(65), s.at(70)}, s.at(5), s.at(10), s.at(15), s.at(20))
	}},
	{"3 a round years ahead", func(t *testing.T, m recordMode) {
		s := m.base()
		m.round(s.at(0))
		m.round(s.at(5))
		ahead := s.start.AddDate(3, 0, 0)
		m.round(ahead)
		statusAt(m, 503)
		if out, _ := m.round(s.at(10)); !strings.Contains(out, "refused the results of api") {
			t.Errorf("the real round after one years ahead is not refused out loud:\n%s", out)
		}
		daily := m.data("daily/api.tsv")
		if rows := strings.Count(daily, "\n2026-") + strings.Count(daily, "\n2027-") + strings.Count(daily, "\n2028-"); rows != 1 {
			t.Errorf("daily/api.tsv has %d rows before the round ahead, want only the measured day:\n%s", rows, daily)
		}
		if got := shownStatus(t, m); got == "operational" {
			t.Error("the page says operational while rounds are refused")
		}
		wantChecks(t, m, []time.Time{s.at(5), ahead}, s.at(10)) // 14:00 folded into its day
	}},
	{"4 back-dated reopen", func(t *testing.T, m recordMode) {
		s := m.base()
		for i, status := range []int{503, 503, 200, 200} { // resolved at 14:15
			statusAt(m, status)
			m.round(s.at(5 * i))
		}
		const name = "2026-11-26-api.md"
		file, raw := m.incidents()[name], m.data("raw/api.tsv")
		if !strings.Contains(file, "resolved:") {
			t.Fatalf("the incident did not resolve:\n%s", file)
		}
		statusAt(m, 503)
		m.round(s.at(1))
		m.round(s.at(-30))
		if got := m.incidents(); len(got) != 1 || got[name] != file {
			t.Errorf("back-dated failing rounds changed the incidents: %v\n%s", keys(got), got[name])
		}
		if _, problems := incident.ParseIncident("content/incidents/"+name, []byte(m.incidents()[name]), nil); len(problems) > 0 {
			t.Errorf("the incident no longer parses: %v", problems)
		}
		if got := m.data("raw/api.tsv"); got != raw {
			t.Errorf("back-dated rounds changed raw/api.tsv:\n%s\nwas\n%s", got, raw)
		}
	}},
	{"5 two runs at once", func(t *testing.T, m recordMode) {
		s := m.base()
		s.api.slow.Store(true) // the rounds overlap: 400 ms of probing each
		nows := []time.Time{s.at(0), s.at(5)}
		outs := m.atOnce(nows...)
		for i, now := range nows {
			n := checksAt(m, now)
			refused := strings.Contains(outs[i], "refused the results of api at "+now.Format(time.RFC3339))
			if n > 1 || n == 0 && !refused || n == 1 && refused {
				t.Errorf("the round at %s: %d results, refused out loud %v; want one or refused:\n%s\n%s", now.Format("15:04"), n, refused, m.data("raw/api.tsv"), outs[i])
			}
		}
		if checksAt(m, s.at(5)) != 1 {
			t.Errorf("the later round is not recorded:\n%s", m.data("raw/api.tsv"))
		}
	}},
	{"5b two runs in the same second", func(t *testing.T, m recordMode) {
		s := m.base()
		s.api.slow.Store(true)
		outs := m.atOnce(s.at(0), s.at(0))
		refused := 0
		for _, out := range outs {
			if strings.Contains(out, "refused the results of api at 2026-11-26T14:00:00Z: another check is recorded at the same second") {
				refused++
			}
		}
		// Two checks alike to the millisecond are one check: nothing is lost.
		alike := refused == 0 && apiLine(outs[0]) == apiLine(outs[1])
		if checksAt(m, s.at(0)) != 1 || refused != 1 && !alike {
			t.Errorf("two rounds in one second: %d results, %d refused out loud; want 1 and 1:\n%s", checksAt(m, s.at(0)), refused, strings.Join(outs, "\n"))
		}
		if st := m.data("state.tsv"); !strings.Contains(st, "\t0\t-\t2026-11-26T14:00:00Z") {
			t.Errorf("state.tsv counts the refusal:\n%s", st)
		}
	}},
	{"6b deleted raw file", func(t *testing.T, m recordMode) {
		s := m.base()
		statusAt(m, 503)
		m.round(s.at(0))
		m.round(s.at(5))
		m.removeData("raw/api.tsv")
		if _, errs := m.round(s.at(10)); !strings.Contains(errs, "raw/api.tsv: does not hold the state's last check at 2026-11-26T14:05:00Z") {
			t.Errorf("a removed raw file is not reported against the state's last check:\n%s", errs)
		}
		if st := m.data("state.tsv"); !strings.Contains(st, "api\tdown\t2026-11-26T14:00:00Z\t3\t") {
			t.Errorf("state.tsv restarted after the raw file was removed:\n%s", st)
		}
		if q := m.data("raw/api.tsv.quarantine"); !strings.Contains(q, "lost: raw/api.tsv no longer held the state's last check at 2026-11-26T14:05:00Z") {
			t.Errorf("the loss is not kept in quarantine:\n%s", q)
		}
		if _, errs := m.round(s.at(15)); !strings.Contains(errs, "raw/api.tsv.quarantine") || strings.Contains(errs, "move it back") {
			t.Errorf("a later round does not report the loss, or calls it a line to move back:\n%s", errs)
		}
		wantChecks(t, m, []time.Time{s.at(10), s.at(15)})
		if len(m.incidents()) != 1 {
			t.Errorf("incidents %v, want the one the first two failures opened", keys(m.incidents()))
		}
	}},
	{"7 streaks do not bridge gaps", func(t *testing.T, m recordMode) {
		s := m.base()
		statusAt(m, 503)
		m.round(s.at(0))
		m.round(s.at(180))
		if len(m.incidents()) != 0 {
			t.Fatalf("two failures three hours apart opened %v", keys(m.incidents()))
		}
		m.round(s.at(185))
		if file := m.incidents()["2026-11-26-api.md"]; !strings.Contains(file, "started: 2026-11-26T17:00:00Z") || !strings.Contains(file, "since 17:00 UTC: 2 checks in a row") {
			t.Errorf("the incident does not start at the streak after the gap:\n%s", file)
		}
		wantChecks(t, m, []time.Time{s.at(0), s.at(180), s.at(185)})
	}},
}

// TestRecordCases runs every case locally and in Actions.
func TestRecordCases(t *testing.T) {
	modes := []struct {
		name string
		new  func(t *testing.T) recordMode
	}{
		{"local", func(t *testing.T) recordMode { return localMode{newScenario(t, "")} }},
		{"actions", func(t *testing.T) recordMode { return actionsMode{newGHScenario(t, "", nil)} }},
	}
	for _, mode := range modes {
		for _, c := range recordCases {
			t.Run(mode.name+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				c.run(t, mode.new(t))
			})
		}
	}
}
