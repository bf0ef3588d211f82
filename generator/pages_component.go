package generator

import (
	"math"
	"strconv"
	"time"

	"github.com/candor-status/candor"
)

// componentView is the data of component.html.
type componentView struct {
	Row       componentRow
	Group     string
	Probe     string // http, tcp, dns, tls; "" without a probe
	States    []stateLine
	LastCheck *checkLine
	Periods   []periodRow
	SLA       string // "99.9%", "" without one
	Months    []monthRow
	Daily     chart
	Recent    chart
	Days      []dayRow // newest first
	Incidents []incidentCard
}

// stateLine says what a component is and since when: "Measured down since …".
type stateLine struct {
	Text  string
	Since stamp
}

// checkLine is the latest check, in plain words (probe text is escaped by
// the template like all text).
type checkLine struct {
	At      stamp
	Outcome string
	Detail  string // "503 Service Unavailable (status)"
	Latency string
}

type periodRow struct {
	Period, Uptime, Coverage, Down, Checks string
}

type monthRow struct {
	Month, Target, Achieved string
	Verdict                 string // Met, Breached, No data
	Class                   string // ok, major, unk
	Budget                  string // error budget left, or overspent
}

// dayRow is one day in words: "Tue 24 Nov 2026", "Down: 97.08% up, 42 min
// down", "180 ms / 410 ms"; ID is its anchor, which the bars link to.
type dayRow struct {
	ID, Date, Summary, Latency string
}

func (r *renderer) components() {
	for _, c := range r.s.components {
		r.add("components/"+c.ID+"/index.html", "component.html", c.name()+" · "+r.view.Title, func() any { return r.componentView(c) })
	}
}

func (r *renderer) componentView(c *component) componentView {
	s := r.s
	days := s.days(c)
	v := componentView{Row: r.row(c, days), Group: c.Component.Group, Probe: c.Probe.Kind()}
	v.States = r.states(c)
	if st := c.Measured.State; st != nil && !st.LastCheck.IsZero() {
		v.LastCheck = lastCheck(st)
	}
	m := c.Measured
	for _, p := range []struct {
		name string
		f    candor.Figures
	}{{"24 hours", m.Last24}, {"7 days", m.Last7}, {"30 days", m.Last30}, {"90 days", m.Last90}} {
		v.Periods = append(v.Periods, period(p.name, p.f, c.disputedMinutes(p.f.Start, p.f.End)))
	}
	if c.SLA > 0 {
		v.SLA = pct(c.SLA)
	}
	for _, sm := range m.Months {
		v.Months = append(v.Months, month(sm))
	}
	v.Daily = s.dailyChart(c, days)
	v.Recent = s.recentChart(c)
	for i := len(days) - 1; i >= 0; i-- {
		v.Days = append(v.Days, dayRowOf(days[i], s.loc()))
	}
	for _, inc := range c.Incidents {
		v.Incidents = append(v.Incidents, r.card(inc))
	}
	return v
}

// states says what was measured and what is declared, each since when.
func (r *renderer) states(c *component) []stateLine {
	var out []stateLine
	switch st := c.Measured.State; {
	case st != nil && !st.Measuring():
		out = append(out, stateLine{Text: "Not measured: " + plural(st.Refused, "round") + " dated before the last recorded check, at " +
			st.LastCheck.UTC().Format("2006-01-02 15:04 UTC") + ", refused (the monitor's clock went back); not measured since", Since: newStamp(st.RefusedAt)})
	case st != nil && !r.s.in.Blind:
		out = append(out, stateLine{Text: "Measured " + outcomeWord(st.Outcome) + " since", Since: newStamp(st.Since)})
	}
	var since time.Time
	for _, inc := range c.Incidents {
		if inc.Open() && (since.IsZero() || inc.Started.Before(since)) {
			since = inc.Started
		}
	}
	for _, m := range r.s.active {
		if m.Affects(c.ID) && (since.IsZero() || m.Starts.Before(since)) {
			since = m.Starts
		}
	}
	if !since.IsZero() {
		out = append(out, stateLine{Text: "Declared " + lower(c.Declared.Label()) + " since", Since: newStamp(since)})
	}
	return out
}

func lastCheck(st *candor.State) *checkLine {
	l := &checkLine{At: newStamp(st.LastCheck), Outcome: outcomeWord(st.Last.Outcome)}
	if st.Last.Outcome == "" {
		l.Outcome = outcomeWord(st.Outcome)
	}
	if st.Last.Message != "" {
		l.Detail = st.Last.Message
		if st.Last.Class != "" {
			l.Detail += " (" + st.Last.Class + ")"
		}
	}
	if st.Last.Latency > 0 {
		l.Latency = ms(st.Last.Latency)
	}
	return l
}

// period is one row of the uptime table. Uptime stays as measured; the
// minutes incidents dispute inside the period stand next to it.
func period(name string, f candor.Figures, disputed float64) periodRow {
	p := periodRow{Period: name, Uptime: "no data", Coverage: pct(f.Minutes.Coverage()), Down: minutes(f.Minutes.Down), Checks: strconv.Itoa(f.Checks.Total())}
	up, ok := f.Minutes.Uptime()
	if ok {
		p.Uptime = pct(up)
	}
	if math.Round(disputed) >= 1 {
		if ok {
			p.Uptime += " measured"
		}
		p.Uptime += " · " + minutes(disputed) + " disputed"
	}
	return p
}

func month(sm candor.SLAMonth) monthRow {
	row := monthRow{Month: sm.Month, Target: pct(sm.Target), Achieved: "no data", Verdict: "No data", Class: "unk"}
	if t, err := time.Parse("2006-01", sm.Month); err == nil {
		row.Month = t.Format("January 2006")
	}
	if !sm.HasData {
		return row
	}
	row.Achieved = pct(sm.Achieved)
	row.Verdict, row.Class = "Met", "ok"
	if sm.Breached {
		row.Verdict, row.Class = "Breached", "major"
	}
	if sm.Left >= 0 {
		row.Budget = minutes(sm.Left) + " of " + minutes(sm.Budget) + " left"
	} else {
		row.Budget = "overspent by " + minutes(-sm.Left)
	}
	return row
}

func dayRowOf(d day, loc *time.Location) dayRow {
	start := d.Figures.Start.In(loc)
	row := dayRow{ID: dayID(start), Date: start.Format("Mon 2 Jan 2006"), Summary: dayWord(d.Class)}
	if d.Class != "none" {
		row.Summary += ": " + minutesSummary(d.Figures.Minutes)
	}
	if d.Figures.P50 > 0 {
		row.Latency = ms(d.Figures.P50) + " / " + ms(d.Figures.P95)
	}
	return row
}

// dayWord names a day's class for people.
func dayWord(class string) string {
	switch class {
	case "ok":
		return "Up"
	case "maint":
		return "Maintenance"
	case "deg":
		return "Degraded"
	case "part", "major":
		return "Down"
	}
	return "No data"
}
