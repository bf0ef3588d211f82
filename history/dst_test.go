package history

import (
	"testing"
	"time"

	"github.com/candor-status/candor"
)

// TestDaysInDSTZone checks that days begin at local midnight across both
// daylight saving changes of America/New_York in 2026, raw and folded.
func TestDaysInDSTZone(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	tests := []struct {
		name    string
		day     time.Time // local midnight
		minutes float64
		checks  int
	}{
		{"spring forward: 23 hours", time.Date(2026, 3, 8, 0, 0, 0, 0, ny), 23 * 60, 23 * 12},
		{"fall back: 25 hours", time.Date(2026, 11, 1, 0, 0, 0, 0, ny), 25 * 60, 25 * 12},
		{"ordinary day", time.Date(2026, 11, 3, 0, 0, 0, 0, ny), 24 * 60, 24 * 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, Options{Location: ny, RawWindow: 24 * time.Hour})
			start := tt.day.AddDate(0, 0, -1)
			s.Record(every("api", start, 5*time.Minute, 4*24*12, candor.Up))
			now := tt.day.AddDate(0, 0, 2).Add(12 * time.Hour)

			m := s.Measured("api", now, sla999, nil)
			got := m.Days[len(m.Days)-3]
			if !got.Start.Equal(tt.day) || got.Minutes.Total() != tt.minutes || got.Minutes.Up != tt.minutes || got.Checks.Up != tt.checks {
				t.Errorf("raw day = %v, %v min (%v up), %d checks; want %v, %v min, %d checks",
					got.Start, got.Minutes.Total(), got.Minutes.Up, got.Checks.Up, tt.day, tt.minutes, tt.checks)
			}

			s.Fold(now)
			f := s.Figures("api", tt.day, tt.day.AddDate(0, 0, 1))
			if f.Minutes.Up != tt.minutes || f.Minutes.Unknown != 0 || f.Checks.Up != tt.checks {
				t.Errorf("folded day = %+v, %+v; want %v min up, %d checks", f.Minutes, f.Checks, tt.minutes, tt.checks)
			}
			if n := len(s.series["api"].days); n < 2 {
				t.Errorf("folded %d days, want at least 2", n)
			}
		})
	}
}

func TestMonthInDSTZone(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	s := newStore(t, Options{Location: ny})
	march := time.Date(2026, 3, 1, 0, 0, 0, 0, ny)
	s.Record(every("api", march, 5*time.Minute, 31*24*12, candor.Up))
	m := s.Month("api", 2026, time.March, sla999)
	want := float64(31*24*60 - 60) // one hour skipped on March 8
	if m.Figures.Minutes.Total() != want || m.Figures.Minutes.Up < want-10 {
		t.Errorf("March minutes = %+v, want %v in all, nearly all up", m.Figures.Minutes, want)
	}
	if !m.Figures.Start.Equal(march) {
		t.Errorf("March starts %v, want %v", m.Figures.Start, march)
	}
}

func TestMonthWithNoData(t *testing.T) {
	s := newStore(t, Options{})
	s.Record(every("api", t0, 5*time.Minute, 10, candor.Up))
	m := s.Month("api", 2026, time.February, sla999)
	if m.HasData || m.Verdict != candor.VerdictUndetermined || m.Figures.Minutes.Coverage() != 0 || m.Lowest != 0 || m.Highest != 100 {
		t.Errorf("Month(no data) = %+v; want no data, undetermined between 0%% and 100%%, coverage 0", m)
	}
	if m.Figures.Minutes.Unknown != 28*24*60 || m.Unmeasured != 28*24*60 || !near(m.Budget, 40.32) {
		t.Errorf("February unmeasured = %v min, budget %v; want %v and 40.32 (the calendar month's)", m.Unmeasured, m.Budget, 28*24*60)
	}
	never := s.Month("nothing", 2026, time.November, sla999)
	if never.HasData || never.Figures.Minutes.Coverage() != 0 {
		t.Errorf("Month(never measured) = %+v, want no data", never)
	}
}

// TestMonthAt holds the store's months to the SLA rules: the budget is the
// calendar month's, unmeasured time widens the bounds, and a month still
// running is judged with the rest of it to come.
func TestMonthAt(t *testing.T) {
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		days     int // days measured from the 1st, every 5 minutes
		down     int // checks down among them, from check 100
		now      time.Time
		verdict  candor.Verdict
		used     float64
		text     string
		lo, hi   string
		inProg   bool
		coverage float64
	}{
		{"10 min down on the 1st, judged that day", 1, 2, nov.Add(24 * time.Hour), candor.VerdictUndetermined, 10,
			"undetermined: month in progress, 10 of 43.2 min used so far", "3.31%", "99.97%", true, 100},
		{"whole month, 10 min down", 30, 2, nov.AddDate(0, 1, 1), candor.VerdictMet, 10, "met", "99.97%", "99.97%", false, 100},
		// The last check stands for 5 minutes into the 16th.
		{"first half measured, 20 min down", 15, 4, nov.AddDate(0, 1, 1), candor.VerdictUndetermined, 20,
			"undetermined, 21595 min unmeasured", "49.96%", "99.95%", false, 50.01},
		{"whole month, 45 min down", 30, 9, nov.AddDate(0, 1, 1), candor.VerdictBreached, 45, "breached", "99.89%", "99.89%", false, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, Options{})
			rs := every("api", nov, 5*time.Minute, tt.days*288, candor.Up)
			for i := range tt.down {
				rs[100+i].Outcome = candor.Down
			}
			s.Record(rs)
			m := s.MonthAt("api", 2026, time.November, sla999, tt.now, nil)
			if m.Verdict != tt.verdict || !near(m.Used, tt.used) || m.VerdictText() != tt.text || m.InProgress != tt.inProg {
				t.Errorf("MonthAt = %s (%q), used %v, in progress %v; want %s (%q), %v, %v", m.Verdict, m.VerdictText(), m.Used, m.InProgress, tt.verdict, tt.text, tt.used, tt.inProg)
			}
			if !near(m.Budget, 43.2) {
				t.Errorf("budget = %v min, want 43.2: the calendar month's, not the measured time's", m.Budget)
			}
			if lo, hi := candor.Percent(m.Lowest, 2), candor.Percent(m.Highest, 2); lo != tt.lo || hi != tt.hi {
				t.Errorf("bounds = %s to %s, want %s to %s", lo, hi, tt.lo, tt.hi)
			}
			if got := candor.Truncate(m.Figures.Minutes.Coverage(), 2); got != tt.coverage {
				t.Errorf("coverage = %v, want %v", got, tt.coverage)
			}
		})
	}
}
