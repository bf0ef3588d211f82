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
// down, maintenance (failing checks inside a window announced before it
// began), unmeasured (past time no check stood for) and, while the month
// runs, the time still to come. Maintenance is left out of the month: the
// countable minutes are the month less its maintenance, and every figure
// is over them. The budget is the countable minutes × (100 − target) ÷
// 100; uptime is up ÷ (up + down), what was measured; its bounds count
// every minute not measured (unmeasured, and still to come) as down for
// the lowest and as up for the highest, so the true figure lies between
// them whatever those minutes were or will be. Breached (down over the
// budget) is the highest bound below the target, met (down, unmeasured
// and still to come within the budget) the lowest reaching it: one model.
type SLAMonth struct {
	Month      string    // 2006-01
	Start, End time.Time // the calendar month in the display zone, [Start, End)
	// Figures are the measurements over [Start, min(End, now)).
	Figures    Figures
	SLA        SLA
	InProgress bool // the month has not ended
	// MonthMinutes is End − Start; Countable is MonthMinutes less the
	// maintenance minutes (so far, while the month runs). Budget is
	// Countable × (100 − target) ÷ 100: the downtime the SLA allows (43.2
	// min for 99.9% of a 30-day month without maintenance), whatever was
	// measured. Maintenance still to come can only lower it.
	MonthMinutes, Countable, Budget float64
	// Used is the measured downtime; Unmeasured the past minutes no check
	// stood for; ToCome the minutes of the month still ahead.
	Used, Unmeasured, ToCome float64
	// Uptime is the measured uptime in percent, meaningful only when
	// HasData; Lowest and Highest are its bounds in percent (both 100
	// when nothing is countable: the whole month was maintenance).
	Uptime          float64
	HasData         bool
	Lowest, Highest float64
	Verdict         Verdict
	// Credit is the service credit owed for certain, in percent of the
	// month's fee: what the highest bound is owed, so 0 unless the month
	// is breached. LowestCredit is the most the month can owe: what the
	// lowest bound would be owed (0 when met). Both 0 without tiers.
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
	m.Countable = math.Max(0, m.MonthMinutes-mi.Maintenance) // up + down + unmeasured + to come
	notUp := mi.Down + mi.Unknown + m.ToCome
	m.Lowest, m.Highest = 100, 100
	if m.Countable > 0 {
		m.Lowest = math.Max(0, 100*(m.Countable-notUp)/m.Countable)
		m.Highest = 100 * (m.Countable - mi.Down) / m.Countable
	}
	if sla.Target <= 0 {
		return m
	}
	// To the microminute: 100 − 99.9 is 0.0999… in floating point, and a
	// budget a hair short would call exactly 43.2 minutes down a breach.
	m.Budget = math.Round(m.Countable*(100-sla.Target)/100*1e6) / 1e6
	switch {
	case m.Used > m.Budget+1e-6:
		m.Verdict = VerdictBreached
		m.Credit = sla.CreditFor(m.Highest)
	case notUp <= m.Budget+1e-6:
		m.Verdict = VerdictMet
	default:
		m.Verdict = VerdictUndetermined
	}
	if m.Verdict != VerdictMet {
		m.LowestCredit = math.Max(m.Credit, sla.CreditFor(m.Lowest))
	}
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
	if over := m.Used - m.Budget; over > 1e-6 {
		s += ", " + MinutesUp(over) + " min over"
	}
	return s
}

// VerdictText is the verdict in words: "met", "breached", "undetermined,
// 720 min unmeasured", "undetermined: month in progress, 10 of 43.2 min
// used so far", "met: the whole month was announced maintenance", or ""
// without an SLA.
func (m SLAMonth) VerdictText() string {
	switch {
	case m.Verdict == VerdictNone:
		return ""
	case m.Verdict == VerdictUndetermined && m.InProgress:
		return "undetermined: month in progress, " + m.BudgetText()
	case m.Verdict == VerdictUndetermined:
		return "undetermined, " + MinutesUp(m.Unmeasured) + " min unmeasured"
	case m.Verdict == VerdictMet && m.Countable <= 0:
		return "met: the whole month was announced maintenance"
	}
	return string(m.Verdict)
}

// CreditText states the service credit, following the verdict: owed only
// when the month is breached ("10% credit owed", "so far" while it runs,
// "; 25% if every unmeasured minute was down" when the lowest bound would
// owe more); while it is undetermined, the range between the bounds and
// never a firm "owed". "" without credit tiers.
func (m SLAMonth) CreditText() string {
	if len(m.SLA.Credits) == 0 {
		return ""
	}
	notMeasured := "every unmeasured minute was down"
	if m.InProgress {
		notMeasured = "every minute not yet measured is down"
	}
	switch m.Verdict {
	case VerdictMet:
		return "no credit owed"
	case VerdictBreached:
		s := "no credit owed"
		if m.Credit > 0 {
			s = Percent(m.Credit, 2) + " credit owed"
		}
		if m.InProgress {
			s += " so far"
		}
		if m.LowestCredit > m.Credit {
			s += "; " + Percent(m.LowestCredit, 2) + " if " + notMeasured
		}
		return s
	}
	if m.LowestCredit <= 0 {
		if m.InProgress {
			return "no credit owed so far, and none if " + notMeasured
		}
		return "no credit owed, even if " + notMeasured
	}
	if m.InProgress {
		return "credit undetermined so far: none if every minute not yet measured is up, " + Percent(m.LowestCredit, 2) + " if every one is down"
	}
	return "credit undetermined: none if every unmeasured minute was up, " + Percent(m.LowestCredit, 2) + " if every one was down"
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
