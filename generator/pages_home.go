package generator

import (
	"html/template"
	"time"

	"github.com/candor-status/candor"
)

// homeView is the data of home.html.
type homeView struct {
	Key      keyView
	Zone     string // the display zone, which the past incidents' days are in
	Banner   statusView
	Note     string // what the banner leaves out: components without data
	Stale    bool   // the last check is older than the schedule allows
	Open     []incidentCard
	Groups   []groupView
	Active   []maintCard
	Upcoming []maintCard
	Past     []pastDay // today first; none when past_incidents is 0
}

// keyView is what the key of the bars needs.
type keyView struct {
	Full bool   // a component page's bar: 90 days on every screen
	Zone string // the display zone the days are in, "Europe/Berlin"
}

// pastDay is one day of the home page's past incidents: every day is
// listed, with the incidents that began on it or "No incidents reported".
type pastDay struct {
	Date      string // Tue 24 Nov 2026
	ISO       string // 2026-11-24
	Incidents []incidentCard
	More      int    // incidents of the day beyond the list, in the history
	Month     string // the day's month in the history: "/history/#m2026-11"
}

// pastPerDay is how many incidents a day of the list shows; the rest are
// counted and linked to the history, so a busy page stays within budget.
const pastPerDay = 3

// incidentCard is an incident in a list: home, history, component pages.
type incidentCard struct {
	Href       string
	Title      string
	Impact     string
	Class      string // colour class of the impact
	Icon       string
	Open       bool
	Status     string // latest update's status in words
	Started    stamp
	Resolved   stamp
	Lasted     string // "1 h 35 min" once resolved
	Components []string
	Latest     *updateView  // home only
	Promise    promise      // open incidents only
	Checks     []checkState // open incidents only: what the probes measure now
}

// checkState is what an open incident's probed component measures now:
// "Public API: checks passing since 15:40 UTC".
type checkState struct {
	Component string // "" when the incident names one component
	Text      string
	Since     stamp
}

// promise is what an open incident promised: the next update by a time,
// or how late it is.
type promise struct {
	Next    stamp  // promised next update, when not yet late
	Overdue string // "Update overdue by 25 min"
	Due     string // when the next update is due, for the page script
}

// updateView is one timeline entry.
type updateView struct {
	Status string
	At     stamp
	HTML   template.HTML // goldmark's output only
}

// groupView is a group of components on the home page.
type groupView struct {
	Name       string
	ID         string
	Status     statusView
	Components []componentRow
}

// componentRow is a component on the home page.
type componentRow struct {
	ID, Name, Href, Description string
	Status                      statusView
	Measured                    string // "measured: down" when it differs from what was declared
	Declared                    string
	Bar                         dayBar
	Probed                      bool
	Uptime                      string // 90 days, "" without data
	Degraded                    string // "15 min" degraded in those 90 days, "" when none
	Coverage                    string
	Spark                       sparkline
}

func (r *renderer) home() {
	r.add("index.html", "home.html", r.view.Title, r.homeView)
}

func (r *renderer) homeView() any {
	s := r.s
	v := homeView{Key: keyView{Zone: s.loc().String()}, Zone: s.loc().String(), Banner: viewIndicator(s.overall)}
	if s.overall.Unknown > 0 && s.overall.Description != "Status Unknown: No Data" {
		v.Note = plural(s.overall.Unknown, "component") + " without data"
	}
	if s.fresh.Stale {
		// Built from old measurements (the schedule stopped, a content
		// commit rebuilt the site): say so without script too.
		v.Banner = statusView{"unk", "i-unk", s.staleText()}
		v.Stale = true
	}
	for _, inc := range s.open {
		c := r.card(inc)
		if u := inc.Latest(); u != nil {
			c.Latest = r.update(u)
		}
		v.Open = append(v.Open, c)
	}
	for _, g := range s.groups {
		gv := groupView{Name: g.Name, ID: g.ID, Status: viewStatus(g.Shown)}
		for _, c := range g.Components {
			gv.Components = append(gv.Components, r.row(c, s.days(c)))
		}
		v.Groups = append(v.Groups, gv)
	}
	for _, m := range s.active {
		v.Active = append(v.Active, r.maintCard(m))
	}
	for _, m := range s.upcoming {
		v.Upcoming = append(v.Upcoming, r.maintCard(m))
	}
	v.Past = r.past()
	return v
}

// past lists the last past_incidents days in the display zone, today
// first, each with the incidents that began on it, newest first.
func (r *renderer) past() []pastDay {
	n := r.s.in.Config.PastIncidents
	if n <= 0 {
		return nil
	}
	today := midnight(r.s.in.Now.In(r.s.loc()))
	days := make([]pastDay, n)
	for i := range days {
		d := today.AddDate(0, 0, -i)
		days[i] = pastDay{Date: d.Format("Mon 2 Jan 2006"), ISO: d.Format("2006-01-02"), Month: r.link("history/") + "#m" + d.Format("2006-01")}
	}
	for _, inc := range r.s.incidents { // newest first
		start := midnight(inc.Started.In(r.s.loc()))
		i := int(today.Sub(start).Round(24*time.Hour) / (24 * time.Hour))
		switch {
		case i < 0 || inc.Started.After(r.s.in.Now):
			continue
		case i >= n:
			return days
		case len(days[i].Incidents) < pastPerDay:
			days[i].Incidents = append(days[i].Incidents, r.card(inc))
		default:
			days[i].More++
		}
	}
	return days
}

// row is a component's line on the home page; days are its bar's days.
func (r *renderer) row(c *component, days []day) componentRow {
	s := r.s
	row := componentRow{ID: c.ID, Name: c.name(), Href: r.link("components/" + c.ID + "/"), Description: c.Description, Probed: c.HasProbe}
	row.Status = s.componentStatus(c)
	// Measured beside declared only where a person's declaration differs:
	// the monitor's own incident says what it measured.
	if c.HasProbe && c.Measured.State != nil && s.measuring() && c.ByPeople != candor.StatusOperational && c.MeasuredStatus != c.ByPeople {
		row.Measured = "measured: " + measuredWord(c.MeasuredStatus)
		row.Declared = "declared: " + lower(c.ByPeople.Label())
	}
	row.Bar = s.bar(c, days, r.link)
	m := c.Measured.Last90.Minutes
	if up, ok := m.Uptime(); ok {
		row.Uptime, row.Degraded, row.Coverage = pct(up), degradedWords(m), pct(m.Coverage())
	}
	row.Spark = s.sparkline(c)
	return row
}

// componentStatus is a component's shown status; a probe that never ran
// says "No data yet" and one whose checks stopped "Status unknown", never
// "Operational".
func (s *site) componentStatus(c *component) statusView {
	v := viewStatus(c.Shown)
	switch {
	case c.Shown != candor.StatusUnknown || !c.HasProbe:
	case c.Measured.State == nil:
		v.Label = "No data yet"
	case s.fresh.Stale:
		v.Label = "Status unknown"
	}
	return v
}

func (r *renderer) card(inc *incident) incidentCard {
	c := incidentCard{
		Href:    r.link("incidents/" + inc.ID + "/"),
		Title:   inc.Title,
		Impact:  impactLabel(inc.Impact),
		Class:   impactClass(inc.Impact),
		Icon:    viewStatus(candor.FromImpact(inc.Impact)).Icon,
		Open:    inc.Open(),
		Started: newStamp(inc.Started, r.s.loc()),
	}
	// An open incident without updates is being investigated (docs/api.md).
	c.Status = updateLabel(candor.Investigating)
	if u := inc.Latest(); u != nil {
		c.Status = updateLabel(u.Status)
	}
	if !inc.Open() {
		c.Resolved = newStamp(inc.Resolved, r.s.loc())
		c.Lasted = duration(inc.Resolved.Sub(inc.Started))
		c.Status = "Resolved"
	}
	for _, comp := range inc.Components {
		c.Components = append(c.Components, comp.name())
	}
	if inc.Open() {
		c.Promise = r.promise(inc)
		c.Checks = r.checkStates(inc)
	}
	return c
}

// checkStates says what the probes of an open incident's components
// measure now, so a declared incident stands beside the evidence. A blind
// monitor measures nothing.
func (r *renderer) checkStates(inc *incident) []checkState {
	if !r.s.measuring() {
		return nil
	}
	var out []checkState
	for _, c := range inc.Components {
		st := c.Measured.State
		if !c.HasProbe || st == nil || st.Since.IsZero() {
			continue
		}
		cs := checkState{Text: checksWord(*st) + " since", Since: newStamp(st.Since, r.s.loc())}
		if len(inc.Components) > 1 {
			cs.Component = c.name()
		}
		out = append(out, cs)
	}
	return out
}

// checksWord is what a component's checks do: "checks passing". Checks
// inside maintenance ran, and failed: they say so, and how they counted.
func checksWord(st candor.State) string {
	switch st.Outcome {
	case candor.Up:
		return "checks passing"
	case candor.Degraded:
		return "checks degraded"
	case candor.Down:
		return "checks failing"
	case candor.UnderMaintenance:
		if st.Last.Class.Degraded() {
			return "checks degraded, counted as maintenance,"
		}
		return "checks failing, counted as maintenance,"
	}
	return "no check result"
}

// promise fills the next-update promise or the overdue notice of an open
// incident, and when the next update is due, for the page script to count
// on from.
func (r *renderer) promise(inc *incident) promise {
	var p promise
	last := inc.Started
	if u := inc.Latest(); u != nil {
		last = u.At
	}
	due := inc.Promised
	if due.IsZero() && r.s.in.Config.Policy.UpdateDue > 0 {
		due = last.Add(r.s.in.Config.Policy.UpdateDue)
	}
	if !due.IsZero() {
		p.Due = newStamp(due, r.s.loc()).ISO
	}
	switch {
	case inc.Overdue > 0:
		p.Overdue = "Update overdue by " + duration(inc.Overdue.Truncate(time.Minute))
	case !inc.Promised.IsZero():
		p.Next = newStamp(inc.Promised, r.s.loc())
	}
	return p
}

func (r *renderer) update(u *candor.Update) *updateView {
	return &updateView{Status: updateLabel(u.Status), At: newStamp(u.At, r.s.loc()), HTML: r.markdown(u.Text)}
}

// markdown renders incident text with the site's goldmark, which drops raw
// HTML and dangerous links; its output is the only template.HTML.
func (r *renderer) markdown(src string) template.HTML { return r.md.render(src) }

func lower(s string) string {
	b := []byte(s)
	if len(b) > 0 && b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

// staleText is what every page says when the measurements are stale:
// "Status unknown — the last check was 2 h 5 min ago". templates/page.js
// writes the same at view time.
func (s *site) staleText() string {
	return "Status unknown — the last check was " + agoWords(s.fresh.Age) + " ago"
}
