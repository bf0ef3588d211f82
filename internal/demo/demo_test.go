package demo

import (
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/monitor"
)

func TestShift(t *testing.T) {
	for _, end := range []time.Time{
		SampleNow, SampleNow.Add(-time.Minute), SampleNow.Add(90 * time.Minute),
		time.Date(2027, 3, 1, 2, 5, 0, 0, time.UTC), time.Date(2026, 1, 1, 23, 55, 0, 0, time.UTC),
	} {
		s := Shift(end)
		moved := SampleNow.Add(s)
		if s%(24*time.Hour) != 0 || moved.After(end) || !moved.After(end.Add(-24*time.Hour)) {
			t.Errorf("Shift(%s) = %v: the sample's now lands on %s, want whole days, within the day before end", end, s, moved)
		}
	}
}

// The sample moves with the demo's end: every incident and maintenance
// file still parses, lies where it lay before the sample's now, is named
// by its new date, and the config keeps every check.
func TestWriteSample(t *testing.T) {
	dir := t.TempDir()
	end := time.Date(2027, 3, 10, 9, 30, 0, 0, time.UTC)
	if err := WriteSample(dir, end); err != nil {
		t.Fatal(err)
	}
	cfg, problems, err := config.ReadFile(filepath.Join(dir, "candor.yml"), nil)
	if err != nil || len(problems) > 0 {
		t.Fatalf("config: %v %v", err, problems)
	}
	if cfg.Policy.RawWindow != 91*24*time.Hour {
		t.Errorf("raw_window = %v, want 91 days", cfg.Policy.RawWindow)
	}
	content, err := incident.Load(dir, cfg)
	if err != nil || len(content.Problems) > 0 {
		t.Fatalf("content: %v %v", err, content.Problems)
	}
	orig := incident.LoadFiles(sampleFiles(t), cfg)
	if len(content.Incidents) != len(orig.Incidents) || len(content.Maintenance) != len(orig.Maintenance) {
		t.Fatalf("%d incidents and %d maintenance, want the sample's %d and %d", len(content.Incidents), len(content.Maintenance), len(orig.Incidents), len(orig.Maintenance))
	}
	shift := Shift(end)
	for i, inc := range content.Incidents {
		was := orig.Incidents[i]
		if !inc.Started.Equal(was.Started.Add(shift)) || inc.Title != was.Title {
			t.Errorf("%s started %s, want the sample's %s moved by %v", inc.Path, inc.Started, was.Started, shift)
		}
		if !strings.HasPrefix(filepath.Base(inc.Path), inc.Started.Format("2006-01-02")) {
			t.Errorf("%s is not named by its start date %s", inc.Path, inc.Started.Format("2006-01-02"))
		}
		if inc.Started.Before(end.AddDate(0, 0, -90)) || inc.Started.After(end) {
			t.Errorf("%s starts %s, outside the demo's 90 days before %s", inc.Path, inc.Started, end)
		}
		for j, d := range inc.Disputes {
			if !d.From.Equal(was.Disputes[j].From.Add(shift)) {
				t.Errorf("%s: dispute from %s, want it moved with the incident", inc.Path, d.From)
			}
		}
	}
}

func sampleFiles(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, sub := range []string{"content/incidents", "content/maintenance"} {
		entries, err := os.ReadDir(filepath.Join("..", "..", sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join("..", "..", sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[sub+"/"+e.Name()] = b
		}
	}
	return out
}

// The written days are the sample's story: the same files for the same
// arguments, a check per interval, the failover as the dispute says it
// was measured, and no check while the monitor did not run.
func TestHistory(t *testing.T) {
	cfg, problems := config.Parse("candor.yml", mustRead(t, "../../candor.yml"), nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	cfg.Policy.RawWindow = 91 * 24 * time.Hour // as WriteSample sets it
	end := SampleNow.AddDate(0, 0, 3)
	from, to := end.AddDate(0, 0, -90), end.Add(-Rounds)
	shift := Shift(end)
	files, err := History(cfg, from, to, shift)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := History(cfg, from, to, shift)
	if !reflect.DeepEqual(files, again) {
		t.Error("History is not deterministic")
	}
	hs, bad := history.FromFiles(maps.Clone(files), monitor.HistoryOptions(cfg))
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t.Add(shift) }
	day := hs.Figures("database", at("2026-11-20T00:00:00Z"), at("2026-11-21T00:00:00Z"))
	if n := day.Checks.Total(); n != 288 {
		t.Errorf("a quiet day has %d checks, want 288", n)
	}
	var got []string
	for _, w := range hs.Windows("database", at("2026-10-21T10:30:00Z"), at("2026-10-21T11:00:00Z")) {
		got = append(got, string(w.Outcome)+" "+w.From.Add(-shift).Format("15:04"))
	}
	if want := []string{"up 10:30", "down 10:40", "up 10:55"}; !reflect.DeepEqual(got, want) {
		t.Errorf("the failover measured %v, want %v: up while the dispute says writes failed, then down", got, want)
	}
	for _, w := range hs.Windows("api", at("2026-10-14T02:00:00Z"), at("2026-10-14T06:00:00Z")) {
		if w.Outcome != candor.Up && w.Outcome != candor.Unknown {
			t.Errorf("around the gap: %+v", w)
		}
		if w.Outcome == candor.Unknown && w.Checks > 0 {
			t.Errorf("a check while the monitor did not run: %+v", w)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
