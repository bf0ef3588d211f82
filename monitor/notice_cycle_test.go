package monitor

import (
	"slices"
	"testing"

	"github.com/candor-status/candor"
)

// billing is an incident file on billing with the given impact and, when
// resolved is set, its resolution; its one update never changes.
func billing(impact, resolved string) string {
	s := "---\ntitle: Invoices delayed\ncomponents: [billing]\nimpact: " + impact + "\nstarted: 2026-11-26T13:00:00Z\n"
	if resolved != "" {
		s += "resolved: " + resolved + "\n"
	}
	return s + "updates:\n  - at: 2026-11-26T13:00:00Z\n    status: investigating\n    text: Some invoices arrive late.\n---\n"
}

// claimedOf is what a round claimed of kind, by change id.
func claimedOf(rep *Report, kind candor.ChangeKind) []string {
	var out []string
	for _, d := range rep.Notices.Claimed {
		if d.Change.Kind == kind {
			out = append(out, d.Change.ID())
		}
	}
	return out
}

func TestNoticeEachStepTakenAgainIsSent(t *testing.T) {
	const path = "content/incidents/2026-11-26-billing.md"
	type step struct {
		name string
		file string
		m    float64
		want candor.ChangeKind
	}
	cases := []struct {
		name  string
		steps []step
	}{
		{"two raises with no update between", []step{
			{"opened minor", billing("minor", ""), 5, candor.IncidentOpened},
			{"raised to major", billing("major", ""), 10, candor.IncidentRaised},
			{"raised to critical", billing("critical", ""), 15, candor.IncidentRaised},
		}},
		{"a resolution reverted and merged again", []step{
			{"opened", billing("minor", ""), 5, candor.IncidentOpened},
			{"resolved", billing("minor", "2026-11-26T14:08:00Z"), 10, candor.IncidentResolved},
			{"reverted: reopened", billing("minor", ""), 15, candor.IncidentReopened},
			{"merged again", billing("minor", "2026-11-26T14:08:00Z"), 20, candor.IncidentResolved},
			{"reverted again: reopened after a reopening", billing("minor", ""), 25, candor.IncidentReopened},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, "")
			r.notify(0, up)
			ids := map[string]string{}
			for _, s := range tc.steps {
				r.write(path, s.file)
				rep := r.notify(s.m, up)
				got := claimedOf(rep, s.want)
				if len(got) != 1 {
					t.Fatalf("%s: claimed %v of %s, want one", s.name, claimedKinds(rep.Notices.Claimed), s.want)
				}
				if first, dup := ids[got[0]]; dup {
					t.Errorf("%s has the id of %s", s.name, first)
				}
				ids[got[0]] = s.name
			}
		})
	}
}

func TestNoticeMaintenanceThatStartsAgain(t *testing.T) {
	const path = "content/maintenance/2026-11-26-db.md"
	window := func(starts, ends string) string {
		return "---\ntitle: Database upgrade\ncomponents: [billing]\nstarts: 2026-11-26T" + starts + ":00Z\nends: 2026-11-26T" + ends + ":00Z\n---\n"
	}
	r := newRig(t, "")
	r.notify(0, up)
	steps := []struct {
		name         string
		starts, ends string
		m            float64
		want         candor.ChangeKind
	}{
		{"announced", "14:30", "15:00", 20, candor.MaintenanceScheduled},
		{"started", "14:30", "15:00", 30, candor.MaintenanceStarted},
		{"postponed", "14:50", "15:00", 35, candor.MaintenanceScheduled},
		{"the postponement reverted: started again, with the same start", "14:30", "15:00", 40, candor.MaintenanceStarted},
		{"ended early", "14:30", "14:42", 45, candor.MaintenanceCompleted},
		{"extended again: in progress after it completed", "14:30", "15:00", 50, candor.MaintenanceStarted},
	}
	ids := map[string]string{}
	for _, s := range steps {
		r.write(path, window(s.starts, s.ends))
		rep := r.notify(s.m, up)
		got := claimedOf(rep, s.want)
		if len(got) != 1 {
			t.Fatalf("%s: claimed %v, want one %s", s.name, claimedKinds(rep.Notices.Claimed), s.want)
		}
		if first, dup := ids[got[0]]; dup {
			t.Errorf("%s has the id of %s", s.name, first)
		}
		ids[got[0]] = s.name
	}
	for _, m := range r.ledger().Maintenance {
		if m.Restarts != 2 {
			t.Errorf("the ledger counts %d restarts, want 2", m.Restarts)
		}
	}
}

func TestNoticeTheSameStepFoundAgainIsARepeat(t *testing.T) {
	// A file that vanishes for longer than the ledger remembers and comes
	// back as it was is found again as opened: the same change, the same
	// id, not queued twice.
	const path = "content/incidents/2026-11-26-billing.md"
	r := newRig(t, "")
	r.notify(0, up)
	r.write(path, billing("minor", ""))
	first := claimedOf(r.notify(5, up), candor.IncidentOpened)
	delete(r.store.content, path)
	for m := 10.0; m <= 24*60+20; m += 60 {
		r.notify(m, up)
	}
	r.write(path, billing("minor", ""))
	rep := r.notify(24*60+30, up)
	if got := changeKinds(rep.Notices.Changes); !slices.Contains(got, candor.IncidentOpened) {
		t.Fatalf("changes %v, want it found again as opened", got)
	}
	if again := claimedOf(rep, candor.IncidentOpened); len(first) != 1 || len(again) != 0 {
		t.Errorf("claimed %v then %v: the repeat is queued again", first, again)
	}
}
