package generator

import (
	"html/template"
	"math"
	"strconv"
	"time"

	"github.com/candor-status/candor"
)

// componentView is the data of component.html.
type componentView struct {
	Key       keyView
	Row       componentRow
	Group     string
	Probe     string // http, tcp, dns, tls; "" without a probe
	States    []stateLine
	LastCheck *checkLine
	Periods   []periodRow
	SLA       string // "99.9%", "" without one
	Credits   bool   // the SLA has credit tiers: the table has a credit column
	Months    []monthRow
	Daily     chart
	Recent    chart
	Days      []dayRow // newest first
	Incidents []incidentCard
	// Locations says how the vantage points of the latest check agree;
	// Vantages is each one's latest check; Quorum is policy.quorum.
	Locations string
	Vantages  []vantageRow
	Quorum    int
}

// DayRows is Days as table rows.
func (v componentView) DayRows() template.HTML { return dayRows(v.Days) }

// vantageRow is a vantage point's latest check in words.
type vantageRow struct {
	Name, Outcome, Latency, Detail string
	At                             stamp
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
	Detail  string // "answered 503 Service Unavailable; expected 2xx"
	Latency string
}

type periodRow struct {
	Period, Uptime, Coverage, Down, Checks string
}

// monthRow is one calendar month against the SLA, in words.
type monthRow struct {
	Month    string // "November 2026"
	Uptime   string // measured, "99.976% · 15 min degraded"; "no data"
	Range    string // the bounds: "49.953% to 99.953%"
	Coverage string // share of the month so far measured
	Budget   string // "10 of 43.2 min used so far", with disputed downtime beside it
	Verdict  string // "Met", "Breached", "Undetermined, 720 min unmeasured"
	Class    string // ok, major, unk
	Credit   string // "10% credit owed", "credit undetermined: …"; "" without tiers
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
	v := componentView{Key: keyView{Full: true, Zone: r.s.loc().String()}, Row: r.row(c, days), Group: c.Component.Group, Probe: c.Probe.Kind()}
	v.States = r.states(c)
	if st := c.Measured.State; st != nil && !st.LastCheck.IsZero() {
		v.LastCheck = lastCheck(st, r.s.loc())
	}
	v.Locations, v.Quorum = s.locations(c), s.in.Config.Policy.Quorum
	for _, vc := range s.vantages(c) {
		v.Vantages = append(v.Vantages, vantageRowOf(vc, r.s.loc()))
	}
	m := c.Measured
	for _, p := range []struct {
		name string
		f    candor.Figures
	}{{"24 hours", m.Last24}, {"7 days", m.Last7}, {"30 days", m.Last30}, {"90 days", m.Last90}} {
		v.Periods = append(v.Periods, period(p.name, p.f, c.disputedMinutes(p.f.Start, p.f.End)))
	}
	if c.SLA.Target > 0 {
		v.SLA, v.Credits = targetText(c.SLA.Target), len(c.SLA.Credits) > 0
	}
	for _, sm := range m.Months {
		v.Months = append(v.Months, month(sm))
	}
	v.Daily = s.dailyChart(c, days)
	v.Recent = s.recentChart(c)
	for i := len(days) - 1; i >= 0; i-- {
		v.Days = append(v.Days, s.dayRowOf(days[i]))
	}
	for _, inc := range c.Incidents {
		v.Incidents = append(v.Incidents, r.card(inc))
	}
	return v
}

// states says what was measured and what people declared, each since when.
func (r *renderer) states(c *component) []stateLine {
	var out []stateLine
	switch st := c.Measured.State; {
	case st != nil && !st.Measuring():
		// Nothing has measured it since the last recorded check: the
		// refused rounds were dated before it, so that check is the since.
		text := "Not measured: " + plural(st.Refused, "round") + " dated before the last recorded check refused (the monitor's clock went back)"
		if c.Counted != candor.StatusUnknown {
			text += "; that check measured it " + measuredWord(c.Counted) + ", shown until a round measures again"
		}
		out = append(out, stateLine{Text: text + "; not measured since", Since: newStamp(st.LastCheck, r.s.loc())})
	case st != nil && r.s.measuring():
		text := "Measured " + measuredWord(c.MeasuredStatus)
		if c.Counted == candor.StatusMaintenance {
			text += ", counted as maintenance,"
		}
		out = append(out, stateLine{Text: text + " since", Since: newStamp(st.Since, r.s.loc())})
	}
	// What people declared; the monitor's own incidents say what it
	// measured, stated above.
	// since is when the declaration shown began: the earliest of those
	// that declare it, not of every declaration (a window from 10:00 does
	// not date a degradation a person declared at 10:40).
	var since time.Time
	declares := func(st candor.Status, at time.Time) {
		if st == c.ByPeople && (since.IsZero() || at.Before(since)) {
			since = at
		}
	}
	for _, inc := range c.Incidents {
		if inc.Open() && !inc.ByMonitor() {
			declares(candor.FromImpact(inc.Impact), inc.Started)
		}
	}
	for _, m := range r.s.active {
		if m.Affects(c.ID) {
			declares(candor.StatusMaintenance, m.Starts)
		}
	}
	if !since.IsZero() {
		out = append(out, stateLine{Text: "Declared " + lower(c.ByPeople.Label()) + " since", Since: newStamp(since, r.s.loc())})
	}
	return out
}

func lastCheck(st *candor.State, loc *time.Location) *checkLine {
	l := &checkLine{At: newStamp(st.LastCheck, loc), Outcome: outcomeWord(st.Last.Outcome)}
	if st.Last.Outcome == "" {
		l.Outcome = outcomeWord(st.Outcome)
	}
	// The probe's message says what happened in words; its class is a
	// code for tools (api/candor.json carries it). A check that could not
	// run as configured is the operator's to fix: the run says how.
	switch {
	case st.Last.Class == "config":
		l.Detail = "not checked: the check's settings need fixing"
	case st.Last.Message != "":
		l.Detail = st.Last.Message
	}
	if st.Last.Latency > 0 {
		l.Latency = ms(st.Last.Latency)
	}
	return l
}

func vantageRowOf(vc vantageCheck, loc *time.Location) vantageRow {
	row := vantageRow{Name: vc.Name, Outcome: "no check in the last 24 hours"}
	if vc.At.IsZero() {
		return row
	}
	r := vc.Result
	row.At, row.Outcome = newStamp(vc.At, loc), outcomeWord(r.Outcome)
	if r.Latency > 0 {
		row.Latency = ms(r.Latency)
	}
	if r.Message != "" {
		row.Detail = r.Message
		if r.Class != "" {
			row.Detail += " (" + string(r.Class) + ")"
		}
	}
	return row
}

// period is one row of the uptime table. Uptime stays as measured; the
// minutes incidents dispute inside the period stand next to it.
func period(name string, f candor.Figures, disputed float64) periodRow {
	p := periodRow{Period: name, Uptime: "no data", Coverage: pct(f.Minutes.Coverage()), Down: minutes(f.Minutes.Down), Checks: strconv.Itoa(f.Checks.Total())}
	up, ok := f.Minutes.Uptime()
	if ok {
		p.Uptime = pct(up)
		if d := degradedWords(f.Minutes); d != "" {
			p.Uptime += " · " + d + " degraded"
		}
	}
	if math.Round(disputed) >= 1 {
		if ok {
			p.Uptime += " measured"
		}
		p.Uptime += " · " + minutes(disputed) + " of downtime disputed"
	}
	return p
}

// month is one SLA month in words, with the rules of candor.SLAMonth:
// percentages to three decimals, cut, never rounded up.
func month(sm candor.SLAMonth) monthRow {
	row := monthRow{Month: sm.Month, Uptime: "no data", Class: "unk", Budget: sm.BudgetText(), Credit: sm.CreditText(),
		Range:    candor.Percent(sm.Lowest, 3) + " to " + candor.Percent(sm.Highest, 3),
		Coverage: pct(sm.Figures.Minutes.Coverage())}
	if t, err := time.Parse("2006-01", sm.Month); err == nil {
		row.Month = t.Format("January 2006")
	}
	if sm.HasData {
		row.Uptime = candor.Percent(sm.Uptime, 3)
		if d := degradedWords(sm.Figures.Minutes); d != "" {
			row.Uptime += " · " + d + " degraded"
		}
	}
	if mt := sm.Figures.Minutes.Maintenance; mt > 0 && sm.SLA.Target > 0 {
		row.Budget += " · budget over the month less " + candor.MinutesUp(mt) + " min of maintenance"
	}
	if math.Round(sm.Disputed) >= 1 {
		row.Budget += " · " + minutes(sm.Disputed) + " of downtime disputed"
	}
	row.Verdict = upper(sm.VerdictText())
	switch sm.Verdict {
	case candor.VerdictMet:
		row.Class = "ok"
	case candor.VerdictBreached:
		row.Class = "major"
	case candor.VerdictUndetermined:
		if sm.InProgress {
			row.Verdict = "Undetermined: month in progress"
		}
	}
	return row
}

func (s *site) dayRowOf(d day) dayRow {
	n := s.dayNames.of(d.Figures.Start.In(s.loc()))
	row := dayRow{ID: n.id, Date: n.long, Summary: dayWord(d.Class)}
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
