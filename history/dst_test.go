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

			m := s.Measured("api", now, 99.9)
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
	m := s.Month("api", 2026, time.March, 99.9)
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
	m := s.Month("api", 2026, time.February, 99.9)
	if m.HasData || m.Breached || m.Achieved != 0 || m.Figures.Minutes.Coverage() != 0 || m.Budget != 0 {
		t.Errorf("Month(no data) = %+v; want no data, no breach, coverage 0, no budget", m)
	}
	if m.Figures.Minutes.Unknown != 28*24*60 {
		t.Errorf("February unknown = %v min, want %v", m.Figures.Minutes.Unknown, 28*24*60)
	}
	never := s.Month("nothing", 2026, time.November, 99.9)
	if never.HasData || never.Figures.Minutes.Coverage() != 0 {
		t.Errorf("Month(never measured) = %+v, want no data", never)
	}
}

func TestSLAMonth(t *testing.T) {
	tests := []struct {
		name               string
		down               int // 5-minute checks down out of 288
		sla                float64
		breached           bool
		budget, used, left float64
	}{
		{"met", 0, 99.0, false, 14.4, 0, 14.4},
		{"breached", 3, 99.0, true, 14.4, 15, -0.6},
		{"no SLA", 3, 0, false, 0, 15, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, Options{})
			day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			rs := every("api", day, 5*time.Minute, 288, candor.Up)
			for i := range tt.down {
				rs[100+i].Outcome = candor.Down
			}
			s.Record(rs)
			m := s.MonthAt("api", 2026, time.November, tt.sla, day.Add(24*time.Hour))
			if m.Breached != tt.breached || !near(m.Budget, tt.budget) || !near(m.Used, tt.used) || !near(m.Left, tt.left) || !m.HasData {
				t.Errorf("MonthAt = breached %v, budget %v, used %v, left %v; want %v, %v, %v, %v",
					m.Breached, m.Budget, m.Used, m.Left, tt.breached, tt.budget, tt.used, tt.left)
			}
			if m.Figures.Minutes.Coverage() != 100 {
				t.Errorf("coverage = %v, want 100 (month measured only up to now)", m.Figures.Minutes.Coverage())
			}
		})
	}
}
