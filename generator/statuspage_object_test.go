package generator

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// NewAPI yields any incident or maintenance of the input, as the API
// documents list the recent ones: the same object, whatever its age.
func TestAPIObjectsAsTheDocumentsServeThem(t *testing.T) {
	in := manyIncidents(200, 10)
	files := buildMachine(t, in)
	api := NewAPI(in)
	var listed struct{ Incidents []json.RawMessage }
	if err := json.Unmarshal(files["api/v2/incidents.json"], &listed); err != nil {
		t.Fatal(err)
	}
	var recent struct{ ID string }
	json.Unmarshal(listed.Incidents[0], &recent)
	got, ok := api.Incident(recent.ID)
	if !ok {
		t.Fatalf("Incident(%s): none", recent.ID)
	}
	if diff := cmp.Diff(decodeAny(t, listed.Incidents[0]), decodeAny(t, got)); diff != "" {
		t.Errorf("Incident(%s) differs from incidents.json's (-listed +got):\n%s", recent.ID, diff)
	}
	oldest := in.Incidents[1] // resolved, long out of every list
	got, ok = api.Incident(oldest.ID)
	var obj struct{ ID, Name, Status string }
	if !ok || json.Unmarshal(got, &obj) != nil || obj.ID != oldest.ID || obj.Name != "Incident 1" || obj.Status != "resolved" {
		t.Errorf("Incident(oldest) = %s, %v", got, ok)
	}
	if _, ok := api.Incident("nosuch"); ok {
		t.Error("Incident(nosuch) found one")
	}

	mi := machineInput()
	if len(mi.Maintenance) == 0 {
		t.Fatal("the fixture has no maintenance")
	}
	files = buildMachine(t, mi)
	var windows struct {
		ScheduledMaintenances []json.RawMessage `json:"scheduled_maintenances"`
	}
	if err := json.Unmarshal(files["api/v2/scheduled-maintenances.json"], &windows); err != nil {
		t.Fatal(err)
	}
	for _, raw := range windows.ScheduledMaintenances {
		var w struct{ ID string }
		json.Unmarshal(raw, &w)
		got, ok := NewAPI(mi).Maintenance(w.ID)
		if !ok {
			t.Fatalf("Maintenance(%s): none", w.ID)
		}
		if diff := cmp.Diff(decodeAny(t, raw), decodeAny(t, got)); diff != "" {
			t.Errorf("Maintenance(%s) differs (-listed +got):\n%s", w.ID, diff)
		}
	}
}

func decodeAny(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}
