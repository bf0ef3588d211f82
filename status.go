package candor

import "time"

// Status is what the page shows for a component: the worse of what was
// measured and what people declared. Its values are the Statuspage component
// statuses, plus StatusUnknown for a component whose state nothing measured
// or declared (never shown as operational).
type Status string

// The component statuses, from best to worst (unknown stands apart).
const (
	StatusOperational Status = "operational"
	StatusMaintenance Status = "under_maintenance"
	StatusDegraded    Status = "degraded_performance"
	StatusPartial     Status = "partial_outage"
	StatusMajor       Status = "major_outage"
	StatusUnknown     Status = "unknown"
)

// rank orders statuses for "the worse of". Unknown ranks below every
// measured failure but above operational: it must never pass as green, and
// it must never hide a measured outage.
func (s Status) rank() int {
	switch s {
	case StatusOperational:
		return 0
	case StatusUnknown:
		return 1
	case StatusMaintenance:
		return 2
	case StatusDegraded:
		return 3
	case StatusPartial:
		return 4
	case StatusMajor:
		return 5
	}
	return 1
}

// Worse returns the worse of a and b.
func Worse(a, b Status) Status {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Label is the status in words, for people.
func (s Status) Label() string {
	switch s {
	case StatusOperational:
		return "Operational"
	case StatusMaintenance:
		return "Under maintenance"
	case StatusDegraded:
		return "Degraded performance"
	case StatusPartial:
		return "Partial outage"
	case StatusMajor:
		return "Major outage"
	}
	return "No data"
}

// FromOutcome maps a measured outcome to the status it shows.
func FromOutcome(o Outcome) Status {
	switch o {
	case Up:
		return StatusOperational
	case Degraded:
		return StatusDegraded
	case Down:
		return StatusMajor
	case UnderMaintenance:
		return StatusMaintenance
	}
	return StatusUnknown
}

// MeasuredStatus is the status a component's latest round measured. A
// failing check that the round counted as maintenance is still the failure
// it measured: degraded when it only answered slowly or with a certificate
// near expiry, a major outage otherwise. It is never StatusMaintenance:
// maintenance is declared by people, never measured by a check, and a
// window must not make a failure read as planned. Unknown outcomes (no
// data, a blind round) are StatusUnknown.
func MeasuredStatus(st State) Status {
	if st.Outcome != UnderMaintenance {
		return FromOutcome(st.Outcome)
	}
	if st.Last.Class.Degraded() {
		return StatusDegraded
	}
	return StatusMajor
}

// FromImpact maps a declared incident impact to the status it declares for
// its components.
func FromImpact(i Impact) Status {
	switch i {
	case ImpactMinor:
		return StatusDegraded
	case ImpactMajor:
		return StatusPartial
	case ImpactCritical:
		return StatusMajor
	}
	return StatusOperational
}

// Shown is the status a component shows: the worse of measured and declared.
// measured is what the round counted (FromOutcome of the recorded outcome:
// under maintenance only for a failure the round counted as maintenance).
// A component with a probe but no measurement is unknown unless something
// worse is declared; one without a probe shows what is declared. Declared
// maintenance ranks below every measured failure, so a window cannot turn
// a failure the round counted as down into maintenance.
func Shown(measured Status, hasProbe bool, declared Status) Status {
	if declared == "" {
		declared = StatusOperational
	}
	if !hasProbe {
		return declared
	}
	if measured == "" {
		measured = StatusUnknown
	}
	if measured == StatusUnknown && declared == StatusMaintenance {
		return StatusMaintenance
	}
	return Worse(measured, declared)
}

// ShownStale is the status a component shows when the newest check is
// older than StaleAfter: Shown with nothing measured, except that declared
// maintenance does not stand in for a probed component's stopped checks.
// It is unknown unless an incident declares something worse; a window is
// still listed as in progress, but it cannot say what the probes would.
func ShownStale(hasProbe bool, declared Status) Status {
	if hasProbe && declared == StatusMaintenance {
		return StatusUnknown
	}
	return Shown(StatusUnknown, hasProbe, declared)
}

// Indicator is the Statuspage page-wide indicator: none, minor, major,
// critical, or maintenance.
type Indicator string

// Page indicators.
const (
	IndicatorNone        Indicator = "none"
	IndicatorMinor       Indicator = "minor"
	IndicatorMajor       Indicator = "major"
	IndicatorCritical    Indicator = "critical"
	IndicatorMaintenance Indicator = "maintenance"
)

// Overall is the page-wide status derived from the shown status of every
// component. The rule, documented in the README: any major outage is
// critical when it is every component and major otherwise; a partial outage
// is major; degraded performance is minor; otherwise, for a stale build,
// minor "Status Unknown: No Recent Checks" (MarkStale), whatever
// maintenance is active; otherwise maintenance when any component is
// under maintenance; otherwise minor when any component has no
// data (a client reading only the indicator must not take unmeasured for
// healthy; the description says "Status Unknown"); otherwise none.
type Overall struct {
	Indicator   Indicator
	Description string
	Unknown     int // components with no data
	// Unmeasured is true when nothing worse than missing data sets the
	// indicator: it is minor only because components have no data.
	Unmeasured bool
	// Stale is true when the newest check is older than StaleAfter.
	Stale bool
}

// StaleDescription is the page-wide description when the newest check is
// too old and nothing worse is known.
const StaleDescription = "Status Unknown: No Recent Checks"

// MarkStale is o for a site whose newest check is older than StaleAfter
// (its probed components are then unknown, ShownStale). Unless a declared
// outage or degradation sets the indicator, it is minor and the
// description says the checks stopped: maintenance does not outrank data
// that stopped coming, so a window cannot turn a stale page blue.
func (o Overall) MarkStale() Overall {
	o.Stale = true
	switch o.Indicator {
	case IndicatorCritical, IndicatorMajor:
		return o
	case IndicatorMinor:
		if !o.Unmeasured {
			return o // declared degraded performance
		}
	}
	o.Indicator, o.Description, o.Unmeasured = IndicatorMinor, StaleDescription, true
	return o
}

// OverallOf computes the page-wide status from shown component statuses.
func OverallOf(statuses []Status) Overall {
	var n [6]int
	for _, s := range statuses {
		n[s.rank()]++
	}
	total := len(statuses)
	unknown := n[StatusUnknown.rank()]
	switch {
	case n[StatusMajor.rank()] > 0 && n[StatusMajor.rank()] == total:
		return Overall{Indicator: IndicatorCritical, Description: "Major System Outage", Unknown: unknown}
	case n[StatusMajor.rank()] > 0:
		return Overall{Indicator: IndicatorMajor, Description: "Partial System Outage", Unknown: unknown}
	case n[StatusPartial.rank()] > 0:
		return Overall{Indicator: IndicatorMajor, Description: "Partial System Outage", Unknown: unknown}
	case n[StatusDegraded.rank()] > 0:
		return Overall{Indicator: IndicatorMinor, Description: "Partially Degraded Service", Unknown: unknown}
	case n[StatusMaintenance.rank()] > 0:
		return Overall{Indicator: IndicatorMaintenance, Description: "Service Under Maintenance", Unknown: unknown}
	case total > 0 && unknown == total:
		return Overall{Indicator: IndicatorMinor, Description: "Status Unknown: No Data", Unknown: unknown, Unmeasured: true}
	case unknown > 0:
		return Overall{Indicator: IndicatorMinor, Description: "Partially Unknown: Some Components Have No Data", Unknown: unknown, Unmeasured: true}
	}
	return Overall{Indicator: IndicatorNone, Description: "All Systems Operational"}
}

// MeasuresNow reports whether st says what a component measures now: there is
// a state, the monitor measures (measuring is false for a blind monitor
// or stale data), and the component's results are not being refused.
func MeasuresNow(st *State, measuring bool) bool { return st != nil && measuring && st.Measuring() }

// CountedStatus is what a component's measurements count toward the status
// it shows: FromOutcome of the recorded outcome when MeasuresNow, else
// unknown. While the component's rounds are refused (State.Refused) it is
// not measured now, but a refusal never makes it look better than it was
// last measured: a failure the last check measured still counts, and only
// a component last measured up (or under maintenance) turns unknown.
func CountedStatus(st *State, measuring bool) Status {
	switch {
	case st == nil || !measuring:
		return StatusUnknown
	case !st.Measuring():
		if s := FromOutcome(st.Outcome); s.rank() > StatusMaintenance.rank() {
			return s
		}
		return StatusUnknown
	}
	return FromOutcome(st.Outcome)
}

// DeclaredStatus is the worst status that the open incidents and the
// maintenance windows active at now declare for component id; operational
// when none do.
func DeclaredStatus(id string, incidents []Incident, maint []Maintenance, now time.Time) Status {
	s := StatusOperational
	for i := range incidents {
		if incidents[i].Open() && incidents[i].Affects(id) {
			s = Worse(s, FromImpact(incidents[i].Impact))
		}
	}
	for i := range maint {
		if maint[i].Active(now) && maint[i].Affects(id) {
			s = Worse(s, StatusMaintenance)
		}
	}
	return s
}

// ShownOf is the status the page shows for comp at now, the one rule every
// output and every notification uses: Shown of CountedStatus and
// DeclaredStatus.
func ShownOf(comp Component, st *State, measuring bool, incidents []Incident, maint []Maintenance, now time.Time) Status {
	return Shown(CountedStatus(st, measuring), comp.Probe != nil, DeclaredStatus(comp.ID, incidents, maint, now))
}

// StatuspageStatus maps a shown status to the five values Statuspage
// clients accept. Unknown reports degraded_performance: nothing measured
// the component, so the page may not claim operational, and Statuspage
// has no "unknown". (Shown is unknown only when nothing worse is
// declared.)
func StatuspageStatus(s Status) string {
	if s == StatusUnknown || s == "" {
		return string(StatusDegraded)
	}
	return string(s)
}

// StatuspageComponentID is the 12-character Statuspage id of the
// component with id, in the JSON API and the webhooks alike.
func StatuspageComponentID(id string) string { return StableID("component:" + id) }
