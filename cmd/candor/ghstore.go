package main

import (
	"context"
	"errors"
	"path"
	"path/filepath"

	"github.com/candor-status/candor/action"
	"github.com/candor-status/candor/incident"
)

// ghStore is the repository through the GitHub API as the monitor's
// store: measurements on the data branch, content on the default branch,
// each write a compare-and-swap commit that re-applies the change to the
// branch's newest files, so another writer's round or a person's push in
// between is kept and nothing is doubled.
type ghStore struct {
	g *ghRun
	// checkout is the config's folder in the workflow's checkout of the
	// default branch.
	checkout string
}

func (g *ghRun) store(cfgPath string) *ghStore {
	return &ghStore{g: g, checkout: filepath.Dir(cfgPath)}
}

// Data commits to the data branch. A compaction that failed after the
// round's commit landed is a warning: the squash waits for the next one.
func (s *ghStore) Data(ctx context.Context, message string, apply func(map[string][]byte) (map[string][]byte, error)) (bool, error) {
	committed, err := s.g.repo.Commit(ctx, s.g.in.DataBranch, message, apply)
	if errors.Is(err, action.ErrCompact) {
		s.g.rt.Warn("%v", err)
		return committed, nil
	}
	return committed, err
}

// Content applies the change to the checkout's content first, which costs
// no request; only when that changes something is it committed to the
// default branch, re-applied there to the head's files.
func (s *ghStore) Content(ctx context.Context, message string, apply func(map[string][]byte) (map[string][]byte, error)) (bool, error) {
	files, _, err := incident.ReadFiles(s.checkout)
	if err != nil {
		return false, err
	}
	if changes, err := apply(files); err != nil || len(changes) == 0 {
		return false, err
	}
	return s.g.repo.Commit(ctx, s.g.branch, message, func(current map[string][]byte) (map[string][]byte, error) {
		changes, err := apply(s.content(current))
		if err != nil {
			return nil, err
		}
		out := make(map[string][]byte, len(changes))
		for p, data := range changes {
			out[path.Join(s.g.prefix, p)] = data
		}
		return out, nil
	})
}

// content is the branch's incident and maintenance files, by path
// relative to the config's folder.
func (s *ghStore) content(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for p, data := range files {
		rel, ok := s.g.rel(p)
		if ok && (path.Dir(rel) == incident.IncidentDir || path.Dir(rel) == incident.MaintenanceDir) {
			out[rel] = data
		}
	}
	return out
}

// warn is a warning annotation in Actions; elsewhere the output already
// said it.
func warn(e *env, format string, args ...any) {
	if inActions(e) {
		action.NewRuntime(e.getenv, e.stdout).Warn(format, args...)
	}
}
