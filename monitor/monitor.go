package monitor

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
)

// Round is what one round measured: its own probes, and the results files
// of other vantage points, merged by policy.quorum before anything is
// judged.
type Round struct {
	// Now is the round's time; every result is stamped with it.
	Now time.Time
	// Clock is when the round merges and records, the merging job's
	// clock; zero means Now. A round dated before its clock (candor run
	// --round-at: a second opinion's confirm job records the round the
	// first opinion measured) merges the Files dated up to a minute after
	// Clock, since second opinions probe after the round began; pushed
	// files it takes only up to a minute after Now, and leaves later ones
	// for a later round.
	Clock time.Time
	// Results are the round's own checks, one per probed component; nil
	// when the round only merges the files of others.
	Results []candor.Result
	// Blind is true when every control check failed: the monitor could
	// not see, so it records unknown and declares nothing.
	Blind bool
	// Vantage is the vantage point Results stand for, when the config
	// declares vantage points; default Config.DefaultVantage.
	Vantage string
	// Files are results files of other vantage points (EncodeResults), by
	// the name problems give them. The round also merges the files pushed
	// to the measurements under PushedDir.
	Files map[string][]byte
	// Channels are where changes of the page are sent. With none the
	// round keeps no notification ledger.
	Channels []Channel
	// Token names this round's claim on the deliveries it makes; it must
	// be unique to the run. Empty claims nothing.
	Token string
	// DryRunNotify finds the changes and what would be sent, and writes
	// nothing of the ledger.
	DryRunNotify bool
	// Redact, when set, is applied to the messages of other vantage
	// points' results: the merging machine's own secrets (probe.Redact)
	// go from them too, should another machine have missed one.
	Redact func(string) string
}

// own is the round's own probes as a vantage point, nil when it has none.
func (r Round) own(cfg *candor.Config) *Vantage {
	if r.Results == nil && !r.Blind {
		return nil
	}
	return &Vantage{Name: cmp.Or(r.Vantage, cfg.DefaultVantage()), At: r.Now, Blind: r.Blind, Results: r.Results}
}

// measured is what the round measured after the merge: one result per
// probed component, and whether every vantage point was blind.
func (r Round) measured(cfg *candor.Config, w window, pushed map[string][]byte, rep *Report) ([]candor.Result, []input, bool) {
	in, refused, ignored := accept(cfg, w, r.own(cfg), r.Files, pushed)
	rep.FileRefusals, rep.Ignored, rep.Merged = refused, ignored, nil
	if r.Redact != nil {
		for _, x := range in {
			if x.path != "" { // a file's, not the round's own
				for i := range x.v.Results {
					x.v.Results[i].Message = r.Redact(x.v.Results[i].Message)
				}
			}
		}
	}
	if len(cfg.Vantages) == 0 { // one vantage point, as before there were several
		return r.Results, nil, r.Blind
	}
	for _, x := range in {
		rep.Merged = addMerged(rep.Merged, x)
	}
	slices.SortStableFunc(rep.Merged, func(a, b Merged) int { return vantageOrder(cfg, a.Vantage) - vantageOrder(cfg, b.Vantage) })
	results, blind := merge(cfg, in)
	return results, in, blind
}

func addMerged(ms []Merged, x input) []Merged {
	for i := range ms {
		if ms[i].Vantage == x.v.Name {
			ms[i].Files = append(ms[i].Files, x.path)
			ms[i].Blind = ms[i].Blind && x.v.Blind
			ms[i].Checks += len(x.v.Results)
			return ms
		}
	}
	return append(ms, Merged{Vantage: x.v.Name, Files: []string{x.path}, Blind: x.v.Blind, Checks: len(x.v.Results)})
}

// Report is what a round did.
type Report struct {
	Now time.Time
	// Blind is true when every vantage point of the round was blind.
	Blind   bool
	Results []candor.Result // as recorded, after merging and judging
	// Merged are the vantage points the round merged, in the config's
	// order; nil when the config declares none.
	Merged []Merged
	// FileRefusals are the results files it did not merge, and why;
	// Ignored the results in merged files it left out.
	FileRefusals []FileRefusal
	Ignored      []candor.Problem
	// Refused are the results the record did not take, and why.
	Refused []history.Refusal
	Events  []Event
	// Problems are the incident files the monitor could not write as it
	// should, at their paths relative to the config's folder.
	Problems []candor.Problem
	// DataProblems are damaged measurement lines and what is kept in
	// quarantine, at their paths relative to the measurements' folder.
	DataProblems []candor.Problem
	// History is the measurements as the round wrote them; Content the
	// incident and maintenance files after its changes.
	History *history.Store
	Content *incident.Content
	// DataWritten and ContentWritten say which halves got a write.
	DataWritten, ContentWritten bool
	// Notices is what the round found and claimed for notifications.
	Notices Notices
	// NoticeErr is why the ledger could not be written after the round's
	// incident changes: the changes are found again by the next round.
	NoticeErr error
}

// Run does one round through store: it reads the content, records the
// judged results with the measurements, derives the evidence, and writes
// the incident changes it calls for. Measurements are written first: when
// the content write fails, the next round finds the same evidence and
// makes the same change. Probe failures are data; the error is for a
// store that cannot be read or written.
func Run(ctx context.Context, cfg *candor.Config, store Store, round Round) (*Report, error) {
	now := round.Now.UTC().Truncate(time.Second)
	clock := now
	if !round.Clock.IsZero() {
		clock = candor.Later(now, round.Clock.UTC().Truncate(time.Second))
	}
	if round.Vantage != "" && !cfg.Vantage(round.Vantage) {
		return nil, fmt.Errorf("vantage point %q is not among the vantages of the config", round.Vantage)
	}
	rep := &Report{Now: now}
	var files0 map[string][]byte
	if _, err := store.Content(ctx, "", func(cur map[string][]byte) (map[string][]byte, error) {
		files0 = cur
		return nil, nil
	}); err != nil {
		return nil, fmt.Errorf("read content: %w", err)
	}
	content0 := incident.LoadFiles(files0, cfg)
	rep.Content = content0

	var dry plan
	n := &notifier{cfg: cfg, round: round, now: now}
	var ev map[string]Evidence
	var owned map[string]history.Own // as the round found it
	var dataProblems []candor.Problem
	written, err := store.Data(ctx, "candor: measurements of the round at "+stamp(now), func(cur map[string][]byte) (map[string][]byte, error) {
		hs, probs := history.FromFiles(cur, HistoryOptions(cfg))
		pushed := pushedFiles(cur)
		merged, keep, mergedProbs := decodeMerged(cur[MergedFile])
		results, in, blind := round.measured(cfg, window{now: now, until: clock, merged: merged}, pushed, rep)
		rep.Blind = blind
		rep.Results = judge(results, blind, content0.Maintenance, hs.Announcements(), now)
		rep.Refused = hs.Record(rep.Results)
		hs.Fold(now)
		seeMaintenance(hs, content0.Maintenance, now, cfg.Policy.ResolveAfter)
		ev, owned = evidence(cfg, hs, refusedIDs(rep.Refused)), hs.Owned()
		dry = plan{}
		if !blind {
			var err error
			if dry, err = reconcile(cfg, now, content0, files0, owned, ev); err != nil {
				return nil, err
			}
		}
		remember(hs, content0, files0, dry)
		n.readFirst(hs)
		rep.Notices = Notices{}
		if len(dry.changes) == 0 {
			// The content is as the round read it: the ledger goes in
			// this write.
			rep.Notices = n.look(hs, content0)
		}
		rep.History, dataProblems = hs, append(probs, mergedProbs...)
		files, err := hs.Files()
		if err != nil {
			return nil, err
		}
		if consume(merged, in) {
			files[MergedFile] = encodeMerged(merged, keep)
		}
		for p := range pushed {
			files[p] = nil // read once: merged or refused, never merged again
		}
		for _, f := range rep.FileRefusals {
			if f.Pushed && f.Reason == FileFuture {
				delete(files, f.Path) // a later round's: left for it
			}
		}
		return files, err
	})
	if err != nil {
		return nil, fmt.Errorf("write measurements: %w", err)
	}
	rep.DataWritten = written
	rep.DataProblems, rep.Problems = dataProblems, dry.problems
	if len(dry.changes) == 0 {
		return rep, nil
	}
	final, content, written, err := writeContent(ctx, cfg, store, now, dry, owned, ev)
	if err != nil {
		return nil, fmt.Errorf("write incidents: %w", err)
	}
	rep.ContentWritten = written
	if content != nil {
		rep.Content, rep.Problems = content, final.problems
	}
	rep.Events = events(final)
	rep.Notices, rep.NoticeErr = n.after(ctx, store, rep.Content)
	return rep, nil
}

// writeContent reconciles again on the content as the store holds it at
// the write, which may be newer than what the round read: a person's push
// or another round's in between is kept, and nothing is done twice.
func writeContent(ctx context.Context, cfg *candor.Config, store Store, now time.Time, dry plan, owned map[string]history.Own, ev map[string]Evidence) (plan, *incident.Content, bool, error) {
	var final plan
	var content *incident.Content
	written, err := store.Content(ctx, "candor: "+commitMessage(dry), func(cur map[string][]byte) (map[string][]byte, error) {
		c := incident.LoadFiles(cur, cfg)
		p, err := reconcile(cfg, now, c, cur, owned, ev)
		if err != nil {
			return nil, err
		}
		changed := p.files()
		after := maps.Clone(cur)
		maps.Copy(after, changed)
		final, content = p, incident.LoadFiles(after, cfg)
		return changed, nil
	})
	return final, content, written, err
}

// seeMaintenance notes the windows the round saw, and forgets those whose
// files are gone. passes is how many passing checks in a row end an
// outage under way when a window was seen.
func seeMaintenance(hs *history.Store, maint []candor.Maintenance, now time.Time, passes int) {
	ids := map[string]bool{}
	for _, m := range maint {
		hs.SeeMaintenance(m, now, passes)
		ids[m.ID] = true
	}
	hs.ForgetMaintenance(func(id string) bool { return ids[id] })
}

// remember keeps the monitor's memory of its own incidents in step with
// the content: each one that parses as it stands (after the round's
// changes), forgotten when its file is gone or a person took it over, and
// kept as it was while its file does not parse.
func remember(hs *history.Store, content *incident.Content, files map[string][]byte, p plan) {
	now := map[string]candor.Incident{}
	for _, inc := range content.Incidents {
		now[inc.Path] = inc
	}
	for _, c := range p.changes {
		now[c.inc.Path] = c.inc
	}
	for path, inc := range now {
		if inc.ByMonitor() {
			hs.Own(history.Own{Path: path, Impact: inc.Impact, Components: inc.Components, Open: inc.Open()})
		}
	}
	for path := range hs.Owned() {
		inc, parsed := now[path]
		_, there := files[path]
		if parsed && !inc.ByMonitor() || !parsed && !there {
			hs.Disown(path)
		}
	}
}

// refusedIDs are the components whose record this round's results left
// behind. A check refused because another is recorded at its second is
// not one: the record measures at that second, and its evidence stands
// (a rerun round reconciles what the first run could not commit).
func refusedIDs(rs []history.Refusal) map[string]bool {
	out := map[string]bool{}
	for _, r := range rs {
		if r.Reason != history.RefusedSameSecond {
			out[r.Result.Component] = true
		}
	}
	return out
}

func events(p plan) []Event {
	out := make([]Event, 0, len(p.changes))
	for _, c := range p.changes {
		out = append(out, Event{Kind: c.kind, IncidentID: c.inc.ID, Path: c.inc.Path, Title: c.inc.Title,
			Components: c.inc.Components, Impact: c.inc.Impact, Text: c.text, At: c.inc.Latest().At})
	}
	return out
}

// commitMessage says what a plan changes.
func commitMessage(p plan) string {
	parts := make([]string, 0, len(p.changes))
	for _, c := range p.changes {
		parts = append(parts, string(c.kind)+" "+c.inc.Title)
	}
	return strings.Join(parts, "; ")
}

// HistoryOptions are the history settings cfg gives: every reader of the
// measurements uses them, in a round or not.
func HistoryOptions(cfg *candor.Config) history.Options {
	return history.Options{Interval: cfg.Interval, Location: cfg.Location, RawWindow: cfg.Policy.RawWindow}
}
