package history

import (
	"encoding/json"
	"math"
	"slices"
	"time"

	"github.com/candor-status/candor"
)

// Report is one calendar month's SLA report for every component: what a
// customer asking for a credit needs.
type Report struct {
	Month    string    `json:"month"` // 2006-01
	Timezone string    `json:"timezone"`
	From     time.Time `json:"from"`
	// To is the end of the month, or now while the month runs.
	To         time.Time         `json:"to"`
	Components []ComponentReport `json:"components"`
}

// ComponentReport is one component's month. Percentages are truncated to
// four decimals, never rounded up; docs/history.md gives the rules.
type ComponentReport struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// SLA is the target in percent; 0 means the component has none.
	SLA     float64         `json:"sla"`
	Credits []candor.Credit `json:"credits"`
	// Uptime is (up + degraded) ÷ (up + degraded + down) in percent; nil
	// when nothing that counts was measured: no uptime is claimed then.
	Uptime *float64 `json:"uptime"`
	// UptimeLowest and UptimeHighest bound the month's uptime: every
	// minute not measured (past and still to come) down, or up.
	UptimeLowest  float64 `json:"uptime_lowest"`
	UptimeHighest float64 `json:"uptime_highest"`
	// Coverage is the share of the month so far some check stood for, in
	// percent.
	Coverage float64 `json:"coverage"`
	// Verdict is met, breached, undetermined, or "" without an SLA;
	// VerdictText says it in words. Breached is Verdict == breached.
	Verdict     string `json:"verdict"`
	VerdictText string `json:"verdict_text"`
	// BudgetText and CreditText say the budget and the credit in words
	// ("10 of 43.2 min used so far"); "" without an SLA or credit tiers.
	BudgetText string `json:"budget_text"`
	CreditText string `json:"credit_text"`
	Breached   bool   `json:"breached"`
	InProgress bool   `json:"in_progress"`
	// Minutes by outcome; unknown is past time no check stood for, to
	// come the rest of a month that has not ended.
	UpMinutes          float64 `json:"up_minutes"`
	DegradedMinutes    float64 `json:"degraded_minutes"`
	DownMinutes        float64 `json:"down_minutes"`
	MaintenanceMinutes float64 `json:"maintenance_minutes"`
	UnknownMinutes     float64 `json:"unknown_minutes"`
	ToComeMinutes      float64 `json:"to_come_minutes"`
	Checks             int     `json:"checks"`
	// The error budget: the downtime the SLA allows in the month's
	// countable minutes (the month less its maintenance), the measured
	// downtime, and what is left (negative when overspent).
	MonthMinutes     float64 `json:"month_minutes"`
	CountableMinutes float64 `json:"countable_minutes"`
	BudgetMinutes    float64 `json:"budget_minutes"`
	UsedMinutes      float64 `json:"used_minutes"`
	LeftMinutes      float64 `json:"left_minutes"`
	// CreditPercent is the service credit owed for certain, in percent of
	// the month's fee: what the highest bound is owed, 0 unless the month
	// is breached. CreditLowestPercent is the most it can owe, what the
	// lowest bound would be owed. Both null without credit tiers.
	CreditPercent       *float64 `json:"credit_percent"`
	CreditLowestPercent *float64 `json:"credit_lowest_percent"`
	// DisputedMinutes is the measured downtime in the month that
	// incidents dispute; it is never subtracted from the figures.
	DisputedMinutes float64         `json:"disputed_minutes"`
	Disputes        []ReportDispute `json:"disputes"`
	Incidents       []ReportEvent   `json:"incidents"`
	Maintenance     []ReportEvent   `json:"maintenance"`
	// QuarantinedDays are the month's days whose daily totals are in
	// quarantine (2026-11-23): counted as unmeasured, never made up again
	// from the raw results left, until someone repairs the row.
	QuarantinedDays []string `json:"quarantined_days"`
}

// ReportDispute is a dispute of an incident that touches the month, with
// the measured downtime it covers inside the month.
type ReportDispute struct {
	Incident        string    `json:"incident"`
	Path            string    `json:"path"`
	From            time.Time `json:"from"`
	To              time.Time `json:"to"`
	Reason          string    `json:"reason"`
	DowntimeMinutes float64   `json:"downtime_minutes"`
}

// ReportEvent is an incident or maintenance window that touched the month.
type ReportEvent struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Impact string    `json:"impact,omitempty"`
	From   time.Time `json:"from"`
	// To is zero while an incident is open; JSON says null.
	To   time.Time `json:"to"`
	Path string    `json:"path"`
}

// MarshalJSON writes an open incident's to as null, never as year 1.
func (e ReportEvent) MarshalJSON() ([]byte, error) {
	type plain ReportEvent
	var to *time.Time
	if !e.To.IsZero() {
		to = &e.To
	}
	return json.Marshal(struct {
		plain
		To *time.Time `json:"to"`
	}{plain(e), to})
}

// Report builds the SLA report of year-month for every component of cfg,
// measured up to now, with the incidents and maintenance windows that
// overlap the month. A month that has not begun at now has nothing to
// report; callers refuse it (its To is its From).
func (s *Store) Report(cfg *candor.Config, year int, month time.Month, now time.Time, incs []candor.Incident, maint []candor.Maintenance) Report {
	loc := s.opt.Location
	from := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 1, 0)
	if now.Before(to) {
		to = now
	}
	if to.Before(from) { // a month not begun: nothing to report, never a range backwards
		to = from
	}
	r := Report{Month: from.Format("2006-01"), Timezone: loc.String(), From: from, To: to}
	var disputes []candor.Dispute
	for _, inc := range incs {
		disputes = append(disputes, inc.Disputes...)
	}
	for _, c := range cfg.Components {
		m := s.MonthAt(c.ID, year, month, c.SLA, now, s.Disputed(c.ID, disputes, now))
		cr := componentReport(c, m)
		cr.QuarantinedDays = append([]string{}, s.HeldDays(c.ID, from, to)...)
		for _, inc := range incs {
			if inc.Affects(c.ID) && overlaps(inc.Started, inc.Resolved, from, to) {
				cr.Incidents = append(cr.Incidents, ReportEvent{ID: inc.ID, Title: inc.Title, Impact: string(inc.Impact), From: inc.Started, To: inc.Resolved, Path: inc.Path})
			}
			for _, d := range inc.Disputes {
				if d.Component == c.ID && overlaps(d.From, d.To, from, to) {
					down := candor.DisputedWithin(s.Disputed(c.ID, []candor.Dispute{d}, now), from, to)
					cr.Disputes = append(cr.Disputes, ReportDispute{Incident: inc.ID, Path: inc.Path, From: d.From, To: d.To, Reason: d.Reason, DowntimeMinutes: round(down, 3)})
				}
			}
		}
		for _, mt := range maint {
			if mt.Affects(c.ID) && overlaps(mt.Starts, mt.Ends, from, to) {
				cr.Maintenance = append(cr.Maintenance, ReportEvent{ID: mt.ID, Title: mt.Title, From: mt.Starts, To: mt.Ends, Path: mt.Path})
			}
		}
		byStart := func(a, b ReportEvent) int { return a.From.Compare(b.From) }
		slices.SortStableFunc(cr.Incidents, byStart)
		slices.SortStableFunc(cr.Maintenance, byStart)
		slices.SortStableFunc(cr.Disputes, func(a, b ReportDispute) int { return a.From.Compare(b.From) })
		r.Components = append(r.Components, cr)
	}
	return r
}

// overlaps reports whether [a, b) meets [from, to); a zero b is open.
func overlaps(a, b, from, to time.Time) bool {
	return a.Before(to) && (b.IsZero() || b.After(from))
}

func componentReport(c candor.Component, m candor.SLAMonth) ComponentReport {
	mi := m.Figures.Minutes
	cr := ComponentReport{
		ID: c.ID, Name: c.Name, SLA: c.SLA.Target, Credits: c.SLA.Credits,
		UptimeLowest: candor.Truncate(m.Lowest, 4), UptimeHighest: candor.Truncate(m.Highest, 4),
		Coverage: candor.Truncate(mi.Coverage(), 4), Verdict: string(m.Verdict), VerdictText: m.VerdictText(), CreditText: m.CreditText(),
		Breached: m.Verdict == candor.VerdictBreached, InProgress: m.InProgress,
		UpMinutes: round(mi.Up, 3), DegradedMinutes: round(mi.Degraded, 3), DownMinutes: round(mi.Down, 3),
		MaintenanceMinutes: round(mi.Maintenance, 3), UnknownMinutes: round(mi.Unknown, 3), ToComeMinutes: round(m.ToCome, 3),
		Checks:       m.Figures.Checks.Total(),
		MonthMinutes: round(m.MonthMinutes, 3), CountableMinutes: round(m.Countable, 3), BudgetMinutes: round(m.Budget, 3), UsedMinutes: round(m.Used, 3), LeftMinutes: round(m.Left(), 3),
		DisputedMinutes: round(m.Disputed, 3),
		Disputes:        []ReportDispute{}, Incidents: []ReportEvent{}, Maintenance: []ReportEvent{},
	}
	if cr.Name == "" {
		cr.Name = c.ID
	}
	if c.SLA.Target > 0 {
		cr.BudgetText = m.BudgetText()
	}
	if cr.Credits == nil {
		cr.Credits = []candor.Credit{}
	}
	if m.HasData {
		u := candor.Truncate(m.Uptime, 4)
		cr.Uptime = &u
	}
	if len(c.SLA.Credits) > 0 {
		owed, lowest := m.Credit, m.LowestCredit
		cr.CreditPercent, cr.CreditLowestPercent = &owed, &lowest
	}
	return cr
}

// round keeps n decimals, so reports show 1.44, not 1.4399999999999182.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}
