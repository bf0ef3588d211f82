package generator

// The shapes of api/candor.json. docs/candor.schema.json describes them; a
// test holds the two together. Times are apiTime strings, null when unknown.

type candorDocument struct {
	Version     int               `json:"version"`
	GeneratedAt string            `json:"generated_at"`
	Page        candorPage        `json:"page"`
	Monitor     candorMonitor     `json:"monitor"`
	Overall     candorOverall     `json:"overall"`
	Components  []candorComponent `json:"components"`
	Incidents   []candorIncident  `json:"incidents"`
	Maintenance []candorMaint     `json:"maintenance"`
}

type candorPage struct {
	Title        string  `json:"title"`
	Description  *string `json:"description"`
	URL          string  `json:"url"`
	TimeZone     string  `json:"time_zone"`
	StatuspageID string  `json:"statuspage_id"`
}

type candorMonitor struct {
	LastCheck         *string `json:"last_check"`
	IntervalSeconds   int64   `json:"interval_seconds"`
	StaleAfterSeconds int64   `json:"stale_after_seconds"`
	StaleAt           *string `json:"stale_at"`
	Stale             bool    `json:"stale"`
	Blind             bool    `json:"blind"`
}

type candorOverall struct {
	Indicator         string `json:"indicator"`
	Description       string `json:"description"`
	UnknownComponents int    `json:"unknown_components"`
	Stale             bool   `json:"stale"`
}

type candorComponent struct {
	ID               string           `json:"id"`
	StatuspageID     string           `json:"statuspage_id"`
	Name             string           `json:"name"`
	Description      *string          `json:"description"`
	Group            *string          `json:"group"`
	URL              string           `json:"url"`
	Probe            *string          `json:"probe"`
	MeasuredStatus   string           `json:"measured_status"`
	UnknownReason    *string          `json:"unknown_reason"`
	DeclaredStatus   string           `json:"declared_status"`
	ShownStatus      string           `json:"shown_status"`
	StatuspageStatus string           `json:"statuspage_status"`
	Since            *string          `json:"since"`
	LastCheck        *string          `json:"last_check"`
	LastResult       *candorResult    `json:"last_result"`
	SLAPercent       *float64         `json:"sla_percent"`
	SLACredits       []candorCredit   `json:"sla_credits"`
	Figures          candorPeriods    `json:"figures"`
	SLAMonths        []candorSLAMonth `json:"sla_months"`
	OpenIncidents    []string         `json:"open_incidents"`
	Vantages         []candorVantage  `json:"vantages"`
}

type candorCredit struct {
	BelowPercent  float64 `json:"below_percent"`
	CreditPercent float64 `json:"credit_percent"`
}

type candorResult struct {
	At        string  `json:"at"`
	Outcome   string  `json:"outcome"`
	Class     *string `json:"class"`
	Message   *string `json:"message"`
	LatencyMS float64 `json:"latency_ms"`
	Attempts  int     `json:"attempts"`
	// Vantages are each vantage point's part in this check, when it
	// merged several; Locations says how they agree, in words.
	Vantages  []candorVantageResult `json:"vantages"`
	Locations *string               `json:"locations"`
}

// candorVantage is a vantage point's latest check of a component in the
// last 24 hours; At and the rest are null when it made none.
type candorVantage struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	At        *string  `json:"at"`
	Outcome   *string  `json:"outcome"`
	LatencyMS *float64 `json:"latency_ms"`
	Class     *string  `json:"class"`
	Message   *string  `json:"message"`
}

type candorVantageResult struct {
	Vantage   string  `json:"vantage"`
	Outcome   string  `json:"outcome"`
	LatencyMS float64 `json:"latency_ms"`
	Class     *string `json:"class"`
	Message   *string `json:"message"`
}

type candorPeriods struct {
	Last24h candorFigures `json:"24h"`
	Last7d  candorFigures `json:"7d"`
	Last30d candorFigures `json:"30d"`
	Last90d candorFigures `json:"90d"`
}

type candorFigures struct {
	Start           *string       `json:"start"`
	End             *string       `json:"end"`
	UptimePercent   *float64      `json:"uptime_percent"`
	CoveragePercent float64       `json:"coverage_percent"`
	DisputedMinutes float64       `json:"disputed_minutes"`
	Minutes         candorMinutes `json:"minutes"`
	Checks          candorCounts  `json:"checks"`
	LatencyMS       candorLatency `json:"latency_ms"`
}

type candorMinutes struct {
	Up          float64 `json:"up"`
	Degraded    float64 `json:"degraded"`
	Down        float64 `json:"down"`
	Unknown     float64 `json:"unknown"`
	Maintenance float64 `json:"maintenance"`
}

type candorCounts struct {
	Up          int `json:"up"`
	Degraded    int `json:"degraded"`
	Down        int `json:"down"`
	Unknown     int `json:"unknown"`
	Maintenance int `json:"maintenance"`
}

type candorLatency struct {
	P50 *float64 `json:"p50"`
	P95 *float64 `json:"p95"`
	Max *float64 `json:"max"`
}

type candorSLAMonth struct {
	Month               string   `json:"month"`
	InProgress          bool     `json:"in_progress"`
	TargetPercent       float64  `json:"target_percent"`
	AchievedPercent     *float64 `json:"achieved_percent"`
	LowestPercent       float64  `json:"lowest_percent"`
	HighestPercent      float64  `json:"highest_percent"`
	CoveragePercent     float64  `json:"coverage_percent"`
	Verdict             string   `json:"verdict"`
	VerdictText         string   `json:"verdict_text"`
	Breached            bool     `json:"breached"`
	MonthMinutes        float64  `json:"month_minutes"`
	CountableMinutes    float64  `json:"countable_minutes"`
	BudgetMinutes       float64  `json:"budget_minutes"`
	UsedMinutes         float64  `json:"used_minutes"`
	LeftMinutes         float64  `json:"left_minutes"`
	DegradedMinutes     float64  `json:"degraded_minutes"`
	MaintenanceMinutes  float64  `json:"maintenance_minutes"`
	UnmeasuredMinutes   float64  `json:"unmeasured_minutes"`
	ToComeMinutes       float64  `json:"to_come_minutes"`
	DisputedMinutes     float64  `json:"disputed_minutes"`
	CreditPercent       *float64 `json:"credit_percent"`
	CreditLowestPercent *float64 `json:"credit_lowest_percent"`
}

type candorIncident struct {
	ID           string          `json:"id"`
	Title        string          `json:"title"`
	URL          string          `json:"url"`
	Source       string          `json:"source"`
	Impact       string          `json:"impact"`
	Status       string          `json:"status"`
	Open         bool            `json:"open"`
	OpenedBy     string          `json:"opened_by"`
	Components   []string        `json:"components"`
	Started      string          `json:"started"`
	Resolved     *string         `json:"resolved"`
	LatestUpdate *candorUpdate   `json:"latest_update"`
	NextUpdateBy *string         `json:"next_update_by"`
	Overdue      bool            `json:"overdue"`
	OverdueSecs  int64           `json:"overdue_seconds"`
	Evidence     []candorWindow  `json:"evidence"`
	Disputes     []candorDispute `json:"disputes"`
}

type candorUpdate struct {
	At         string  `json:"at"`
	Status     string  `json:"status"`
	Text       string  `json:"text"`
	NextUpdate *string `json:"next_update"`
}

type candorWindow struct {
	Component string `json:"component"`
	Outcome   string `json:"outcome"`
	From      string `json:"from"`
	To        string `json:"to"`
	Checks    int    `json:"checks"`
}

type candorDispute struct {
	Component string `json:"component"`
	From      string `json:"from"`
	To        string `json:"to"`
	Reason    string `json:"reason"`
}

type candorMaint struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	URL        string   `json:"url"`
	Status     string   `json:"status"`
	Components []string `json:"components"`
	Starts     string   `json:"starts"`
	Ends       string   `json:"ends"`
}
