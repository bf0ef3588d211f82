package history

import (
	"slices"
	"time"

	"github.com/candor-status/candor"
)

// Windows returns the runs of one outcome in component id's raw results
// inside [from, to), oldest first, as an incident page tells them: "down
// from 14:05 to 15:40, 19 checks failed". A stretch no result stood for is
// an unknown window with no checks. Folded days hold no raw results, so a
// range before the raw window gives only what is left of it.
func (s *Store) Windows(id string, from, to time.Time) []candor.Window {
	se := s.series[id]
	lo, hi := from.Unix(), to.Unix()
	if lo >= hi {
		return nil
	}
	var rs []raw
	if se != nil {
		rs = se.raw
	}
	var out []candor.Window
	add := func(o candor.Outcome, a, b int64, checks int) {
		a, b = max(a, lo), min(b, hi)
		if a >= b && checks == 0 {
			return
		}
		if n := len(out); n > 0 && out[n-1].Outcome == o && out[n-1].To.Unix() == a {
			out[n-1].To = time.Unix(b, 0).UTC()
			out[n-1].Checks += checks
			return
		}
		out = append(out, candor.Window{Component: id, Outcome: o, From: time.Unix(a, 0).UTC(), To: time.Unix(b, 0).UTC(), Checks: checks})
	}
	i, _ := slices.BinarySearchFunc(rs, lo, func(x raw, at int64) int { return cmpInt(x.at, at) })
	i = max(0, i-1)
	covered := lo // where the last window ended
	for ; i < len(rs) && rs[i].at < hi; i++ {
		x := rs[i]
		if x.at > covered {
			add(candor.Unknown, covered, x.at, 0)
		}
		end := x.at + s.span()
		if i+1 < len(rs) && rs[i+1].at < end {
			end = rs[i+1].at
		}
		checks := 0
		if x.at >= lo {
			checks = 1
		}
		if end > lo {
			add(x.outcome, x.at, end, checks)
		}
		covered = max(covered, end)
	}
	if covered < hi {
		add(candor.Unknown, covered, hi, 0)
	}
	return out
}
