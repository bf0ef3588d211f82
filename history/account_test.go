package history

import (
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
)

func TestFiguresAccounting(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name     string
		results  []candor.Result
		from, to float64 // minutes after t0
		want     candor.Minutes
		checks   candor.Counts
	}{
		{
			name:    "steady",
			results: every("api", t0, 5*time.Minute, 12, candor.Up),
			from:    0, to: 60,
			want:   candor.Minutes{Up: 60},
			checks: candor.Counts{Up: 12},
		},
		{
			name:    "silence after a result stands for two intervals only",
			results: []candor.Result{check(0, candor.Up, ms)},
			from:    0, to: 60,
			want:   candor.Minutes{Up: 10, Unknown: 50},
			checks: candor.Counts{Up: 1},
		},
		{
			name: "a gap between checks is unknown",
			results: []candor.Result{check(0, candor.Up, ms), check(5, candor.Up, ms), check(40, candor.Down, ms),
				check(45, candor.Down, ms), check(50, candor.Up, ms), check(55, candor.Up, ms)},
			from: 0, to: 60,
			want:   candor.Minutes{Up: 25, Down: 10, Unknown: 25},
			checks: candor.Counts{Up: 4, Down: 2},
		},
		{
			name:    "late check stands until the next",
			results: []candor.Result{check(0, candor.Down, ms), check(7, candor.Up, ms), check(20, candor.Up, ms)},
			from:    0, to: 30,
			want:   candor.Minutes{Down: 7, Up: 10 + 10, Unknown: 3},
			checks: candor.Counts{Down: 1, Up: 2},
		},
		{
			name:    "maintenance is apart",
			results: []candor.Result{check(0, candor.Up, ms), check(5, candor.UnderMaintenance, 0), check(10, candor.UnderMaintenance, 0), check(15, candor.Degraded, ms)},
			from:    0, to: 20,
			want:   candor.Minutes{Up: 5, Maintenance: 10, Degraded: 5},
			checks: candor.Counts{Up: 1, Maintenance: 2, Degraded: 1},
		},
		{
			name:    "a blind round is unknown",
			results: []candor.Result{check(0, candor.Up, ms), check(5, candor.Unknown, 0), check(10, candor.Up, ms)},
			from:    0, to: 15,
			want:   candor.Minutes{Up: 10, Unknown: 5},
			checks: candor.Counts{Up: 2, Unknown: 1},
		},
		{
			name:    "a check before the range stands into it but is not counted",
			results: []candor.Result{check(-3, candor.Down, ms), check(4, candor.Up, ms)},
			from:    0, to: 10,
			want:   candor.Minutes{Down: 4, Up: 6},
			checks: candor.Counts{Up: 1},
		},
		{
			name:    "no data at all",
			results: nil,
			from:    0, to: 60,
			want: candor.Minutes{Unknown: 60},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, Options{Interval: 5 * time.Minute})
			s.Record(tt.results)
			from, to := t0.Add(time.Duration(tt.from)*time.Minute), t0.Add(time.Duration(tt.to)*time.Minute)
			f := s.Figures("api", from, to)
			if diff := cmp.Diff(tt.want, f.Minutes); diff != "" {
				t.Errorf("Figures minutes (-want +got):\n%s", diff)
			}
			if f.Checks != tt.checks {
				t.Errorf("Figures checks = %+v, want %+v", f.Checks, tt.checks)
			}
			if !f.Start.Equal(from) || !f.End.Equal(to) {
				t.Errorf("Figures range = %v..%v, want %v..%v", f.Start, f.End, from, to)
			}
		})
	}
}

func TestUptimeExcludesUnknownAndMaintenance(t *testing.T) {
	s := newStore(t, Options{})
	s.Record([]candor.Result{check(0, candor.Up, 0), check(5, candor.Down, 0), check(10, candor.UnderMaintenance, 0), check(15, candor.Unknown, 0)})
	f := s.Figures("api", t0, t0.Add(20*time.Minute))
	up, ok := f.Minutes.Uptime()
	if !ok || up != 50 {
		t.Errorf("Uptime() = %v, %v, want 50, true", up, ok)
	}
	if c := f.Minutes.Coverage(); c != 75 {
		t.Errorf("Coverage() = %v, want 75", c)
	}
}

func TestLatencyPercentiles(t *testing.T) {
	s := newStore(t, Options{})
	var rs []candor.Result
	for i := range 20 {
		rs = append(rs, check(float64(5*i), candor.Up, time.Duration(i+1)*10*time.Millisecond))
	}
	rs = append(rs, check(100, candor.Down, 9*time.Second)) // no answer: not counted
	s.Record(rs)
	f := s.Figures("api", t0, t0.Add(2*time.Hour))
	if f.P50 != 100*time.Millisecond || f.P95 != 190*time.Millisecond || f.Max != 200*time.Millisecond {
		t.Errorf("percentiles = %v %v %v, want 100ms 190ms 200ms", f.P50, f.P95, f.Max)
	}
}

func TestBucket(t *testing.T) {
	for _, ms := range []int32{0, 1, 2, 7, 8, 9, 100, 101, 1999, 2000, 2001, 9000, 1 << 30} {
		if got, want := bucket(ms), searchBucket(ms); got != want {
			t.Errorf("bucket(%d) = %d, want %d", ms, got, want)
		}
		if i := bucket(ms); bounds[i] < ms || i > 0 && bounds[i-1] >= ms {
			t.Errorf("bucket(%d) = bound %d, not the least bound at or above it", ms, bounds[i])
		}
	}
}

func TestNegativeLatencyRoundTrips(t *testing.T) {
	s := newStore(t, Options{})
	s.Record([]candor.Result{check(0, candor.Up, -time.Second)})
	files, _ := s.Files()
	if _, probs := decodeRaw("raw/api.tsv", files["raw/api.tsv"]); len(probs) > 0 {
		t.Errorf("a negative latency was written unreadably: %v", probs)
	}
}
