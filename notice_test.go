package candor

import (
	"strconv"
	"testing"
	"time"
)

func TestFilterWants(t *testing.T) {
	opened := Change{Kind: IncidentOpened, Components: []string{"api"}, Impact: ImpactMajor, ByMonitor: true}
	person := Change{Kind: IncidentOpened, Components: []string{"billing"}, Impact: ImpactMinor}
	maint := Change{Kind: MaintenanceScheduled, Components: []string{"db"}, Impact: ImpactNone}
	status := Change{Kind: ComponentStatus, Components: []string{"api"}, Impact: ImpactNone, From: StatusOperational, To: StatusUnknown}
	tests := []struct {
		name string
		f    Filter
		c    Change
		want bool
	}{
		{"the zero filter keeps everything", Filter{}, maint, true},
		{"kinds", Filter{Kinds: []ChangeKind{IncidentResolved}}, opened, false},
		{"kinds match", Filter{Kinds: []ChangeKind{IncidentResolved, IncidentOpened}}, opened, true},
		{"components", Filter{Components: []string{"db"}}, opened, false},
		{"components match", Filter{Components: []string{"db"}}, maint, true},
		{"min impact keeps worse", Filter{MinImpact: ImpactMinor}, opened, true},
		{"min impact drops lower", Filter{MinImpact: ImpactMajor}, person, false},
		{"min impact drops no data", Filter{MinImpact: ImpactMinor}, status, false},
		{"min impact does not filter maintenance", Filter{MinImpact: ImpactCritical}, maint, true},
		{"monitor only keeps the monitor's", Filter{MonitorOnly: true}, opened, true},
		{"monitor only drops people's", Filter{MonitorOnly: true}, person, false},
		{"monitor only drops components", Filter{MonitorOnly: true}, status, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Wants(tt.c); got != tt.want {
				t.Errorf("%+v.Wants(%s) = %v, want %v", tt.f, tt.c.Kind, got, tt.want)
			}
		})
	}
}

func TestChangeIDIsStable(t *testing.T) {
	c := Change{Kind: ComponentStatus, Subject: "api", From: StatusOperational, To: StatusMajor}
	d := c
	d.Components, d.Impact = []string{"api"}, ImpactCritical // not part of what the change is
	if c.ID() != d.ID() || len(c.ID()) != 12 {
		t.Errorf("IDs %q and %q", c.ID(), d.ID())
	}
	d.To = StatusPartial
	if c.ID() == d.ID() {
		t.Error("two different changes share an id")
	}
}

func TestChangeID(t *testing.T) {
	at := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	raise := func(to Impact) Change {
		return Change{Kind: IncidentRaised, Subject: "i", At: at, Update: 1, Impact: to}
	}
	resolved := Change{Kind: IncidentResolved, Subject: "i", At: at, Update: 2, Impact: ImpactMinor}
	again := resolved
	again.Cycle = 1
	differ := []struct {
		name string
		a, b Change
	}{
		{"raises to different impacts", raise(ImpactMajor), raise(ImpactCritical)},
		{"a resolution and the same one after a reopening", resolved, again},
	}
	for _, tt := range differ {
		if tt.a.ID() == tt.b.ID() {
			t.Errorf("%s: the same id %s", tt.name, tt.a.ID())
		}
	}
	// What the ledger keeps of a change is enough: components and who
	// opened it do not name it.
	other := resolved
	other.Components, other.ByMonitor = []string{"api"}, true
	if resolved.ID() != other.ID() {
		t.Error("the id depends on what the ledger does not keep")
	}
	// A change of cycle 0 keeps the id candor gave it before cycles.
	if want := StableID("change:incident.resolved|i|" + strconv.FormatInt(at.Unix(), 10) + "|2||"); resolved.ID() != want {
		t.Errorf("ID() = %s, want %s", resolved.ID(), want)
	}
}
