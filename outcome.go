package candor

import "fmt"

// Outcome is what one check, or one stretch of time, measured.
type Outcome string

// The outcomes, from best to worst where that order means something.
const (
	Up               Outcome = "up"
	Degraded         Outcome = "degraded"
	Down             Outcome = "down"
	Unknown          Outcome = "unknown"     // no data, or the monitor could not see
	UnderMaintenance Outcome = "maintenance" // inside a maintenance window
)

// Outcomes lists every outcome in a fixed order, for stable output.
var Outcomes = []Outcome{Up, Degraded, Down, Unknown, UnderMaintenance}

// Valid reports whether o is one of the known outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case Up, Degraded, Down, Unknown, UnderMaintenance:
		return true
	}
	return false
}

// Failing reports whether o counts as a failed check: degraded or down.
func (o Outcome) Failing() bool { return o == Degraded || o == Down }

// ParseOutcome returns the outcome named by s.
func ParseOutcome(s string) (Outcome, error) {
	o := Outcome(s)
	if !o.Valid() {
		return "", fmt.Errorf("want one of up, degraded, down, unknown, maintenance; got %q", s)
	}
	return o, nil
}

// Impact is how bad an incident is, on the Statuspage scale.
type Impact string

// The impacts, from least to worst.
const (
	ImpactNone     Impact = "none"
	ImpactMinor    Impact = "minor"
	ImpactMajor    Impact = "major"
	ImpactCritical Impact = "critical"
)

// Impacts lists the impacts from least to worst.
var Impacts = []Impact{ImpactNone, ImpactMinor, ImpactMajor, ImpactCritical}

// Rank orders impacts: none 0, minor 1, major 2, critical 3, anything else -1.
func (i Impact) Rank() int {
	for n, v := range Impacts {
		if v == i {
			return n
		}
	}
	return -1
}

// UpdateStatus is the state an incident or maintenance update reports.
type UpdateStatus string

// Incident update statuses.
const (
	Investigating UpdateStatus = "investigating"
	Identified    UpdateStatus = "identified"
	Monitoring    UpdateStatus = "monitoring"
	Resolved      UpdateStatus = "resolved"
)

// Maintenance update statuses.
const (
	Scheduled  UpdateStatus = "scheduled"
	InProgress UpdateStatus = "in_progress"
	Verifying  UpdateStatus = "verifying"
	Completed  UpdateStatus = "completed"
)

// IncidentStatuses are the statuses an incident update may carry, in order.
var IncidentStatuses = []UpdateStatus{Investigating, Identified, Monitoring, Resolved}

// MaintenanceStatuses are the statuses a maintenance update may carry, in order.
var MaintenanceStatuses = []UpdateStatus{Scheduled, InProgress, Verifying, Completed}
