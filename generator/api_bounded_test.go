package generator

import (
	"testing"
)

// With 5,000 incidents every list stays at the 50 most recent entries and
// every file small: a status site with years of history must not serve
// megabyte feeds.
func TestMachineBounded(t *testing.T) {
	in := manyIncidents(5000, 100)
	files := buildMachine(t, in)
	incs := decodeSP(t, files, "api/v2/incidents.json").Incidents
	if len(incs) != recentLimit || incs[0].Name != "Incident 4999" || incs[recentLimit-1].Name != "Incident 4950" {
		t.Errorf("incidents.json: %d incidents from %q to %q, want the 50 newest", len(incs), incs[0].Name, incs[len(incs)-1].Name)
	}
	for _, path := range []string{"api/v2/incidents/unresolved.json", "api/v2/summary.json"} {
		open := decodeSP(t, files, path).Incidents
		if len(open) != recentLimit || open[0].Name != "Incident 4990" {
			t.Errorf("%s: %d incidents, first %q; want 50, the newest open first", path, len(open), open[0].Name)
		}
	}
	for path, b := range files {
		if len(b) > 512<<10 {
			t.Errorf("%s: %d KB", path, len(b)>>10)
		}
	}
}

// BenchmarkMachine builds the machine-readable outputs of 100 components
// and 5,000 incidents: go test ./generator -run ^$ -bench Machine -benchtime 5x
func BenchmarkMachine(b *testing.B) {
	in := manyIncidents(5000, 100)
	b.ReportAllocs()
	for b.Loop() {
		buildMachine(b, in)
	}
}
