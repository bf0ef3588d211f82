package generator

// The Statuspage v2 public API objects, field for field and in the key order
// of the reference captures. Clients decode them strictly: add no field here
// that Statuspage does not serve, and keep every key present (pointers and
// nil slices encode as null only where Statuspage serves null).

type apiPage struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	URL       string `json:"url"`
	TimeZone  string `json:"time_zone"`
	UpdatedAt string `json:"updated_at"`
}

type apiStatus struct {
	Indicator   string `json:"indicator"`
	Description string `json:"description"`
}

type apiComponent struct {
	ID                 string  `json:"id"`
	Name               string  `json:"name"`
	Status             string  `json:"status"`
	CreatedAt          string  `json:"created_at"`
	UpdatedAt          string  `json:"updated_at"`
	Position           int     `json:"position"`
	Description        *string `json:"description"`
	Showcase           bool    `json:"showcase"`
	StartDate          *string `json:"start_date"`
	GroupID            *string `json:"group_id"`
	PageID             string  `json:"page_id"`
	Group              bool    `json:"group"`
	OnlyShowIfDegraded bool    `json:"only_show_if_degraded"`
	// Components lists a group's children; leaves have no such key.
	Components []string `json:"components,omitempty"`
}

type apiIncident struct {
	ID                string         `json:"id"`
	Name              string         `json:"name"`
	Status            string         `json:"status"`
	CreatedAt         string         `json:"created_at"`
	UpdatedAt         string         `json:"updated_at"`
	MonitoringAt      *string        `json:"monitoring_at"`
	ResolvedAt        *string        `json:"resolved_at"`
	Impact            string         `json:"impact"`
	Shortlink         string         `json:"shortlink"`
	StartedAt         string         `json:"started_at"`
	PageID            string         `json:"page_id"`
	IncidentUpdates   []apiUpdate    `json:"incident_updates"`
	Components        []apiComponent `json:"components"`
	ReminderIntervals *string        `json:"reminder_intervals"`
}

// apiMaintenance is an incident with its window.
type apiMaintenance struct {
	ID                string         `json:"id"`
	Name              string         `json:"name"`
	Status            string         `json:"status"`
	CreatedAt         string         `json:"created_at"`
	UpdatedAt         string         `json:"updated_at"`
	MonitoringAt      *string        `json:"monitoring_at"`
	ResolvedAt        *string        `json:"resolved_at"`
	Impact            string         `json:"impact"`
	Shortlink         string         `json:"shortlink"`
	StartedAt         string         `json:"started_at"`
	PageID            string         `json:"page_id"`
	IncidentUpdates   []apiUpdate    `json:"incident_updates"`
	Components        []apiComponent `json:"components"`
	ReminderIntervals *string        `json:"reminder_intervals"`
	ScheduledFor      string         `json:"scheduled_for"`
	ScheduledUntil    string         `json:"scheduled_until"`
}

type apiUpdate struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Body       string `json:"body"`
	IncidentID string `json:"incident_id"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
	DisplayAt  string `json:"display_at"`
	// AffectedComponents is null when the incident names no component.
	AffectedComponents   []apiAffected `json:"affected_components"`
	DeliverNotifications bool          `json:"deliver_notifications"`
	CustomTweet          *string       `json:"custom_tweet"`
	TweetID              *string       `json:"tweet_id"`
}

type apiAffected struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	OldStatus string `json:"old_status"`
	NewStatus string `json:"new_status"`
}

// The documents, one per path.

type apiSummaryDoc struct {
	Page                  apiPage          `json:"page"`
	Components            []apiComponent   `json:"components"`
	Incidents             []apiIncident    `json:"incidents"`
	ScheduledMaintenances []apiMaintenance `json:"scheduled_maintenances"`
	Status                apiStatus        `json:"status"`
}

type apiStatusDoc struct {
	Page   apiPage   `json:"page"`
	Status apiStatus `json:"status"`
}

type apiComponentsDoc struct {
	Page       apiPage        `json:"page"`
	Components []apiComponent `json:"components"`
}

type apiIncidentsDoc struct {
	Page      apiPage       `json:"page"`
	Incidents []apiIncident `json:"incidents"`
}

type apiMaintenancesDoc struct {
	Page                  apiPage          `json:"page"`
	ScheduledMaintenances []apiMaintenance `json:"scheduled_maintenances"`
}
