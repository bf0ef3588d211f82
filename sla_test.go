package candor

import (
	"math"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Berlin's daylight-saving months on any machine
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
		owed, most      float64 // Credit, LowestCredit
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
		{name: "maintenance is left out, of the budget too", now: after, mins: Minutes{Up: 43080, Maintenance: 120}, sla: plain,
			verdict: VerdictMet, uptime: "100%", lowest: "100%", highest: "100%", budget: "0 of 43 min used", verdictText: "met"},
		{name: "120 min maintenance, 43.1 min down: over the 43.08 min budget of the countable minutes", now: after,
			mins: Minutes{Up: 43200 - 120 - 43.1, Down: 43.1, Maintenance: 120}, sla: tiers,
			verdict: VerdictBreached, uptime: "99.899%", lowest: "99.899%", highest: "99.899%",
			budget: "43.1 of 43 min used, 0.1 min over", verdictText: "breached", credit: "10% credit owed", owed: 10, most: 10},
		{name: "a whole month of announced maintenance is met, nothing countable", now: after, mins: Minutes{Maintenance: 43200}, sla: tiers,
			verdict: VerdictMet, lowest: "100%", highest: "100%",
			budget: "0 of 0 min used", verdictText: "met: the whole month was announced maintenance", credit: "no credit owed"},
		{name: "10 min down in the first 2 h: no credit owed yet", now: nov.Add(2 * time.Hour), mins: Minutes{Up: 110, Down: 10}, sla: tiers,
			verdict: VerdictUndetermined, uptime: "91.666%", lowest: "0.254%", highest: "99.976%",
			budget: "10 of 43.2 min used so far", verdictText: "undetermined: month in progress, 10 of 43.2 min used so far",
			credit: "credit undetermined so far: none if every minute not yet measured is up, 25% if every one is down", most: 25},
		{name: "finished, 2 h measured: the credit is a range", now: after, mins: Minutes{Up: 110, Down: 10, Unknown: 43080}, sla: tiers,
			verdict: VerdictUndetermined, uptime: "91.666%", lowest: "0.254%", highest: "99.976%",
			budget: "10 of 43.2 min used", verdictText: "undetermined, 43080 min unmeasured",
			credit: "credit undetermined: none if every unmeasured minute was up, 25% if every one was down", most: 25},
		{name: "month in progress, breached early: the credit owed so far", now: nov.AddDate(0, 0, 9), mins: Minutes{Up: 12910, Down: 50}, sla: tiers,
			verdict: VerdictBreached, uptime: "99.614%", lowest: "29.884%", highest: "99.884%",
			budget: "50 of 43.2 min used so far, 6.8 min over", verdictText: "breached",
			credit: "10% credit owed so far; 25% if every minute not yet measured is down", owed: 10, most: 25},
		{name: "credit tiers far below the target: undetermined owes none whatever", now: after, mins: Minutes{Up: 43000, Down: 10, Unknown: 190},
			sla:     SLA{Target: 99.9, Credits: []Credit{{Below: 95, Percent: 50}}},
			verdict: VerdictUndetermined, uptime: "99.976%", lowest: "99.537%", highest: "99.976%",
			budget: "10 of 43.2 min used", verdictText: "undetermined, 190 min unmeasured",
			credit: "no credit owed, even if every unmeasured minute was down"},
		{name: "unsorted tiers", now: after, mins: Minutes{Up: 42700, Down: 500},
			sla:     SLA{Target: 99.9, Credits: []Credit{{Below: 99.0, Percent: 25}, {Below: 99.9, Percent: 10}}},
			verdict: VerdictBreached, uptime: "98.842%", lowest: "98.842%", highest: "98.842%",
			budget: "500 of 43.2 min used, 456.8 min over", verdictText: "breached", credit: "25% credit owed", owed: 25, most: 25},
		{name: "SLA of 100%, every minute up", now: after, mins: Minutes{Up: 43200}, sla: SLA{Target: 100},
			verdict: VerdictMet, uptime: "100%", lowest: "100%", highest: "100%", budget: "0 of 0 min used", verdictText: "met"},
		{name: "SLA of 100%, one minute down", now: after, mins: Minutes{Up: 43199, Down: 1}, sla: SLA{Target: 100},
			verdict: VerdictBreached, uptime: "99.997%", lowest: "99.997%", highest: "99.997%", budget: "1 of 0 min used, 1 min over", verdictText: "breached"},
		{name: "SLA of 100%, one minute unmeasured", now: after, mins: Minutes{Up: 43199, Unknown: 1}, sla: SLA{Target: 100},
			verdict: VerdictUndetermined, uptime: "100%", lowest: "99.997%", highest: "100%", budget: "0 of 0 min used", verdictText: "undetermined, 1 min unmeasured"},
		{name: "credit tiers: the highest bound owes 10%, the lowest 25%", now: after, mins: Minutes{Up: 42700, Down: 100, Unknown: 400}, sla: tiers,
			verdict: VerdictBreached, uptime: "99.766%", lowest: "98.842%", highest: "99.768%",
			budget: "100 of 43.2 min used, 56.8 min over", verdictText: "breached",
			credit: "10% credit owed; 25% if every unmeasured minute was down", owed: 10, most: 25},
		{name: "credit tiers: breached on a barely measured month owes what the highest bound owes", now: after,
			mins: Minutes{Up: 1000, Down: 50, Unknown: 42150}, sla: SLA{Target: 99.9, Credits: []Credit{{Below: 99.9, Percent: 10}, {Below: 99.0, Percent: 25}, {Below: 96, Percent: 50}}},
			verdict: VerdictBreached, uptime: "95.238%", lowest: "2.314%", highest: "99.884%",
			budget: "50 of 43.2 min used, 6.8 min over", verdictText: "breached",
			credit: "10% credit owed; 50% if every unmeasured minute was down", owed: 10, most: 50},
		{name: "credit tiers: a long outage owes 25%", now: after, mins: Minutes{Up: 42700, Down: 500}, sla: tiers,
			verdict: VerdictBreached, uptime: "98.842%", lowest: "98.842%", highest: "98.842%",
			budget: "500 of 43.2 min used, 456.8 min over", verdictText: "breached", credit: "25% credit owed", owed: 25, most: 25},
		{name: "credit tiers: a met month owes none", now: after, mins: Minutes{Up: 43190, Down: 10}, sla: tiers,
			verdict: VerdictMet, uptime: "99.976%", lowest: "99.976%", highest: "99.976%",
			budget: "10 of 43.2 min used", verdictText: "met", credit: "no credit owed"},
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
			if m.Credit != tt.owed || m.LowestCredit != tt.most {
				t.Errorf("credit owed %v, at most %v; want %v, %v", m.Credit, m.LowestCredit, tt.owed, tt.most)
			}
			checkSLAMonthConsistent(t, m)
			if m.Lowest > m.Highest || (m.HasData && (m.Uptime < m.Lowest-1e-9 || m.Uptime > m.Highest+1e-9) && m.ToCome == 0) {
				t.Errorf("bounds %v–%v do not hold the measured %v", m.Lowest, m.Highest, m.Uptime)
			}
		})
	}
}

// checkSLAMonthConsistent: budget, bounds, verdict and credit follow one
// model. Breached is the highest bound short of the target and the
// downtime over the budget; met is the lowest bound reaching it; a credit
// is owed only when breached; the budget is the countable minutes'.
func checkSLAMonthConsistent(t *testing.T, m SLAMonth) {
	t.Helper()
	if m.SLA.Target <= 0 {
		return
	}
	if want := m.Countable * (100 - m.SLA.Target) / 100; math.Abs(m.Budget-want) > 1e-6 {
		t.Errorf("budget %v, want %v of the %v countable minutes", m.Budget, want, m.Countable)
	}
	if want := m.MonthMinutes - m.Figures.Minutes.Maintenance; math.Abs(m.Countable-want) > 1e-9 {
		t.Errorf("countable %v, want the month less its maintenance, %v", m.Countable, want)
	}
	breached := m.Verdict == VerdictBreached
	if short := below(m.Highest, m.SLA.Target); short != breached {
		t.Errorf("verdict %s, but the highest bound %v short of %v: %v", m.Verdict, m.Highest, m.SLA.Target, short)
	}
	if over := m.Used > m.Budget+1e-6; over != breached {
		t.Errorf("verdict %s, but %v of %v min used", m.Verdict, m.Used, m.Budget)
	}
	if reaches := !below(m.Lowest, m.SLA.Target); reaches != (m.Verdict == VerdictMet) {
		t.Errorf("verdict %s, but the lowest bound %v reaches %v: %v", m.Verdict, m.Lowest, m.SLA.Target, reaches)
	}
	if m.Credit > 0 && !breached {
		t.Errorf("%v%% credit owed on a month that is %s", m.Credit, m.Verdict)
	}
	if m.LowestCredit < m.Credit {
		t.Errorf("at most %v%% credit, below the %v%% owed", m.LowestCredit, m.Credit)
	}
	if strings.Contains(m.CreditText(), "owed") && !breached && m.Verdict != VerdictMet && !strings.Contains(m.CreditText(), "no credit owed") {
		t.Errorf("CreditText %q says owed on a month %s", m.CreditText(), m.Verdict)
	}
}

func TestSLAMonthBudgetIsTheCalendarMonths(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		year  int
		month time.Month
		loc   *time.Location
		sla   float64
		want  float64
	}{
		{2026, time.November, time.UTC, 99.9, 43.2},
		{2026, time.December, time.UTC, 99.9, 44.64},
		{2026, time.February, time.UTC, 99.9, 40.32},
		{2028, time.February, time.UTC, 99.9, 41.76}, // a leap year: 29 days
		{2026, time.October, berlin, 99.9, 44.7},     // 31 days and the hour summer time gives back
		{2026, time.March, berlin, 99.9, 44.58},      // 31 days less the hour it takes
		{2026, time.November, time.UTC, 99.99, 4.32},
	} {
		start := time.Date(tt.year, tt.month, 1, 0, 0, 0, 0, tt.loc)
		m := NewSLAMonth(start, start.AddDate(0, 1, 0), start.Add(time.Hour), Figures{Minutes: Minutes{Up: 60}}, SLA{Target: tt.sla}, 0)
		if math.Abs(m.Budget-tt.want) > 1e-9 {
			t.Errorf("%d-%02d %s at %v%%: budget %v min, want %v", tt.year, tt.month, tt.loc, tt.sla, m.Budget, tt.want)
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
		{100.5, 2, "100%"}, {math.Inf(1), 2, "100%"}, {-3, 2, "0%"}, {math.Copysign(0, -1), 2, "0%"}, {math.Inf(-1), 2, "0%"}, {99.9999999999, 2, "99.99%"},
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
