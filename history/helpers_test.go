package history

import (
	"math"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// t0 is a Thursday noon, well inside a UTC month.
var t0 = time.Date(2026, 11, 12, 12, 0, 0, 0, time.UTC)

func newStore(t testing.TB, opt Options) *Store {
	t.Helper()
	s, probs, err := Open(t.TempDir(), opt)
	if err != nil || len(probs) > 0 {
		t.Fatalf("Open(empty) = %v, %v", probs, err)
	}
	return s
}

// check is one result of component "api" at t0 plus offset minutes.
func check(offset float64, o candor.Outcome, latency time.Duration) candor.Result {
	return candor.Result{Component: "api", At: t0.Add(time.Duration(offset * float64(time.Minute))), Outcome: o, Latency: latency, Attempts: 1, CertDaysLeft: -1}
}

// every returns results of component id every step from start, n times.
func every(id string, start time.Time, step time.Duration, n int, o candor.Outcome) []candor.Result {
	out := make([]candor.Result, n)
	for i := range out {
		out[i] = candor.Result{Component: id, At: start.Add(time.Duration(i) * step), Outcome: o, Latency: time.Duration(100+i%50) * time.Millisecond, Attempts: 1, CertDaysLeft: -1}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// sla999 is a plain 99.9% SLA.
var sla999 = candor.SLA{Target: 99.9}
