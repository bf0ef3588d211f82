package generator

import (
	"time"

	"github.com/candor-status/candor"
)

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
			Stale:             s.overall.Stale,
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
	f := s.fresh
	return candorMonitor{
		LastCheck:         apiTimeOrNull(f.LastCheck),
		IntervalSeconds:   int64(f.Interval / time.Second),
		StaleAfterSeconds: int64(f.Limit / time.Second),
		StaleAt:           apiTimeOrNull(f.StaleAt),
		// Never checked is stale too: nothing measured stands for now.
		Stale: f.Stale || f.LastCheck.IsZero(),
		Blind: s.in.Blind,
	}
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
