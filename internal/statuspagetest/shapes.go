// Package statuspagetest holds, for tests, Go structs mirroring the
// Statuspage shapes of ../shared/reference/statuspage-api.md (§2 the JSON
// API, §6.3 the webhook bodies). They are written from the reference, not
// shared with the code that produces the shapes, so that decoding what the
// code made with unknown fields refused fails on any key it adds or
// misspells.
package statuspagetest

import (
	"bytes"
	"encoding/json"
)

// Page is the page object of the JSON API (§2.1).
type Page struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

// Status is the page-wide status (§2.2).
type Status struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

// Component is a component or group (§2.3).
type Component struct {
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

// Update is an incident update (§2.5).
type Update struct {
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
	TweetID              *int64  `json:"tweet_id"`
}

// Incident is an incident, or a scheduled maintenance with its window (§2.4).
type Incident struct {
	ID                string      `json:"id"`
	Name              string      `json:"name"`
	Status            string      `json:"status"`
	CreatedAt         string      `json:"created_at"`
	UpdatedAt         string      `json:"updated_at"`
	MonitoringAt      *string     `json:"monitoring_at"`
	ResolvedAt        *string     `json:"resolved_at"`
	Impact            string      `json:"impact"`
	Shortlink         string      `json:"shortlink"`
	StartedAt         string      `json:"started_at"`
	PageID            string      `json:"page_id"`
	IncidentUpdates   []Update    `json:"incident_updates"`
	Components        []Component `json:"components"`
	ReminderIntervals any         `json:"reminder_intervals"`
	ScheduledFor      *string     `json:"scheduled_for"`
	ScheduledUntil    *string     `json:"scheduled_until"`
}

// Doc is any of the JSON API documents: each has the keys it serves.
type Doc struct {
	Page                  *Page       `json:"page"`
	Status                *Status     `json:"status"`
	Components            []Component `json:"components"`
	Incidents             []Incident  `json:"incidents"`
	ScheduledMaintenances []Incident  `json:"scheduled_maintenances"`
}

// WebhookMeta is a webhook body's meta object.
type WebhookMeta struct {
	Unsubscribe   string `json:"unsubscribe"`
	Documentation string `json:"documentation"`
	GeneratedAt   string `json:"generated_at"`
}

// WebhookPage is a webhook body's page object: not the API's.
type WebhookPage struct {
	ID                string `json:"id"`
	StatusIndicator   string `json:"status_indicator"`
	StatusDescription string `json:"status_description"`
}

// IncidentBody is the webhook body of an incident or maintenance change.
type IncidentBody struct {
	Meta     WebhookMeta `json:"meta"`
	Page     WebhookPage `json:"page"`
	Incident Incident    `json:"incident"`
}

// ComponentUpdate is a component's change of status in a webhook body.
type ComponentUpdate struct {
	CreatedAt     string `json:"created_at"`
	NewStatus     string `json:"new_status"`
	OldStatus     string `json:"old_status"`
	ID            string `json:"id"`
	ComponentID   string `json:"component_id"`
	ComponentType string `json:"component_type"`
}

// ComponentBody is the webhook body of a component's change of status.
type ComponentBody struct {
	Meta            WebhookMeta     `json:"meta"`
	Page            WebhookPage     `json:"page"`
	ComponentUpdate ComponentUpdate `json:"component_update"`
	Component       Component       `json:"component"`
}

// Decode decodes b into v with unknown fields refused.
func Decode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
