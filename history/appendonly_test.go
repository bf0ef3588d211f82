package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// The evidence record is append-only: what a round recorded no later
// round, whatever its clock says, can replace, remove or shorten.

func TestBackDatedRoundsChangeNothing(t *testing.T) {
	s := newStore(t, Options{})
	s.Record(every("api", t0, 5*time.Minute, 4, candor.Down)) // 15 min down, then a check at +15
	before := s.Figures("api", t0, t0.Add(30*time.Minute))
	for _, at := range []float64{-10, 2, 7} { // earlier than the last check, the product up
		if refused := s.Record([]candor.Result{check(at, candor.Up, 0)}); len(refused) != 1 {
			t.Errorf("Record(up at %+vm) refused %d results, want 1", at, len(refused))
		}
	}
	after := s.Figures("api", t0, t0.Add(30*time.Minute))
	if after.Minutes != before.Minutes || after.Checks != before.Checks {
		t.Errorf("figures after back-dated rounds = %+v %+v, want unchanged %+v %+v", after.Minutes, after.Checks, before.Minutes, before.Checks)
	}
	if after.Minutes.Down != 25 {
		t.Errorf("down minutes = %v, want 25 (four checks, the last standing for twice the interval)", after.Minutes.Down)
	}
}

func TestClockAheadForOneRound(t *testing.T) {
	s := newStore(t, Options{})
	s.Record([]candor.Result{check(0, candor.Up, 0)})
	s.Record([]candor.Result{check(60, candor.Up, 0)}) // one round an hour ahead
	for _, at := range []float64{5, 10, 15, 20} {      // the real, failing rounds
		s.Record([]candor.Result{check(at, candor.Down, 0)})
	}
	st, _ := s.State("api")
	if st.Measuring() || st.Refused != 4 || !st.RefusedAt.Equal(t0.Add(20*time.Minute)) {
		t.Errorf("state = refused %d at %v, measuring %v; want 4 refused, the latest at +20m, not measuring", st.Refused, st.RefusedAt, st.Measuring())
	}
	// once the clock passes the future check, rounds count again
	s.Record([]candor.Result{check(65, candor.Down, 0)})
	if st, _ := s.State("api"); !st.Measuring() || st.Outcome != candor.Down {
		t.Errorf("state after the clock caught up = %s, measuring %v; want down, measuring", st.Outcome, st.Measuring())
	}
}

func TestRoundYearsAheadWritesNoEmptyDays(t *testing.T) {
	s := newStore(t, Options{})
	s.Record(every("api", t0, 5*time.Minute, 12, candor.Up))
	ahead := t0.AddDate(3, 0, 0)
	s.Record([]candor.Result{{Component: "api", At: ahead, Outcome: candor.Up}})
	s.Fold(ahead)
	if n := len(s.series["api"].days); n != 1 {
		t.Fatalf("folding years ahead wrote %d daily rows, want 1: no row for a day nothing stands in", n)
	}
	// a real round later: refused and said so, never silently dropped
	refused := s.Record([]candor.Result{check(24*60, candor.Down, 0)})
	if len(refused) != 1 || refused[0].Reason != RefusedEarlier {
		t.Errorf("Record(real round after a future one) = %+v, want refused as earlier than the last check", refused)
	}
	if st, _ := s.State("api"); st.Measuring() {
		t.Error("state after a refused real round says it is measuring")
	}
}

func TestStreaksBreakOnGaps(t *testing.T) {
	s := newStore(t, Options{Interval: 5 * time.Minute})
	s.Record([]candor.Result{check(0, candor.Down, 0)})
	s.Record([]candor.Result{check(180, candor.Down, 0)}) // three hours without rounds
	st, _ := s.State("api")
	if st.Failing != 1 || !st.Since.Equal(t0.Add(180*time.Minute)) {
		t.Errorf("after a gap: failing %d since %v; want a new streak of 1 since +180m", st.Failing, st.Since)
	}
	s.Record([]candor.Result{check(190, candor.Down, 0)}) // ten minutes: twice the interval is no gap
	if st, _ := s.State("api"); st.Failing != 2 {
		t.Errorf("after a round twice the interval later: failing %d, want 2", st.Failing)
	}
	s.Record([]candor.Result{check(201, candor.Up, 0), check(300, candor.Up, 0)})
	if st, _ := s.State("api"); st.Passing != 1 {
		t.Errorf("passing streak across a gap = %d, want 1", st.Passing)
	}
}

func TestDamageIsQuarantinedNotErased(t *testing.T) {
	dir := t.TempDir()
	s, _, _ := Open(dir, Options{})
	s.Record(every("api", t0, 5*time.Minute, 3, candor.Down))
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	raw := filepath.Join(dir, "raw/api.tsv")
	b, _ := os.ReadFile(raw)
	lines := strings.Split(string(b), "\n")
	damagedLine := strings.Replace(lines[2], "down", "dowm", 1) // one character changed
	lines[2] = damagedLine
	os.WriteFile(raw, []byte(strings.Join(lines, "\n")), 0o644)

	s, probs, err := Open(dir, Options{})
	if err != nil || len(probs) != 1 || !strings.Contains(probs[0].Error(), "raw/api.tsv:3: outcome:") {
		t.Fatalf("Open(one damaged line) = %v, %v; want one problem at raw/api.tsv:3", probs, err)
	}
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	q, err := os.ReadFile(raw + QuarantineSuffix)
	if err != nil || !strings.Contains(string(q), "\n"+damagedLine+"\n") {
		t.Fatalf("quarantine file = %q, %v; want the damaged line verbatim", q, err)
	}
	// reported on every later open, until someone repairs it
	for range 2 {
		s, probs, _ = Open(dir, Options{})
		if len(probs) != 1 || !strings.Contains(probs[0].Error(), "raw/api.tsv.quarantine:") {
			t.Fatalf("Open(after quarantine) = %v, want the kept line reported", probs)
		}
		if err := s.Save(); err != nil {
			t.Fatal(err)
		}
	}
	if q2, _ := os.ReadFile(raw + QuarantineSuffix); string(q2) != string(q) {
		t.Errorf("quarantine changed on a later round:\n%s\nwant\n%s", q2, q)
	}
	os.Remove(raw + QuarantineSuffix)
	if _, probs, _ := Open(dir, Options{}); len(probs) != 0 {
		t.Errorf("Open(after the quarantine was cleared) = %v, want no problems", probs)
	}
}

func TestMissingRawFileIsReported(t *testing.T) {
	dir := t.TempDir()
	s, _, _ := Open(dir, Options{})
	s.Record(every("api", t0, 5*time.Minute, 3, candor.Down))
	s.Save()
	os.Remove(filepath.Join(dir, "raw/api.tsv"))

	s, probs, _ := Open(dir, Options{})
	if len(probs) != 1 || !strings.Contains(probs[0].Error(), "raw/api.tsv: does not hold the state's last check at 2026-11-12T12:10:00Z") {
		t.Fatalf("Open(raw file removed) = %v, want it reported against the state's last check", probs)
	}
	st, _ := s.State("api")
	if st.Failing != 3 || !st.LastCheck.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("state = failing %d at %v, want it kept: 3 at +10m", st.Failing, st.LastCheck)
	}
	// history is not restarted: an earlier round is still refused
	if refused := s.Record([]candor.Result{check(7, candor.Up, 0)}); len(refused) != 1 {
		t.Errorf("Record(before the state's last check) refused %d, want 1", len(refused))
	}
	s.Record([]candor.Result{check(15, candor.Down, 0)})
	s.Save()
	if _, probs, _ := Open(dir, Options{}); len(probs) != 1 || !strings.Contains(probs[0].Error(), "raw/api.tsv.quarantine") {
		t.Errorf("Open(a round later) = %v, want the loss still reported from the quarantine", probs)
	}
}
