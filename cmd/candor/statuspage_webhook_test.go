package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The Statuspage webhook bodies, field for field as Statuspage documents
// and sends them (docs/notify.md, ../shared/reference/statuspage-api.md):
// decoded with unknown fields refused, so that a key candor adds, or
// misspells, fails here.

type spWebhookMeta struct {
	Unsubscribe   string `json:"unsubscribe"`
	Documentation string `json:"documentation"`
	GeneratedAt   string `json:"generated_at"`
}

type spWebhookPage struct {
	ID                string `json:"id"`
	StatusIndicator   string `json:"status_indicator"`
	StatusDescription string `json:"status_description"`
}

type spWebhookComponent struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Status             string   `json:"status"`
	CreatedAt          string   `json:"created_at"`
	UpdatedAt          string   `json:"updated_at"`
	Position           int      `json:"position"`
	Description        *string  `json:"description"`
	Showcase           bool     `json:"showcase"`
	StartDate          *string  `json:"start_date"`
	GroupID            *string  `json:"group_id"`
	PageID             string   `json:"page_id"`
	Group              bool     `json:"group"`
	OnlyShowIfDegraded bool     `json:"only_show_if_degraded"`
	Components         []string `json:"components"`
}

type spWebhookUpdate struct {
	ID                 string `json:"id"`
	Status             string `json:"status"`
	Body               string `json:"body"`
	IncidentID         string `json:"incident_id"`
	CreatedAt          string `json:"created_at"`
	UpdatedAt          string `json:"updated_at"`
	DisplayAt          string `json:"display_at"`
	AffectedComponents []struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		OldStatus string `json:"old_status"`
		NewStatus string `json:"new_status"`
	} `json:"affected_components"`
	DeliverNotifications bool    `json:"deliver_notifications"`
	CustomTweet          *string `json:"custom_tweet"`
	TweetID              *string `json:"tweet_id"`
}

type spWebhookIncident struct {
	ID                string               `json:"id"`
	Name              string               `json:"name"`
	Status            string               `json:"status"`
	CreatedAt         string               `json:"created_at"`
	UpdatedAt         string               `json:"updated_at"`
	MonitoringAt      *string              `json:"monitoring_at"`
	ResolvedAt        *string              `json:"resolved_at"`
	Impact            string               `json:"impact"`
	Shortlink         string               `json:"shortlink"`
	StartedAt         string               `json:"started_at"`
	PageID            string               `json:"page_id"`
	IncidentUpdates   []spWebhookUpdate    `json:"incident_updates"`
	Components        []spWebhookComponent `json:"components"`
	ReminderIntervals *string              `json:"reminder_intervals"`
	ScheduledFor      *string              `json:"scheduled_for"`
	ScheduledUntil    *string              `json:"scheduled_until"`
}

type spWebhookIncidentBody struct {
	Meta     spWebhookMeta     `json:"meta"`
	Page     spWebhookPage     `json:"page"`
	Incident spWebhookIncident `json:"incident"`
}

type spWebhookComponentBody struct {
	Meta            spWebhookMeta `json:"meta"`
	Page            spWebhookPage `json:"page"`
	ComponentUpdate struct {
		CreatedAt     string `json:"created_at"`
		NewStatus     string `json:"new_status"`
		OldStatus     string `json:"old_status"`
		ID            string `json:"id"`
		ComponentID   string `json:"component_id"`
		ComponentType string `json:"component_type"`
	} `json:"component_update"`
	Component spWebhookComponent `json:"component"`
}

var spComponentStatuses = map[string]bool{"operational": true, "degraded_performance": true, "partial_outage": true, "major_outage": true, "under_maintenance": true}

// decodeStatuspage decodes a webhook body of the given event strictly
// and checks the values Statuspage clients branch on.
func decodeStatuspage(t *testing.T, event string, body []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if event == "component.status" {
		var b spWebhookComponentBody
		if err := dec.Decode(&b); err != nil {
			t.Fatalf("%s body does not decode as a Statuspage component update: %v\n%s", event, err, body)
		}
		u := b.ComponentUpdate
		if !spComponentStatuses[u.OldStatus] || !spComponentStatuses[u.NewStatus] || u.ComponentID != b.Component.ID || u.ComponentType != "Component" || b.Component.Status != u.NewStatus {
			t.Errorf("component update %+v of component %+v", u, b.Component)
		}
		checkMetaPage(t, b.Meta, b.Page)
		return
	}
	var b spWebhookIncidentBody
	if err := dec.Decode(&b); err != nil {
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

func checkMetaPage(t *testing.T, m spWebhookMeta, p spWebhookPage) {
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
