package history

import (
	"math"
	"slices"
	"time"

	"github.com/candor-status/candor"
)

// days is how many display-zone days Measured returns.
const days = 90

// Measured is everything the site shows about component id at now: its
// state, the last 90 display-zone days (today, so far, last), the last 24
// hours, 7, 30 and 90 days, the SLA months against sla that hold any data
// plus the current one (newest first), the raw checks of the last 24 hours
// and the measured downtime the disputes cover. A component never measured
// gives the zero Measured.
func (s *Store) Measured(id string, now time.Time, sla candor.SLA, disputes []candor.Dispute) candor.Measured {
	se, st := s.series[id], s.states[id]
	if se == nil && st == nil {
		return candor.Measured{}
	}
	var m candor.Measured
	if st != nil {
		p := st.public(id)
		m.State = &p
	}
	loc, end := s.opt.Location, now.Unix()
	today := dateOf(now, loc)
	for i := days - 1; i >= 0; i-- {
		d := today.add(-i)
		m.Days = append(m.Days, s.figures(se, d.start(loc).Unix(), min(d.next().start(loc).Unix(), end)))
	}
	m.Last24 = s.figures(se, end-24*3600, end)
	m.Last7 = s.figures(se, end-7*24*3600, end)
	m.Last30 = s.figures(se, end-30*24*3600, end)
	m.Last90 = s.figures(se, end-90*24*3600, end)
	m.Disputed = s.Disputed(id, disputes, now)
	for _, mo := range s.months(se, now) {
		m.Months = append(m.Months, s.MonthAt(id, mo.y, mo.m, sla, now, m.Disputed))
	}
	m.Recent = s.points(se, end-24*3600, end)
	return m
}

func (d date) add(n int) date {
	t := time.Date(d.y, d.m, d.d+n, 0, 0, 0, 0, time.UTC)
	return date{t.Year(), t.Month(), t.Day()}
}

// months lists the months, newest first, that hold a folded day or a raw
// check, and the month of now.
func (s *Store) months(se *series, now time.Time) []date {
	loc := s.opt.Location
	seen := map[date]bool{}
	add := func(d date) { seen[date{d.y, d.m, 1}] = true }
	add(dateOf(now, loc))
	if se != nil {
		for _, d := range se.days {
			if d.checks.Total() > 0 {
				add(d.date)
			}
		}
		b := se.boundary(loc)
		for _, x := range se.raw {
			if x.at >= b && x.at <= now.Unix() {
				add(dateOf(x.time(), loc))
			}
		}
	}
	out := make([]date, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b date) int {
		if a.before(b) {
			return 1
		}
		return -1
	})
	return out
}

// points returns the raw checks in [from, to], oldest first.
func (s *Store) points(se *series, from, to int64) []candor.Point {
	if se == nil {
		return nil
	}
	var out []candor.Point
	i, _ := slices.BinarySearchFunc(se.raw, from, func(x raw, at int64) int { return cmpInt(x.at, at) })
	for ; i < len(se.raw) && se.raw[i].at <= to; i++ {
		x := se.raw[i]
		out = append(out, candor.Point{At: x.time(), Outcome: x.outcome, Latency: ms(x.latency)})
	}
	return out
}

// Month is component id's calendar month (display zone) against sla, as
// if the month were over: time no check stood for counts as unmeasured.
// Use MonthAt for a month that may still run.
func (s *Store) Month(id string, year int, month time.Month, sla candor.SLA) candor.SLAMonth {
	return s.MonthAt(id, year, month, sla, time.Unix(math.MaxInt32*8, 0), nil)
}

// MonthAt is component id's calendar month judged at now: measured up to
// now, the rest of the month still to come. disputed is the component's
// disputed downtime (Disputed); the part inside the month is stated beside
// the figures.
func (s *Store) MonthAt(id string, year int, month time.Month, sla candor.SLA, now time.Time, disputed []candor.Window) candor.SLAMonth {
	loc := s.opt.Location
	start := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	end := start.AddDate(0, 1, 0)
	upTo := end
	if now.Before(end) {
		upTo = now
	}
	if upTo.Before(start) {
		upTo = start
	}
	f := s.figures(s.series[id], start.Unix(), upTo.Unix())
	return candor.NewSLAMonth(start, end, now, f, sla, candor.DisputedWithin(disputed, start, upTo))
}
