package notify

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/candor-status/candor"
)

// The bodies Statuspage sends its webhook subscribers (documented at
// support.atlassian.com/statuspage/docs/enable-webhook-notifications/,
// shapes in docs/notify.md): meta and page, then either the incident (a
// scheduled maintenance is one, with its window) or a component update
// with the component. The incident, maintenance and component objects are
// the very ones the site's JSON API serves.

// Documentation is where a webhook body says its shape is described.
const Documentation = "https://github.com/candor-status/candor/blob/main/docs/notify.md#statuspage-webhooks"

type spMeta struct {
	Unsubscribe   string `json:"unsubscribe"`
	Documentation string `json:"documentation"`
	GeneratedAt   string `json:"generated_at"`
}

type spPage struct {
	ID                string `json:"id"`
	StatusIndicator   string `json:"status_indicator"`
	StatusDescription string `json:"status_description"`
}

type spIncidentBody struct {
	Meta     spMeta          `json:"meta"`
	Page     spPage          `json:"page"`
	Incident json.RawMessage `json:"incident"`
}

type spComponentBody struct {
	Meta            spMeta            `json:"meta"`
	Page            spPage            `json:"page"`
	ComponentUpdate spComponentUpdate `json:"component_update"`
	Component       json.RawMessage   `json:"component"`
}

type spComponentUpdate struct {
	CreatedAt     string `json:"created_at"`
	NewStatus     string `json:"new_status"`
	OldStatus     string `json:"old_status"`
	ID            string `json:"id"`
	ComponentID   string `json:"component_id"`
	ComponentType string `json:"component_type"`
}

// apiTime is the JSON API's time form.
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// statuspage is m's webhook body, made of the built site's API objects.
func (pg Page) statuspage(m Message) ([]byte, error) {
	meta := spMeta{Unsubscribe: pg.link(""), Documentation: Documentation, GeneratedAt: apiTime(pg.Now)}
	page, err := pg.spPage()
	if err != nil {
		return nil, err
	}
	c := m.Change
	switch {
	case c.Kind.Incident():
		obj, err := pg.apiObject(c.Subject, "api/v2/incidents/unresolved.json", "incidents", "api/v2/incidents.json", "incidents")
		if err != nil && pg.Objects != nil {
			obj, err = found(pg.Objects.Incident(c.Subject))
		}
		if err != nil {
			return nil, err
		}
		return json.Marshal(spIncidentBody{Meta: meta, Page: page, Incident: obj})
	case c.Kind.Maintenance():
		obj, err := pg.apiObject(c.Subject, "api/v2/summary.json", "scheduled_maintenances", "api/v2/scheduled-maintenances.json", "scheduled_maintenances")
		if err != nil && pg.Objects != nil {
			obj, err = found(pg.Objects.Maintenance(c.Subject))
		}
		if err != nil {
			return nil, err
		}
		return json.Marshal(spIncidentBody{Meta: meta, Page: page, Incident: obj})
	}
	id := candor.StatuspageComponentID(c.Subject)
	obj, err := pg.apiObject(id, "api/v2/components.json", "components")
	if err != nil {
		return nil, err
	}
	upd := spComponentUpdate{CreatedAt: apiTime(c.At), NewStatus: candor.StatuspageStatus(c.To), OldStatus: candor.StatuspageStatus(c.From),
		ID: c.ID(), ComponentID: id, ComponentType: "Component"}
	return json.Marshal(spComponentBody{Meta: meta, Page: page, ComponentUpdate: upd, Component: obj})
}

// spPage is the page object of a webhook: its id and its indicator, as
// status.json serves them.
func (pg Page) spPage() (spPage, error) {
	var doc struct {
		Page   struct{ ID string }
		Status struct{ Indicator, Description string }
	}
	if err := json.Unmarshal(pg.Site["api/v2/status.json"], &doc); err != nil {
		return spPage{}, fmt.Errorf("api/v2/status.json: %w", err)
	}
	return spPage{ID: doc.Page.ID, StatusIndicator: doc.Status.Indicator, StatusDescription: doc.Status.Description}, nil
}

// apiObject finds the object with id in the lists of the site's JSON
// documents, given as pairs of path and key, in order.
func (pg Page) apiObject(id string, docs ...string) (json.RawMessage, error) {
	for i := 0; i+1 < len(docs); i += 2 {
		var doc map[string]json.RawMessage
		var list []json.RawMessage
		if json.Unmarshal(pg.Site[docs[i]], &doc) != nil || json.Unmarshal(doc[docs[i+1]], &list) != nil {
			continue
		}
		for _, obj := range list {
			var keyed struct{ ID string }
			if json.Unmarshal(obj, &keyed) == nil && keyed.ID == id {
				return obj, nil
			}
		}
	}
	return nil, fmt.Errorf("%s is not in the site's JSON API", id)
}

// found is an object Objects yielded, or why there is none.
func found(obj []byte, ok bool) (json.RawMessage, error) {
	if !ok || !json.Valid(obj) {
		return nil, fmt.Errorf("the site's JSON API has no such object")
	}
	return obj, nil
}
