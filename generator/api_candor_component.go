package generator

import (
	"time"

	"github.com/candor-status/candor"
)

func (s *site) candorComponent(c *component, v *apiView) candorComponent {
	m := c.Measured
	out := candorComponent{
		ID:               c.ID,
		StatuspageID:     candor.StatuspageComponentID(c.ID),
		Name:             machineName(c),
		Description:      stringOrNull(c.Description),
		Group:            stringOrNull(c.Component.Group),
		URL:              s.url("components/" + c.ID + "/"),
		Probe:            stringOrNull(c.Probe.Kind()),
		MeasuredStatus:   string(c.MeasuredStatus),
		UnknownReason:    stringOrNull(s.unknownReason(c)),
		DeclaredStatus:   string(c.Declared),
		ShownStatus:      string(c.Shown),
		StatuspageStatus: candor.StatuspageStatus(c.Shown),
		Figures: candorPeriods{
			Last24h: candorFiguresOf(m.Last24, c),
			Last7d:  candorFiguresOf(m.Last7, c),
			Last30d: candorFiguresOf(m.Last30, c),
			Last90d: candorFiguresOf(m.Last90, c),
		},
		SLACredits:    []candorCredit{},
		SLAMonths:     []candorSLAMonth{},
		OpenIncidents: []string{},
	}
	if c.SLA.Target > 0 {
		sla := c.SLA.Target
		out.SLAPercent = &sla
	}
	for _, cr := range c.SLA.Credits {
		out.SLACredits = append(out.SLACredits, candorCredit{cr.Below, cr.Percent})
	}
	if st := m.State; st != nil {
		out.Since = apiTimeOrNull(st.Since)
		out.LastCheck = apiTimeOrNull(st.LastCheck)
		if !st.Last.At.IsZero() {
			out.LastResult = &candorResult{
				At:        apiTime(st.Last.At),
				Outcome:   string(st.Last.Outcome),
				Class:     stringOrNull(string(st.Last.Class)),
				Message:   stringOrNull(st.Last.Message),
				LatencyMS: millis(st.Last.Latency),
				Attempts:  st.Last.Attempts,
				Vantages:  []candorVantageResult{},
				Locations: stringOrNull(s.locations(c)),
			}
			for _, v := range st.Last.Vantages {
				out.LastResult.Vantages = append(out.LastResult.Vantages, candorVantageResult{Vantage: v.Vantage,
					Outcome: string(v.Outcome), LatencyMS: millis(v.Latency), Class: stringOrNull(string(v.Class)), Message: stringOrNull(v.Message)})
			}
		}
	}
	out.Vantages = []candorVantage{}
	for _, v := range s.vantages(c) {
		cv := candorVantage{ID: v.ID, Name: v.Name}
		if !v.At.IsZero() {
			lat := millis(v.Result.Latency)
			cv.At, cv.Outcome, cv.LatencyMS = apiTimeOrNull(v.At), stringOrNull(string(v.Result.Outcome)), &lat
			cv.Class, cv.Message = stringOrNull(string(v.Result.Class)), stringOrNull(v.Result.Message)
		}
		out.Vantages = append(out.Vantages, cv)
	}
	// Months are newest first; a year of them says enough.
	for _, mo := range m.Months[:min(len(m.Months), 12)] {
		out.SLAMonths = append(out.SLAMonths, candorSLAMonthOf(mo))
	}
	for _, inc := range c.Incidents {
		if inc.Open() {
			out.OpenIncidents = append(out.OpenIncidents, inc.ID)
		}
	}
	return out
}

// candorFiguresOf is c's figures over one period, with the minutes
// incidents dispute in it; uptime stays as measured.
func candorFiguresOf(f candor.Figures, c *component) candorFigures {
	out := candorFigures{
		DisputedMinutes: c.disputedMinutes(f.Start, f.End),
		Start:           apiTimeOrNull(f.Start),
		End:             apiTimeOrNull(f.End),
		CoveragePercent: candor.Truncate(f.Minutes.Coverage(), 4),
		Minutes:         candorMinutes(f.Minutes),
		Checks:          candorCounts(f.Checks),
		LatencyMS:       candorLatency{P50: millisOrNull(f.P50), P95: millisOrNull(f.P95), Max: millisOrNull(f.Max)},
	}
	if pct, ok := f.Minutes.Uptime(); ok {
		pct = candor.Truncate(pct, 4)
		out.UptimePercent = &pct
	}
	return out
}

// candorSLAMonthOf is one SLA month; percentages are cut to four
// decimals, never rounded up.
func candorSLAMonthOf(m candor.SLAMonth) candorSLAMonth {
	mi := m.Figures.Minutes
	out := candorSLAMonth{
		Month:              m.Month,
		InProgress:         m.InProgress,
		TargetPercent:      m.SLA.Target,
		LowestPercent:      candor.Truncate(m.Lowest, 4),
		HighestPercent:     candor.Truncate(m.Highest, 4),
		CoveragePercent:    candor.Truncate(mi.Coverage(), 4),
		Verdict:            string(m.Verdict),
		VerdictText:        m.VerdictText(),
		Breached:           m.Verdict == candor.VerdictBreached,
		MonthMinutes:       m.MonthMinutes,
		CountableMinutes:   m.Countable,
		BudgetMinutes:      m.Budget,
		UsedMinutes:        m.Used,
		LeftMinutes:        m.Left(),
		DegradedMinutes:    mi.Degraded,
		MaintenanceMinutes: mi.Maintenance,
		UnmeasuredMinutes:  m.Unmeasured,
		ToComeMinutes:      m.ToCome,
		DisputedMinutes:    m.Disputed,
	}
	if m.HasData {
		a := candor.Truncate(m.Uptime, 4)
		out.AchievedPercent = &a
	}
	if len(m.SLA.Credits) > 0 {
		owed, lowest := m.Credit, m.LowestCredit
		out.CreditPercent, out.CreditLowestPercent = &owed, &lowest
	}
	return out
}

// millis is d in milliseconds.
func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// millisOrNull is d in milliseconds, or null for zero (no answer).
func millisOrNull(d time.Duration) *float64 {
	if d == 0 {
		return nil
	}
	ms := millis(d)
	return &ms
}
