package history

import (
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

// ComponentReport is one component's month.
type ComponentReport struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// SLA is the target in percent; 0 means the component has none.
	SLA float64 `json:"sla"`
	// Uptime is (up + degraded) ÷ (up + degraded + down) in percent; nil
	// when nothing that counts was measured: no uptime is claimed then.
	Uptime *float64 `json:"uptime"`
	// Coverage is the share of the month some check stood for, in percent.
	Coverage float64 `json:"coverage"`
	Breached bool    `json:"breached"`
	// Minutes by outcome; unknown is time no check stood for.
	UpMinutes          float64 `json:"up_minutes"`
	DegradedMinutes    float64 `json:"degraded_minutes"`
	DownMinutes        float64 `json:"down_minutes"`
	MaintenanceMinutes float64 `json:"maintenance_minutes"`
	UnknownMinutes     float64 `json:"unknown_minutes"`
	Checks             int     `json:"checks"`
	// The error budget: the downtime the SLA allows over the counted
	// minutes, what was used, and what is left (negative when overspent).
	BudgetMinutes float64       `json:"budget_minutes"`
	UsedMinutes   float64       `json:"used_minutes"`
	LeftMinutes   float64       `json:"left_minutes"`
	Incidents     []ReportEvent `json:"incidents"`
	Maintenance   []ReportEvent `json:"maintenance"`
}

// ReportEvent is an incident or maintenance window that touched the month.
type ReportEvent struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Impact string    `json:"impact,omitempty"`
	From   time.Time `json:"from"`
	// To is zero while an incident is open.
	To   time.Time `json:"to"`
	Path string    `json:"path"`
}

// Report builds the SLA report of year-month for every component of cfg,
// measured up to now, with the incidents and maintenance windows that
// overlap the month.
func (s *Store) Report(cfg *candor.Config, year int, month time.Month, now time.Time, incs []candor.Incident, maint []candor.Maintenance) Report {
	loc := s.opt.Location
	from := time.Date(year, month, 1, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 1, 0)
	if now.Before(to) {
		to = now
	}
	r := Report{Month: from.Format("2006-01"), Timezone: loc.String(), From: from, To: to}
	for _, c := range cfg.Components {
		m := s.MonthAt(c.ID, year, month, c.SLA, now)
		cr := componentReport(c, m)
		for _, inc := range incs {
			if inc.Affects(c.ID) && overlaps(inc.Started, inc.Resolved, from, to) {
				cr.Incidents = append(cr.Incidents, ReportEvent{ID: inc.ID, Title: inc.Title, Impact: string(inc.Impact), From: inc.Started, To: inc.Resolved, Path: inc.Path})
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
		ID: c.ID, Name: c.Name, SLA: c.SLA, Coverage: round(mi.Coverage(), 3), Breached: m.Breached,
		UpMinutes: round(mi.Up, 3), DegradedMinutes: round(mi.Degraded, 3), DownMinutes: round(mi.Down, 3),
		MaintenanceMinutes: round(mi.Maintenance, 3), UnknownMinutes: round(mi.Unknown, 3), Checks: m.Figures.Checks.Total(),
		BudgetMinutes: round(m.Budget, 3), UsedMinutes: round(m.Used, 3), LeftMinutes: round(m.Left, 3),
		Incidents: []ReportEvent{}, Maintenance: []ReportEvent{},
	}
	if cr.Name == "" {
		cr.Name = c.ID
	}
	if m.HasData {
		u := round(m.Achieved, 4)
		cr.Uptime = &u
	}
	return cr
}

// round keeps n decimals, so reports show 1.44, not 1.4399999999999182.
func round(x float64, n int) float64 {
	p := math.Pow(10, float64(n))
	return math.Round(x*p) / p
}
