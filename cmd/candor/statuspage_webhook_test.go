package main

import (
	"testing"

	"github.com/candor-status/candor/internal/statuspagetest"
)

// The Statuspage webhook bodies are decoded into internal/statuspagetest's
// structs, written from Statuspage's documentation and captures, with
// unknown fields refused: a key candor adds, or misspells, fails here.

var spComponentStatuses = map[string]bool{"operational": true, "degraded_performance": true, "partial_outage": true, "major_outage": true, "under_maintenance": true}

// decodeStatuspage decodes a webhook body of the given event strictly
// and checks the values Statuspage clients branch on.
func decodeStatuspage(t *testing.T, event string, body []byte) {
	t.Helper()
	if event == "component.status" {
		var b statuspagetest.ComponentBody
		if err := statuspagetest.Decode(body, &b); err != nil {
			t.Fatalf("%s body does not decode as a Statuspage component update: %v\n%s", event, err, body)
		}
		u := b.ComponentUpdate
		if !spComponentStatuses[u.OldStatus] || !spComponentStatuses[u.NewStatus] || u.ComponentID != b.Component.ID || u.ComponentType != "Component" || b.Component.Status != u.NewStatus {
			t.Errorf("component update %+v of component %+v", u, b.Component)
		}
		checkMetaPage(t, b.Meta, b.Page)
		return
	}
	var b statuspagetest.IncidentBody
	if err := statuspagetest.Decode(body, &b); err != nil {
		t.Fatalf("%s body does not decode as a Statuspage incident: %v\n%s", event, err, body)
	}
	inc := b.Incident
	if inc.ID == "" || inc.Name == "" || len(inc.IncidentUpdates) == 0 && event != "maintenance.scheduled" && event != "maintenance.started" && event != "maintenance.completed" {
		t.Errorf("%s: incident %+v", event, inc)
	}
	if (inc.ScheduledFor != nil) != (event[:len("maintenance")] == "maintenance") {
		t.Errorf("%s: scheduled_for %v", event, inc.ScheduledFor)
	}
	checkMetaPage(t, b.Meta, b.Page)
}

func checkMetaPage(t *testing.T, m statuspagetest.WebhookMeta, p statuspagetest.WebhookPage) {
	t.Helper()
	if m.Unsubscribe != "https://status.acme.example/" || m.Documentation == "" || m.GeneratedAt == "" {
		t.Errorf("meta = %+v", m)
	}
	switch p.StatusIndicator {
	case "none", "minor", "major", "critical", "maintenance":
	default:
		t.Errorf("page status_indicator %q", p.StatusIndicator)
	}
	if len(p.ID) != 12 || p.StatusDescription == "" {
		t.Errorf("page = %+v", p)
	}
}
