package generator

import (
	"time"

	"github.com/candor-status/candor"
)

// apiStaleAfter is how old the last check may be before the data counts as
// stale: three intervals (a missed run or two is normal on Actions) and ten
// minutes, because scheduled workflows often start late. The pages'
// script (templates/page.js) uses the same rule.
func (s *site) apiStaleAfter() time.Duration {
	return 3*s.apiInterval() + 10*time.Minute
}

// apiInterval is the configured schedule; 5 minutes when unset.
func (s *site) apiInterval() time.Duration {
	if s.in.Config.Interval > 0 {
		return s.in.Config.Interval
	}
	return 5 * time.Minute
}

// candorDoc is api/candor.json: everything the page knows.
func (s *site) candorDoc(v *apiView) candorDocument {
	d := candorDocument{
		Version:     1,
		GeneratedAt: apiTime(s.in.Now),
		Page: candorPage{
			Title:        s.apiTitle(),
			Description:  stringOrNull(s.in.Config.Description),
			URL:          s.base,
			TimeZone:     s.apiTimeZone(),
			StatuspageID: s.apiPageID(),
		},
		Monitor: s.candorMonitor(),
		Overall: candorOverall{
			Indicator:         string(s.overall.Indicator),
			Description:       s.overall.Description,
			UnknownComponents: s.overall.Unknown,
		},
		Components:  make([]candorComponent, 0, len(s.components)),
		Incidents:   []candorIncident{},
		Maintenance: []candorMaint{},
	}
	for _, c := range s.components {
		d.Components = append(d.Components, s.candorComponent(c, v))
	}
	for _, inc := range s.candorIncidents() {
		d.Incidents = append(d.Incidents, s.candorIncident(inc))
	}
	for _, m := range s.maintenance {
		if m.Status != candor.Completed && len(d.Maintenance) < recentLimit {
			d.Maintenance = append(d.Maintenance, candorMaint{
				ID: m.ID, Title: m.Title, URL: s.apiMaintURL(m.ID), Status: string(m.Status),
				Components: apiNonNil(m.Maintenance.Components), Starts: apiTime(m.Starts), Ends: apiTime(m.Ends),
			})
		}
	}
	return d
}

func (s *site) candorMonitor() candorMonitor {
	m := candorMonitor{
		LastCheck:         apiTimeOrNull(s.in.LastCheck),
		IntervalSeconds:   int64(s.apiInterval() / time.Second),
		StaleAfterSeconds: int64(s.apiStaleAfter() / time.Second),
		Blind:             s.in.Blind,
		Stale:             true, // never checked is stale
	}
	if !s.in.LastCheck.IsZero() {
		at := s.in.LastCheck.Add(s.apiStaleAfter())
		m.StaleAt = apiTimeOrNull(at)
		m.Stale = s.in.Now.After(at)
	}
	return m
}

// candorIncidents are the open incidents, then the most recent resolved
// ones, recentLimit in all; each part newest first.
func (s *site) candorIncidents() []*incident {
	list := append([]*incident{}, s.open[:min(len(s.open), recentLimit)]...)
	for _, inc := range s.incidents {
		if len(list) == recentLimit {
			break
		}
		if !inc.Open() {
			list = append(list, inc)
		}
	}
	return list
}

func (s *site) candorIncident(inc *incident) candorIncident {
	out := candorIncident{
		ID:           inc.ID,
		Title:        inc.Title,
		URL:          s.apiIncidentURL(inc.ID),
		Source:       inc.Path,
		Impact:       string(inc.Impact),
		Status:       incidentAPIStatus(inc.Incident),
		Open:         inc.Open(),
		OpenedBy:     "person",
		Components:   apiNonNil(inc.Incident.Components),
		Started:      apiTime(inc.Started),
		Resolved:     apiTimeOrNull(inc.Resolved),
		NextUpdateBy: apiTimeOrNull(inc.Promised),
		Overdue:      inc.Overdue > 0,
		OverdueSecs:  int64(inc.Overdue / time.Second),
		Evidence:     []candorWindow{},
		Disputes:     []candorDispute{},
	}
	if inc.ByMonitor() {
		out.OpenedBy = "monitor"
	}
	if u := inc.Latest(); u != nil {
		out.LatestUpdate = &candorUpdate{At: apiTime(u.At), Status: string(u.Status), Text: u.Text, NextUpdate: apiTimeOrNull(u.NextUpdate)}
	}
	for _, w := range inc.Evidence {
		out.Evidence = append(out.Evidence, candorWindow{w.Component, string(w.Outcome), apiTime(w.From), apiTime(w.To), w.Checks})
	}
	for _, d := range inc.Disputes {
		out.Disputes = append(out.Disputes, candorDispute{d.Component, apiTime(d.From), apiTime(d.To), d.Reason})
	}
	return out
}

// apiNonNil returns list, or an empty list for nil so that it encodes as [].
func apiNonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
