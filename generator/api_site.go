package generator

import (
	"time"

	"github.com/candor-status/candor"
)

// apiPageID is the page's 12-character Statuspage id, from its base URL.
func (s *site) apiPageID() string { return candor.StableID("page:" + s.base) }

// apiTimeZone is the display zone's IANA name; Etc/UTC when none is set.
func (s *site) apiTimeZone() string {
	if s.in.Config.Timezone == "" {
		return "Etc/UTC"
	}
	return s.in.Config.Timezone
}

// apiLocation is the display zone; UTC when none is loaded.
func (s *site) apiLocation() *time.Location {
	if s.in.Config.Location == nil {
		return time.UTC
	}
	return s.in.Config.Location
}

// apiUpdatedAt is the last change of anything on the page, not after now: an
// incident or maintenance update, start or end, or a measured status change.
// With no change at all it is the last check, or now.
func (s *site) apiUpdatedAt() time.Time { return s.updated }

// updatedAt computes apiUpdatedAt, once per build: every feed without an
// entry asks for it.
func (s *site) updatedAt() time.Time {
	now := s.in.Now
	var t time.Time
	for _, inc := range s.incidents {
		t = latestBy(now, t, apiIncidentChanged(inc.Incident))
	}
	for _, m := range s.maintenance {
		t = latestBy(now, t, apiMaintChanged(m, now))
	}
	for _, c := range s.components {
		if st := c.Measured.State; st != nil {
			t = latestBy(now, t, st.Since)
		}
	}
	if t.IsZero() {
		t = s.in.LastCheck
	}
	if t.IsZero() {
		t = now
	}
	return t
}

// apiIncidentChanged is when an incident last changed.
func apiIncidentChanged(inc *candor.Incident) time.Time {
	t := latestOf(inc.Started, inc.Resolved)
	if u := inc.Latest(); u != nil {
		t = latestOf(t, u.At)
	}
	return t
}

// apiMaintCreated is when a maintenance was announced: its first update, or
// its start when it has none (or the first update came later).
func apiMaintCreated(m *maint) time.Time {
	if len(m.Updates) > 0 {
		return earliestOf(m.Updates[0].At, m.Starts)
	}
	return m.Starts
}

// apiMaintChanged is when a maintenance last changed at now: its latest
// update, or the start or end of its window once passed.
func apiMaintChanged(m *maint, now time.Time) time.Time {
	t := apiMaintCreated(m)
	if n := len(m.Updates); n > 0 {
		t = latestOf(t, m.Updates[n-1].At)
	}
	return latestBy(now, t, m.Starts, m.Ends)
}

// apiComponentTimes are a component's created_at and updated_at: the earliest
// and latest (not after now) of its first measured day, its measured status
// change and the incidents and maintenance naming it; fallback (the page's
// updated_at) when there are none.
func (s *site) apiComponentTimes(c *component, fallback time.Time) (created, updated time.Time) {
	now := s.in.Now
	var events []time.Time
	if d := s.apiFirstMeasured(c); !d.IsZero() {
		events = append(events, d)
	}
	if st := c.Measured.State; st != nil {
		events = append(events, st.Since)
	}
	for _, inc := range c.Incidents {
		events = append(events, inc.Started, apiIncidentChanged(inc.Incident))
	}
	for _, m := range s.maintenance {
		if m.Affects(c.ID) {
			events = append(events, apiMaintCreated(m), apiMaintChanged(m, now))
		}
	}
	created = earliestOf(events...)
	updated = latestBy(now, events...)
	if created.IsZero() || created.After(now) {
		created = fallback
	}
	if updated.IsZero() {
		updated = created
	}
	return created, updated
}

// apiFirstMeasured is the start of the oldest measured day or month, or zero.
func (s *site) apiFirstMeasured(c *component) time.Time {
	var t time.Time
	if n := len(c.Measured.Months); n > 0 {
		t = c.Measured.Months[n-1].Figures.Start
	}
	for _, d := range c.Measured.Days {
		if d.Minutes.Measured() > 0 {
			t = earliestOf(t, d.Start)
			break
		}
	}
	return t
}

// apiStartDate is the date measurements of c began, in the display zone, or
// null when it was never measured.
func (s *site) apiStartDate(c *component) *string {
	t := s.apiFirstMeasured(c)
	if t.IsZero() {
		return nil
	}
	d := t.In(s.apiLocation()).Format("2006-01-02")
	return &d
}

// apiTitle is the page's title; "Status" when none is configured.
func (s *site) apiTitle() string {
	if s.in.Config.Title == "" {
		return "Status"
	}
	return s.in.Config.Title
}
