package history

import (
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
)

func TestWindows(t *testing.T) {
	s := newStore(t, Options{})
	var rs []candor.Result
	for i, o := range []candor.Outcome{candor.Up, candor.Up, candor.Down, candor.Down, candor.Down, candor.Up} {
		rs = append(rs, check(float64(5*i), o, 0))
	}
	rs = append(rs, check(60, candor.Up, 0)) // after a gap from 35 to 60
	s.Record(rs)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	w := func(o candor.Outcome, from, to, checks int) candor.Window {
		return candor.Window{Component: "api", Outcome: o, From: at(from), To: at(to), Checks: checks}
	}
	tests := []struct {
		name     string
		from, to int
		want     []candor.Window
	}{
		{"all", -10, 80, []candor.Window{
			w(candor.Unknown, -10, 0, 0), w(candor.Up, 0, 10, 2), w(candor.Down, 10, 25, 3),
			w(candor.Up, 25, 35, 1), w(candor.Unknown, 35, 60, 0), w(candor.Up, 60, 70, 1), w(candor.Unknown, 70, 80, 0),
		}},
		{"inside the outage", 12, 20, []candor.Window{w(candor.Down, 12, 20, 1)}},
		{"empty range", 20, 20, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Windows("api", at(tt.from), at(tt.to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Windows(%d, %d) (-want +got):\n%s", tt.from, tt.to, diff)
			}
		})
	}
}
