package candor

import (
	"math"
	"strconv"
	"time"
)

// SLA is a component's service level: the uptime promised per calendar
// month and the service credits owed when a month falls short. In
// candor.yml it is a plain percentage (sla: 99.9) or a mapping with tiers
// (sla: {target: 99.9, credits: [{below: 99.9, percent: 10}]}).
type SLA struct {
	// Target is the promised uptime in percent; 0 means no SLA. The
	// "scalar" option lets candor.yml give it alone: sla: 99.9.
	Target  float64  `yaml:"target,scalar"`
	Credits []Credit `yaml:"credits"`
}

// Credit is one tier of service credits: a month whose uptime is below
// Below percent is owed Percent of that month's fee.
type Credit struct {
	Below   float64 `yaml:"below" json:"below"`
	Percent float64 `yaml:"percent" json:"percent"`
}

// CreditFor is the credit owed, in percent of the month's fee, by a month
// whose uptime is pct: the largest Percent of the tiers it falls below, 0
// when it falls below none.
func (s SLA) CreditFor(pct float64) float64 {
	var owed float64
	for _, c := range s.Credits {
		if below(pct, c.Below) && c.Percent > owed {
			owed = c.Percent
		}
	}
	return owed
}

// Verdict is what a month's figures say about its SLA.
type Verdict string

// The verdicts. A month is met only when even its lowest possible uptime
// reaches the target, breached when even its highest falls short (or the
// downtime measured already exceeds the budget), and undetermined in
// between: then only the unmeasured minutes could tell.
const (
	VerdictNone         Verdict = ""    // the component has no SLA
	VerdictMet          Verdict = "met" // the lowest bound reaches the target
	VerdictBreached     Verdict = "breached"
	VerdictUndetermined Verdict = "undetermined"
)

// SLAMonth is one calendar month of one component against its SLA.
//
// The time of the month falls into five parts: up (degraded counts as up),
// down, maintenance (left out of the SLA), unmeasured (past time no check
// stood for) and, while the month runs, the time still to come. Uptime is
// up ÷ (up + down): what was measured. Its bounds count every minute that
// was not measured (unmeasured, and still to come) as down for the lowest
// and as up for the highest, over the month less its maintenance, so the
// true figure for the month lies between them whatever the unmeasured
// minutes were or will be.
type SLAMonth struct {
	Month      string    // 2006-01
	Start, End time.Time // the calendar month in the display zone, [Start, End)
	// Figures are the measurements over [Start, min(End, now)).
	Figures    Figures
	SLA        SLA
	InProgress bool // the month has not ended
	// MonthMinutes is End − Start; Budget is MonthMinutes × (100 −
	// target) ÷ 100: the downtime the SLA allows in the whole calendar
	// month (43.2 min for 99.9% of a 30-day month), whatever was measured.
	MonthMinutes, Budget float64
	// Used is the measured downtime; Unmeasured the past minutes no check
	// stood for; ToCome the minutes of the month still ahead.
	Used, Unmeasured, ToCome float64
	// Uptime is the measured uptime in percent, meaningful only when
	// HasData; Lowest and Highest are its bounds in percent.
	Uptime          float64
	HasData         bool
	Lowest, Highest float64
	Verdict         Verdict
	// Credit is the service credit the measured uptime is owed, in
	// percent of the month's fee; LowestCredit what the lowest bound
	// would be owed. Both 0 without credit tiers.
	Credit, LowestCredit float64
	// Disputed is the measured downtime that incidents dispute, in
	// minutes. It is stated beside the figures and never subtracted.
	Disputed float64
}

// NewSLAMonth judges the calendar month [start, end) at now, from the
// figures measured over [start, min(end, now)), against sla, with disputed
// minutes of measured downtime.
func NewSLAMonth(start, end, now time.Time, f Figures, sla SLA, disputed float64) SLAMonth {
	m := SLAMonth{Month: start.Format("2006-01"), Start: start, End: end, Figures: f, SLA: sla, Disputed: disputed}
	m.MonthMinutes = end.Sub(start).Minutes()
	m.InProgress = now.Before(end)
	mi := f.Minutes
	m.Used, m.Unmeasured = mi.Down, mi.Unknown
	m.ToCome = math.Max(0, m.MonthMinutes-mi.Total())
	m.Uptime, m.HasData = mi.Uptime()
	up := mi.Up + mi.Degraded
	counted := m.MonthMinutes - mi.Maintenance // up + down + unmeasured + to come
	m.Lowest, m.Highest = 0, 100
	if counted > 0 {
		m.Lowest = 100 * up / counted
		m.Highest = 100 * (counted - mi.Down) / counted
	}
	if sla.Target <= 0 {
		return m
	}
	// To the microminute: 100 − 99.9 is 0.0999… in floating point, and a
	// budget a hair short would call exactly 43.2 minutes down a breach.
	m.Budget = math.Round(m.MonthMinutes*(100-sla.Target)/100*1e6) / 1e6
	switch {
	case m.Used > m.Budget+1e-9 || below(m.Highest, sla.Target):
		m.Verdict = VerdictBreached
	case counted > 0 && !below(m.Lowest, sla.Target):
		m.Verdict = VerdictMet
	default:
		m.Verdict = VerdictUndetermined
	}
	if m.HasData {
		m.Credit = sla.CreditFor(m.Uptime)
	}
	m.LowestCredit = sla.CreditFor(m.Lowest)
	return m
}

// below reports whether pct falls short of target. Figures come from whole
// seconds, so a difference under a billionth of a percent is floating-point
// noise, not a shortfall.
func below(pct, target float64) bool { return pct < target-1e-9 }

// Left is the budget not yet used, in minutes; negative when overspent.
func (m SLAMonth) Left() float64 { return m.Budget - m.Used }

// BudgetText says how much of the budget the downtime used: "10 of 43.2
// min used", "10 of 43.2 min used so far" while the month runs, "50 of
// 43.2 min used, 6.8 min over". Used minutes round up and the budget
// rounds down, so the words never favour the provider.
func (m SLAMonth) BudgetText() string {
	s := MinutesUp(m.Used) + " of " + MinutesDown(m.Budget) + " min used"
	if m.InProgress {
		s += " so far"
	}
	if over := m.Used - m.Budget; over > 1e-9 {
		s += ", " + MinutesUp(over) + " min over"
	}
	return s
}

// VerdictText is the verdict in words: "met", "breached", "undetermined,
// 720 min unmeasured", "undetermined: month in progress, 10 of 43.2 min
// used so far", or "" without an SLA.
func (m SLAMonth) VerdictText() string {
	switch {
	case m.Verdict == VerdictNone:
		return ""
	case m.Verdict == VerdictUndetermined && m.InProgress:
		return "undetermined: month in progress, " + m.BudgetText()
	case m.Verdict == VerdictUndetermined:
		return "undetermined, " + MinutesUp(m.Unmeasured) + " min unmeasured"
	}
	return string(m.Verdict)
}

// CreditText states the service credit: "10% credit owed by the measured
// uptime", with "; 25% if every unmeasured minute was down" when the lowest
// bound would owe more. "" without credit tiers.
func (m SLAMonth) CreditText() string {
	if len(m.SLA.Credits) == 0 {
		return ""
	}
	s := "no credit owed by the measured uptime"
	if !m.HasData {
		s = "no measured uptime to owe a credit"
	} else if m.Credit > 0 {
		s = Percent(m.Credit, 2) + " credit owed by the measured uptime"
	}
	if m.LowestCredit > m.Credit {
		s += "; " + Percent(m.LowestCredit, 2) + " if every unmeasured minute was down"
	}
	if m.InProgress {
		s += " (so far)"
	}
	return s
}

// MinutesUp is m with one decimal, rounded up: "43.3", "10". For minutes
// that count against the provider (downtime used, unmeasured).
func MinutesUp(m float64) string { return tenths(math.Ceil(m*10 - 1e-6)) }

// MinutesDown is m with one decimal, rounded down: "43.2". For minutes the
// provider may spend (a budget).
func MinutesDown(m float64) string { return tenths(math.Floor(m*10 + 1e-6)) }

func tenths(t float64) string {
	if t == 0 {
		t = 0 // never "-0"
	}
	return strconv.FormatFloat(t/10, 'f', -1, 64)
}
