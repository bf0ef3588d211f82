package history

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

func TestReport(t *testing.T) {
	s := newStore(t, Options{})
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rs := every("api", nov, 5*time.Minute, 288, candor.Up)
	for i := 120; i < 132; i++ { // 10:00 to 11:00
		rs[i].Outcome = candor.Down
	}
	for i := 200; i < 203; i++ { // 15 minutes slow
		rs[i].Outcome = candor.Degraded
	}
	s.Record(rs)
	tiers := candor.SLA{Target: 99.9, Credits: []candor.Credit{{Below: 99.9, Percent: 10}, {Below: 99, Percent: 25}}}
	cfg := &candor.Config{Components: []candor.Component{{ID: "api", Name: "Public API", SLA: tiers}, {ID: "web", SLA: candor.SLA{Target: 99}}}}
	incs := []candor.Incident{
		{ID: "in-month", Title: "Outage", Components: []string{"api"}, Impact: candor.ImpactMajor, Started: nov.Add(10 * time.Hour), Resolved: nov.Add(11 * time.Hour), Path: "content/incidents/outage.md",
			Disputes: []candor.Dispute{
				// 15 min up, then 30 min down: only the downtime counts.
				{Component: "api", From: nov.Add(9*time.Hour + 45*time.Minute), To: nov.Add(10*time.Hour + 30*time.Minute), Reason: "The probe's\nDNS was stale."},
				// Up until now, then the future: nothing counts.
				{Component: "api", From: nov.Add(23*time.Hour + 30*time.Minute), To: nov.Add(72 * time.Hour), Reason: "Planned."},
			}},
		{ID: "still-open", Title: "Open since October", Components: []string{"api"}, Started: nov.Add(-48 * time.Hour)},
		{ID: "october", Components: []string{"api"}, Started: nov.Add(-48 * time.Hour), Resolved: nov.Add(-47 * time.Hour)},
		{ID: "other", Components: []string{"web"}, Started: nov.Add(time.Hour), Resolved: nov.Add(2 * time.Hour)},
	}
	maint := []candor.Maintenance{{ID: "m1", Title: "Upgrade", Components: []string{"api"}, Starts: nov.Add(30 * time.Hour), Ends: nov.Add(31 * time.Hour)}}
	r := s.Report(cfg, 2026, time.November, nov.Add(24*time.Hour), incs, maint)

	api, web := r.Components[0], r.Components[1]
	if api.Uptime == nil || *api.Uptime != 95.8333 || api.DownMinutes != 60 || api.DegradedMinutes != 15 || !api.Breached || api.Verdict != "breached" {
		t.Errorf("api = uptime %v, down %v, degraded %v, verdict %s; want 95.8333, 60, 15, breached", api.Uptime, api.DownMinutes, api.DegradedMinutes, api.Verdict)
	}
	if api.BudgetMinutes != 43.2 || api.LeftMinutes != -16.8 || api.MonthMinutes != 43200 || !api.InProgress || api.ToComeMinutes != 43200-1440 {
		t.Errorf("api budget %v, left %v, month %v, to come %v; want 43.2, -16.8, 43200, %v", api.BudgetMinutes, api.LeftMinutes, api.MonthMinutes, api.ToComeMinutes, 43200-1440)
	}
	if api.UptimeLowest != 3.1944 || api.UptimeHighest != 99.8611 {
		t.Errorf("api bounds %v to %v, want 3.1944 to 99.8611 (truncated)", api.UptimeLowest, api.UptimeHighest)
	}
	// Breached early: the highest bound, 99.86%, owes 10% whatever the
	// rest of the month brings; the lowest would owe 25%.
	if api.CreditPercent == nil || *api.CreditPercent != 10 || *api.CreditLowestPercent != 25 {
		t.Errorf("api credit %v / %v, want 10 / 25", api.CreditPercent, api.CreditLowestPercent)
	}
	if api.DisputedMinutes != 30 || len(api.Disputes) != 2 || api.Disputes[0].DowntimeMinutes != 30 || api.Disputes[1].DowntimeMinutes != 0 {
		t.Errorf("api disputed %v min in %+v; want 30 in all, 30 and 0 per dispute (only measured downtime)", api.DisputedMinutes, api.Disputes)
	}
	var ids []string
	for _, e := range api.Incidents {
		ids = append(ids, e.ID)
	}
	if got := strings.Join(ids, ","); got != "still-open,in-month" {
		t.Errorf("api incidents = %s, want still-open,in-month", got)
	}
	if len(api.Maintenance) != 0 {
		t.Errorf("maintenance after now listed: %+v", api.Maintenance)
	}
	if web.Uptime != nil || web.Coverage != 0 || web.Breached || web.Verdict != "undetermined" || len(web.Incidents) != 1 || web.CreditPercent != nil {
		t.Errorf("web = %+v; want no uptime, coverage 0, undetermined, one incident, no credit", web)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"(month in progress)", "Public API (api)",
		"  verdict   target 99.9%: breached\n",
		"  uptime    95.8333% up · 15 min degraded, as measured\n",
		"  bounds    3.1944% if every minute not measured was down, 99.8611% if it was up\n",
		"  budget    43.2 min for the month (0.1% of 43200 min): 60 of 43.2 min used so far, 16.8 min over\n",
		"  coverage  100% of the month so far measured\n",
		"  credit    10% credit owed so far; 25% if every minute not yet measured is down\n",
		"  disputed  30 min of downtime disputed, not subtracted from the figures\n",
		"2026-11-01 09:45 UTC to 2026-11-01 10:30 UTC  30 min of downtime  The probe's DNS was stale.  (content/incidents/outage.md)",
		"  incident  2026-10-30 00:00 UTC to open",
		"  verdict   target 99%: undetermined: month in progress, 0 of 432 min used so far\n  uptime    no data\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("WriteText lacks %q:\n%s", want, b.String())
		}
	}
	js, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"verdict":"breached"`, `"budget_text":"60 of 43.2 min used so far, 16.8 min over"`, `"credits":[{"below":99.9,"percent":10},{"below":99,"percent":25}]`, `"disputes":[]`} {
		if !strings.Contains(string(js), want) {
			t.Errorf("report JSON lacks %s:\n%s", want, js)
		}
	}
}

// TestReportFinishedMonth: a month that is over says so: coverage of the
// month (not "so far"), the budget over the month less its maintenance,
// and a credit only as the verdict allows.
func TestReportFinishedMonth(t *testing.T) {
	s := newStore(t, Options{})
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rs := every("api", nov, 5*time.Minute, 288*30, candor.Up)
	for i := 300; i < 324; i++ { // 2 h down inside an announced window
		rs[i].Outcome = candor.UnderMaintenance
	}
	for i := 500; i < 509; i++ { // 45 min down
		rs[i].Outcome = candor.Down
	}
	s.Record(rs)
	tiers := candor.SLA{Target: 99.9, Credits: []candor.Credit{{Below: 99.9, Percent: 10}, {Below: 99, Percent: 25}}}
	cfg := &candor.Config{Components: []candor.Component{{ID: "api", SLA: tiers}}}
	r := s.Report(cfg, 2026, time.November, nov.AddDate(0, 1, 4), nil, nil)
	api := r.Components[0]
	if api.InProgress || api.CountableMinutes != 43080 || api.BudgetMinutes != 43.08 || api.Verdict != "breached" || *api.CreditPercent != 10 {
		t.Errorf("api in progress %v, countable %v, budget %v, verdict %s, credit %v; want false, 43080, 43.08, breached, 10",
			api.InProgress, api.CountableMinutes, api.BudgetMinutes, api.Verdict, *api.CreditPercent)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	text := b.String()
	for _, want := range []string{
		"2026-11-01 00:00 UTC to 2026-12-01 00:00 UTC\n",
		"  coverage  100% of the month measured\n",
		"  budget    43 min for the month (0.1% of 43080 min: the month's 43200 less 120 min of maintenance): 45 of 43 min used, 2 min over\n",
		"  credit    10% credit owed\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("WriteText lacks %q:\n%s", want, text)
		}
	}
	for _, not := range []string{"so far", "in progress"} {
		if strings.Contains(text, not) {
			t.Errorf("a finished month's report says %q:\n%s", not, text)
		}
	}
}

// TestReportMonthBeforeTheFirstCheck: time before a component's first
// check (added midway through the month) is unmeasured, never up: candor
// cannot tell that the service was not there.
func TestReportMonthBeforeTheFirstCheck(t *testing.T) {
	s := newStore(t, Options{})
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s.Record(every("api", nov.AddDate(0, 0, 15), 5*time.Minute, 288*15, candor.Up))
	cfg := &candor.Config{Components: []candor.Component{{ID: "api", SLA: candor.SLA{Target: 99.9}}}}
	api := s.Report(cfg, 2026, time.November, nov.AddDate(0, 1, 1), nil, nil).Components[0]
	if api.UnknownMinutes != 21600 || api.Verdict != "undetermined" || api.UptimeLowest != 50 || api.UptimeHighest != 100 || api.Coverage != 50 {
		t.Errorf("api unmeasured %v, verdict %s, bounds %v to %v, coverage %v; want 21600, undetermined, 50 to 100, 50",
			api.UnknownMinutes, api.Verdict, api.UptimeLowest, api.UptimeHighest, api.Coverage)
	}
}

// TestDisputedCountsMeasuredDowntimeOnly holds disputes to what a check
// measured down: not up time, not time nothing measured, not the future,
// and overlapping disputes once.
func TestDisputedCountsMeasuredDowntimeOnly(t *testing.T) {
	s := newStore(t, Options{})
	// Down 12:00–12:30, then nothing measured 12:30–13:30, then up.
	var rs []candor.Result
	for i := range 6 {
		rs = append(rs, check(float64(5*i), candor.Down, 0))
	}
	for i := range 12 {
		rs = append(rs, check(float64(90+5*i), candor.Up, 100*time.Millisecond))
	}
	s.Record(rs)
	now := t0.Add(150 * time.Minute)
	d := func(from, to float64) candor.Dispute {
		return candor.Dispute{Component: "api", From: t0.Add(time.Duration(from) * time.Minute), To: t0.Add(time.Duration(to) * time.Minute), Reason: "r"}
	}
	tests := []struct {
		name     string
		disputes []candor.Dispute
		want     float64
	}{
		{"all of the downtime", []candor.Dispute{d(0, 30)}, 30},
		// The last down check stands for twice the interval at most: 12:35.
		{"downtime and the gap after it", []candor.Dispute{d(0, 90)}, 35},
		{"the gap alone", []candor.Dispute{d(40, 80)}, 0},
		{"up time and the future", []candor.Dispute{d(100, 600)}, 0},
		{"overlapping disputes count once", []candor.Dispute{d(0, 20), d(10, 30)}, 30},
		{"another component's", []candor.Dispute{{Component: "web", From: t0, To: t0.Add(time.Hour)}}, 0},
	}
	for _, tt := range tests {
		ws := s.Disputed("api", tt.disputes, now)
		if got := candor.DisputedWithin(ws, t0.Add(-time.Hour), now); got != tt.want {
			t.Errorf("%s: %v min disputed, want %v (%+v)", tt.name, got, tt.want, ws)
		}
	}
	// Folded days keep only totals: the day's downtime, at most the
	// disputed part of it.
	s.Fold(t0.AddDate(0, 0, 10))
	ws := s.Disputed("api", []candor.Dispute{d(-60, 20)}, t0.AddDate(0, 0, 10))
	if got := candor.DisputedWithin(ws, t0.Add(-24*time.Hour), t0.Add(24*time.Hour)); got != 35 {
		t.Errorf("folded: %v min disputed, want 35 (the day's downtime; the dispute spans 80 min)", got)
	}
}

// An open incident's end is null in the report's JSON, never year 1.
func TestReportEventJSONOpen(t *testing.T) {
	from := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	open, _ := json.Marshal(ReportEvent{ID: "a", Title: "Down", From: from, Path: "content/incidents/a.md"})
	closed, _ := json.Marshal(ReportEvent{ID: "b", Title: "Down", From: from, To: from.Add(time.Hour), Path: "content/incidents/b.md"})
	if !strings.Contains(string(open), `"to":null`) || strings.Contains(string(open), "0001") {
		t.Errorf("open incident = %s, want to: null", open)
	}
	if !strings.Contains(string(closed), `"to":"2026-11-26T15:00:00Z"`) || strings.Count(string(closed), `"to"`) != 1 {
		t.Errorf("resolved incident = %s, want its end once", closed)
	}
}
