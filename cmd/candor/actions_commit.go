package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/repofile"
)

// pull writes the data branch's files into dir, replacing what was there.
func (g *ghRun) pull(ctx context.Context, dir string) error {
	files, err := g.repo.Fetch(ctx, g.in.DataBranch)
	if err != nil {
		return fmt.Errorf("fetch %s: %w", g.in.DataBranch, err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for p, data := range files {
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return err
		}
	}
	return os.MkdirAll(dir, 0o755)
}

// push commits the round: its measurements to the data branch, then the
// incident files it changed to the default branch. Each commit re-applies
// the round to the branch's newest files, so another writer's round or a
// person's push in between is kept, and nothing is doubled.
func (g *ghRun) push(ctx context.Context, cfg *candor.Config, r *roundResult, now time.Time) (changed bool, err error) {
	stamp := now.UTC().Format(time.RFC3339)
	dataCommitted, err := g.repo.Commit(ctx, g.in.DataBranch, "candor: measurements of the round at "+stamp, func(current map[string][]byte) (map[string][]byte, error) {
		store := storeFrom(current, cfg)
		store.Record(r.results)
		store.Fold(now)
		return store.Files()
	})
	switch {
	case errors.Is(err, action.ErrCompact):
		// The round's commit landed; the squash waits for the next one.
		g.rt.Warn("%v", err)
	case err != nil:
		return false, fmt.Errorf("commit measurements: %w", err)
	}
	if r.blind || len(r.changes) == 0 {
		return dataCommitted, nil
	}
	msg := "candor: " + describeChanges(r.changes)
	var final []incident.Change
	contentCommitted, err := g.repo.Commit(ctx, g.branch, msg, func(current map[string][]byte) (map[string][]byte, error) {
		files, changes, err := g.reconcileOn(current, cfg, r, now)
		final, g.head = changes, current
		maps.Copy(g.head, files)
		return files, err
	})
	if err != nil {
		return dataCommitted, fmt.Errorf("commit incidents: %w", err)
	}
	// What the branch's head made of the evidence is what happened: a
	// person's incident or another run's may have landed since the
	// checkout, and notices and outputs must not claim an open twice.
	r.changes = final
	return dataCommitted || contentCommitted, nil
}

// sync makes the checkout's incident and maintenance files those the
// default branch holds after the round's commit, and reloads them into r.
// It does nothing when the round did not write there.
func (g *ghRun) sync(cfgPath string, cfg *candor.Config, r *roundResult) error {
	if g.head == nil {
		return nil
	}
	root := filepath.Dir(cfgPath)
	for _, dir := range []string{incident.IncidentDir, incident.MaintenanceDir} {
		if err := g.syncDir(root, dir); err != nil {
			return fmt.Errorf("update the checkout: %w", err)
		}
	}
	content, err := loadContent(cfgPath, cfg)
	if err != nil {
		return err
	}
	r.content = content
	return nil
}

// syncDir mirrors the head's files of dir, a folder relative to the
// config's, into the checkout at root.
func (g *ghRun) syncDir(root, dir string) error {
	local := filepath.Join(root, filepath.FromSlash(dir))
	entries, err := os.ReadDir(local)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if _, ok := g.head[path.Join(g.prefix, dir, e.Name())]; !ok && e.Type().IsRegular() {
			if err := os.Remove(filepath.Join(local, e.Name())); err != nil {
				return err
			}
		}
	}
	for p, data := range g.head {
		rel, ok := g.rel(p)
		if !ok || path.Dir(rel) != dir {
			continue
		}
		if err := os.MkdirAll(local, 0o755); err != nil {
			return err
		}
		if err := repofile.WriteAtomic(filepath.Join(root, filepath.FromSlash(rel)), data); err != nil {
			return err
		}
	}
	return nil
}

// reconcileOn reconciles the round's evidence against the incident files
// of a branch head, giving the changed files by repository path and the
// changes they make.
func (g *ghRun) reconcileOn(current map[string][]byte, cfg *candor.Config, r *roundResult, now time.Time) (map[string][]byte, []incident.Change, error) {
	var incs []candor.Incident
	known := func(id string) bool { _, ok := cfg.Component(id); return ok }
	for p, data := range current {
		rel, ok := g.rel(p)
		if !ok || path.Dir(rel) != incident.IncidentDir || !strings.HasSuffix(rel, ".md") {
			continue
		}
		if inc, _ := incident.ParseIncident(rel, data, known); inc != nil {
			incs = append(incs, *inc)
		}
	}
	sort.Slice(incs, func(i, j int) bool { return incs[i].Path < incs[j].Path })
	changes, err := incident.Reconcile(cfg, now, incs, streaks(r.store, cfg, now),
		func(p string) ([]byte, error) {
			if data, ok := current[path.Join(g.prefix, p)]; ok {
				return data, nil
			}
			return nil, os.ErrNotExist
		},
		func(p string) bool { _, ok := current[path.Join(g.prefix, p)]; return ok })
	if err != nil {
		return nil, nil, err
	}
	out := map[string][]byte{}
	for _, c := range changes {
		out[path.Join(g.prefix, c.Path)] = c.Data
	}
	return out, changes, nil
}

// storeFrom opens a history store over a branch's files. Damaged lines
// are skipped there as locally; the round's own pull already reported them.
func storeFrom(files map[string][]byte, cfg *candor.Config) *history.Store {
	store, _ := history.FromFiles(files, storeOptions(cfg))
	return store
}

func describeChanges(cs []incident.Change) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Kind+" "+c.Title)
	}
	return strings.Join(parts, "; ")
}
