package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/probe"
)

// roundResult is what one round saw and changed.
type roundResult struct {
	results []candor.Result
	blind   bool
	changes []incident.Change
	content *incident.Content // after the changes
	store   *history.Store
}

// round does one monitoring round at now: probe every component, record
// the results, reconcile incidents and write the changed files. Probe
// failures are data; only unreadable or unwritable files are errors.
func round(ctx context.Context, e *env, cfgPath string, cfg *candor.Config, checker *probe.Checker, dataDir string, now time.Time) (*roundResult, error) {
	root := filepath.Dir(cfgPath)
	content, err := loadContent(cfgPath, cfg)
	if err != nil {
		return nil, err
	}
	store, err := openStore(e, dataDir, cfg)
	if err != nil {
		return nil, err
	}
	blind, _ := checker.Control(ctx, cfg.Policy.Control, cfg.Policy)
	results := checker.Round(ctx, cfg.Components, cfg.Policy)
	results = judge(results, content.Maintenance, blind, now)
	store.Record(results)
	store.Fold(now)
	var changes []incident.Change
	if !blind {
		changes, err = incident.Reconcile(cfg, now, content.Incidents, streaks(store, cfg, now),
			func(p string) ([]byte, error) { return os.ReadFile(filepath.Join(root, filepath.FromSlash(p))) },
			func(p string) bool { _, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); return err == nil })
		if err != nil {
			return nil, err
		}
	}
	// Measurements first: if the content write fails, the next round sees
	// the same evidence and makes the same change.
	if err := store.Save(); err != nil {
		return nil, fmt.Errorf("save measurements: %w", err)
	}
	for _, c := range changes {
		name := filepath.Join(root, filepath.FromSlash(c.Path))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return nil, fmt.Errorf("write incident: %w", err)
		}
		if err := writeAtomic(name, c.Data); err != nil {
			return nil, fmt.Errorf("write incident: %w", err)
		}
	}
	if len(changes) > 0 {
		if content, err = loadContent(cfgPath, cfg); err != nil {
			return nil, err
		}
	}
	return &roundResult{results: results, blind: blind, changes: changes, content: content, store: store}, nil
}

// judge stamps the round's time on every result and applies what the
// outcome means this round: a blind monitor knows nothing, and a failure
// inside a component's maintenance window is maintenance.
func judge(results []candor.Result, maint []candor.Maintenance, blind bool, now time.Time) []candor.Result {
	for i := range results {
		r := &results[i]
		r.At = now
		switch {
		case blind:
			r.Outcome, r.Class = candor.Unknown, blindClass
			r.Message = "monitor could not reach the internet: every control check failed"
		case r.Outcome.Failing() && inMaintenance(maint, r.Component, now):
			r.Outcome = candor.UnderMaintenance
		}
	}
	return results
}

func inMaintenance(maint []candor.Maintenance, id string, now time.Time) bool {
	for _, m := range maint {
		if m.Affects(id) && m.Active(now) {
			return true
		}
	}
	return false
}

// printRound writes a short table of what the round saw and changed.
func printRound(w io.Writer, cfg *candor.Config, r *roundResult) {
	if r.blind {
		fmt.Fprintln(w, "monitor blind: every control check failed; recorded unknown, no incident opened or resolved")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tOUTCOME\tLATENCY\tMESSAGE")
	for _, res := range r.results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", componentName(cfg, res.Component), res.Outcome, res.Latency.Round(time.Millisecond), oneLine(res.Message))
	}
	tw.Flush()
	for _, c := range r.changes {
		fmt.Fprintf(w, "%s %s: %s\n", c.Kind, c.Path, c.Title)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
