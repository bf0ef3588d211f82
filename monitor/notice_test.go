package monitor

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
)

// every is a channel that wants every change.
var every = []Channel{{Key: "all"}}

// notify runs a round at minute m with api measuring o, notifying every
// channel, and settles every delivery it claimed as delivered.
func (r *rig) notify(m float64, o candor.Outcome) *Report {
	r.t.Helper()
	rep := r.run(Round{Now: at(m), Results: []candor.Result{result(o)}, Channels: every, Token: "tok"})
	var outs []history.Outcome
	for _, d := range rep.Notices.Claimed {
		outs = append(outs, history.Outcome{Key: d.Key(), Result: history.Delivered})
	}
	if err := Settle(r.t.Context(), r.cfg, r.store, "tok", outs, at(m)); err != nil {
		r.t.Fatal(err)
	}
	return rep
}

func changeKinds(cs []candor.Change) []candor.ChangeKind {
	var out []candor.ChangeKind
	for _, c := range cs {
		out = append(out, c.Kind)
	}
	return out
}

func claimedKinds(ds []history.Delivery) []candor.ChangeKind {
	var out []candor.ChangeKind
	for _, d := range ds {
		out = append(out, d.Change.Kind)
	}
	return out
}

func (r *rig) ledger() history.Ledger { return r.history().Ledger() }

func TestNoticeFirstRunSendsNothingForThePast(t *testing.T) {
	r := newRig(t, "")
	for i, name := range []string{"2026-01-01-a.md", "2026-02-01-b.md", "2026-03-01-c.md"} {
		r.write("content/incidents/"+name, personIncident(i%2 == 0))
	}
	rep := r.notify(0, down)
	if !rep.Notices.First || len(rep.Notices.Changes) != 0 || len(rep.Notices.Claimed) != 0 {
		t.Fatalf("first run: %+v, want the page recorded and nothing sent", rep.Notices)
	}
	if l := r.ledger(); !l.Round.Equal(at(0)) || len(l.Incidents) != 3 || len(l.Sends) != 0 {
		t.Errorf("ledger after the first run: round %v, %d incidents, %d sends", l.Round, len(l.Incidents), len(l.Sends))
	}
}

// personIncident is an incident file on billing, open or resolved.
func personIncident(open bool) string {
	s := "---\ntitle: Invoices delayed\ncomponents: [billing]\nimpact: minor\nstarted: 2026-11-26T13:00:00Z\n"
	if !open {
		s += "resolved: 2026-11-26T13:30:00Z\n"
	}
	return s + "updates:\n  - at: 2026-11-26T13:00:00Z\n    status: investigating\n    text: Some invoices arrive late.\n---\n"
}

func TestNoticeTheMonitorsIncidentFromOpenToResolved(t *testing.T) {
	r := newRig(t, "")
	r.notify(0, up)
	// The first failure shows on the page at once: measured down.
	rep := r.notify(5, down)
	if got := changeKinds(rep.Notices.Changes); !slices.Equal(got, []candor.ChangeKind{candor.ComponentStatus}) {
		t.Fatalf("changes on the first failure = %v, want the component's status", got)
	}
	if status := rep.Notices.Changes[0]; status.From != candor.StatusOperational || status.To != candor.StatusMajor || status.Impact != candor.ImpactCritical {
		t.Errorf("component change = %+v, want operational to major_outage", status)
	}
	rep = r.notify(10, down)
	want := []candor.ChangeKind{candor.IncidentOpened}
	if got := changeKinds(rep.Notices.Changes); !slices.Equal(got, want) {
		t.Fatalf("changes when the monitor opens = %v, want %v", got, want)
	}
	opened := rep.Notices.Changes[0]
	if !opened.ByMonitor || opened.Update != 1 || opened.Impact != candor.ImpactMajor || opened.Subject != rep.Events[0].IncidentID {
		t.Errorf("opened = %+v", opened)
	}
	if got := claimedKinds(rep.Notices.Claimed); !slices.Equal(got, want) {
		t.Errorf("claimed %v, want %v", got, want)
	}
	if _, there := r.store.content[r.ledger().Incidents[opened.Subject].Path]; !there {
		t.Error("the ledger records an incident whose file is not in the content")
	}
	// Still failing: the page shows the same; nothing to tell.
	if rep := r.notify(15, down); len(rep.Notices.Changes) != 0 {
		t.Errorf("an unchanged page gave changes %v", changeKinds(rep.Notices.Changes))
	}
	// Passing again: measured up, but the open incident still declares a
	// partial outage; then it resolves.
	rep = r.notify(20, up)
	if got := changeKinds(rep.Notices.Changes); !slices.Equal(got, []candor.ChangeKind{candor.ComponentStatus}) || rep.Notices.Changes[0].To != candor.StatusPartial {
		t.Errorf("changes on the first pass = %+v, want major_outage to partial_outage", rep.Notices.Changes)
	}
	rep = r.notify(25, up)
	if got := changeKinds(rep.Notices.Changes); !slices.Equal(got, []candor.ChangeKind{candor.IncidentResolved, candor.ComponentStatus}) {
		t.Errorf("changes on resolution = %v", got)
	}
	for _, d := range r.ledger().Sends {
		if d.State != history.Sent {
			t.Errorf("delivery %s of %s is %s, want sent", d.Change.Kind, d.Change.Subject, d.State)
		}
	}
}

func TestNoticePeoplesChangesAndMaintenance(t *testing.T) {
	r := newRig(t, "")
	r.notify(0, up)
	steps := []struct {
		name string
		edit func()
		m    float64
		want []candor.ChangeKind
	}{
		{"a new incident file", func() { r.write("content/incidents/2026-11-26-billing.md", personIncident(true)) }, 5,
			[]candor.ChangeKind{candor.IncidentOpened, candor.ComponentStatus}},
		{"a new update", func() {
			r.write("content/incidents/2026-11-26-billing.md", personIncident(true)[:len(personIncident(true))-4]+"  - at: 2026-11-26T14:08:00Z\n    status: identified\n    text: A queue is stuck.\n---\n")
		}, 10, []candor.ChangeKind{candor.IncidentUpdated}},
		{"a resolution", func() { r.write("content/incidents/2026-11-26-billing.md", personIncident(false)) }, 15,
			[]candor.ChangeKind{candor.IncidentResolved, candor.ComponentStatus}},
		{"maintenance announced", func() {
			r.write("content/maintenance/2026-11-26-db.md", "---\ntitle: Database upgrade\ncomponents: [billing]\nstarts: 2026-11-26T14:30:00Z\nends: 2026-11-26T14:40:00Z\n---\n")
		}, 20, []candor.ChangeKind{candor.MaintenanceScheduled}},
		{"maintenance starts", func() {}, 30, []candor.ChangeKind{candor.MaintenanceStarted, candor.ComponentStatus}},
		{"maintenance ends", func() {}, 40, []candor.ChangeKind{candor.MaintenanceCompleted, candor.ComponentStatus}},
	}
	for _, s := range steps {
		s.edit()
		rep := r.notify(s.m, up)
		if got := changeKinds(rep.Notices.Changes); !slices.Equal(got, s.want) {
			t.Errorf("%s: changes %v, want %v", s.name, got, s.want)
		}
	}
}

func TestNoticeFailedDeliveryIsClaimedAgainNextRound(t *testing.T) {
	r := newRig(t, "")
	r.notify(0, up)
	r.write("content/incidents/2026-11-26-billing.md", personIncident(true))
	rep := r.run(Round{Now: at(5), Results: []candor.Result{result(up)}, Channels: every, Token: "a"})
	var outs []history.Outcome
	for _, d := range rep.Notices.Claimed {
		outs = append(outs, history.Outcome{Key: d.Key(), Result: history.Failed, Note: "status 502"})
	}
	if err := Settle(t.Context(), r.cfg, r.store, "a", outs, at(5)); err != nil {
		t.Fatal(err)
	}
	next := r.run(Round{Now: at(10), Results: []candor.Result{result(up)}, Channels: every, Token: "b"})
	if len(next.Notices.Changes) != 0 || len(next.Notices.Claimed) != len(outs) {
		t.Fatalf("next round: %d changes, %d claimed; want none new and the %d failed ones again", len(next.Notices.Changes), len(next.Notices.Claimed), len(outs))
	}
	for _, d := range next.Notices.Claimed {
		if d.Attempts != 1 || d.Note != "status 502" {
			t.Errorf("claimed again: %+v", d)
		}
	}
}

func TestNoticeRerunAndRacingRoundsFindNothingTwice(t *testing.T) {
	t.Run("a rerun of the same round", func(t *testing.T) {
		r := newRig(t, "")
		r.notify(0, up)
		r.write("content/incidents/2026-11-26-billing.md", personIncident(true))
		r.notify(5, up)
		before := maps.Clone(r.store.data)
		rep := r.notify(5, up)
		if len(rep.Notices.Changes) != 0 || len(rep.Notices.Claimed) != 0 {
			t.Errorf("the rerun found %v and claimed %d", changeKinds(rep.Notices.Changes), len(rep.Notices.Claimed))
		}
		if !maps.EqualFunc(before, r.store.data, func(a, b []byte) bool { return string(a) == string(b) }) {
			t.Error("the rerun rewrote the measurements")
		}
	})
	t.Run("another round writes the ledger between this one's read and write", func(t *testing.T) {
		r := newRig(t, "")
		r.notify(0, up)
		r.write("content/incidents/2026-11-26-billing.md", personIncident(true))
		var theirs *Report
		race := &racingStore{memStore: r.store, race: func() {
			var err error
			if theirs, err = Run(t.Context(), r.cfg, r.store, Round{Now: at(5), Results: []candor.Result{result(up)}, Channels: every, Token: "theirs"}); err != nil {
				t.Fatal(err)
			}
		}}
		mine, err := Run(t.Context(), r.cfg, race, Round{Now: at(5).Add(30 * time.Second), Results: []candor.Result{result(up)}, Channels: every, Token: "mine"})
		if err != nil {
			t.Fatal(err)
		}
		if len(theirs.Notices.Claimed) == 0 {
			t.Fatal("the other round claimed nothing")
		}
		if len(mine.Notices.Changes) != 0 || len(mine.Notices.Claimed) != 0 {
			t.Errorf("the racing round found %v and claimed %v", changeKinds(mine.Notices.Changes), claimedKinds(mine.Notices.Claimed))
		}
		n := 0
		for _, d := range r.ledger().Sends {
			if d.Change.Kind == candor.IncidentOpened {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the incident is queued %d times, want once", n)
		}
	})
}

func TestNoticeStaleRoundTellsNothingBackwards(t *testing.T) {
	// This round read the content while the incident was open; a person
	// resolved it and another round told so, both before this round's
	// write. Compared with that round's ledger, this round's stale page
	// would say the incident reopened.
	r := newRig(t, "")
	r.write("content/incidents/2026-11-26-billing.md", personIncident(true))
	r.notify(0, up)
	race := &racingStore{memStore: r.store, race: func() {
		r.write("content/incidents/2026-11-26-billing.md", personIncident(false))
		if _, err := Run(t.Context(), r.cfg, r.store, Round{Now: at(5), Results: []candor.Result{result(up)}, Channels: every, Token: "theirs"}); err != nil {
			t.Fatal(err)
		}
	}}
	mine, err := Run(t.Context(), r.cfg, race, Round{Now: at(5).Add(30 * time.Second), Results: []candor.Result{result(up)}, Channels: every, Token: "mine"})
	if err != nil {
		t.Fatal(err)
	}
	if len(mine.Notices.Changes) != 0 {
		t.Errorf("the stale round found %v", changeKinds(mine.Notices.Changes))
	}
	var kinds []candor.ChangeKind
	for _, d := range r.ledger().Sends {
		kinds = append(kinds, d.Change.Kind)
	}
	if !slices.Equal(kinds, []candor.ChangeKind{candor.IncidentResolved, candor.ComponentStatus}) {
		t.Errorf("queued %v, want the resolution and the component's status once", kinds)
	}
	// The next round, reading the content fresh, finds nothing new.
	if rep := r.notify(10, up); len(rep.Notices.Changes) != 0 {
		t.Errorf("the next round found %v", changeKinds(rep.Notices.Changes))
	}
}

// racingStore computes its first data write on the files as they are,
// then lets race write in between, and writes on the newer files, as a
// compare-and-swap store retries.
type racingStore struct {
	*memStore
	race  func()
	raced bool
}

func (s *racingStore) Data(ctx context.Context, message string, apply Apply) (bool, error) {
	if !s.raced {
		s.raced = true
		if _, err := apply(maps.Clone(s.data)); err != nil {
			return false, err
		}
		s.race()
	}
	return s.memStore.Data(ctx, message, apply)
}

func ledgerPath() string { return "notify.tsv" }

func TestNoticeDryRunWritesNoLedger(t *testing.T) {
	r := newRig(t, "")
	r.notify(0, up)
	before := string(r.store.data[ledgerPath()])
	r.write("content/incidents/2026-11-26-billing.md", personIncident(true))
	rep := r.run(Round{Now: at(5), Results: []candor.Result{result(up)}, Channels: every, Token: "t", DryRunNotify: true})
	if len(rep.Notices.Changes) == 0 || len(rep.Notices.Claimed) == 0 {
		t.Fatalf("dry run found %+v", rep.Notices)
	}
	if string(r.store.data[ledgerPath()]) != before {
		t.Error("a dry run wrote the ledger")
	}
	if rep := r.notify(10, up); len(rep.Notices.Claimed) == 0 {
		t.Error("after a dry run, the real round sends nothing: the dry run used up the change")
	}
}

func TestNoticeWithoutChannelsKeepsNoLedger(t *testing.T) {
	r := newRig(t, "")
	r.rounds(0, up, down, down)
	if _, there := r.store.data[ledgerPath()]; there {
		t.Error("a config without channels keeps a ledger")
	}
}

func TestNoticeLookOnAZeroLedger(t *testing.T) {
	r := newRig(t, "")
	l, n := look(history.Ledger{}, page{shown: map[string]candor.Status{"api": candor.StatusOperational}}, r.cfg, every, "tok", at(0), true)
	if !n.First || !l.Round.Equal(at(0)) || l.Components["api"] != candor.StatusOperational {
		t.Errorf("look on a zero ledger: %+v, %+v", n, l)
	}
}
