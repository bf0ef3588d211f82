package generator

import (
	"strings"
	"sync"
	"time"

	"github.com/candor-status/candor"
)

// barDays is how many days the day bar shows.
const barDays = 90

// dayBar is a component's 90-day bar: one cell per day in the display zone,
// coloured and sized by that day's measured downtime (taller is worse, so
// severity never rests on colour alone). Cells carry only their class: on
// the home page a hundred bars of ninety different days stay small. What a
// day measured is in the component page's list of days, and in days.json,
// which the page script fetches for the day card.
type dayBar struct {
	Label string    // text equivalent of the whole bar
	Short string    // the home page's bar link: the figures stand beside it
	Href  string    // the component page's list of days
	Data  string    // the component's days.json
	Days  []dayCell // exactly barDays, oldest first
}

// dayCell is one day of a bar. Its ID and Title are made only where a
// page shows them: the home page shows the class alone, of ninety days of
// every component.
type dayCell struct {
	Class   string   // ok, deg, part, major, maint, none
	name    *dayName // the day's names, in the display zone
	minutes candor.Minutes
}

// ID is the day's row on the component page: "d2026-11-24".
func (c dayCell) ID() string { return c.name.id }

// Title is what the day measured, in words: "24 Nov: 93.4% up, 1 h 35 min
// down".
func (c dayCell) Title() string { return c.name.short + ": " + minutesSummary(c.minutes) }

// day is one day's figures with its look.
type day struct {
	Figures *candor.Figures // the component's own, not a copy: a site has a million days
	Class   string
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
		out = append(out, s.newDay(&candor.Figures{Start: start, End: start.AddDate(0, 0, 1)}))
	}
	for i := range measured {
		out = append(out, s.newDay(&measured[i]))
	}
	return out
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func (s *site) newDay(f *candor.Figures) day {
	return day{Figures: f, Class: dayClass(f.Minutes)}
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
	summaries.mu.RLock()
	text, ok := summaries.m[m]
	summaries.mu.RUnlock()
	if ok {
		return text
	}
	text = summarize(m)
	summaries.mu.Lock()
	if len(summaries.m) < maxSummaries {
		summaries.m[m] = text
	}
	summaries.mu.Unlock()
	return text
}

// summaries are the words minutesSummary made, by the minutes: most days
// of most components measured the same (a whole day up), and the bars'
// links and the days tables say each day of 10,000 components. Bounded,
// so a site whose every day differs only stops remembering.
var summaries = struct {
	mu sync.RWMutex
	m  map[candor.Minutes]string
}{m: map[candor.Minutes]string{}}

const maxSummaries = 1 << 14

func summarize(m candor.Minutes) string {
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
func (s *site) bar(c *component, days []day, link func(string) string) dayBar {
	b := dayBar{Label: s.barLabel(c), Href: link(componentPath(c) + "#days"), Data: link(componentPath(c) + daysFile)}
	// The figures beside the bar are its text; the name says where it
	// leads. (The incident count cost 0.16 KB of the home page's budget.)
	b.Short = c.name() + ": the last 90 days, day by day"
	b.Days = make([]dayCell, 0, len(days))
	for _, d := range days {
		b.Days = append(b.Days, dayCell{Class: d.Class, name: s.dayNames.of(d.Figures.Start.In(s.loc())), minutes: d.Figures.Minutes})
	}
	return b
}

// componentPath is the folder of c's page.
func componentPath(c *component) string { return "components/" + c.ID + "/" }

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
