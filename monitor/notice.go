package monitor

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
)

// Channel is a destination of notifications as the round knows it: the key
// the ledger records its deliveries by, and the changes it wants.
type Channel struct {
	Key    string
	Filter candor.Filter
}

// Notices is what a round did about notifications.
type Notices struct {
	// First is true when the ledger had not seen the page before (or not
	// for longer than history.GiveUp): the round recorded what the page
	// shows and found no change, so nothing of the past is sent.
	First bool
	// Changes are the changes of the page the round found.
	Changes []candor.Change
	// Claimed are the deliveries this round makes now: the caller sends
	// them and records what became of them with Settle.
	Claimed []history.Delivery
	// Dropped are the deliveries given up on this round, each reported
	// by this round only.
	Dropped []history.Delivery
}

// page is what notifications compare between rounds.
type page struct {
	incidents   []candor.Incident
	maintenance []candor.Maintenance
	shown       map[string]candor.Status // by component id, as the page shows it
}

// pageOf is the page at now as the site shows it: the same shown-status
// rule, the same blind rule.
func pageOf(cfg *candor.Config, hs *history.Store, content *incident.Content, now time.Time) page {
	p := page{incidents: content.Incidents, maintenance: content.Maintenance, shown: map[string]candor.Status{}}
	measuring := Measuring(cfg, hs, now)
	for _, c := range cfg.Components {
		var st *candor.State
		if s, ok := hs.State(c.ID); ok && c.Probe != nil {
			st = &s
		}
		p.shown[c.ID] = candor.ShownOf(c, st, measuring, content.Incidents, content.Maintenance, now)
	}
	return p
}

// Measuring reports whether the page counts the measurements at now, as
// the site does: the latest round was not blind and its checks are not
// stale.
func Measuring(cfg *candor.Config, hs *history.Store, now time.Time) bool {
	return !LastRoundBlind(hs) && !candor.FreshnessAt(hs.LastCheck(), now, cfg.Interval).Stale
}

// LastRoundBlind reports whether the latest round recorded the monitor as
// blind: every component's last result says so.
func LastRoundBlind(hs *history.Store) bool {
	states := hs.States()
	for _, st := range states {
		if st.Last.Class != candor.ClassBlind {
			return false
		}
	}
	return len(states) > 0
}

// look is notifications' part of a round at now, a pure function of the
// ledger as stored and the page: it compares what the ledger saw with the
// page, queues each change for every channel that wants it, and claims
// for token what is due. It finds no change when the ledger has seen no
// page (a first run sends nothing for the past), nor when the ledger's
// page is of this round's time or a later one (a rerun, a back-dated
// round, or another round that wrote in between: the next round compares
// again). It returns the ledger to store.
func look(l history.Ledger, pg page, cfg *candor.Config, channels []Channel, token string, now time.Time, compare bool) (history.Ledger, Notices) {
	l = l.Clone()
	var n Notices
	switch {
	case l.Round.IsZero() || now.Sub(l.Round) > history.GiveUp:
		n.First = true
		see(&l, pg, cfg, now)
	case compare && now.After(l.Round):
		n.Changes = changes(l, pg, cfg, now)
		see(&l, pg, cfg, now)
		for _, c := range n.Changes {
			for _, ch := range channels {
				if ch.Filter.Wants(c) {
					l.Enqueue(ch.Key, c, now)
				}
			}
		}
	}
	if token != "" {
		live := func(key string) bool {
			return slices.ContainsFunc(channels, func(ch Channel) bool { return ch.Key == key })
		}
		n.Claimed, n.Dropped = l.Claim(token, now, live)
	}
	return l, n
}

// see records the page in the ledger. An incident or window whose file is
// gone or does not parse stays on record for history.GiveUp, so that a
// file someone broke and repaired is not taken for a new one.
func see(l *history.Ledger, pg page, cfg *candor.Config, now time.Time) {
	l.Round = now
	if l.Incidents == nil {
		l.Incidents, l.Maintenance, l.Components = map[string]history.SeenIncident{}, map[string]history.SeenMaintenance{}, map[string]candor.Status{}
	}
	for id, x := range l.Incidents {
		if now.Sub(x.LastSeen) > history.GiveUp {
			delete(l.Incidents, id)
		}
	}
	for id, x := range l.Maintenance {
		if now.Sub(x.LastSeen) > history.GiveUp {
			delete(l.Maintenance, id)
		}
	}
	for i := range pg.incidents {
		inc := &pg.incidents[i]
		prev, seen := l.Incidents[inc.ID]
		l.Incidents[inc.ID] = history.SeenIncident{Path: inc.Path, Open: inc.Open(), Impact: inc.Impact, Updates: len(inc.Updates), LastSeen: now,
			Reopened: reopenings(prev, seen, inc)}
	}
	for i := range pg.maintenance {
		m := &pg.maintenance[i]
		prev, seen := l.Maintenance[m.ID]
		l.Maintenance[m.ID] = history.SeenMaintenance{Path: m.Path, Status: m.StatusAt(now), LastSeen: now, Restarts: restarts(prev, seen, m, now)}
	}
	clear(l.Components)
	for _, c := range cfg.Components {
		l.Components[c.ID] = pg.shown[c.ID]
	}
}

// changes compares the page the ledger saw with pg: incidents by path,
// then maintenance by start, then components in config order.
func changes(l history.Ledger, pg page, cfg *candor.Config, now time.Time) []candor.Change {
	var out []candor.Change
	incs := slices.Clone(pg.incidents)
	slices.SortFunc(incs, func(a, b candor.Incident) int { return cmp.Compare(a.Path, b.Path) })
	for i := range incs {
		if c, ok := incidentChange(l, &incs[i]); ok {
			out = append(out, c)
		}
	}
	ms := slices.Clone(pg.maintenance)
	slices.SortFunc(ms, func(a, b candor.Maintenance) int { return cmp.Or(a.Starts.Compare(b.Starts), cmp.Compare(a.ID, b.ID)) })
	for i := range ms {
		if c, ok := maintenanceChange(l, &ms[i], now); ok {
			out = append(out, c)
		}
	}
	for _, comp := range cfg.Components {
		from, seen := l.Components[comp.ID]
		to := pg.shown[comp.ID]
		if !seen || from == to {
			continue
		}
		impact := candor.ImpactOf(from)
		if i := candor.ImpactOf(to); i.Rank() > impact.Rank() {
			impact = i
		}
		out = append(out, candor.Change{Kind: candor.ComponentStatus, Subject: comp.ID, At: now, From: from, To: to,
			Components: []string{comp.ID}, Impact: impact})
	}
	return out
}

// incidentChange is the one change of inc since the ledger saw it, by
// precedence: a new incident, a resolution, a reopening, a raised impact,
// a new update.
func incidentChange(l history.Ledger, inc *candor.Incident) (candor.Change, bool) {
	prev, seen := l.Incidents[inc.ID]
	var kind candor.ChangeKind
	switch {
	case !seen && inc.Open():
		kind = candor.IncidentOpened
	case !seen, prev.Open && !inc.Open():
		kind = candor.IncidentResolved
	case !prev.Open && inc.Open():
		kind = candor.IncidentReopened
	case inc.Open() && inc.Impact.Rank() > prev.Impact.Rank():
		kind = candor.IncidentRaised
	case len(inc.Updates) > prev.Updates:
		kind = candor.IncidentUpdated
	default:
		return candor.Change{}, false
	}
	at := inc.Started
	if u := inc.Latest(); u != nil {
		at = u.At
	}
	if kind == candor.IncidentResolved && !inc.Resolved.IsZero() {
		at = inc.Resolved
	}
	return candor.Change{Kind: kind, Subject: inc.ID, At: at, Update: len(inc.Updates), Components: inc.Components,
		Impact: inc.Impact, ByMonitor: inc.ByMonitor(), Cycle: reopenings(prev, seen, inc)}, true
}

// reopenings counts inc's reopenings with this round's: a resolution
// reverted and merged again, or a second reopening, is then a change of
// its own, while the same step found again is a repeat.
func reopenings(prev history.SeenIncident, seen bool, inc *candor.Incident) int {
	if seen && !prev.Open && inc.Open() {
		return prev.Reopened + 1
	}
	return prev.Reopened
}

// restarts counts the times m's window went back to an earlier state
// (scheduled after it started, in progress after it completed) with this
// round's, for the same reason.
func restarts(prev history.SeenMaintenance, seen bool, m *candor.Maintenance, now time.Time) int {
	if seen && maintenanceStep(m.StatusAt(now)) < maintenanceStep(prev.Status) {
		return prev.Restarts + 1
	}
	return prev.Restarts
}

func maintenanceStep(s candor.UpdateStatus) int {
	return slices.Index([]candor.UpdateStatus{candor.Scheduled, candor.InProgress, candor.Completed}, s)
}

// maintenanceChange is the change of m's window since the ledger saw it.
// A window first seen after it ended is the past: no change. One that
// completed and is in progress again (its end moved later) started again.
func maintenanceChange(l history.Ledger, m *candor.Maintenance, now time.Time) (candor.Change, bool) {
	prev, seen := l.Maintenance[m.ID]
	st := m.StatusAt(now)
	c := candor.Change{Subject: m.ID, Components: m.Components, Impact: candor.ImpactNone, Cycle: restarts(prev, seen, m, now)}
	switch {
	case (!seen || prev.Status != candor.Scheduled) && st == candor.Scheduled:
		c.Kind, c.At = candor.MaintenanceScheduled, now
	case (!seen || prev.Status != candor.InProgress) && st == candor.InProgress:
		// From scheduled, or from completed when its end moved later.
		c.Kind, c.At = candor.MaintenanceStarted, m.Starts
	case seen && prev.Status != candor.Completed && st == candor.Completed:
		c.Kind, c.At = candor.MaintenanceCompleted, m.Ends
	default:
		return candor.Change{}, false
	}
	return c, true
}

// notifier runs look inside a round's writes.
type notifier struct {
	cfg   *candor.Config
	round Round
	now   time.Time
	// first is the ledger's round as this round first read it; read says
	// it was.
	first time.Time
	read  bool
}

func (n *notifier) readFirst(hs *history.Store) {
	if !n.read {
		n.first, n.read = hs.Ledger().Round, true
	}
}

// look runs look on hs with content, and stores the ledger unless the
// round is a dry run. It compares only while the ledger is as this round
// first read it: a ledger another round wrote in between was compared by
// that round.
func (n *notifier) look(hs *history.Store, content *incident.Content) Notices {
	if len(n.round.Channels) == 0 {
		return Notices{}
	}
	l := hs.Ledger()
	next, notes := look(l, pageOf(n.cfg, hs, content, n.now), n.cfg, n.round.Channels, n.round.Token, n.now, l.Round.Equal(n.first))
	if !n.round.DryRunNotify {
		hs.SetLedger(next)
	}
	return notes
}

// after writes the ledger once the round's incident changes are written,
// comparing the content as committed, so that no change is told that did
// not land.
func (n *notifier) after(ctx context.Context, store Store, content *incident.Content) (Notices, error) {
	if len(n.round.Channels) == 0 {
		return Notices{}, nil
	}
	var notes Notices
	_, err := store.Data(ctx, "candor: notifications of the round at "+stamp(n.now), func(cur map[string][]byte) (map[string][]byte, error) {
		hs, _ := history.FromFiles(cur, HistoryOptions(n.cfg))
		notes = n.look(hs, content)
		return hs.Files()
	})
	if err != nil {
		return Notices{}, fmt.Errorf("write the notification ledger: %w", err)
	}
	return notes, nil
}

// Settle records what became of the deliveries a round claimed with
// token, in one write of the measurements; the outcomes of deliveries no
// longer claimed by token change nothing. Until it is written, the
// deliveries stay claimed: after history.Lease a later round sends them
// again.
func Settle(ctx context.Context, cfg *candor.Config, store Store, token string, outs []history.Outcome, now time.Time) error {
	if len(outs) == 0 {
		return nil
	}
	_, err := store.Data(ctx, "candor: notifications delivered at "+stamp(now), func(cur map[string][]byte) (map[string][]byte, error) {
		hs, _ := history.FromFiles(cur, HistoryOptions(cfg))
		l := hs.Ledger()
		l.Settle(token, outs, now.UTC().Truncate(time.Second))
		hs.SetLedger(l)
		return hs.Files()
	})
	if err != nil {
		return fmt.Errorf("record the notifications sent: %w", err)
	}
	return nil
}
