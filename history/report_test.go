package history

import (
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

func TestReport(t *testing.T) {
	s := newStore(t, Options{})
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rs := every("api", nov, 5*time.Minute, 288, candor.Up)
	for i := 120; i < 132; i++ {
		rs[i].Outcome = candor.Down
	}
	s.Record(rs)
	cfg := &candor.Config{Components: []candor.Component{{ID: "api", Name: "Public API", SLA: 99.9}, {ID: "web", SLA: 99}}}
	incs := []candor.Incident{
		{ID: "in-month", Title: "Outage", Components: []string{"api"}, Impact: candor.ImpactMajor, Started: nov.Add(10 * time.Hour), Resolved: nov.Add(11 * time.Hour)},
		{ID: "still-open", Title: "Open since October", Components: []string{"api"}, Started: nov.Add(-48 * time.Hour)},
		{ID: "october", Components: []string{"api"}, Started: nov.Add(-48 * time.Hour), Resolved: nov.Add(-47 * time.Hour)},
		{ID: "other", Components: []string{"web"}, Started: nov.Add(time.Hour), Resolved: nov.Add(2 * time.Hour)},
	}
	maint := []candor.Maintenance{{ID: "m1", Title: "Upgrade", Components: []string{"api"}, Starts: nov.Add(30 * time.Hour), Ends: nov.Add(31 * time.Hour)}}
	r := s.Report(cfg, 2026, time.November, nov.Add(24*time.Hour), incs, maint)

	api, web := r.Components[0], r.Components[1]
	if api.Uptime == nil || *api.Uptime != 95.8333 || api.DownMinutes != 60 || !api.Breached || api.BudgetMinutes != 1.44 || api.LeftMinutes != -58.56 {
		t.Errorf("api = uptime %v, down %v, breached %v, budget %v, left %v; want 95.8333, 60, true, 1.44, -58.56",
			api.Uptime, api.DownMinutes, api.Breached, api.BudgetMinutes, api.LeftMinutes)
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
	if web.Uptime != nil || web.Coverage != 0 || web.Breached || len(web.Incidents) != 1 {
		t.Errorf("web = %+v; want no uptime, coverage 0, no breach, one incident", web)
	}
	var b strings.Builder
	if err := r.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Public API (api)", "uptime    95.833%", "target 99.9%: BREACHED", "incident  2026-10-30 00:00 UTC to open", "uptime    no data   coverage 0.00%   target 99%: not measured"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("WriteText lacks %q:\n%s", want, b.String())
		}
	}
}
