package generator

import (
	"sort"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// site is the model every output is rendered from, computed once per build
// so that the pages, feeds, API and badges cannot disagree.
type site struct {
	in   Input
	base string // base_url with a trailing slash
	// fresh is how current the measurements are at build time: the one
	// staleness rule, which every page, the APIs and the badges follow.
	fresh       candor.Freshness
	overall     candor.Overall
	components  []*component // config order
	byID        map[string]*component
	groups      []*group    // config order of first appearance; ungrouped components form groups of their own with Name ""
	incidents   []*incident // newest first (by started, then id)
	open        []*incident // open incidents, newest first
	maintenance []*maint    // newest first (by starts)
	upcoming    []*maint    // starts in the future, soonest first
	active      []*maint    // window contains now
	updated     time.Time   // when the site last changed: apiUpdatedAt
	dayNames    dayNames    // the days' names, formatted once a build
}

// component is one component with what it shows and why.
type component struct {
	candor.Component
	Position int // 1-based, config order
	HasProbe bool
	Measured candor.Measured
	// MeasuredStatus is what probes measured now (StatusUnknown when
	// nothing was, the monitor was blind or the measurements are stale;
	// the last measured failure while rounds are refused); never under
	// maintenance (candor.MeasuredStatus).
	MeasuredStatus candor.Status
	// Counted is what the round counted the latest check as: the measured
	// status, except a failure counted as maintenance (announced in time)
	// is under maintenance. Shown starts from it.
	Counted candor.Status
	// Declared is the worst of the open incidents and active maintenance
	// naming the component; operational when none do. ByPeople is the same
	// without the monitor's own incidents: what a person declared.
	Declared, ByPeople candor.Status
	// Shown is the worse of measured and declared.
	Shown     candor.Status
	Incidents []*incident // newest first
	Group     *group
}

// group is a named set of components.
type group struct {
	Name       string
	ID         string
	Components []*component
	Shown      candor.Status // worst of its components
}

// incident is an incident with what the build computes about it.
type incident struct {
	*candor.Incident
	Components []*component
	// Overdue is how late the next update is (zero when not late): past a
	// promised next_update, or past policy.update_due since the last update.
	Overdue time.Duration
	// Promised is the promised next update, zero when none is pending.
	Promised time.Time
	Evidence []candor.Window
}

// maint is a maintenance window with its state at build time.
type maint struct {
	*candor.Maintenance
	Components []*component
	// Status is scheduled, in_progress or completed, from the window and now.
	Status candor.UpdateStatus
}

func newSite(in Input) *site {
	s := &site{in: in, byID: map[string]*component{}}
	s.base = in.Config.BaseURL
	if !strings.HasSuffix(s.base, "/") {
		s.base += "/"
	}
	s.fresh = candor.FreshnessAt(in.LastCheck, in.Now, in.Config.Interval)
	s.newMaintenance()
	s.newIncidents()
	s.newComponents()
	var shown []candor.Status
	for _, c := range s.components {
		shown = append(shown, c.Shown)
	}
	s.overall = candor.OverallOf(shown)
	s.updated = s.updatedAt()
	if s.fresh.Stale {
		s.overall = s.overall.MarkStale()
	}
	return s
}

func (s *site) newMaintenance() {
	now := s.in.Now
	for i := range s.in.Maintenance {
		m := &maint{Maintenance: &s.in.Maintenance[i]}
		m.Status = m.StatusAt(now)
		switch m.Status {
		case candor.InProgress:
			s.active = append(s.active, m)
		case candor.Scheduled:
			s.upcoming = append(s.upcoming, m)
		}
		s.maintenance = append(s.maintenance, m)
	}
	sort.SliceStable(s.maintenance, func(i, j int) bool {
		a, b := s.maintenance[i], s.maintenance[j]
		if !a.Starts.Equal(b.Starts) {
			return a.Starts.After(b.Starts)
		}
		return a.ID < b.ID
	})
	sort.SliceStable(s.upcoming, func(i, j int) bool { return s.upcoming[i].Starts.Before(s.upcoming[j].Starts) })
	sort.SliceStable(s.active, func(i, j int) bool { return s.active[i].Starts.Before(s.active[j].Starts) })
}

func (s *site) newIncidents() {
	due := s.in.Config.Policy.UpdateDue
	for i := range s.in.Incidents {
		inc := &incident{Incident: &s.in.Incidents[i], Evidence: s.in.Evidence[s.in.Incidents[i].ID]}
		if inc.Open() {
			inc.Promised, inc.Overdue = overdue(inc.Incident, due, s.in.Now)
			s.open = append(s.open, inc)
		}
		s.incidents = append(s.incidents, inc)
	}
	newestFirst := func(list []*incident) {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			if !a.Started.Equal(b.Started) {
				return a.Started.After(b.Started)
			}
			return a.ID < b.ID
		})
	}
	newestFirst(s.incidents)
	newestFirst(s.open)
}

// overdue returns the pending promise of an open incident and how late the
// next update is at now.
func overdue(inc *candor.Incident, due time.Duration, now time.Time) (promised time.Time, late time.Duration) {
	last := inc.Started
	if u := inc.Latest(); u != nil {
		last = u.At
		promised = u.NextUpdate
	}
	if !promised.IsZero() {
		if now.After(promised) {
			return promised, now.Sub(promised)
		}
		return promised, 0
	}
	if due > 0 && now.Sub(last) > due {
		return time.Time{}, now.Sub(last.Add(due))
	}
	return time.Time{}, 0
}

func (s *site) newComponents() {
	groups := map[string]*group{}
	var people []candor.Incident // what people declare, without the monitor
	for _, inc := range s.in.Incidents {
		if !inc.ByMonitor() {
			people = append(people, inc)
		}
	}
	for n, cfg := range s.in.Config.Components {
		c := &component{Component: cfg, Position: n + 1, HasProbe: cfg.Probe != nil}
		c.Measured = s.in.Measured[cfg.ID]
		c.MeasuredStatus, c.Counted = candor.StatusUnknown, candor.CountedStatus(c.Measured.State, s.measuring())
		if candor.MeasuresNow(c.Measured.State, s.measuring()) {
			c.MeasuredStatus = candor.MeasuredStatus(*c.Measured.State)
		} else if c.Counted != candor.StatusUnknown {
			c.MeasuredStatus = c.Counted // refused rounds keep the failure last measured
		}
		c.Declared = candor.DeclaredStatus(cfg.ID, s.in.Incidents, s.in.Maintenance, s.in.Now)
		c.ByPeople = candor.DeclaredStatus(cfg.ID, people, s.in.Maintenance, s.in.Now)
		c.Shown = candor.Shown(c.Counted, c.HasProbe, c.Declared)
		if s.fresh.Stale {
			c.Shown = candor.ShownStale(c.HasProbe, c.Declared)
		}
		s.components = append(s.components, c)
		s.byID[cfg.ID] = c

		key := cfg.Group
		if key == "" {
			key = "\x00" + cfg.ID // a component without a group stands alone
		}
		g := groups[key]
		if g == nil {
			g = &group{Name: cfg.Group, ID: candor.StableID("group:" + cfg.Group), Shown: candor.StatusOperational}
			groups[key] = g
			s.groups = append(s.groups, g)
		}
		g.Components = append(g.Components, c)
		g.Shown = candor.Worse(g.Shown, c.Shown)
		c.Group = g
	}
	for _, inc := range s.incidents {
		for _, id := range inc.Incident.Components {
			if c := s.byID[id]; c != nil {
				inc.Components = append(inc.Components, c)
				c.Incidents = append(c.Incidents, inc)
			}
		}
	}
	for _, m := range s.maintenance {
		for _, id := range m.Maintenance.Components {
			if c := s.byID[id]; c != nil {
				m.Components = append(m.Components, c)
			}
		}
	}
}

// measuring reports whether the latest measurements stand for now: the
// monitor was not blind and they are not stale. When they do not, every
// probed component is unknown.
func (s *site) measuring() bool { return !s.in.Blind && !s.fresh.Stale }

// unknownReason says why a probed component is not measured now, "" when
// it is: the codes api/candor.json's unknown_reason carries.
func (s *site) unknownReason(c *component) string {
	st := c.Measured.State
	switch {
	case !c.HasProbe:
		return ""
	case st == nil:
		return "never_measured"
	case s.fresh.Stale:
		return "stale"
	case s.in.Blind:
		return "blind"
	case !st.Measuring():
		return "refused"
	case st.Outcome == candor.Unknown:
		return "not_measured"
	}
	return ""
}

// url returns the absolute URL of a site path ("incidents/abc/").
func (s *site) url(path string) string { return s.base + strings.TrimPrefix(path, "/") }
