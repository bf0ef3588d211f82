package incident

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"gopkg.in/yaml.v3"
)

// Evidence is what the monitor measured of one component, as reconcile
// needs it.
type Evidence struct {
	State candor.State
	// FailingSince is the first check of the current run of failing
	// (degraded or down) checks; zero when the component is not failing.
	FailingSince time.Time
	// PassingSince is the first check of the current run of passing checks;
	// zero when the component is not passing.
	PassingSince time.Time
}

// Change is one incident file the monitor writes, and why.
type Change struct {
	Kind      string // opened, reopened, raised, resolved
	Path      string // slash path relative to the repository root
	Data      []byte
	Title     string
	Component string
	ID        string
}

// Reconcile turns measurements into incident files, following the rules of
// the design: after open_after failing rounds it opens an incident
// (reopening one it resolved within reopen_within instead), raises the
// impact from minor to major when checks go from degraded to down, and after
// resolve_after passing rounds it resolves the incidents it opened. It never
// writes into, or resolves, an incident a person opened: the page attaches
// the measurements to theirs. Components with no evidence (never measured,
// or the monitor was blind) are left alone.
//
// read returns an incident file's current bytes by path; exists tells
// whether a path is taken. The same inputs give the same changes, and a
// second call after the changes are written gives none.
func Reconcile(cfg *candor.Config, now time.Time, incidents []candor.Incident, evidence map[string]Evidence, read func(string) ([]byte, error), exists func(string) bool) ([]Change, error) {
	r := &reconciler{cfg: cfg, now: now, read: read, exists: exists, taken: map[string]bool{}, incidents: incidents}
	for _, comp := range cfg.Components {
		ev, ok := evidence[comp.ID]
		if !ok || comp.Probe == nil {
			continue
		}
		if err := r.component(comp, ev); err != nil {
			return nil, err
		}
	}
	if err := r.resolve(evidence); err != nil {
		return nil, err
	}
	return r.changes, nil
}

type reconciler struct {
	cfg       *candor.Config
	now       time.Time
	read      func(string) ([]byte, error)
	exists    func(string) bool
	taken     map[string]bool
	incidents []candor.Incident
	changes   []Change
}

func (r *reconciler) component(comp candor.Component, ev Evidence) error {
	st := ev.State
	if !st.Outcome.Failing() || st.Failing < r.cfg.Policy.OpenAfter {
		return nil
	}
	if open := r.openFor(comp.ID); open != nil {
		if open.ByMonitor() && st.Outcome == candor.Down && open.Impact.Rank() < candor.ImpactMajor.Rank() {
			return r.raise(open, comp, ev)
		}
		return nil // a person's incident, or already as bad: the page shows the measurement
	}
	if closed := r.recentlyResolved(comp.ID); closed != nil {
		return r.reopen(closed, comp, ev)
	}
	return r.open(comp, ev)
}

// openFor is the newest open incident naming the component.
func (r *reconciler) openFor(id string) *candor.Incident {
	var best *candor.Incident
	for i := range r.incidents {
		inc := &r.incidents[i]
		if inc.Open() && inc.Affects(id) && (best == nil || inc.Started.After(best.Started)) {
			best = inc
		}
	}
	return best
}

// recentlyResolved is an incident the monitor resolved for this component
// less than reopen_within ago.
func (r *reconciler) recentlyResolved(id string) *candor.Incident {
	var best *candor.Incident
	for i := range r.incidents {
		inc := &r.incidents[i]
		if inc.Open() || !inc.ByMonitor() || !inc.Affects(id) || r.now.Sub(inc.Resolved) > r.cfg.Policy.ReopenWithin {
			continue
		}
		if best == nil || inc.Resolved.After(best.Resolved) {
			best = inc
		}
	}
	return best
}

func impactOf(o candor.Outcome) candor.Impact {
	if o == candor.Down {
		return candor.ImpactMajor
	}
	return candor.ImpactMinor
}

func (r *reconciler) open(comp candor.Component, ev Evidence) error {
	started := ev.FailingSince
	if started.IsZero() {
		started = ev.State.Since
	}
	p := r.freePath(started, comp.ID)
	inc := candor.Incident{
		Path: p, Slug: slugOf(p), Title: titleFor(comp, ev.State.Outcome),
		Components: []string{comp.ID}, Impact: impactOf(ev.State.Outcome),
		Started: started, OpenedBy: "monitor",
		Updates: []candor.Update{{At: r.now, Status: candor.Investigating, Text: failingText(comp, ev)}},
	}
	inc.ID = candor.StableID("incident:" + inc.Slug)
	data, err := Format(&inc)
	if err != nil {
		return err
	}
	r.incidents = append(r.incidents, inc)
	r.changes = append(r.changes, Change{Kind: "opened", Path: p, Data: data, Title: inc.Title, Component: comp.ID, ID: inc.ID})
	return nil
}

func (r *reconciler) reopen(inc *candor.Incident, comp candor.Component, ev Evidence) error {
	text := fmt.Sprintf("Checks of %s are failing again since %s: %s. Reopened.", comp.Name, clock(ev.FailingSince, ev.State.Since), describe(ev.State.Last))
	upd := candor.Update{At: r.now, Status: candor.Investigating, Text: text}
	data, err := r.edit(inc, func(root *yaml.Node) {
		DeleteKey(root, "resolved")
		if impactOf(ev.State.Outcome).Rank() > inc.Impact.Rank() {
			SetString(root, "impact", string(impactOf(ev.State.Outcome)))
			inc.Impact = impactOf(ev.State.Outcome)
		}
		AppendUpdate(root, upd)
	})
	if err != nil {
		return err
	}
	inc.Resolved = time.Time{}
	inc.Updates = append(inc.Updates, upd)
	r.changes = append(r.changes, Change{Kind: "reopened", Path: inc.Path, Data: data, Title: inc.Title, Component: comp.ID, ID: inc.ID})
	return nil
}

func (r *reconciler) raise(inc *candor.Incident, comp candor.Component, ev Evidence) error {
	upd := candor.Update{At: r.now, Status: latestStatus(inc), Text: fmt.Sprintf("Checks of %s now fail outright since %s: %s. Impact raised to major.", comp.Name, clock(ev.State.Since, time.Time{}), describe(ev.State.Last))}
	data, err := r.edit(inc, func(root *yaml.Node) {
		SetString(root, "impact", string(candor.ImpactMajor))
		AppendUpdate(root, upd)
	})
	if err != nil {
		return err
	}
	inc.Impact = candor.ImpactMajor
	inc.Updates = append(inc.Updates, upd)
	r.changes = append(r.changes, Change{Kind: "raised", Path: inc.Path, Data: data, Title: inc.Title, Component: comp.ID, ID: inc.ID})
	return nil
}

// resolve resolves the open incidents the monitor opened once every probed
// component they name has passed resolve_after rounds in a row.
func (r *reconciler) resolve(evidence map[string]Evidence) error {
	for i := range r.incidents {
		inc := &r.incidents[i]
		if !inc.Open() || !inc.ByMonitor() {
			continue
		}
		since, ok := r.allPassing(inc, evidence)
		if !ok {
			continue
		}
		upd := candor.Update{At: r.now, Status: candor.Resolved, Text: fmt.Sprintf("Checks have passed since %s.", clock(since, time.Time{}))}
		data, err := r.edit(inc, func(root *yaml.Node) {
			SetTime(root, "resolved", r.now)
			AppendUpdate(root, upd)
		})
		if err != nil {
			return err
		}
		inc.Resolved = r.now
		inc.Updates = append(inc.Updates, upd)
		r.changes = append(r.changes, Change{Kind: "resolved", Path: inc.Path, Data: data, Title: inc.Title, Component: strings.Join(inc.Components, ","), ID: inc.ID})
	}
	return nil
}

func (r *reconciler) allPassing(inc *candor.Incident, evidence map[string]Evidence) (time.Time, bool) {
	var since time.Time
	measured := false
	for _, id := range inc.Components {
		comp, ok := r.cfg.Component(id)
		if !ok || comp.Probe == nil {
			continue
		}
		ev, ok := evidence[id]
		if !ok || ev.State.Outcome != candor.Up || ev.State.Passing < r.cfg.Policy.ResolveAfter {
			return time.Time{}, false
		}
		measured = true
		if ev.PassingSince.After(since) {
			since = ev.PassingSince
		}
	}
	return since, measured
}

// edit rewrites an incident file, keeping what a person wrote in it. Two
// changes to one file in a round build on each other.
func (r *reconciler) edit(inc *candor.Incident, fn func(root *yaml.Node)) ([]byte, error) {
	data, err := r.current(inc.Path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", inc.Path, err)
	}
	out, err := Edit(data, func(root *yaml.Node) error { fn(root); return nil })
	if err != nil {
		return nil, fmt.Errorf("%s: %w", inc.Path, err)
	}
	return out, nil
}

func (r *reconciler) current(p string) ([]byte, error) {
	for i := len(r.changes) - 1; i >= 0; i-- {
		if r.changes[i].Path == p {
			return r.changes[i].Data, nil
		}
	}
	return r.read(p)
}

// freePath names a new monitor incident YYYY-MM-DD-<component>[-n].md.
func (r *reconciler) freePath(started time.Time, id string) string {
	base := path.Join(IncidentDir, started.UTC().Format("2006-01-02")+"-"+id)
	for n := 1; ; n++ {
		p := base + ".md"
		if n > 1 {
			p = fmt.Sprintf("%s-%d.md", base, n)
		}
		if !r.exists(p) && !r.taken[p] && !r.hasPath(p) {
			r.taken[p] = true
			return p
		}
	}
}

func (r *reconciler) hasPath(p string) bool {
	for _, inc := range r.incidents {
		if inc.Path == p {
			return true
		}
	}
	return false
}

func latestStatus(inc *candor.Incident) candor.UpdateStatus {
	if u := inc.Latest(); u != nil && u.Status != candor.Resolved {
		return u.Status
	}
	return candor.Investigating
}

func titleFor(comp candor.Component, o candor.Outcome) string {
	if o == candor.Down {
		return comp.Name + " is failing checks"
	}
	return comp.Name + " is degraded"
}

// failingText states the measured facts in plain words.
func failingText(comp candor.Component, ev Evidence) string {
	verb := "failed"
	if ev.State.Outcome == candor.Degraded {
		verb = "been degraded"
	}
	return fmt.Sprintf("Checks of %s have %s since %s: %s.", comp.Name, verb, clock(ev.FailingSince, ev.State.Since), describe(ev.State.Last))
}

// describe is a result in words: its message and how many attempts it took.
func describe(res candor.Result) string {
	msg := strings.TrimRight(res.Message, ". ")
	if msg == "" {
		msg = string(res.Outcome)
	}
	if res.Attempts > 0 {
		msg += fmt.Sprintf(", %d of %d %s", res.Attempts, res.Attempts, plural(res.Attempts, "attempt", "attempts"))
	}
	return msg
}

func clock(t, fallback time.Time) string {
	if t.IsZero() {
		t = fallback
	}
	return t.UTC().Format("15:04") + " UTC"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// SortChanges orders changes by path, for stable output.
func SortChanges(cs []Change) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Path < cs[j].Path })
}
