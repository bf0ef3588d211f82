package generator

import (
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// barDays is how many days the day bar shows.
const barDays = 90

// dayBar is a component's 90-day bar: one cell per day in the display zone,
// coloured by that day's measured downtime. Runs of days that look alike
// (clean days, days without data) share one element whose CSS draws a cell
// per day, so a quiet 100-component page stays small; each run's title
// covers every day in it.
type dayBar struct {
	Label string   // text equivalent of the whole bar
	Runs  []dayRun // oldest first
}

// dayRun is one or more consecutive days of one look.
type dayRun struct {
	Class string // ok, deg, part, major, maint, none
	N     int    // days
	Title string // text equivalent: dates and what was measured
}

// day is one day's figures with its look.
type day struct {
	Figures candor.Figures
	Class   string
	Title   string
}

func (s *site) loc() *time.Location {
	if l := s.in.Config.Location; l != nil {
		return l
	}
	return time.UTC
}

// days returns exactly barDays days, oldest first: the measured days, with
// days before measuring began added as no data.
func (s *site) days(c *component) []day {
	measured := c.Measured.Days
	if len(measured) > barDays {
		measured = measured[len(measured)-barDays:]
	}
	loc := s.loc()
	first := midnight(s.in.Now.In(loc)).AddDate(0, 0, 1-barDays)
	if len(measured) > 0 {
		first = midnight(measured[0].Start.In(loc)).AddDate(0, 0, len(measured)-barDays)
	}
	out := make([]day, 0, barDays)
	for i := 0; i < barDays-len(measured); i++ {
		start := first.AddDate(0, 0, i)
		out = append(out, s.newDay(candor.Figures{Start: start, End: start.AddDate(0, 0, 1)}))
	}
	for _, f := range measured {
		out = append(out, s.newDay(f))
	}
	return out
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func (s *site) newDay(f candor.Figures) day {
	d := day{Figures: f, Class: dayClass(f.Minutes)}
	d.Title = f.Start.In(s.loc()).Format("2 Jan") + ": " + minutesSummary(f.Minutes)
	return d
}

// dayClass colours a day by its measured downtime.
func dayClass(m candor.Minutes) string {
	switch {
	case m.Measured() == 0:
		return "none"
	case m.Down == 0 && m.Degraded == 0 && m.Maintenance > 0:
		return "maint"
	case m.Down == 0 && m.Degraded == 0:
		return "ok"
	case m.Down == 0:
		return "deg"
	case m.Down < 60:
		return "part"
	}
	return "major"
}

// minutesSummary says in words what some minutes measured: "99.65% up,
// 5 min down, 98% measured".
func minutesSummary(m candor.Minutes) string {
	if m.Measured() == 0 {
		return "no data"
	}
	var parts []string
	if up, ok := m.Uptime(); ok {
		parts = append(parts, pct(up)+" up")
	}
	if m.Down > 0 {
		parts = append(parts, minutes(m.Down)+" down")
	}
	if m.Degraded > 0 {
		parts = append(parts, minutes(m.Degraded)+" degraded")
	}
	if m.Maintenance > 0 {
		parts = append(parts, minutes(m.Maintenance)+" maintenance")
	}
	if cov := m.Coverage(); cov < 100 {
		parts = append(parts, pct(cov)+" measured")
	}
	return strings.Join(parts, ", ")
}

// bar builds the 90-day bar of c.
func (s *site) bar(c *component, days []day) dayBar {
	b := dayBar{Label: s.barLabel(c)}
	loc := s.loc()
	for i := 0; i < len(days); {
		j := i + 1
		if merges(days[i].Class) {
			for j < len(days) && days[j].Class == days[i].Class {
				j++
			}
		}
		if j-i == 1 {
			b.Runs = append(b.Runs, dayRun{Class: days[i].Class, N: 1, Title: days[i].Title})
			i = j
			continue
		}
		var sum candor.Minutes
		for _, d := range days[i:j] {
			sum = sum.Plus(d.Figures.Minutes)
		}
		title := days[i].Figures.Start.In(loc).Format("2 Jan") + " – " + days[j-1].Figures.Start.In(loc).Format("2 Jan") + ": " + minutesSummary(sum)
		b.Runs = append(b.Runs, dayRun{Class: days[i].Class, N: j - i, Title: title})
		i = j
	}
	return b
}

// merges reports whether consecutive days of class c share one run: only
// days with nothing to tell apart.
func merges(c string) bool { return c == "ok" || c == "none" }

// barLabel is the text equivalent of a bar: "Public API: 99.95% uptime over
// 90 days (98% measured), 2 incidents".
func (s *site) barLabel(c *component) string {
	m := c.Measured.Last90.Minutes
	head := c.name() + ": "
	if up, ok := m.Uptime(); !c.HasProbe {
		head += "not measured (no probe)"
	} else if ok {
		head += pct(up) + " uptime over 90 days"
		if d := degradedWords(m); d != "" {
			head += " · " + d + " degraded"
		}
		head += " (" + pct(m.Coverage()) + " measured)"
	} else {
		head += "no data over 90 days"
	}
	return head + ", " + plural(s.recentIncidents(c, barDays*24*time.Hour), "incident")
}

// recentIncidents counts c's incidents that were open at some time in the
// last span.
func (s *site) recentIncidents(c *component, span time.Duration) int {
	since := s.in.Now.Add(-span)
	n := 0
	for _, inc := range c.Incidents {
		if inc.Open() || inc.Resolved.After(since) {
			n++
		}
	}
	return n
}

// name is the component's name, or its id when it has none.
func (c *component) name() string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}
