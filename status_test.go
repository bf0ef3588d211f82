package candor

import (
	"regexp"
	"testing"
)

func TestShown(t *testing.T) {
	tests := []struct {
		name     string
		measured Status
		hasProbe bool
		declared Status
		want     Status
	}{
		{"measured down beats declared minor", StatusMajor, true, StatusDegraded, StatusMajor},
		{"declared outage beats measured up", StatusOperational, true, StatusPartial, StatusPartial},
		{"never measured is unknown, not operational", "", true, StatusOperational, StatusUnknown},
		{"unknown does not hide a declared outage", StatusUnknown, true, StatusMajor, StatusMajor},
		{"unmeasured in maintenance shows maintenance", StatusUnknown, true, StatusMaintenance, StatusMaintenance},
		{"no probe shows what is declared", "", false, StatusDegraded, StatusDegraded},
		{"no probe and nothing declared is operational", "", false, "", StatusOperational},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Shown(tt.measured, tt.hasProbe, tt.declared); got != tt.want {
				t.Errorf("Shown(%q, %v, %q) = %q, want %q", tt.measured, tt.hasProbe, tt.declared, got, tt.want)
			}
		})
	}
}

func TestOverallOf(t *testing.T) {
	tests := []struct {
		in         []Status
		want       Indicator
		unmeasured bool
	}{
		{[]Status{StatusOperational, StatusOperational}, IndicatorNone, false},
		{[]Status{StatusMajor, StatusMajor}, IndicatorCritical, false},
		{[]Status{StatusMajor, StatusOperational}, IndicatorMajor, false},
		{[]Status{StatusPartial, StatusOperational}, IndicatorMajor, false},
		{[]Status{StatusDegraded, StatusUnknown}, IndicatorMinor, false},
		{[]Status{StatusMaintenance, StatusOperational}, IndicatorMaintenance, false},
		{[]Status{StatusUnknown, StatusOperational}, IndicatorMinor, true},
		{[]Status{StatusUnknown}, IndicatorMinor, true},
	}
	for _, tt := range tests {
		got := OverallOf(tt.in)
		if got.Indicator != tt.want || got.Unmeasured != tt.unmeasured {
			t.Errorf("OverallOf(%v) = %+v, want %s (unmeasured %v)", tt.in, got, tt.want, tt.unmeasured)
		}
		if got.Unknown > 0 && got.Description == "All Systems Operational" {
			t.Errorf("OverallOf(%v) claims all operational with %d unknown", tt.in, got.Unknown)
		}
	}
}

func TestStableID(t *testing.T) {
	form := regexp.MustCompile(`^[0-9a-z]{12}$`)
	a, b := StableID("incident:2026-11-26-api"), StableID("incident:2026-11-26-api")
	if a != b || !form.MatchString(a) {
		t.Errorf("StableID = %q then %q, want the same 12 base-36 characters", a, b)
	}
	if StableID("incident:2026-11-26-db") == a {
		t.Errorf("two keys share id %q", a)
	}
}

func TestMinutes(t *testing.T) {
	m := Minutes{}.Add(Up, 90).Add(Degraded, 5).Add(Down, 5).Add(Unknown, 100).Add(UnderMaintenance, 0)
	if pct, ok := m.Uptime(); !ok || pct != 95 {
		t.Errorf("Uptime = %v, %v; want 95, true", pct, ok)
	}
	if got := m.Coverage(); got != 50 {
		t.Errorf("Coverage = %v, want 50", got)
	}
	if _, ok := (Minutes{Unknown: 1440}).Uptime(); ok {
		t.Error("a day with no data claims an uptime")
	}
}
