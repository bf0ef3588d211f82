package candor

import (
	"slices"
	"strconv"
	"time"
)

// ChangeKind names a change of the page that notifications tell of.
type ChangeKind string

// The changes a round can find, by comparing what the previous round saw
// with what this one sees. They come from the monitor and from people
// alike: an incident file a person adds is opened, an update merged in a
// pull request is updated.
const (
	IncidentOpened       ChangeKind = "incident.opened"   // a new incident, open
	IncidentUpdated      ChangeKind = "incident.updated"  // a new update on an incident
	IncidentRaised       ChangeKind = "incident.raised"   // its impact went up
	IncidentReopened     ChangeKind = "incident.reopened" // resolved, then open again
	IncidentResolved     ChangeKind = "incident.resolved" // resolved (or added already resolved)
	MaintenanceScheduled ChangeKind = "maintenance.scheduled"
	MaintenanceStarted   ChangeKind = "maintenance.started"
	MaintenanceCompleted ChangeKind = "maintenance.completed"
	ComponentStatus      ChangeKind = "component.status" // a component's shown status changed
)

// ChangeKinds lists every kind, in a fixed order.
func ChangeKinds() [9]ChangeKind {
	return [9]ChangeKind{IncidentOpened, IncidentUpdated, IncidentRaised, IncidentReopened, IncidentResolved,
		MaintenanceScheduled, MaintenanceStarted, MaintenanceCompleted, ComponentStatus}
}

// Valid reports whether k is a known kind.
func (k ChangeKind) Valid() bool {
	all := ChangeKinds()
	return slices.Contains(all[:], k)
}

// Incident reports whether k is a change of an incident.
func (k ChangeKind) Incident() bool {
	switch k {
	case IncidentOpened, IncidentUpdated, IncidentRaised, IncidentReopened, IncidentResolved:
		return true
	}
	return false
}

// Maintenance reports whether k is a change of a maintenance window.
func (k ChangeKind) Maintenance() bool {
	return k == MaintenanceScheduled || k == MaintenanceStarted || k == MaintenanceCompleted
}

// Change is one change of the page between two rounds.
type Change struct {
	Kind ChangeKind
	// Subject is the incident's, maintenance's or component's id (for a
	// component, its id in candor.yml).
	Subject string
	// At is when it happened: the update's time for an incident, the
	// window's edge for maintenance, the round's time otherwise.
	At time.Time
	// Update is the number (1-based) of the incident update the change
	// tells of; 0 when there is none.
	Update int
	// From and To are a component's shown status before and after.
	From, To Status
	// Components are the components the change concerns.
	Components []string
	// Impact is an incident's after the change; for a component the
	// worse of what From and To declare; none for maintenance.
	Impact Impact
	// ByMonitor is true for an incident candor opened.
	ByMonitor bool
	// Cycle counts how often the subject went back before this change: an
	// incident's reopenings, a maintenance window's returns to an earlier
	// state. The same step taken again in a later cycle (a resolution
	// reverted and merged again) is a new change, not a repeat.
	Cycle int
}

// ID names the change for good: the same change always gets the same id,
// so a receiver can tell a repeat. It is made of what tells one change
// from another: the kind, subject, time, update number and statuses; for
// a raise, the impact raised to (two raises with no update between share
// the rest); and the cycle once the subject went back. A change found
// again from the same files (a file that vanished and came back) gets the
// same id; ids of cycle 0 are those of candor before cycles were counted.
func (c Change) ID() string {
	s := "change:" + string(c.Kind) + "|" + c.Subject + "|" + strconv.FormatInt(c.At.Unix(), 10) + "|" +
		strconv.Itoa(c.Update) + "|" + string(c.From) + "|" + string(c.To)
	if c.Kind == IncidentRaised && c.Impact != "" {
		s += "|impact " + string(c.Impact)
	}
	if c.Cycle > 0 {
		s += "|cycle " + strconv.Itoa(c.Cycle)
	}
	return StableID(s)
}

// ImpactOf is the impact a shown status declares: the inverse of FromImpact,
// with none for operational, maintenance and no data.
func ImpactOf(s Status) Impact {
	switch s {
	case StatusDegraded:
		return ImpactMinor
	case StatusPartial:
		return ImpactMajor
	case StatusMajor:
		return ImpactCritical
	}
	return ImpactNone
}

// Filter selects the changes a notification channel is sent. Its zero
// value selects every change.
type Filter struct {
	// Components, when not empty, keeps changes that concern one of them.
	Components []string
	// MinImpact, when set, keeps incident and component changes of at
	// least that impact; it does not filter maintenance.
	MinImpact Impact
	// Kinds, when not empty, keeps changes of these kinds.
	Kinds []ChangeKind
	// MonitorOnly keeps only changes of incidents the monitor opened.
	MonitorOnly bool
}

// Wants reports whether the filter keeps c.
func (f Filter) Wants(c Change) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, c.Kind) {
		return false
	}
	if f.MonitorOnly && !(c.Kind.Incident() && c.ByMonitor) {
		return false
	}
	if f.MinImpact != "" && !c.Kind.Maintenance() && c.Impact.Rank() < f.MinImpact.Rank() {
		return false
	}
	if len(f.Components) > 0 && !slices.ContainsFunc(c.Components, func(id string) bool { return slices.Contains(f.Components, id) }) {
		return false
	}
	return true
}
