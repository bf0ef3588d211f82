package main

import (
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
)

// blindClass marks results of a round whose control checks all failed.
const blindClass = "blind"

// measurements is what the site needs from the history store.
type measurements struct {
	measured  map[string]candor.Measured
	evidence  map[string][]candor.Window
	lastCheck time.Time
	blind     bool
}

// openStore opens the history store under dir and prints damaged lines.
func openStore(e *env, dir string, cfg *candor.Config) (*history.Store, error) {
	store, problems, err := history.Open(dir, storeOptions(cfg))
	if err != nil {
		return nil, err
	}
	printProblems(e.stderr, problems)
	return store, nil
}

// storeOptions are the history settings the config gives.
func storeOptions(cfg *candor.Config) history.Options {
	return history.Options{Interval: cfg.Interval, Location: cfg.Location, RawWindow: cfg.Policy.RawWindow}
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
	var disputes []candor.Dispute
	for _, inc := range content.Incidents {
		disputes = append(disputes, inc.Disputes...)
	}
	for _, c := range cfg.Components {
		if c.Probe == nil {
			continue
		}
		if _, ok := store.State(c.ID); ok {
			m.measured[c.ID] = store.Measured(c.ID, now, c.SLA, disputes)
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
	m.blind = lastRoundBlind(store)
	return m
}

// lastRoundBlind reports whether the latest round recorded the monitor as
// blind: every component's last result says so.
func lastRoundBlind(store *history.Store) bool {
	states := store.States()
	for _, st := range states {
		if st.Last.Class != blindClass {
			return false
		}
	}
	return len(states) > 0
}

// streaks finds when each component's current run of failing, or passing,
// checks began, for the incident text and start time.
func streaks(store *history.Store, cfg *candor.Config, now time.Time) map[string]incident.Evidence {
	out := map[string]incident.Evidence{}
	for id, st := range store.States() {
		ev := incident.Evidence{State: st}
		ws := store.Windows(id, now.Add(-cfg.Policy.RawWindow), now.Add(time.Second))
	scan:
		for i := len(ws) - 1; i >= 0; i-- {
			w := ws[i]
			if w.Outcome == candor.Unknown {
				continue // a blind round or a gap neither starts nor ends a run
			}
			switch {
			case st.Outcome.Failing() && w.Outcome.Failing():
				ev.FailingSince = w.From
				continue
			case st.Outcome == candor.Up && w.Outcome == candor.Up:
				ev.PassingSince = w.From
				continue
			}
			break scan
		}
		out[id] = ev
	}
	return out
}
