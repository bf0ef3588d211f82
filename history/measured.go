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
// hours, 7, 30 and 90 days, the SLA months that hold any data plus the
// current one (newest first), and the raw checks of the last 24 hours.
// A component never measured gives the zero Measured.
func (s *Store) Measured(id string, now time.Time, sla float64) candor.Measured {
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
	for _, mo := range s.months(se, now) {
		m.Months = append(m.Months, s.MonthAt(id, mo.y, mo.m, sla, now))
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
		out = append(out, candor.Point{At: x.time(), Outcome: x.outcome, Latency: ms(x.latency), Vantages: x.detail.results()})
	}
	return out
}

// Month is component id's calendar month (display zone) against sla, in
// percent; 0 means no SLA: nothing is breached and no budget is given.
// It covers the whole month, so in a month still running the time to
// come counts as unknown: use MonthAt for that.
func (s *Store) Month(id string, year int, month time.Month, sla float64) candor.SLAMonth {
	return s.MonthAt(id, year, month, sla, time.Unix(math.MaxInt32*8, 0))
}

// MonthAt is Month measured only up to now.
func (s *Store) MonthAt(id string, year int, month time.Month, sla float64, now time.Time) candor.SLAMonth {
	loc := s.opt.Location
	start := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	end := start.AddDate(0, 1, 0)
	if now.Before(end) {
		end = now
	}
	if end.Before(start) {
		end = start
	}
	f := s.figures(s.series[id], start.Unix(), end.Unix())
	return slaMonth(start.Format("2006-01"), f, sla)
}

// slaMonth judges figures against sla. The budget is the downtime the SLA
// allows over the minutes that count for uptime (up, degraded, down).
func slaMonth(name string, f candor.Figures, sla float64) candor.SLAMonth {
	m := candor.SLAMonth{Month: name, Figures: f, Target: sla, Used: f.Minutes.Down}
	m.Achieved, m.HasData = f.Minutes.Uptime()
	if sla > 0 {
		counted := f.Minutes.Up + f.Minutes.Degraded + f.Minutes.Down
		m.Budget = counted * (100 - sla) / 100
		m.Left = m.Budget - m.Used
		m.Breached = m.HasData && m.Achieved < sla
	}
	return m
}
