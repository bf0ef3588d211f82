package generator

import (
	"strings"

	"github.com/candor-status/candor"
)

// incidents returns the Statuspage objects of the first recentLimit
// incidents of list (already newest first), never nil.
func (v *apiView) incidents(list []*incident) []apiIncident {
	list = list[:min(len(list), recentLimit)]
	out := make([]apiIncident, 0, len(list))
	for _, inc := range list {
		out = append(out, v.incident(inc))
	}
	return out
}

func (v *apiView) incident(inc *incident) apiIncident {
	var monitoring *string
	for _, u := range inc.Updates {
		if u.Status == candor.Monitoring {
			monitoring = apiTimeOrNull(u.At)
			break
		}
	}
	declared := candor.FromImpact(inc.Impact)
	return apiIncident{
		ID:           inc.ID,
		Name:         inc.Title,
		Status:       incidentAPIStatus(inc.Incident),
		CreatedAt:    apiTime(inc.Started),
		UpdatedAt:    apiTime(apiIncidentChanged(inc.Incident)),
		MonitoringAt: monitoring,
		ResolvedAt:   apiTimeOrNull(inc.Resolved),
		Impact:       string(inc.Impact),
		Shortlink:    v.s.apiIncidentURL(inc.ID),
		StartedAt:    apiTime(inc.Started),
		PageID:       v.page.ID,
		IncidentUpdates: v.updates(inc.ID, inc.Updates, inc.Components, func(st candor.UpdateStatus) candor.Status {
			if st == candor.Resolved {
				return candor.StatusOperational
			}
			return declared
		}),
		Components: v.objects(inc.Components),
	}
}

// incidentAPIStatus is an incident's Statuspage status: postmortem or
// resolved once resolved (postmortem when it has a postmortem body), else
// its latest update's status, investigating when it has none.
func incidentAPIStatus(inc *candor.Incident) string {
	if !inc.Open() {
		if strings.TrimSpace(inc.Body) != "" {
			return "postmortem"
		}
		return string(candor.Resolved)
	}
	if u := inc.Latest(); u != nil {
		switch u.Status {
		case candor.Investigating, candor.Identified, candor.Monitoring:
			return string(u.Status)
		}
	}
	return string(candor.Investigating)
}

// maintenances returns the Statuspage objects of the first recentLimit
// maintenance windows of list, never nil.
func (v *apiView) maintenances(list []*maint) []apiMaintenance {
	list = list[:min(len(list), recentLimit)]
	out := make([]apiMaintenance, 0, len(list))
	for _, m := range list {
		out = append(out, v.maintenance(m))
	}
	return out
}

func (v *apiView) maintenance(m *maint) apiMaintenance {
	var resolved *string
	if m.Status == candor.Completed {
		resolved = apiTimeOrNull(m.Ends)
	}
	return apiMaintenance{
		ID:         m.ID,
		Name:       m.Title,
		Status:     string(m.Status),
		CreatedAt:  apiTime(apiMaintCreated(m)),
		UpdatedAt:  apiTime(apiMaintChanged(m, v.s.in.Now)),
		ResolvedAt: resolved,
		Impact:     "maintenance",
		Shortlink:  v.s.apiMaintURL(m.ID),
		StartedAt:  apiTime(m.Starts),
		PageID:     v.page.ID,
		IncidentUpdates: v.updates(m.ID, m.Updates, m.Components, func(st candor.UpdateStatus) candor.Status {
			if st == candor.InProgress || st == candor.Verifying {
				return candor.StatusMaintenance
			}
			return candor.StatusOperational
		}),
		Components:     v.objects(m.Components),
		ScheduledFor:   apiTime(m.Starts),
		ScheduledUntil: apiTime(m.Ends),
	}
}

// updates returns the timeline newest first. Each update lists every
// component of its parent with the status the parent declared before and
// after it (declares maps an update status to that declared status), or
// null when the parent names no component.
func (v *apiView) updates(parent string, list []candor.Update, comps []*component, declares func(candor.UpdateStatus) candor.Status) []apiUpdate {
	out := make([]apiUpdate, len(list))
	old := candor.StatusOperational
	for n, u := range list {
		now := declares(u.Status)
		var affected []apiAffected
		for _, c := range comps {
			affected = append(affected, apiAffected{Code: candor.StatuspageComponentID(c.ID), Name: machineName(c), OldStatus: string(old), NewStatus: string(now)})
		}
		old = now
		at := apiTime(u.At)
		out[len(list)-1-n] = apiUpdate{
			ID:                   updateAPIID(parent, n),
			Status:               string(u.Status),
			Body:                 u.Text,
			IncidentID:           parent,
			CreatedAt:            at,
			UpdatedAt:            at,
			DisplayAt:            at,
			AffectedComponents:   affected,
			DeliverNotifications: true,
		}
	}
	return out
}

// apiIncidentURL is the absolute URL of an incident's page.
func (s *site) apiIncidentURL(id string) string { return s.url("incidents/" + id + "/") }

// apiMaintURL is the absolute URL of a maintenance window's page.
func (s *site) apiMaintURL(id string) string { return s.url("maintenance/" + id + "/") }
