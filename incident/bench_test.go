package incident

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// BenchmarkLoad parses and checks a generated repository of 5,000
// incidents over 100 components: what candor check and the content half of
// candor build pay.
func BenchmarkLoad(b *testing.B) {
	root := b.TempDir()
	cfg := &candor.Config{}
	for i := range 100 {
		cfg.Components = append(cfg.Components, candor.Component{ID: fmt.Sprintf("c%03d", i)})
	}
	dir := filepath.Join(root, IncidentDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5000 {
		t := start.Add(time.Duration(i) * 3 * time.Hour)
		inc := &candor.Incident{
			Title: fmt.Sprintf("Incident %d", i), Components: []string{cfg.Components[i%100].ID},
			Impact: candor.ImpactMinor, Started: t, Resolved: t.Add(time.Hour),
			Updates: []candor.Update{
				{At: t.Add(5 * time.Minute), Status: candor.Investigating, Text: "We are looking into errors.", NextUpdate: t.Add(35 * time.Minute)},
				{At: t.Add(30 * time.Minute), Status: candor.Identified, Text: "A bad deploy; rolling back."},
				{At: t.Add(time.Hour), Status: candor.Resolved, Text: "Resolved."},
			},
			Body: "## Postmortem\n\nWhat happened, and what we changed.",
		}
		data, err := Format(inc)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("inc-%05d.md", i)), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c, err := Load(root, cfg)
		if err != nil || len(c.Incidents) != 5000 || len(c.Problems) != 0 {
			b.Fatalf("Load = %d incidents, %v, %v", len(c.Incidents), c.Problems, err)
		}
	}
}
