package monitor

import (
	"fmt"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
)

// BenchmarkNoticeLook is notifications' part of a round on a large page:
// 50 components, 5,000 incidents (one reopened), 20 maintenance
// windows (one starting), 3 channels and 300 deliveries on record.
func BenchmarkNoticeLook(b *testing.B) {
	cfg := &candor.Config{Interval: 5 * time.Minute}
	hs, _ := history.FromFiles(nil, history.Options{})
	var results []candor.Result
	for i := range 50 {
		id := fmt.Sprintf("c%02d", i)
		cfg.Components = append(cfg.Components, candor.Component{ID: id, Name: id, Probe: &candor.Probe{HTTP: &candor.HTTPProbe{}}})
		results = append(results, candor.Result{Component: id, At: t0, Outcome: candor.Up, Attempts: 1, CertDaysLeft: -1})
	}
	hs.Record(results)
	pg := page{shown: map[string]candor.Status{}}
	for i := range 5000 {
		at := t0.Add(-time.Duration(i) * time.Hour)
		pg.incidents = append(pg.incidents, candor.Incident{ID: fmt.Sprintf("i%05d", i), Path: fmt.Sprintf("content/incidents/%05d.md", i),
			Components: []string{fmt.Sprintf("c%02d", i%50)}, Impact: candor.ImpactMinor, Started: at, Resolved: at.Add(time.Minute),
			Updates: []candor.Update{{At: at, Status: candor.Investigating}, {At: at.Add(time.Minute), Status: candor.Resolved}}})
	}
	for i := range 20 {
		pg.maintenance = append(pg.maintenance, candor.Maintenance{ID: fmt.Sprintf("m%02d", i), Starts: t0.Add(time.Duration(i) * time.Hour), Ends: t0.Add(time.Duration(i)*time.Hour + time.Minute)})
	}
	for _, c := range cfg.Components {
		pg.shown[c.ID] = candor.StatusOperational
	}
	channels := []Channel{{Key: "a"}, {Key: "b"}, {Key: "c"}}
	l, _ := look(history.Ledger{}, pg, cfg, channels, "", t0.Add(-time.Minute), true)
	for i := range 100 {
		for _, ch := range channels {
			l.Enqueue(ch.Key, candor.Change{Kind: candor.ComponentStatus, Subject: "c00", At: t0.Add(-time.Duration(i) * time.Minute)}, t0)
		}
	}
	pg.incidents[0].Resolved = time.Time{} // two changes to find, with the window starting
	hs.SetLedger(l)
	b.ResetTimer()
	for b.Loop() {
		next, n := look(hs.Ledger(), pg, cfg, channels, "tok", t0, true)
		hs.SetLedger(next)
		if _, err := hs.Files(); err != nil || len(n.Changes) != 2 {
			b.Fatalf("changes %v, %v", n.Changes, err)
		}
		hs.SetLedger(l)
	}
}
