package candor

import "testing"

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
