package generator

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/candor-status/candor/internal/statuspagetest"
)

// The reference shapes, written from the reference rather than shared
// with the generator (internal/statuspagetest), so a key the generator adds
// or renames fails the strict decode.
type (
	spPage      = statuspagetest.Page
	spStatus    = statuspagetest.Status
	spComponent = statuspagetest.Component
	spUpdate    = statuspagetest.Update
	spIncident  = statuspagetest.Incident
	spDoc       = statuspagetest.Doc
)

var (
	spTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	spID   = regexp.MustCompile(`^[0-9a-z]{12}$`)
	spDate = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)

	spIndicators        = []string{"none", "minor", "major", "critical", "maintenance"}
	spComponentStatuses = []string{"operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"}
	spIncidentStatuses  = []string{"investigating", "identified", "monitoring", "resolved", "postmortem"}
	spMaintStatuses     = []string{"scheduled", "in_progress", "verifying", "completed"}
	spImpacts           = []string{"none", "minor", "major", "critical"}
)

// The keys every object must carry, null or not.
var (
	spPageKeys      = []string{"id", "name", "url", "time_zone", "updated_at"}
	spStatusKeys    = []string{"indicator", "description"}
	spComponentKeys = []string{"id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded"}
	spIncidentKeys  = []string{"id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact", "shortlink", "started_at", "page_id", "incident_updates", "components", "reminder_intervals"}
	spUpdateKeys    = []string{"id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components", "deliver_notifications", "custom_tweet", "tweet_id"}
	spAffectedKeys  = []string{"code", "name", "old_status", "new_status"}
)

// spFiles are the Statuspage files and their top-level keys.
var spFiles = map[string][]string{
	"api/v2/summary.json":                         {"page", "components", "incidents", "scheduled_maintenances", "status"},
	"api/v2/status.json":                          {"page", "status"},
	"api/v2/components.json":                      {"page", "components"},
	"api/v2/incidents.json":                       {"page", "incidents"},
	"api/v2/incidents/unresolved.json":            {"page", "incidents"},
	"api/v2/scheduled-maintenances.json":          {"page", "scheduled_maintenances"},
	"api/v2/scheduled-maintenances/upcoming.json": {"page", "scheduled_maintenances"},
	"api/v2/scheduled-maintenances/active.json":   {"page", "scheduled_maintenances"},
}

// decodeSP decodes a Statuspage file strictly and checks its keys.
func decodeSP(t *testing.T, files Files, path string) spDoc {
	t.Helper()
	b, ok := files[path]
	if !ok {
		t.Fatalf("%s not built", path)
	}
	var doc spDoc
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s: strict decode: %v", path, err)
	}
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	checkKeys(t, path, raw, spFiles[path])
	checkSPKeys(t, path, raw)
	return doc
}

// checkKeys fails unless obj has exactly the keys want.
func checkKeys(t *testing.T, where string, obj map[string]any, want []string) {
	t.Helper()
	var got []string
	for k := range obj {
		got = append(got, k)
	}
	sort.Strings(got)
	w := slices.Clone(want)
	sort.Strings(w)
	if !slices.Equal(got, w) {
		t.Errorf("%s: keys %v, want %v", where, got, w)
	}
}

// checkSPKeys checks the keys of every nested object of a decoded file.
func checkSPKeys(t *testing.T, path string, raw map[string]any) {
	t.Helper()
	checkKeys(t, path+" page", raw["page"].(map[string]any), spPageKeys)
	if st, ok := raw["status"].(map[string]any); ok {
		checkKeys(t, path+" status", st, spStatusKeys)
	}
	component := func(where string, c map[string]any) {
		if c["group"] == true {
			checkKeys(t, where, c, append(slices.Clone(spComponentKeys), "components"))
		} else {
			checkKeys(t, where, c, spComponentKeys)
		}
	}
	for _, key := range []string{"components", "incidents", "scheduled_maintenances"} {
		if v, ok := raw[key]; ok {
			if _, ok := v.([]any); !ok {
				t.Errorf("%s: %s is %v, want a list", path, key, v)
			}
		}
	}
	for _, c := range list(raw["components"]) {
		component(path+" component", c)
	}
	for _, key := range []string{"incidents", "scheduled_maintenances"} {
		keys := spIncidentKeys
		if key == "scheduled_maintenances" {
			keys = append(slices.Clone(keys), "scheduled_for", "scheduled_until")
		}
		for _, inc := range list(raw[key]) {
			where := path + " " + key + " " + inc["id"].(string)
			checkKeys(t, where, inc, keys)
			for _, k := range []string{"incident_updates", "components"} {
				if _, ok := inc[k].([]any); !ok {
					t.Errorf("%s: %s is %v, want a list", where, k, inc[k])
				}
			}
			for _, c := range list(inc["components"]) {
				component(where+" component", c)
			}
			for _, u := range list(inc["incident_updates"]) {
				checkKeys(t, where+" update", u, spUpdateKeys)
				for _, a := range list(u["affected_components"]) {
					checkKeys(t, where+" affected", a, spAffectedKeys)
				}
			}
		}
	}
}

// list is a JSON array of objects; null is an empty list.
func list(v any) []map[string]any {
	if v == nil {
		return nil
	}
	var out []map[string]any
	for _, x := range v.([]any) {
		out = append(out, x.(map[string]any))
	}
	return out
}
