package candor

import (
	"math"
	"testing"
	"time"
)

func TestNewSLAMonth(t *testing.T) {
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // 30 days: 43,200 minutes
	dec := nov.AddDate(0, 1, 0)
	after := dec.Add(96 * time.Hour)
	plain := SLA{Target: 99.9}
	tiers := SLA{Target: 99.9, Credits: []Credit{{Below: 99.9, Percent: 10}, {Below: 99.0, Percent: 25}}}
	// The 99.899961% month: 2593 seconds down in November.
	down99899961 := 2593.0 / 60
	tests := []struct {
		name     string
		now      time.Time
		mins     Minutes
		sla      SLA
		disputed float64

		verdict         Verdict
		uptime          string // Percent(Uptime, 3), "" without data
		lowest, highest string // Percent(…, 3)
		budget          string
		verdictText     string
		credit          string
	}{
		{name: "full month, 10 min down", now: after, mins: Minutes{Up: 43190, Down: 10}, sla: plain,
			verdict: VerdictMet, uptime: "99.976%", lowest: "99.976%", highest: "99.976%",
			budget: "10 of 43.2 min used", verdictText: "met"},
		{name: "half-measured month, 20 min down", now: after, mins: Minutes{Up: 21580, Down: 20, Unknown: 21600}, sla: plain,
			verdict: VerdictUndetermined, uptime: "99.907%", lowest: "49.953%", highest: "99.953%",
			budget: "20 of 43.2 min used", verdictText: "undetermined, 21600 min unmeasured"},
		{name: "10 min outage 40 min into the month", now: nov.Add(40 * time.Minute), mins: Minutes{Up: 30, Down: 10}, sla: plain,
			verdict: VerdictUndetermined, uptime: "75%", lowest: "0.069%", highest: "99.976%",
			budget: "10 of 43.2 min used so far", verdictText: "undetermined: month in progress, 10 of 43.2 min used so far"},
		{name: "month in progress, budget spent", now: nov.AddDate(0, 0, 9), mins: Minutes{Up: 12910, Down: 50}, sla: plain,
			verdict: VerdictBreached, uptime: "99.614%", lowest: "29.884%", highest: "99.884%",
			budget: "50 of 43.2 min used so far, 6.8 min over", verdictText: "breached"},
		{name: "month in progress, last minutes cannot break it", now: dec.Add(-20 * time.Minute), mins: Minutes{Up: 43180}, sla: plain,
			verdict: VerdictMet, uptime: "100%", lowest: "99.953%", highest: "100%",
			budget: "0 of 43.2 min used so far", verdictText: "met"},
		{name: "empty month", now: after, mins: Minutes{Unknown: 43200}, sla: plain,
			verdict: VerdictUndetermined, lowest: "0%", highest: "100%",
			budget: "0 of 43.2 min used", verdictText: "undetermined, 43200 min unmeasured"},
		{name: "99.899961% is breached and never prints 99.900%", now: after, mins: Minutes{Up: 43200 - down99899961, Down: down99899961}, sla: plain,
			verdict: VerdictBreached, uptime: "99.899%", lowest: "99.899%", highest: "99.899%",
			budget: "43.3 of 43.2 min used, 0.1 min over", verdictText: "breached"},
		{name: "degraded time counts as up", now: after, mins: Minutes{Up: 43185, Degraded: 15}, sla: plain,
			verdict: VerdictMet, uptime: "100%", lowest: "100%", highest: "100%", budget: "0 of 43.2 min used", verdictText: "met"},
		{name: "maintenance is left out", now: after, mins: Minutes{Up: 43080, Maintenance: 120}, sla: plain,
			verdict: VerdictMet, uptime: "100%", lowest: "100%", highest: "100%", budget: "0 of 43.2 min used", verdictText: "met"},
		{name: "credit tiers: measured owes 10%, the lower bound 25%", now: after, mins: Minutes{Up: 42700, Down: 100, Unknown: 400}, sla: tiers,
			verdict: VerdictBreached, uptime: "99.766%", lowest: "98.842%", highest: "99.768%",
			budget: "100 of 43.2 min used, 56.8 min over", verdictText: "breached",
			credit: "10% credit owed by the measured uptime; 25% if every unmeasured minute was down"},
		{name: "credit tiers: a long outage owes 25%", now: after, mins: Minutes{Up: 42700, Down: 500}, sla: tiers,
			verdict: VerdictBreached, uptime: "98.842%", lowest: "98.842%", highest: "98.842%",
			budget: "500 of 43.2 min used, 456.8 min over", verdictText: "breached", credit: "25% credit owed by the measured uptime"},
		{name: "credit tiers: a met month owes none", now: after, mins: Minutes{Up: 43190, Down: 10}, sla: tiers,
			verdict: VerdictMet, uptime: "99.976%", lowest: "99.976%", highest: "99.976%",
			budget: "10 of 43.2 min used", verdictText: "met", credit: "no credit owed by the measured uptime"},
		{name: "disputes are stated, never subtracted", now: after, mins: Minutes{Up: 43140, Down: 60}, sla: plain, disputed: 30,
			verdict: VerdictBreached, uptime: "99.861%", lowest: "99.861%", highest: "99.861%",
			budget: "60 of 43.2 min used, 16.8 min over", verdictText: "breached"},
		{name: "no SLA", now: after, mins: Minutes{Up: 43140, Down: 60},
			verdict: VerdictNone, uptime: "99.861%", lowest: "99.861%", highest: "99.861%", budget: "60 of 0 min used, 60 min over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Figures{Start: nov, End: minTime(dec, tt.now), Minutes: tt.mins}
			m := NewSLAMonth(nov, dec, tt.now, f, tt.sla, tt.disputed)
			if m.Verdict != tt.verdict {
				t.Errorf("verdict = %q, want %q", m.Verdict, tt.verdict)
			}
			uptime := ""
			if m.HasData {
				uptime = Percent(m.Uptime, 3)
			}
			if uptime != tt.uptime || Percent(m.Lowest, 3) != tt.lowest || Percent(m.Highest, 3) != tt.highest {
				t.Errorf("uptime %q between %s and %s, want %q between %s and %s",
					uptime, Percent(m.Lowest, 3), Percent(m.Highest, 3), tt.uptime, tt.lowest, tt.highest)
			}
			if got := m.BudgetText(); got != tt.budget {
				t.Errorf("BudgetText() = %q, want %q", got, tt.budget)
			}
			if got := m.VerdictText(); got != tt.verdictText {
				t.Errorf("VerdictText() = %q, want %q", got, tt.verdictText)
			}
			if got := m.CreditText(); got != tt.credit {
				t.Errorf("CreditText() = %q, want %q", got, tt.credit)
			}
			if m.Disputed != tt.disputed {
				t.Errorf("disputed = %v, want %v", m.Disputed, tt.disputed)
			}
			if m.Lowest > m.Highest || (m.HasData && (m.Uptime < m.Lowest-1e-9 || m.Uptime > m.Highest+1e-9) && m.ToCome == 0) {
				t.Errorf("bounds %v–%v do not hold the measured %v", m.Lowest, m.Highest, m.Uptime)
			}
		})
	}
}

func TestSLAMonthBudgetIsTheCalendarMonths(t *testing.T) {
	for _, tt := range []struct {
		month time.Month
		sla   float64
		want  float64
	}{{time.November, 99.9, 43.2}, {time.December, 99.9, 44.64}, {time.February, 99.9, 40.32}, {time.November, 99.99, 4.32}} {
		start := time.Date(2026, tt.month, 1, 0, 0, 0, 0, time.UTC)
		m := NewSLAMonth(start, start.AddDate(0, 1, 0), start.Add(time.Hour), Figures{Minutes: Minutes{Up: 60}}, SLA{Target: tt.sla}, 0)
		if math.Abs(m.Budget-tt.want) > 1e-9 {
			t.Errorf("%s at %v%%: budget %v min, want %v", tt.month, tt.sla, m.Budget, tt.want)
		}
	}
}

func TestCreditFor(t *testing.T) {
	s := SLA{Target: 99.9, Credits: []Credit{{Below: 99.9, Percent: 10}, {Below: 99.0, Percent: 25}, {Below: 95, Percent: 50}}}
	for pct, want := range map[float64]float64{100: 0, 99.9: 0, 99.899: 10, 99.0: 10, 98.99: 25, 95: 25, 94.9: 50, 0: 50} {
		if got := s.CreditFor(pct); got != want {
			t.Errorf("CreditFor(%v) = %v, want %v", pct, got, want)
		}
	}
	if got := (SLA{Target: 99.9}).CreditFor(50); got != 0 {
		t.Errorf("CreditFor without tiers = %v, want 0", got)
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		v      float64
		places int
		want   string
	}{
		{99.899961, 3, "99.899%"}, {99.899961, 2, "99.89%"}, {99.999, 2, "99.99%"}, {99.9999999, 3, "99.999%"},
		{99.9, 3, "99.9%"}, {100, 3, "100%"}, {0.29, 2, "0.29%"}, {0, 2, "0%"}, {50, 2, "50%"},
		{100 * 43190.0 / 43200, 3, "99.976%"}, {12.3456, 0, "12%"}, {math.NaN(), 2, "no data"},
	}
	for _, tt := range tests {
		if got := Percent(tt.v, tt.places); got != tt.want {
			t.Errorf("Percent(%v, %d) = %q, want %q", tt.v, tt.places, got, tt.want)
		}
	}
}

func TestMinutesRounding(t *testing.T) {
	if got := MinutesUp(43.2167); got != "43.3" {
		t.Errorf("MinutesUp(43.2167) = %q, want 43.3", got)
	}
	if got := MinutesDown(43.2); got != "43.2" {
		t.Errorf("MinutesDown(43.2) = %q, want 43.2", got)
	}
	if got := MinutesDown(44.64); got != "44.6" {
		t.Errorf("MinutesDown(44.64) = %q, want 44.6", got)
	}
	if got := MinutesUp(10); got != "10" {
		t.Errorf("MinutesUp(10) = %q, want 10", got)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
