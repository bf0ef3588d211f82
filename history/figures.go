package history

import (
	"slices"
	"time"

	"github.com/candor-status/candor"
)

// Figures measures component id over [from, to). Time no result stood for
// counts as unknown, so the minutes always add up to the range. Where the
// range cuts into days already folded, it widens to those whole days:
// Start and End say what was measured. Times count to the second.
func (s *Store) Figures(id string, from, to time.Time) candor.Figures {
	return s.figures(s.series[id], from.Unix(), to.Unix())
}

func (s *Store) figures(se *series, from, to int64) candor.Figures {
	loc := s.opt.Location
	if to < from {
		to = from
	}
	var t tally
	if se != nil {
		b := se.boundary(loc)
		if from < b {
			from = dateOf(time.Unix(from, 0), loc).start(loc).Unix()
		}
		if to < b {
			if d := dateOf(time.Unix(to, 0), loc); d.start(loc).Unix() != to {
				to = d.next().start(loc).Unix()
			}
		}
		s.addDays(&t, se, from, min(to, b))
		t.addRaw(se.raw, max(from, b), to, b, s.span())
	}
	f := candor.Figures{
		Start:   time.Unix(from, 0).In(loc),
		End:     time.Unix(to, 0).In(loc),
		Minutes: t.minutes(to - from),
		Checks:  t.checks,
	}
	p50, p95, top := t.percentiles()
	f.P50, f.P95, f.Max = ms(p50), ms(p95), ms(top)
	return f
}

// addDays accounts for the folded days that start inside [from, to).
func (s *Store) addDays(t *tally, se *series, from, to int64) {
	if from >= to {
		return
	}
	loc := s.opt.Location
	first := dateOf(time.Unix(from, 0), loc)
	i, _ := slices.BinarySearchFunc(se.days, first, func(d day, x date) int {
		switch {
		case d.date.before(x):
			return -1
		case x.before(d.date):
			return 1
		}
		return 0
	})
	for ; i < len(se.days) && se.days[i].date.start(loc).Unix() < to; i++ {
		t.addDay(&se.days[i])
	}
}

// span is the longest time one result stands for: twice the interval.
func (s *Store) span() int64 { return int64(2 * s.opt.Interval / time.Second) }

func ms(n int32) time.Duration { return time.Duration(n) * time.Millisecond }
