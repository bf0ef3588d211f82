package monitor

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
)

// memStore is a Store in memory: both halves as maps.
type memStore struct {
	data, content map[string][]byte
	// before runs ahead of each write's apply: another writer that got
	// there first.
	before func(half string, files map[string][]byte)
}

func newMemStore() *memStore {
	return &memStore{data: map[string][]byte{}, content: map[string][]byte{}}
}

func (m *memStore) Data(ctx context.Context, message string, apply Apply) (bool, error) {
	return m.write("data", m.data, message, apply)
}

func (m *memStore) Content(ctx context.Context, message string, apply Apply) (bool, error) {
	return m.write("content", m.content, message, apply)
}

func (m *memStore) write(half string, files map[string][]byte, message string, apply Apply) (bool, error) {
	if m.before != nil && message != "" {
		m.before(half, files)
	}
	changes, err := apply(maps.Clone(files))
	if err != nil || len(changes) == 0 {
		return false, err
	}
	for p, b := range changes {
		if b == nil {
			delete(files, p)
		} else {
			files[p] = b
		}
	}
	return true, nil
}

// t0 is the first round of every case.
var t0 = time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)

// rig runs rounds of a config with one probed component, api, and one
// without, billing, on a memStore.
type rig struct {
	t     *testing.T
	cfg   *candor.Config
	store *memStore
	last  *Report
}

func newRig(t *testing.T, policy string) *rig {
	t.Helper()
	text := "title: Test\ninterval: 5m\ncomponents:\n  - id: api\n    name: Public API\n    probe: {http: {url: \"http://127.0.0.1:1/\"}}\n  - id: billing\npolicy:\n  open_after: 2\n  resolve_after: 2\n" + policy
	cfg, problems := config.Parse("candor.yml", []byte(text), nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return &rig{t: t, cfg: cfg, store: newMemStore()}
}

// at is t0 plus m minutes.
func at(m float64) time.Time { return t0.Add(time.Duration(m * float64(time.Minute))) }

// result is api's check with outcome o (down: a 503).
func result(o candor.Outcome) candor.Result {
	r := candor.Result{Component: "api", Outcome: o, Attempts: 1, CertDaysLeft: -1}
	switch o {
	case candor.Down:
		r.Class, r.Message = "status", "status 503 Service Unavailable"
	case candor.Degraded:
		r.Class, r.Message = "slow", "slower than 300 ms"
	}
	return r
}

// round runs one round at minute m with api measuring o.
func (r *rig) round(m float64, o candor.Outcome) *Report {
	r.t.Helper()
	return r.run(Round{Now: at(m), Results: []candor.Result{result(o)}})
}

func (r *rig) run(round Round) *Report {
	r.t.Helper()
	rep, err := Run(r.t.Context(), r.cfg, r.store, round)
	if err != nil {
		r.t.Fatalf("Run at %s: %v", round.Now.Format("15:04"), err)
	}
	r.last = rep
	return rep
}

// rounds runs one round every 5 minutes from minute m, one per outcome.
func (r *rig) rounds(m float64, os ...candor.Outcome) {
	r.t.Helper()
	for i, o := range os {
		r.round(m+float64(5*i), o)
	}
}

// incidents are the incident files by name.
func (r *rig) incidents() map[string]string {
	out := map[string]string{}
	for p, b := range r.store.content {
		if name, ok := strings.CutPrefix(p, incident.IncidentDir+"/"); ok {
			out[name] = string(b)
		}
	}
	return out
}

func (r *rig) names() []string { return slices.Sorted(maps.Keys(r.incidents())) }

// parsed is the incident at name, parsed; it fails the test when the file
// does not parse.
func (r *rig) parsed(name string) *candor.Incident {
	r.t.Helper()
	inc, problems := incident.ParseIncident(incident.IncidentDir+"/"+name, r.store.content[incident.IncidentDir+"/"+name], nil)
	if len(problems) > 0 {
		r.t.Fatalf("%s does not parse: %v\n%s", name, problems, r.store.content[incident.IncidentDir+"/"+name])
	}
	return inc
}

func (r *rig) history() *history.Store {
	hs, _ := history.FromFiles(r.store.data, HistoryOptions(r.cfg))
	return hs
}

func (r *rig) state() candor.State {
	st, _ := r.history().State("api")
	return st
}

func (r *rig) write(p, text string) { r.store.content[p] = []byte(text) }

func kinds(evs []Event) []EventKind {
	var out []EventKind
	for _, e := range evs {
		out = append(out, e.Kind)
	}
	return out
}

var (
	up   = candor.Up
	down = candor.Down
	slow = candor.Degraded
)
