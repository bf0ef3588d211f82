package generator

import (
	"bytes"
	"sync"
)

// API is the Statuspage view of the site an Input builds, object by
// object: for a caller that needs one incident or maintenance as the
// JSON API serves it (a webhook body) when it is not among the recent
// ones the api/v2 documents list.
type API struct {
	mu sync.Mutex // the view fills a cache of component times as it goes
	v  *apiView
	b  bytes.Buffer
}

// NewAPI makes the view of the site in builds. Templates and Markdown
// are not needed.
func NewAPI(in Input) *API {
	return &API{v: newAPIView(newSite(cleanInput(in)))}
}

// Incident is incident id's object, encoded as api/v2/incidents.json
// encodes each of its objects; false when in has no such incident. It is
// safe to call from several goroutines.
func (a *API) Incident(id string) ([]byte, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, inc := range a.v.s.incidents {
		if inc.ID == id {
			return a.encode(a.v.incident(inc))
		}
	}
	return nil, false
}

// Maintenance is maintenance id's object, as
// api/v2/scheduled-maintenances.json encodes it; false when in has no
// such window. It is safe to call from several goroutines.
func (a *API) Maintenance(id string) ([]byte, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, m := range a.v.s.maintenance {
		if m.ID == id {
			return a.encode(a.v.maintenance(m))
		}
	}
	return nil, false
}

func (a *API) encode(v any) ([]byte, bool) {
	b, err := encodeJSON(&a.b, v, true)
	return bytes.TrimSuffix(b, []byte("\n")), err == nil
}
