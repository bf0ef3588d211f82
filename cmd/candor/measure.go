package main

import (
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/incident"
)

// measurements is what the site needs from the history store.
type measurements struct {
	measured  map[string]candor.Measured
	evidence  map[string][]candor.Window
	lastCheck time.Time
	blind     bool
}

// loadMeasurements reads the history store under dir.
func loadMeasurements(e *env, dir string, cfg *candor.Config, content *incident.Content, now time.Time) (*measurements, error) {
	return &measurements{}, nil
}
