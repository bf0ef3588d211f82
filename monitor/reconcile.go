package monitor

import (
	"fmt"
	"path"
	"slices"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"gopkg.in/yaml.v3"
)

// change is one incident file the monitor writes, and why.
type change struct {
	kind EventKind
	inc  candor.Incident // after the change
	data []byte
	text string
}

// plan is what reconcile decided.
type plan struct {
	changes  []change
	problems []candor.Problem
}

// files are the changed incident files by path.
func (p plan) files() map[string][]byte {
	out := map[string][]byte{}
	for _, c := range p.changes {
		out[c.inc.Path] = c.data
	}
	return out
}

// reconcile turns the evidence into incident files, following the rules of
// the design. For each probed component that fails now:
//
//   - with an open incident of the monitor's own: it raises the impact when
//     the measured one is higher (never lowers it), and otherwise posts an
//     evidence update whenever the last update would be overdue by the next
//     round, so its incidents keep their own promise;
//   - with none, after open_after failing rounds in a row or when the
//     checks flap (policy.flapping), it opens one, reopening instead one it
//     resolved less than reopen_within ago; unless a person's open
//     incident on the component already declares at least the measured
//     impact. A lower declaration never silences the monitor, and the
//     monitor never writes into a person's file.
//
// It resolves its own open incidents once every probed component they name
// has passed resolve_after rounds in a row. It never opens a second
// incident for a component while one of its own is open, even when that
// file no longer parses (owned remembers it): that is reported instead.
// No update is written earlier than an incident's start or latest update.
// Components with no evidence this round (never measured, or their result
// refused) are left alone.
//
// files are the content files the incidents were parsed from, by path.
// The same inputs give the same plan.
func reconcile(cfg *candor.Config, now time.Time, content *incident.Content, files map[string][]byte, owned map[string]history.Own, ev map[string]Evidence) (plan, error) {
	r := &reconciler{cfg: cfg, now: now, files: files, owned: owned, ev: ev, taken: map[string]bool{},
		incidents: slices.Clone(content.Incidents), maint: content.Maintenance}
	for _, comp := range cfg.Components {
		e, ok := ev[comp.ID]
		if !ok || comp.Probe == nil || e.Refused {
			continue
		}
		var err error
		switch {
		case e.Failing():
			err = r.component(comp, e)
		case e.State.Outcome == candor.UnderMaintenance:
			err = r.maintained(comp, e)
		}
		if err != nil {
			return plan{}, err
		}
	}
	if err := r.resolve(); err != nil {
		return plan{}, err
	}
	return plan{changes: r.changes, problems: r.problems}, nil
}

type reconciler struct {
	cfg       *candor.Config
	now       time.Time
	files     map[string][]byte
	owned     map[string]history.Own
	ev        map[string]Evidence
	taken     map[string]bool
	incidents []candor.Incident // as the changes leave them
	maint     []candor.Maintenance
	changes   []change
	problems  []candor.Problem
}

func (r *reconciler) component(comp candor.Component, ev Evidence) error {
	need := impactOf(ev.Worst)
	if own := r.ownOpen(comp.ID); own != nil {
		switch {
		case need.Rank() > own.Impact.Rank():
			return r.raise(own, comp, ev, need)
		case r.updateDue(own):
			return r.still(own, comp, ev)
		}
		return nil
	}
	streak := ev.State.Failing >= r.cfg.Policy.OpenAfter
	if !streak && !ev.Flapping(r.cfg.Policy.Flapping) {
		return nil
	}
	if p, ok := r.brokenOwn(comp.ID); ok {
		r.problems = append(r.problems, candor.Problem{Path: p, Line: 1, Col: 1,
			Message: fmt.Sprintf("the monitor's open incident for %s no longer parses: it opens no other for %s until this file is repaired", comp.ID, comp.ID)})
		return nil
	}
	if r.declared(comp.ID).Rank() >= need.Rank() {
		return nil // a person's incident already says as much; the page shows the measurement beside it
	}
	if closed := r.recentlyResolved(comp.ID); closed != nil {
		return r.reopen(closed, comp, ev, need)
	}
	return r.open(comp, ev, need, !streak)
}

// impactOf is the impact a measured outcome declares.
func impactOf(o candor.Outcome) candor.Impact {
	if o == candor.Down {
		return candor.ImpactMajor
	}
	return candor.ImpactMinor
}

// ownOpen is the newest open incident the monitor opened naming id.
func (r *reconciler) ownOpen(id string) *candor.Incident {
	return r.newest(func(inc *candor.Incident) bool { return inc.Open() && inc.ByMonitor() && inc.Affects(id) })
}

// recentlyResolved is the incident the monitor resolved for id less than
// reopen_within ago.
func (r *reconciler) recentlyResolved(id string) *candor.Incident {
	return r.newest(func(inc *candor.Incident) bool {
		return !inc.Open() && inc.ByMonitor() && inc.Affects(id) && r.now.Sub(inc.Resolved) <= r.cfg.Policy.ReopenWithin
	})
}

func (r *reconciler) newest(match func(*candor.Incident) bool) *candor.Incident {
	var best *candor.Incident
	for i := range r.incidents {
		inc := &r.incidents[i]
		if match(inc) && (best == nil || inc.Started.After(best.Started) || inc.Started.Equal(best.Started) && inc.Path > best.Path) {
			best = inc
		}
	}
	return best
}

// declared is the highest impact people's open incidents declare for id.
func (r *reconciler) declared(id string) candor.Impact {
	worst := candor.Impact("")
	for _, inc := range r.incidents {
		if inc.Open() && !inc.ByMonitor() && inc.Affects(id) && inc.Impact.Rank() > worst.Rank() {
			worst = inc.Impact
		}
	}
	return worst
}

// brokenOwn is the path of an open incident of the monitor's own for id
// whose file is there but no longer parses.
func (r *reconciler) brokenOwn(id string) (string, bool) {
	for _, p := range sortedKeys(r.owned) {
		o := r.owned[p]
		if _, there := r.files[p]; there && o.Open && slices.Contains(o.Components, id) && !r.parsed(p) {
			return p, true
		}
	}
	return "", false
}

func (r *reconciler) parsed(p string) bool {
	return slices.ContainsFunc(r.incidents, func(inc candor.Incident) bool { return inc.Path == p })
}

// updateDue reports whether the incident's last update would be overdue
// by the next round.
func (r *reconciler) updateDue(inc *candor.Incident) bool {
	due := r.cfg.Policy.UpdateDue
	if due <= 0 {
		return false
	}
	due = max(due-r.cfg.Interval, due/2)
	last := inc.Started
	if u := inc.Latest(); u != nil {
		last = u.At
	}
	return r.now.Sub(last) >= due
}

func (r *reconciler) open(comp candor.Component, ev Evidence, impact candor.Impact, intermittent bool) error {
	started := ev.Since
	if intermittent && !ev.RecentSince.IsZero() {
		started = ev.RecentSince
	}
	if started.IsZero() || started.After(r.now) {
		started = r.now
	}
	p := r.freePath(started, comp.ID)
	text := failingText(comp, ev, intermittent)
	inc := candor.Incident{
		Path: p, Slug: path.Base(p[:len(p)-len(".md")]), Title: titleFor(comp, impact),
		Components: []string{comp.ID}, Impact: impact, Started: started, OpenedBy: "monitor",
		Updates: []candor.Update{{At: r.now, Status: candor.Investigating, Text: text}},
	}
	inc.ID = candor.StableID("incident:" + inc.Slug)
	data, err := incident.Format(&inc)
	if err != nil {
		return err
	}
	r.incidents = append(r.incidents, inc)
	r.changes = append(r.changes, change{kind: Opened, inc: inc, data: data, text: text})
	return nil
}

func (r *reconciler) reopen(inc *candor.Incident, comp candor.Component, ev Evidence, impact candor.Impact) error {
	text := reopenText(comp, ev)
	upd := candor.Update{At: r.now, Status: candor.Investigating, Text: text}
	return r.edit(Reopened, inc, text, func(root *yaml.Node) {
		incident.DeleteKey(root, "resolved")
		inc.Resolved = time.Time{}
		if impact.Rank() > inc.Impact.Rank() {
			r.setImpact(root, inc, comp, impact)
		}
		incident.AppendUpdate(root, upd)
		inc.Updates = append(inc.Updates, upd)
	})
}

func (r *reconciler) raise(inc *candor.Incident, comp candor.Component, ev Evidence, impact candor.Impact) error {
	lowered := r.owned[inc.Path].Impact.Rank() > inc.Impact.Rank()
	text := raiseText(comp, ev, inc.Impact, impact, lowered)
	upd := candor.Update{At: r.now, Status: latestStatus(inc), Text: text}
	return r.edit(Raised, inc, text, func(root *yaml.Node) {
		r.setImpact(root, inc, comp, impact)
		incident.AppendUpdate(root, upd)
		inc.Updates = append(inc.Updates, upd)
	})
}

// maintained keeps the monitor's own open incident on a component whose
// failing checks count as maintenance from going overdue: its checks still
// run, and the update says what they show.
func (r *reconciler) maintained(comp candor.Component, ev Evidence) error {
	own := r.ownOpen(comp.ID)
	if own == nil || !r.updateDue(own) {
		return nil
	}
	text := maintainedText(comp, ev, r.window(comp.ID))
	upd := candor.Update{At: r.now, Status: latestStatus(own), Text: text}
	return r.edit(Updated, own, text, func(root *yaml.Node) {
		incident.AppendUpdate(root, upd)
		own.Updates = append(own.Updates, upd)
	})
}

// window is the maintenance window in progress on component id that ends
// last; nil when there is none.
func (r *reconciler) window(id string) *candor.Maintenance {
	var out *candor.Maintenance
	for i := range r.maint {
		m := &r.maint[i]
		if m.Affects(id) && m.Active(r.now) && (out == nil || m.Ends.After(out.Ends)) {
			out = m
		}
	}
	return out
}

func (r *reconciler) still(inc *candor.Incident, comp candor.Component, ev Evidence) error {
	text := stillText(comp, ev)
	upd := candor.Update{At: r.now, Status: latestStatus(inc), Text: text}
	return r.edit(Updated, inc, text, func(root *yaml.Node) {
		incident.AppendUpdate(root, upd)
		inc.Updates = append(inc.Updates, upd)
	})
}

// setImpact raises the impact, and the title with it while the title is
// still the one the monitor gave.
func (r *reconciler) setImpact(root *yaml.Node, inc *candor.Incident, comp candor.Component, impact candor.Impact) {
	if inc.Title == titleFor(comp, inc.Impact) {
		inc.Title = titleFor(comp, impact)
		incident.SetString(root, "title", inc.Title)
	}
	incident.SetString(root, "impact", string(impact))
	inc.Impact = impact
}

// resolve resolves the open incidents the monitor opened once every probed
// component they name has passed resolve_after rounds in a row.
func (r *reconciler) resolve() error {
	for i := range r.incidents {
		inc := &r.incidents[i]
		if !inc.Open() || !inc.ByMonitor() {
			continue
		}
		since, checks, ok := r.allPassing(inc)
		if !ok {
			continue
		}
		text := resolvedText(since, r.now, checks)
		upd := candor.Update{At: r.now, Status: candor.Resolved, Text: text}
		err := r.edit(Resolved, inc, text, func(root *yaml.Node) {
			incident.SetTime(root, "resolved", r.now)
			inc.Resolved = r.now
			incident.AppendUpdate(root, upd)
			inc.Updates = append(inc.Updates, upd)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *reconciler) allPassing(inc *candor.Incident) (since time.Time, checks int, ok bool) {
	for _, id := range inc.Components {
		comp, known := r.cfg.Component(id)
		if !known || comp.Probe == nil {
			continue
		}
		ev, measured := r.ev[id]
		if !measured || ev.Refused || ev.State.Outcome != candor.Up || ev.State.Passing < r.cfg.Policy.ResolveAfter {
			return time.Time{}, 0, false
		}
		if !ok || ev.Since.After(since) {
			since = ev.Since
		}
		if !ok || ev.Checks < checks {
			checks = ev.Checks
		}
		ok = true
	}
	return since, checks, ok
}

// edit changes an incident file in place, keeping what a person wrote in
// it; two changes to one file in a round build on each other. It writes
// nothing, and reports why, when the round is dated before the incident's
// start or latest update: a file's timeline only moves forward.
func (r *reconciler) edit(kind EventKind, inc *candor.Incident, text string, fn func(root *yaml.Node)) error {
	if last := latestAt(inc); r.now.Before(last) {
		r.problems = append(r.problems, candor.Problem{Path: inc.Path, Line: 1, Col: 1,
			Message: fmt.Sprintf("the round at %s is earlier than the incident's latest entry at %s: the monitor wrote nothing into it", stamp(r.now), stamp(last))})
		return nil
	}
	data, err := r.current(inc.Path)
	if err != nil {
		return err
	}
	before := *inc
	out, err := incident.Edit(data, func(root *yaml.Node) error { fn(root); return nil })
	if err != nil {
		*inc = before
		return fmt.Errorf("%s: %w", inc.Path, err)
	}
	r.changes = append(r.changes, change{kind: kind, inc: *inc, data: out, text: text})
	return nil
}

func latestAt(inc *candor.Incident) time.Time {
	last := inc.Started
	for _, u := range inc.Updates {
		if u.At.After(last) {
			last = u.At
		}
	}
	return last
}

func (r *reconciler) current(p string) ([]byte, error) {
	for i := len(r.changes) - 1; i >= 0; i-- {
		if r.changes[i].inc.Path == p {
			return r.changes[i].data, nil
		}
	}
	if data, ok := r.files[p]; ok {
		return data, nil
	}
	return nil, fmt.Errorf("%s: the file is gone", p)
}

// freePath names a new monitor incident YYYY-MM-DD-<component>[-n].md.
func (r *reconciler) freePath(started time.Time, id string) string {
	base := path.Join(incident.IncidentDir, started.UTC().Format("2006-01-02")+"-"+id)
	for n := 1; ; n++ {
		p := base + ".md"
		if n > 1 {
			p = fmt.Sprintf("%s-%d.md", base, n)
		}
		if _, there := r.files[p]; !there && !r.taken[p] && !r.parsed(p) {
			r.taken[p] = true
			return p
		}
	}
}

func latestStatus(inc *candor.Incident) candor.UpdateStatus {
	if u := inc.Latest(); u != nil && u.Status != candor.Resolved {
		return u.Status
	}
	return candor.Investigating
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
