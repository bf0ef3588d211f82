package generator

import (
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// TestSLAMonthCreditFollowsTheVerdict: the component page and
// api/candor.json owe a credit only when the month is breached. Ten
// minutes down in the first two hours of November owe nothing yet; the
// most the month could owe is stated as a bound, never as owed.
func TestSLAMonthCreditFollowsTheVerdict(t *testing.T) {
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tiers := candor.SLA{Target: 99.9, Credits: []candor.Credit{{Below: 99.9, Percent: 10}, {Below: 99, Percent: 25}}}
	for _, tc := range []struct {
		name              string
		now               time.Time
		mins              candor.Minutes
		owed, most        float64
		credit, verdict   string
		countable, budget float64
	}{
		{"10 min down in the first 2 h", nov.Add(2 * time.Hour), candor.Minutes{Up: 110, Down: 10}, 0, 25,
			"credit undetermined so far: none if every minute not yet measured is up, 25% if every one is down", "Undetermined: month in progress", 43200, 43.2},
		{"finished, 2 h measured", nov.AddDate(0, 1, 1), candor.Minutes{Up: 110, Down: 10, Unknown: 43080}, 0, 25,
			"credit undetermined: none if every unmeasured minute was up, 25% if every one was down", "Undetermined, 43080 min unmeasured", 43200, 43.2},
		{"120 min maintenance, 43.1 min down", nov.AddDate(0, 1, 1), candor.Minutes{Up: 43200 - 120 - 43.1, Down: 43.1, Maintenance: 120}, 10, 10,
			"10% credit owed", "Breached", 43080, 43.08},
		{"all maintenance", nov.AddDate(0, 1, 1), candor.Minutes{Maintenance: 43200}, 0, 0,
			"no credit owed", "Met: the whole month was announced maintenance", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			end := nov.AddDate(0, 1, 0)
			upTo := end
			if tc.now.Before(end) {
				upTo = tc.now
			}
			sm := candor.NewSLAMonth(nov, end, tc.now, candor.Figures{Start: nov, End: upTo, Minutes: tc.mins}, tiers, 0)
			row := month(sm)
			if row.Credit != tc.credit || row.Verdict != tc.verdict {
				t.Errorf("page: credit %q, verdict %q; want %q, %q", row.Credit, row.Verdict, tc.credit, tc.verdict)
			}
			js := candorSLAMonthOf(sm)
			if js.CreditPercent == nil || *js.CreditPercent != tc.owed || *js.CreditLowestPercent != tc.most {
				t.Errorf("candor.json credit_percent %v, credit_lowest_percent %v; want %v, %v", js.CreditPercent, js.CreditLowestPercent, tc.owed, tc.most)
			}
			if js.CountableMinutes != tc.countable || js.BudgetMinutes != tc.budget {
				t.Errorf("candor.json countable %v, budget %v; want %v, %v", js.CountableMinutes, js.BudgetMinutes, tc.countable, tc.budget)
			}
		})
	}
}
