package generator

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func candorSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../docs/candor.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("candor.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("candor.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateCandor(sch *jsonschema.Schema, b []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func TestCandorJSONSchema(t *testing.T) {
	sch := candorSchema(t)
	blind := machineInput()
	blind.Blind = true
	empty := machineInput()
	empty.Incidents, empty.Maintenance, empty.Measured, empty.Evidence, empty.LastCheck = nil, nil, nil, nil, time.Time{}
	for name, in := range map[string]Input{"sample": machineInput(), "blind": blind, "empty": empty, "5000 incidents": manyIncidents(5000, 100)} {
		t.Run(name, func(t *testing.T) {
			b := buildMachine(t, in)["api/candor.json"]
			if err := validateCandor(sch, b); err != nil {
				t.Fatalf("api/candor.json does not match docs/candor.schema.json: %v", err)
			}
		})
	}
}

// The schema must reject what the generator must never write, or the test
// above proves nothing.
func TestCandorSchemaRejects(t *testing.T) {
	sch := candorSchema(t)
	good := buildMachine(t, machineInput())["api/candor.json"]
	for name, edit := range map[string]func(map[string]any){
		"missing key":   func(d map[string]any) { delete(d["monitor"].(map[string]any), "last_check") },
		"extra key":     func(d map[string]any) { d["extra"] = true },
		"bad status":    func(d map[string]any) { comp(d)["shown_status"] = "green" },
		"time w/o ms":   func(d map[string]any) { d["generated_at"] = "2026-11-26T15:00:00Z" },
		"unknown in v2": func(d map[string]any) { comp(d)["statuspage_status"] = "unknown" },
		"no disputed": func(d map[string]any) {
			delete(comp(d)["figures"].(map[string]any)["7d"].(map[string]any), "disputed_minutes")
		},
	} {
		var d map[string]any
		if err := json.Unmarshal(good, &d); err != nil {
			t.Fatal(err)
		}
		edit(d)
		b, _ := json.Marshal(d)
		if validateCandor(sch, b) == nil {
			t.Errorf("%s: schema accepts it", name)
		}
	}
}

func comp(d map[string]any) map[string]any { return d["components"].([]any)[0].(map[string]any) }

func TestCandorJSONContent(t *testing.T) {
	var doc candorDocument
	dec := json.NewDecoder(bytes.NewReader(buildMachine(t, machineInput())["api/candor.json"]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	byID := map[string]candorComponent{}
	for _, c := range doc.Components {
		byID[c.ID] = c
	}
	for id, want := range map[string][4]string{
		"api":     {"major_outage", "partial_outage", "major_outage", "major_outage"},
		"search":  {"unknown", "operational", "unknown", "degraded_performance"},
		"billing": {"unknown", "degraded_performance", "degraded_performance", "degraded_performance"},
		// A failure the round counted as maintenance: measured as the
		// failure it was, shown as the maintenance it counted as.
		"edge": {"major_outage", "under_maintenance", "under_maintenance", "under_maintenance"},
	} {
		c := byID[id]
		got := [4]string{c.MeasuredStatus, c.DeclaredStatus, c.ShownStatus, c.StatuspageStatus}
		if got != want {
			t.Errorf("%s measured, declared, shown, statuspage = %v, want %v", id, got, want)
		}
	}
	if u := byID["api"].Figures.Last90d.UptimePercent; u == nil || *u < 99.5 || *u > 99.6 {
		t.Errorf("api 90d uptime = %v, want 99.58", u)
	}
	for _, f := range []candorFigures{byID["api"].Figures.Last24h, byID["api"].Figures.Last90d} {
		if f.DisputedMinutes != 5 || f.UptimePercent == nil {
			t.Errorf("api figures = %+v, want 5 disputed minutes beside the measured uptime", f)
		}
	}
	if d := byID["web"].Figures.Last90d.DisputedMinutes; d != 0 {
		t.Errorf("web 90d disputed minutes = %v, want 0: no dispute names it", d)
	}
	if byID["search"].Figures.Last90d.UptimePercent != nil {
		t.Error("never-measured search claims an uptime")
	}
	open := doc.Incidents[0]
	if !open.Open || !open.Overdue || open.OverdueSecs != 600 || open.NextUpdateBy == nil || *open.NextUpdateBy != "2026-11-26T14:50:00.000Z" ||
		len(open.Evidence) != 1 || len(open.Disputes) != 1 || open.OpenedBy != "monitor" {
		t.Errorf("open incident = %+v, want overdue by 10 min with its evidence and dispute", open)
	}
	if m := doc.Monitor; m.Stale || m.StaleAt == nil || *m.StaleAt != "2026-11-26T15:20:00.000Z" || m.StaleAfterSeconds != 1500 {
		t.Errorf("monitor = %+v", doc.Monitor)
	}
}
