package main

import (
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
	lastCheck time.Time
	blind     bool
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

// measure computes from the store what the site shows.
func measure(store *history.Store, cfg *candor.Config, content *incident.Content, now time.Time) *measurements {
	m := &measurements{measured: map[string]candor.Measured{}, evidence: map[string][]candor.Window{}, lastCheck: store.LastCheck()}
	for _, c := range cfg.Components {
		if c.Probe == nil {
			continue
		}
		if _, ok := store.State(c.ID); ok {
			m.measured[c.ID] = store.Measured(c.ID, now, c.SLA)
		}
	}
	for _, inc := range content.Incidents {
		end := inc.Resolved
		if end.IsZero() || end.After(now) {
			end = now
		}
		var ws []candor.Window
		for _, id := range inc.Components {
			if c, ok := cfg.Component(id); ok && c.Probe != nil {
				ws = append(ws, store.Windows(id, inc.Started, end.Add(time.Second))...)
			}
		}
		if len(ws) > 0 {
			m.evidence[inc.ID] = ws
		}
	}
	m.blind = monitor.LastRoundBlind(store)
	return m
}
