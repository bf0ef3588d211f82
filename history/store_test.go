package history

import (
	"github.com/candor-status/candor/internal/atomicfile"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
)

// sample records ten days of api checks every 5 minutes with an outage,
// a gap and a failing check that carries text, plus one db check.
func sample(s *Store) time.Time {
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rs := every("api", start, 5*time.Minute, 10*288, candor.Up)
	for i := 500; i < 520; i++ {
		rs[i].Outcome = candor.Down
		rs[i].Class, rs[i].Message = "status", "got 503\tService Unavailable\n"
	}
	rs = slices.Delete(rs, 1000, 1100)
	s.Record(rs)
	s.Record([]candor.Result{{Component: "db", At: start.Add(time.Hour), Outcome: candor.Degraded, Latency: 3 * time.Second, Attempts: 2, Class: "slow", CertDaysLeft: 40}})
	return start.Add(10 * 24 * time.Hour)
}

func TestSaveOpenRoundTrip(t *testing.T) {
	dir := t.TempDir()
	opt := Options{RawWindow: 3 * 24 * time.Hour}
	s, _, err := Open(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	now := sample(s)
	s.Fold(now)
	want, _ := s.Files()
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	for rel, b := range want {
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil || string(got) != string(b) {
			t.Errorf("%s on disk differs from Files() (%v)", rel, err)
		}
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*", ".*"))
	if len(names) > 0 {
		t.Errorf("temporary files left: %v", names)
	}
	if files, _ := s.Files(); len(files) != 0 {
		t.Errorf("Files() after Save = %d files, want none", len(files))
	}

	r, probs, err := Open(dir, opt)
	if err != nil || len(probs) > 0 {
		t.Fatalf("Open = %v, %v", probs, err)
	}
	if diff := cmp.Diff(s.States(), r.States()); diff != "" {
		t.Errorf("States after reopening (-saved +read):\n%s", diff)
	}
	for _, id := range []string{"api", "db"} {
		if diff := cmp.Diff(s.Measured(id, now, sla999, nil), r.Measured(id, now, sla999, nil)); diff != "" {
			t.Errorf("Measured(%s) after reopening (-saved +read):\n%s", id, diff)
		}
	}
	st, _ := r.State("db")
	if st.Last.Class != "slow" || st.Last.Attempts != 2 || st.Last.CertDaysLeft != 40 || st.Last.Latency != 3*time.Second {
		t.Errorf("db last result = %+v, want class slow, 2 attempts, 40 days, 3s", st.Last)
	}
}

func TestFoldKeepsFigures(t *testing.T) {
	s := newStore(t, Options{RawWindow: 2 * 24 * time.Hour})
	now := sample(s)
	before := s.Measured("api", now, sla999, nil)
	s.Fold(now)
	after := s.Measured("api", now, sla999, nil)
	if len(s.series["api"].days) != 8 {
		t.Errorf("folded %d days, want 8", len(s.series["api"].days))
	}
	// Whole days and months are exact after folding; multi-day latency
	// percentiles come from the histogram.
	opts := cmp.FilterPath(func(p cmp.Path) bool {
		return strings.HasPrefix(p.String(), "Last") && (strings.HasSuffix(p.String(), "P50") || strings.HasSuffix(p.String(), "P95")) ||
			strings.HasPrefix(p.String(), "Months.Figures.P")
	}, cmp.Ignore())
	if diff := cmp.Diff(before, after, opts); diff != "" {
		t.Errorf("Measured changed by folding (-before +after):\n%s", diff)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	s.Fold(now)
	if files, _ := s.Files(); len(files) != 0 {
		t.Errorf("folding twice changed %v", slices.Sorted(func(yield func(string) bool) {
			for k := range files {
				if !yield(k) {
					return
				}
			}
		}))
	}
	// a result inside a folded day is refused, never counted twice
	refused := s.Record([]candor.Result{{Component: "api", At: now.Add(-9 * 24 * time.Hour), Outcome: candor.Down}})
	if len(refused) != 1 {
		t.Errorf("Record(inside a folded day) refused %d results, want 1", len(refused))
	}
	if files, _ := s.Files(); len(files) != 1 || files[stateFile] == nil {
		t.Errorf("recording into a folded day changed %d files, want only the state's note of the refusal", len(files))
	}
}

func TestFoldCarriesAcrossDays(t *testing.T) {
	// One check at 23:55 stands for ten minutes: five belong to the next
	// day, which folds on a later run.
	s := newStore(t, Options{RawWindow: 24 * time.Hour})
	d := time.Date(2026, 11, 1, 23, 55, 0, 0, time.UTC)
	s.Record([]candor.Result{{Component: "api", At: d, Outcome: candor.Down}, {Component: "api", At: d.Add(24 * time.Hour), Outcome: candor.Up}})
	s.Fold(d.Add(26 * time.Hour))
	s.Fold(d.Add(50 * time.Hour))
	day2 := s.Figures("api", d.Add(5*time.Minute), d.Add(24*time.Hour+5*time.Minute))
	if day2.Minutes.Down != 5 || day2.Minutes.Up != 5 {
		t.Errorf("second day = %+v, want 5 min down carried in and 5 min up", day2.Minutes)
	}
}

func TestOpenMissingDir(t *testing.T) {
	s, probs, err := Open(filepath.Join(t.TempDir(), "nothing"), Options{})
	if err != nil || len(probs) != 0 || len(s.States()) != 0 {
		t.Errorf("Open(missing) = %v, %v, %v; want an empty store", s.States(), probs, err)
	}
}

func TestOpenReportsDamagedLines(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("state.tsv", stateHeaderV1+" component outcome since failing passing | last check\n"+"api\tup\t2026-11-12T12:00:00Z\t0\t1\t2026-11-12T12:05:00Z\tup\t10\t1\t-1\n"+"db\tfine\t2026-11-12T12:00:00Z\t0\t1\t2026-11-12T12:05:00Z\tup\t10\t1\t-1\n")
	write("raw/api.tsv", rawHeader+"2026-11-12T12:00:00Z\tup\t10\t1\t-1\n2026-11-12T12:05:00\tup\t10\t1\t-1\n2026-11-12T12:05:00Z\tup\t10\t1\t-1\n")
	write("daily/api.tsv", dailyHeader+"2026-11-01\t90000\t0\t0\t0\t1\t0\t0\t0\t0\t1\t1\t1\t\n2026-11-02\t60\t0\t0\t0\t1\t0\t0\t0\t0\t1\t1\t1\t1:1\n")
	write("raw/notes.txt", "ignored\n")
	s, probs, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	slices.Sort(got)
	d := filepath.ToSlash(dir)
	moved := func(rel string) string { return "; the line is moved to " + d + "/" + rel + QuarantineSuffix }
	want := []string{
		d + "/daily/api.tsv:2: day 2026-11-01: 90000 seconds measured in a day of 86400" + moved("daily/api.tsv"),
		d + "/raw/api.tsv:3: at: want a UTC time like 2026-11-26T14:05:00Z" + moved("raw/api.tsv"),
		d + "/state.tsv:3: outcome: want one of up, degraded, down, unknown, maintenance; got \"fine\"" + moved("state.tsv"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if n := len(s.series["api"].raw); n != 2 {
		t.Errorf("kept %d raw results, want 2", n)
	}
	if n := len(s.series["api"].days); n != 1 {
		t.Errorf("kept %d days, want 1", n)
	}
	if _, ok := s.State("api"); !ok {
		t.Error("the good state line was lost")
	}
}

func TestOpenRebuildsMissingState(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "raw"), 0o755)
	os.WriteFile(filepath.Join(dir, "raw/api.tsv"), []byte(rawHeader+"2026-11-12T12:00:00Z\tdown\t10\t1\t-1\n2026-11-12T12:05:00Z\tdown\t10\t1\t-1\n"), 0o644)
	s, _, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, ok := s.State("api")
	if !ok || st.Outcome != candor.Down || st.Failing != 2 || !st.Since.Equal(t0) {
		t.Errorf("rebuilt state = %+v, want down since %v, failing 2", st, t0)
	}
}

func TestFiguresWidenIntoFoldedDays(t *testing.T) {
	s := newStore(t, Options{RawWindow: 24 * time.Hour})
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s.Record(every("api", day, 5*time.Minute, 3*288, candor.Up))
	s.Fold(day.Add(2 * 24 * time.Hour))
	f := s.Figures("api", day.Add(6*time.Hour), day.Add(30*time.Hour))
	if !f.Start.Equal(day) || !f.End.Equal(day.Add(30*time.Hour)) || f.Minutes.Up != 30*60 || f.Checks.Up != 30*12 {
		t.Errorf("Figures = %v..%v, %v min up, %d checks; want the whole folded day from %v, 1800 min, 360 checks",
			f.Start, f.End, f.Minutes.Up, f.Checks.Up, day)
	}
	g := s.Figures("api", day.Add(6*time.Hour), day.Add(7*time.Hour))
	if !g.Start.Equal(day) || !g.End.Equal(day.Add(24*time.Hour)) {
		t.Errorf("Figures inside a folded day = %v..%v, want that day", g.Start, g.End)
	}
}

func TestWriteOrder(t *testing.T) {
	paths := []string{"state.tsv", "raw/b.tsv", "seen.tsv", "daily/z.tsv", "raw/a.tsv", "raw/a.tsv.quarantine", "daily/a.tsv"}
	want := []string{"raw/a.tsv.quarantine", "daily/a.tsv", "daily/z.tsv", "raw/a.tsv", "raw/b.tsv", "seen.tsv", "state.tsv"}
	if got := WriteOrder(paths); !slices.Equal(got, want) {
		t.Errorf("WriteOrder = %v, want %v", got, want)
	}
}

// TestCrashAfterDailyWrite: a fold whose daily file was written but whose
// raw file was not loses nothing and counts nothing twice.
func TestCrashAfterDailyWrite(t *testing.T) {
	dir := t.TempDir()
	opt := Options{RawWindow: 24 * time.Hour}
	s, _, _ := Open(dir, opt)
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s.Record(every("api", day, 5*time.Minute, 3*288, candor.Up))
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	now := day.Add(3 * 24 * time.Hour)
	want := s.Figures("api", day, now)
	s.Fold(now)
	files, _ := s.Files()
	if err := atomicfile.WriteFile(filepath.Join(dir, "daily/api.tsv"), files["daily/api.tsv"]); err != nil {
		t.Fatal(err)
	}
	r, _, _ := Open(dir, opt)
	if got := r.Figures("api", day, now); got.Minutes != want.Minutes || got.Checks != want.Checks {
		t.Errorf("after a crash mid-save: %+v %+v, want %+v %+v", got.Minutes, got.Checks, want.Minutes, want.Checks)
	}
}

func TestFromFiles(t *testing.T) {
	s := newStore(t, Options{RawWindow: 3 * 24 * time.Hour})
	now := sample(s)
	s.Fold(now)
	files, _ := s.Files()
	files["README"] = []byte("not the store's")
	r, probs := FromFiles(files, Options{RawWindow: 3 * 24 * time.Hour})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if diff := cmp.Diff(s.Measured("api", now, sla999, nil), r.Measured("api", now, sla999, nil)); diff != "" {
		t.Errorf("Measured from files (-store +files):\n%s", diff)
	}
	if err := r.Save(); err == nil {
		t.Error("Save of a store read from files wrote somewhere")
	}
	r.Record(every("api", now, 5*time.Minute, 1, candor.Up))
	changed, _ := r.Files()
	if len(changed) != 2 || changed["raw/api.tsv"] == nil || changed["state.tsv"] == nil {
		t.Errorf("one round changed %d files, want raw/api.tsv and state.tsv", len(changed))
	}
}
