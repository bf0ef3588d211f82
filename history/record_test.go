package history

import (
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
)

func TestRecordState(t *testing.T) {
	s := newStore(t, Options{})
	steps := []struct {
		o                candor.Outcome
		since            float64
		failing, passing int
	}{
		{candor.Up, 0, 0, 1},
		{candor.Up, 0, 0, 2},
		{candor.Down, 10, 1, 0},
		{candor.Degraded, 15, 2, 0},
		{candor.Unknown, 20, 2, 0}, // a blind round leaves the counts
		{candor.Down, 25, 3, 0},
		{candor.Up, 30, 0, 1},
		{candor.UnderMaintenance, 35, 0, 0},
		{candor.Up, 40, 0, 1},
	}
	for i, st := range steps {
		at := float64(5 * i)
		r := check(at, st.o, 5*time.Millisecond)
		s.Record([]candor.Result{r})
		got, ok := s.State("api")
		want := candor.State{Component: "api", Outcome: st.o, Since: t0.Add(time.Duration(st.since) * time.Minute),
			Failing: st.failing, Passing: st.passing, LastCheck: r.At, Last: r}
		want.Last.Phases.Total = r.Latency
		if diff := cmp.Diff(want, got); !ok || diff != "" {
			t.Fatalf("after %s at +%vm: State (-want +got):\n%s", st.o, at, diff)
		}
	}
	if got := s.LastCheck(); !got.Equal(t0.Add(40 * time.Minute)) {
		t.Errorf("LastCheck() = %v, want %v", got, t0.Add(40*time.Minute))
	}
	if _, ok := s.State("other"); ok {
		t.Error(`State("other") found a component never checked`)
	}
}

func TestRecordIsIdempotent(t *testing.T) {
	s := newStore(t, Options{})
	round := []candor.Result{check(0, candor.Down, 0), {Component: "db", At: t0, Outcome: candor.Up}}
	s.Record(round)
	if err := s.Save(); err != nil {
		t.Fatal(err)
	}
	before := s.States()
	s.Record(round)
	// the same round again, as a rerun would time it: within the same second
	again := []candor.Result{check(0, candor.Down, 0)}
	again[0].At = again[0].At.Add(300 * time.Millisecond)
	s.Record(again)
	files, _ := s.Files()
	if len(files) != 0 {
		t.Errorf("Files() after recording a round twice = %d changed files, want none", len(files))
	}
	if diff := cmp.Diff(before, s.States()); diff != "" {
		t.Errorf("States changed (-before +after):\n%s", diff)
	}
	if n := len(s.series["api"].raw); n != 1 {
		t.Errorf("raw results = %d, want 1", n)
	}
}

func TestRecordRefusesLateResult(t *testing.T) {
	s := newStore(t, Options{})
	s.Record([]candor.Result{check(0, candor.Down, 0), check(10, candor.Down, 0)})
	before := s.Figures("api", t0, t0.Add(20*time.Minute))
	refused := s.Record([]candor.Result{check(5, candor.Up, 0)})
	if len(refused) != 1 || refused[0].Reason != RefusedEarlier || !refused[0].Last.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("Record(a result before the last check) refused %+v, want it refused as earlier than +10m", refused)
	}
	st, _ := s.State("api")
	if st.Outcome != candor.Down || !st.LastCheck.Equal(t0.Add(10*time.Minute)) || st.Refused != 1 || !st.RefusedAt.Equal(t0.Add(5*time.Minute)) {
		t.Errorf("state after a late result = %s at %v, refused %d at %v; want down at +10m, 1 refused at +5m", st.Outcome, st.LastCheck, st.Refused, st.RefusedAt)
	}
	if st.Measuring() {
		t.Error("a state whose rounds are refused says it is measuring")
	}
	if after := s.Figures("api", t0, t0.Add(20*time.Minute)); after != before {
		t.Errorf("figures after a late result = %+v, want them unchanged: %+v", after.Minutes, before.Minutes)
	}
	s.Record([]candor.Result{check(15, candor.Down, 0)})
	if st, _ := s.State("api"); st.Refused != 0 || !st.Measuring() || st.Failing != 3 {
		t.Errorf("state after the clock caught up = refused %d, failing %d; want 0 refused and the streak going on (3)", st.Refused, st.Failing)
	}
}

func TestRecordDropsUnsafeIDs(t *testing.T) {
	s := newStore(t, Options{})
	s.Record([]candor.Result{{Component: "../etc", At: t0, Outcome: candor.Up}, {Component: "", At: t0, Outcome: candor.Up}})
	if len(s.States()) != 0 {
		t.Errorf("States() = %v, want none for ids that cannot name a file", s.States())
	}
}
