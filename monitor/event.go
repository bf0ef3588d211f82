package monitor

import (
	"time"

	"github.com/candor-status/candor"
)

// EventKind is what happened to an incident.
type EventKind string

// The events a round reports of the incidents the monitor writes.
const (
	Opened   EventKind = "opened"   // a new incident from the evidence
	Reopened EventKind = "reopened" // an incident the monitor resolved fails again
	Raised   EventKind = "raised"   // the measured impact rose above the declared one
	Updated  EventKind = "updated"  // an evidence update on an incident still failing
	Resolved EventKind = "resolved" // the checks passed long enough
)

// Event is one change the round made to an incident file.
type Event struct {
	Kind       EventKind
	IncidentID string // candor.StableID, as the site and API name it
	Path       string // the incident file, relative to the config's folder
	Title      string // the incident's title after the change
	Components []string
	Impact     candor.Impact // after the change
	// Text is the update the monitor wrote: the evidence in words.
	Text string
	At   time.Time
}
