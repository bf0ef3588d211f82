package candor

import (
	"regexp"
	"testing"
	"time"
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

func TestMeasuredStatusNeverMaintenance(t *testing.T) {
	tests := []struct {
		name string
		st   State
		want Status
	}{
		{"up", State{Outcome: Up}, StatusOperational},
		{"down", State{Outcome: Down, Last: Result{Class: "status"}}, StatusMajor},
		{"failure counted as maintenance stays a failure", State{Outcome: UnderMaintenance, Last: Result{Outcome: UnderMaintenance, Class: "timeout"}}, StatusMajor},
		{"slow answer counted as maintenance is degraded", State{Outcome: UnderMaintenance, Last: Result{Outcome: UnderMaintenance, Class: ClassSlow}}, StatusDegraded},
		{"expiring certificate counted as maintenance is degraded", State{Outcome: UnderMaintenance, Last: Result{Class: ClassCertExpiring}}, StatusDegraded},
		{"blind", State{Outcome: Unknown, Last: Result{Class: "blind"}}, StatusUnknown},
	}
	for _, tt := range tests {
		if got := MeasuredStatus(tt.st); got != tt.want {
			t.Errorf("%s: MeasuredStatus = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestRefusedNeverHidesAMeasuredOutage: a refused round makes a component
// not measured now, never better than its last check measured.
func TestRefusedNeverHidesAMeasuredOutage(t *testing.T) {
	tests := []struct {
		name      string
		st        *State
		measuring bool
		want      Status
	}{
		{"never measured", nil, true, StatusUnknown},
		{"down, refused", &State{Outcome: Down, Refused: 1}, true, StatusMajor},
		{"degraded, refused", &State{Outcome: Degraded, Refused: 2}, true, StatusDegraded},
		{"up, refused", &State{Outcome: Up, Refused: 1}, true, StatusUnknown},
		{"counted as maintenance, refused", &State{Outcome: UnderMaintenance, Refused: 1}, true, StatusUnknown},
		{"blind, refused", &State{Outcome: Unknown, Refused: 1}, true, StatusUnknown},
		{"down, stale", &State{Outcome: Down}, false, StatusUnknown},
		{"down", &State{Outcome: Down}, true, StatusMajor},
	}
	for _, tt := range tests {
		if got := CountedStatus(tt.st, tt.measuring); got != tt.want {
			t.Errorf("%s: CountedStatus = %q, want %q", tt.name, got, tt.want)
		}
		if tt.st != nil && tt.measuring && tt.st.Outcome.Failing() {
			if got := Shown(CountedStatus(tt.st, tt.measuring), true, StatusOperational); got.rank() < FromOutcome(tt.st.Outcome).rank() {
				t.Errorf("%s: shown %q, better than measured %q", tt.name, got, tt.st.Outcome)
			}
		}
	}
}

func TestMaintenanceNeverRanksAboveAFailure(t *testing.T) {
	for _, failure := range []Status{StatusDegraded, StatusPartial, StatusMajor} {
		if got := Shown(failure, true, StatusMaintenance); got != failure {
			t.Errorf("Shown(measured %q, declared maintenance) = %q, want the failure", failure, got)
		}
		if got := Worse(StatusMaintenance, failure); got != failure {
			t.Errorf("Worse(maintenance, %q) = %q", failure, got)
		}
	}
}

func TestMarkStale(t *testing.T) {
	o := OverallOf([]Status{StatusUnknown, StatusOperational}).MarkStale()
	if o.Indicator != IndicatorMinor || o.Description != StaleDescription || !o.Stale {
		t.Errorf("stale, nothing declared: %+v, want minor %q", o, StaleDescription)
	}
	o = OverallOf([]Status{StatusUnknown, StatusPartial}).MarkStale()
	if o.Indicator != IndicatorMajor || o.Description != "Partial System Outage" {
		t.Errorf("stale with a declared outage: %+v, want the outage to set it", o)
	}
}

// TestMarkStaleOutranksMaintenance: when the checks stopped, an active
// window cannot keep the page blue; only a declared outage or degradation
// sets the indicator above "no recent checks".
func TestMarkStaleOutranksMaintenance(t *testing.T) {
	for _, tc := range []struct {
		name      string
		shown     []Status
		indicator Indicator
		describe  string
	}{
		{"maintenance and unknown", []Status{StatusMaintenance, StatusUnknown}, IndicatorMinor, StaleDescription},
		{"maintenance on a component without a probe", []Status{StatusMaintenance, StatusOperational}, IndicatorMinor, StaleDescription},
		{"declared degradation", []Status{StatusMaintenance, StatusDegraded, StatusUnknown}, IndicatorMinor, "Partially Degraded Service"},
		{"declared outage", []Status{StatusMaintenance, StatusMajor}, IndicatorMajor, "Partial System Outage"},
	} {
		o := OverallOf(tc.shown).MarkStale()
		if o.Indicator != tc.indicator || o.Description != tc.describe || !o.Stale {
			t.Errorf("%s: %+v, want %s %q", tc.name, o, tc.indicator, tc.describe)
		}
		if unmeasured := tc.describe == StaleDescription; o.Unmeasured != unmeasured {
			t.Errorf("%s: unmeasured %v, want %v", tc.name, o.Unmeasured, unmeasured)
		}
	}
}

func TestShownStale(t *testing.T) {
	for _, tc := range []struct {
		hasProbe       bool
		declared, want Status
	}{
		{true, StatusOperational, StatusUnknown},
		{true, StatusMaintenance, StatusUnknown},
		{true, StatusPartial, StatusPartial},
		{false, StatusMaintenance, StatusMaintenance},
		{false, StatusOperational, StatusOperational},
	} {
		if got := ShownStale(tc.hasProbe, tc.declared); got != tc.want {
			t.Errorf("ShownStale(probe %v, declared %s) = %s, want %s", tc.hasProbe, tc.declared, got, tc.want)
		}
	}
}

func TestFreshness(t *testing.T) {
	last := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		interval time.Duration
		age      time.Duration
		stale    bool
	}{
		{5 * time.Minute, 25 * time.Minute, false},
		{5 * time.Minute, 25*time.Minute + time.Second, true},
		{0, 25*time.Minute + time.Second, true}, // the default interval
		{time.Hour, 3 * time.Hour, false},
		{time.Hour, 72 * time.Hour, true},
	}
	for _, tt := range tests {
		f := FreshnessAt(last, last.Add(tt.age), tt.interval)
		if f.Stale != tt.stale || !f.StaleAt.Equal(last.Add(StaleAfter(tt.interval))) || f.Age != tt.age {
			t.Errorf("FreshnessAt(interval %v, age %v) = %+v, want stale %v", tt.interval, tt.age, f, tt.stale)
		}
	}
	if f := FreshnessAt(time.Time{}, last, 5*time.Minute); f.Stale || !f.StaleAt.IsZero() {
		t.Errorf("never checked: %+v, want not stale and no stale time", f)
	}
}
