package history

import (
	"slices"
	"time"

	"github.com/candor-status/candor"
)

// Disputed is the measured downtime of component id that the disputes
// cover, as down windows, oldest first. Only time a check measured down
// counts: unmeasured time, time up or degraded, and time after now are
// left out, and overlapping disputes count once.
//
// Days already folded keep only their totals, so inside them the disputed
// downtime is the day's downtime, at most the disputed part of the day,
// placed at the start of that part.
func (s *Store) Disputed(id string, disputes []candor.Dispute, now time.Time) []candor.Window {
	var out []candor.Window
	for _, st := range s.disputedStretches(id, disputes, now) {
		out = append(out, s.foldedDown(id, st[0], st[1])...)
		from := st[0]
		if se := s.series[id]; se != nil {
			from = max(from, se.boundary(s.opt.Location))
		}
		if from >= st[1] {
			continue
		}
		for _, w := range s.Windows(id, time.Unix(from, 0), time.Unix(st[1], 0)) {
			if w.Outcome == candor.Down {
				out = append(out, w)
			}
		}
	}
	return out
}

// disputedStretches are the disputes of component id as [from, to) in
// Unix seconds, cut at now, sorted and merged.
func (s *Store) disputedStretches(id string, disputes []candor.Dispute, now time.Time) [][2]int64 {
	var list [][2]int64
	for _, d := range disputes {
		if d.Component != id {
			continue
		}
		a, b := d.From.Unix(), min(d.To.Unix(), now.Unix())
		if b > a {
			list = append(list, [2]int64{a, b})
		}
	}
	slices.SortFunc(list, func(x, y [2]int64) int { return cmpInt(x[0], y[0]) })
	var out [][2]int64
	for _, st := range list {
		if n := len(out); n > 0 && st[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], st[1])
			continue
		}
		out = append(out, st)
	}
	return out
}

// foldedDown is the downtime of folded days inside [from, to): per day,
// the day's down time, at most the part of the day inside the range.
func (s *Store) foldedDown(id string, from, to int64) []candor.Window {
	se := s.series[id]
	if se == nil {
		return nil
	}
	loc := s.opt.Location
	var out []candor.Window
	for i := range se.days {
		d := &se.days[i]
		a, b := max(from, d.date.start(loc).Unix()), min(to, d.date.next().start(loc).Unix())
		if b <= a || d.down == 0 {
			continue
		}
		n := min(d.down, b-a)
		out = append(out, candor.Window{Component: id, Outcome: candor.Down, From: time.Unix(a, 0).UTC(), To: time.Unix(a+n, 0).UTC()})
	}
	return out
}
