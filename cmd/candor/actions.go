package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"maps"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action"
	"github.com/candor-status/candor/generator"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/probe"
)

// inActions reports whether the command runs as a step of a GitHub
// Actions job.
func inActions(e *env) bool { return e.getenv("GITHUB_ACTIONS") == "true" }

// annotate reports problems as error annotations at file and line when
// running in Actions.
func annotate(e *env, problems []candor.Problem) {
	if inActions(e) && len(problems) > 0 {
		action.NewRuntime(e.getenv, e.stdout).Annotate(problems)
	}
}

// ghRun is candor run inside Actions: measurements come from and go to the
// data branch, incident files the monitor writes go to the default branch,
// both through the GitHub API as compare-and-swap commits.
type ghRun struct {
	e      *env
	rt     *action.Runtime
	in     action.Inputs
	repo   *action.Repo
	branch string // the default branch
	prefix string // the config's folder inside the repository
	// head is the default branch's files after the round's commit; nil
	// when the round did not write there.
	head map[string][]byte
}

func newGHRun(e *env, cfg *candor.Config, cfgPath string) (*ghRun, error) {
	rt := action.NewRuntime(e.getenv, e.stdout)
	in, err := rt.Inputs()
	if err != nil {
		return nil, err
	}
	if secrets, err := probe.Secrets(*cfg, e.getenv); err == nil || len(secrets) > 0 {
		rt.Mask(secrets)
	}
	token := in.Token
	if token == "" {
		token = e.getenv("GITHUB_TOKEN")
	}
	repo, err := action.NewRepo(e.getenv, token, action.Options{DataBranch: in.DataBranch})
	if err != nil {
		return nil, err
	}
	branch := e.getenv("GITHUB_REF_NAME")
	if branch == "" || e.getenv("GITHUB_REF_TYPE") == "tag" {
		branch = cfg.Branch
	}
	prefix, err := repoPrefix(e.getenv, cfgPath)
	if err != nil {
		return nil, err
	}
	return &ghRun{e: e, rt: rt, in: in, repo: repo, branch: branch, prefix: prefix}, nil
}

// repoPrefix is the config's folder as a slash path inside the repository
// ("" at its root), for the paths of the commits. The repository's root is
// the nearest folder above the config holding .git (actions/checkout may
// check out into a subfolder), else GITHUB_WORKSPACE, else the working
// folder.
func repoPrefix(getenv func(string) string, cfgPath string) (string, error) {
	dir, err := filepath.Abs(filepath.Dir(cfgPath))
	if err != nil {
		return "", err
	}
	root := gitRoot(dir)
	if root == "" {
		if root, err = filepath.Abs(cmp.Or(getenv("GITHUB_WORKSPACE"), ".")); err != nil {
			return "", err
		}
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("config %s is outside the repository checked out at %s", cfgPath, root)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// gitRoot is the nearest folder from dir upwards that holds .git, or "".
func gitRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

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
		store, err := storeFrom(current, cfg)
		if err != nil {
			return nil, err
		}
		store.Record(r.results)
		store.Fold(now)
		return store.Files()
	})
	if err != nil {
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
		if err := writeAtomic(filepath.Join(root, filepath.FromSlash(rel)), data); err != nil {
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

// annotate reports content problems, whose paths are relative to the
// config's folder, at their files in the repository.
func (g *ghRun) annotate(problems []candor.Problem) {
	g.rt.Annotate(g.inRepo(problems))
}

func (g *ghRun) inRepo(problems []candor.Problem) []candor.Problem {
	out := slices.Clone(problems)
	for i := range out {
		out[i].Path = path.Join(g.prefix, out[i].Path)
	}
	return out
}

func (g *ghRun) rel(p string) (string, bool) {
	if g.prefix == "" {
		return p, true
	}
	return strings.CutPrefix(p, g.prefix+"/")
}

// report notifies, keeps the schedule alive, and writes outputs and the
// step summary.
func (g *ghRun) report(ctx context.Context, cfg *candor.Config, r *roundResult, files generator.Files, changed bool, site string) error {
	var out action.Outputs
	round := action.Round{Title: cfg.Title, Skipped: g.inRepo(r.content.Problems)}
	base := strings.TrimSuffix(cfg.BaseURL, "/") + "/"
	for _, c := range r.changes {
		link := action.Link{Title: c.Title, URL: base + "incidents/" + c.ID + "/"}
		switch c.Kind {
		case "opened", "reopened":
			out.Opened++
			round.Opened = append(round.Opened, link)
			// Notify reopens the issue of a reopened incident.
			if g.in.Notify {
				if _, err := g.repo.Notify(ctx, action.Notice{IncidentID: c.ID, Title: c.Title, URL: link.URL, Assignees: cfg.Notify.Assignees, Labels: cfg.Notify.Labels}); err != nil {
					g.rt.Warn("notify: %v", err)
				}
			}
		case "resolved":
			out.Resolved++
			round.Resolved = append(round.Resolved, link)
			if g.in.Notify {
				if err := g.repo.NotifyResolved(ctx, c.ID, link.URL); err != nil {
					g.rt.Warn("notify: %v", err)
				}
			}
		}
	}
	if err := g.repo.KeepAlive(ctx, action.WorkflowFile(g.e.getenv)); err != nil {
		g.rt.Warn("keep the schedule alive: %v (give the workflow permissions: actions: write)", err)
	}
	shown := shownStatuses(files)
	out.Status = shown.indicator
	out.Changed, out.Site = changed, site
	byID := map[string]candor.Result{}
	for _, res := range r.results {
		byID[res.Component] = res
	}
	for _, c := range cfg.Components {
		row := action.Row{Name: c.Name, Shown: candor.Status(shown.components[c.Name])}
		if res, ok := byID[c.ID]; ok {
			row.Measured, row.Latency = res.Outcome, res.Latency
		}
		round.Components = append(round.Components, row)
	}
	round.Site = base
	if err := g.rt.SetOutputs(out); err != nil {
		return err
	}
	return g.rt.Summary(round.Markdown())
}

// shown is what the built site says, read back from its summary.json so
// the step outputs can never disagree with the page.
type shown struct {
	indicator  string
	components map[string]string // by name
}

func shownStatuses(files generator.Files) shown {
	var sum struct {
		Status     struct{ Indicator string }
		Components []struct{ Name, Status string }
	}
	s := shown{indicator: "unknown", components: map[string]string{}}
	if json.Unmarshal(files["api/v2/summary.json"], &sum) != nil {
		return s
	}
	s.indicator = sum.Status.Indicator
	for _, c := range sum.Components {
		s.components[c.Name] = c.Status
	}
	return s
}

// storeFrom opens a history store over a branch's files.
func storeFrom(files map[string][]byte, cfg *candor.Config) (*history.Store, error) {
	store, _ := history.FromFiles(files, history.Options{Interval: cfg.Interval, Location: cfg.Location, RawWindow: cfg.Policy.RawWindow})
	return store, nil
}

func describeChanges(cs []incident.Change) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, c.Kind+" "+c.Title)
	}
	return strings.Join(parts, "; ")
}
