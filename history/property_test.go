package history

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// randomStore records results at random gaps (a second to an hour) over
// about ten days, with random outcomes.
func randomStore(t *testing.T, rng *rand.Rand, loc *time.Location) (*Store, time.Time, time.Time) {
	interval := time.Duration(1+rng.IntN(10)) * time.Minute
	s := newStore(t, Options{Interval: interval, Location: loc, RawWindow: time.Duration(1+rng.IntN(5)) * 24 * time.Hour})
	start := time.Date(2026, 10, 28, rng.IntN(24), rng.IntN(60), 0, 0, time.UTC)
	at := start
	var rs []candor.Result
	for at.Before(start.Add(10 * 24 * time.Hour)) {
		o := candor.Outcomes[rng.IntN(len(candor.Outcomes))]
		rs = append(rs, candor.Result{Component: "api", At: at, Outcome: o, Latency: time.Duration(rng.IntN(5000)) * time.Millisecond})
		if rng.IntN(20) == 0 {
			at = at.Add(time.Duration(rng.IntN(3600)) * time.Second)
		} else {
			at = at.Add(interval + time.Duration(rng.IntN(60)-30)*time.Second)
		}
	}
	rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	s.Record(rs)
	return s, start, at
}

func checkFigures(t *testing.T, what string, f candor.Figures) {
	t.Helper()
	m := f.Minutes
	elapsed := f.End.Sub(f.Start).Minutes()
	if !near(m.Total(), elapsed) {
		t.Errorf("%s: minutes add to %v, elapsed %v (%+v)", what, m.Total(), elapsed, m)
	}
	for _, v := range []float64{m.Up, m.Degraded, m.Down, m.Unknown, m.Maintenance} {
		if v < 0 {
			t.Errorf("%s: negative minutes %+v", what, m)
		}
	}
	if up, ok := m.Uptime(); ok && (up < 0 || up > 100) {
		t.Errorf("%s: uptime %v outside 0..100", what, up)
	}
	if c := m.Coverage(); c < 0 || c > 100+1e-9 {
		t.Errorf("%s: coverage %v outside 0..100", what, c)
	}
	if f.P50 > f.P95 || f.P95 > f.Max {
		t.Errorf("%s: percentiles out of order: %v %v %v", what, f.P50, f.P95, f.Max)
	}
}

func TestPropertyMinutesAddUp(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	for seed := range uint64(40) {
		rng := rand.New(rand.NewPCG(seed, 7))
		loc := time.UTC
		if seed%2 == 1 {
			loc = ny
		}
		s, start, end := randomStore(t, rng, loc)
		span := end.Sub(start) + 48*time.Hour
		for range 20 {
			from := start.Add(-24*time.Hour + time.Duration(rng.Int64N(int64(span))))
			to := from.Add(time.Duration(rng.Int64N(int64(5 * 24 * time.Hour))))
			checkFigures(t, "raw range", s.Figures("api", from, to))
		}
		now := end.Add(time.Duration(rng.IntN(48)) * time.Hour)
		before := s.Measured("api", now, sla999, nil)
		s.Fold(now)
		after := s.Measured("api", now, sla999, nil)
		for i := range before.Days {
			b, a := before.Days[i], after.Days[i]
			checkFigures(t, "day", a)
			if !near(b.Minutes.Up, a.Minutes.Up) || !near(b.Minutes.Down, a.Minutes.Down) || !near(b.Minutes.Unknown, a.Minutes.Unknown) ||
				b.Checks != a.Checks || b.P50 != a.P50 || b.P95 != a.P95 || b.Max != a.Max {
				t.Fatalf("seed %d: day %v changed by folding: %+v %+v -> %+v %+v", seed, b.Start, b.Minutes, b.Checks, a.Minutes, a.Checks)
			}
		}
		for range 20 {
			from := start.Add(-24*time.Hour + time.Duration(rng.Int64N(int64(span)))).Truncate(time.Second)
			to := from.Add(time.Duration(rng.Int64N(int64(5 * 24 * time.Hour)))).Truncate(time.Second)
			f := s.Figures("api", from, to)
			checkFigures(t, "folded range", f)
			if f.Start.After(from) || f.End.Before(to) {
				t.Errorf("Figures(%v, %v) narrowed the range to %v..%v", from, to, f.Start, f.End)
			}
		}
		for _, f := range []candor.Figures{after.Last24, after.Last7, after.Last30, after.Last90} {
			checkFigures(t, "last", f)
		}
		for _, m := range after.Months {
			checkFigures(t, "month "+m.Month, m.Figures)
		}
	}
}
