package candor

import "testing"

// A failure the quorum confirmed is told as confirmed also when it
// counted as announced maintenance; a lone dissent stays "not confirmed".
func TestLocationsConfirmedInMaintenance(t *testing.T) {
	name := func(id string) string { return id }
	vantages := []VantageResult{{Vantage: "a", Outcome: Down, Message: "503"}, {Vantage: "b", Outcome: Down, Message: "503"}}
	tests := []struct {
		outcome Outcome
		results []VantageResult
		want    string
	}{
		{Down, vantages, "2 of 2 locations failing: a (503), b (503)"},
		{UnderMaintenance, vantages, "2 of 2 locations failing: a (503), b (503)"},
		{Up, []VantageResult{{Vantage: "a", Outcome: Down, Message: "503"}, {Vantage: "b", Outcome: Up}}, "1 of 2 locations failing: not confirmed — a (503)"},
	}
	for _, tt := range tests {
		r := Result{Outcome: tt.outcome, Vantages: tt.results}
		if got := r.Locations(name); got != tt.want {
			t.Errorf("Locations(%s) = %q, want %q", tt.outcome, got, tt.want)
		}
	}
}
