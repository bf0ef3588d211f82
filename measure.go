package candor

import "time"

// Result is one check of one component in one round.
type Result struct {
	Component string
	At        time.Time // when the check started
	Outcome   Outcome
	Latency   time.Duration // total time of the last attempt
	Phases    Phases
	Attempts  int
	Class     Class  // why the check failed; empty when up
	Message   string // plain text, at most 200 characters, never a secret
	// CertDaysLeft is the days until the earliest expiry in the verified
	// chain, for TLS and HTTPS checks; -1 when there was no certificate.
	CertDaysLeft int
	// Vantages are each vantage point's check when the round merged
	// several (policy.quorum), in the config's order; nil for a round of
	// one vantage point that declares none.
	Vantages []VantageResult
}

// Phases are the timings of one request where they exist.
type Phases struct {
	DNS, Connect, TLS, FirstByte, Total time.Duration
}

// State is where a component stands after the latest round.
type State struct {
	Component string
	Outcome   Outcome
	Since     time.Time // when Outcome began
	Failing   int       // consecutive failing rounds (degraded or down)
	Passing   int       // consecutive passing rounds (up)
	LastCheck time.Time
	Last      Result
	// Refused counts the rounds since LastCheck whose results were not
	// recorded because they were dated before it (a clock that went back,
	// or a back-dated round); RefusedAt is the latest of them. While
	// Refused > 0 nothing measures the component: it shows as unknown,
	// or as the failure its last check measured (CountedStatus).
	Refused   int
	RefusedAt time.Time
}

// Measuring reports whether the state says what the component measures
// now: false while the monitor's results are being refused.
func (s State) Measuring() bool { return s.Refused == 0 }

// Minutes is time by outcome, in minutes.
type Minutes struct {
	Up, Degraded, Down, Unknown, Maintenance float64
}

// Add returns m with o's minutes added.
func (m Minutes) Add(o Outcome, minutes float64) Minutes {
	switch o {
	case Up:
		m.Up += minutes
	case Degraded:
		m.Degraded += minutes
	case Down:
		m.Down += minutes
	case UnderMaintenance:
		m.Maintenance += minutes
	default:
		m.Unknown += minutes
	}
	return m
}

// Plus returns the sum of m and o.
func (m Minutes) Plus(o Minutes) Minutes {
	return Minutes{m.Up + o.Up, m.Degraded + o.Degraded, m.Down + o.Down, m.Unknown + o.Unknown, m.Maintenance + o.Maintenance}
}

// Total is all minutes, unknown included.
func (m Minutes) Total() float64 { return m.Up + m.Degraded + m.Down + m.Unknown + m.Maintenance }

// Measured is the time some check stood for: everything but unknown.
func (m Minutes) Measured() float64 { return m.Up + m.Degraded + m.Down + m.Maintenance }

// Uptime is (up + degraded) ÷ (up + degraded + down) in percent. ok is false
// when nothing counted was measured: no uptime is claimed then.
func (m Minutes) Uptime() (pct float64, ok bool) {
	d := m.Up + m.Degraded + m.Down
	if d <= 0 {
		return 0, false
	}
	return 100 * (m.Up + m.Degraded) / d, true
}

// Coverage is measured ÷ total in percent; 0 when total is 0.
func (m Minutes) Coverage() float64 {
	t := m.Total()
	if t <= 0 {
		return 0
	}
	return 100 * m.Measured() / t
}

// Counts is checks by outcome.
type Counts struct {
	Up, Degraded, Down, Unknown, Maintenance int
}

// Add returns c with one more check of outcome o.
func (c Counts) Add(o Outcome) Counts {
	switch o {
	case Up:
		c.Up++
	case Degraded:
		c.Degraded++
	case Down:
		c.Down++
	case UnderMaintenance:
		c.Maintenance++
	default:
		c.Unknown++
	}
	return c
}

// Total is the number of checks.
func (c Counts) Total() int { return c.Up + c.Degraded + c.Down + c.Unknown + c.Maintenance }

// Figures are the measurements of one component over [Start, End).
type Figures struct {
	Start, End    time.Time
	Minutes       Minutes
	Checks        Counts
	P50, P95, Max time.Duration // latency of checks that got an answer; 0 when none
}

// Point is one raw check, for charts.
type Point struct {
	At      time.Time
	Outcome Outcome
	Latency time.Duration
}

// VantageCheck is one vantage point's part in a merged check, at the
// check's time, for charts.
type VantageCheck struct {
	At time.Time
	VantageResult
}

// Window is a stretch of one outcome in a component's measurements, as told
// on an incident page: "down from 14:05 to 15:40 UTC, 19 checks failed".
type Window struct {
	Component string
	Outcome   Outcome
	From, To  time.Time
	Checks    int
}

// Measured is everything the site shows about a component's measurements.
// The zero value means the component was never measured.
type Measured struct {
	State  *State     // nil when never checked
	Days   []Figures  // the last 90 days in the display zone, oldest first
	Last24 Figures    // last 24 hours
	Last7  Figures    // last 7 days
	Last30 Figures    // last 30 days
	Last90 Figures    // last 90 days
	Months []SLAMonth // calendar months with any data, newest first
	Recent []Point    // raw checks of the last 24 hours, oldest first
	// RecentVantages are the vantage points' parts in those checks,
	// oldest first; nil when none merged several.
	RecentVantages []VantageCheck
	// Disputed is the measured downtime that incidents dispute, as down
	// windows, oldest first: only time a check measured down, never
	// unmeasured or future time.
	Disputed []Window
}

// DisputedWithin is how many minutes of the disputed downtime ws fall
// inside [from, to).
func DisputedWithin(ws []Window, from, to time.Time) float64 {
	var d time.Duration
	for _, w := range ws {
		a, b := w.From, w.To
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		if b.After(a) {
			d += b.Sub(a)
		}
	}
	return d.Minutes()
}
