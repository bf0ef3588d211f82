package main

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/monitor"
)

// measurements is what the site needs from the history store.
type measurements struct {
	measured  map[string]candor.Measured
	evidence  map[string][]candor.Window
	announced map[string][]candor.Announced
	lastCheck time.Time
	blind     bool
	states    map[string]candor.State // where each component stands, for notifications
}

// openStore opens the history store under dir and prints its problems:
// damaged lines, and what is kept in quarantine.
func openStore(e *env, dir string, cfg *candor.Config) (*history.Store, error) {
	store, problems, err := history.Open(dir, monitor.HistoryOptions(cfg))
	if err != nil {
		return nil, err
	}
	printProblems(e.stderr, problems)
	return store, nil
}

// loadMeasurements reads the history store under dir.
func loadMeasurements(e *env, dir string, cfg *candor.Config, content *incident.Content, now time.Time) (*measurements, error) {
	store, err := openStore(e, dir, cfg)
	if err != nil {
		return nil, err
	}
	return measure(store, cfg, content, now), nil
}

// measureRound is measure on a round's measurements, which it then lets
// go: the build of a large site needs the memory more than the report.
func measureRound(r *monitor.Report, cfg *candor.Config, now time.Time) *measurements {
	m := measure(r.History, cfg, r.Content, now)
	r.History = nil
	return m
}

// measure computes from the store what the site shows.
func measure(store *history.Store, cfg *candor.Config, content *incident.Content, now time.Time) *measurements {
	m := &measurements{measured: map[string]candor.Measured{}, evidence: map[string][]candor.Window{}, lastCheck: store.LastCheck()}
	var disputes []candor.Dispute
	for _, inc := range content.Incidents {
		disputes = append(disputes, inc.Disputes...)
	}
	ms := make([]candor.Measured, len(cfg.Components))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) { // the figures of ten thousand components take a while
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(ms); i = int(next.Add(1) - 1) {
				c := cfg.Components[i]
				if _, ok := store.State(c.ID); ok && c.Probe != nil {
					ms[i] = store.Measured(c.ID, now, c.SLA, disputes)
				}
			}
		})
	}
	wg.Wait()
	for i, c := range cfg.Components {
		if ms[i].State != nil {
			m.measured[c.ID] = ms[i]
		}
	}
	for _, inc := range content.Incidents {
		m.windows(store, cfg, inc.ID, inc.Components, inc.Started, inc.Resolved, now)
	}
	for _, mt := range content.Maintenance {
		m.windows(store, cfg, mt.ID, mt.Components, mt.Starts, mt.Ends, now)
	}
	m.announced = map[string][]candor.Announced{}
	ann := store.Announcements()
	for _, mt := range content.Maintenance {
		if a, ok := ann[mt.ID]; ok {
			m.announced[mt.ID] = a.For(mt)
		}
	}
	m.blind, m.states = monitor.LastRoundBlind(store), store.States()
	return m
}

// windows keeps what the probed components of an incident or maintenance
// window measured from start to end (or now), by its id.
func (m *measurements) windows(store *history.Store, cfg *candor.Config, id string, comps []string, start, end, now time.Time) {
	if end.IsZero() || end.After(now) {
		end = now
	}
	var ws []candor.Window
	for _, cid := range comps {
		if c, ok := cfg.Component(cid); ok && c.Probe != nil {
			ws = append(ws, store.Windows(cid, start, end.Add(time.Second))...)
		}
	}
	if len(ws) > 0 {
		m.evidence[id] = ws
	}
}
