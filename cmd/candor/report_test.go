package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestReportRefusesAMonthNotBegun: a month after --now has nothing to
// report; the command says so and fails instead of printing a range that
// runs backwards. A month that has begun still reports.
func TestReportRefusesAMonthNotBegun(t *testing.T) {
	s := newScenario(t, "")
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	report := func(month string, code int) (string, string) {
		return s.runArgsBoth([]string{"report", "--config", filepath.Join(s.dir, "candor.yml"), "--data", filepath.Join(s.dir, "data"),
			"--month", month, "--now", now.Format(time.RFC3339)}, now, code)
	}
	out, errs := report("2027-02", 2)
	if out != "" || !strings.Contains(errs, "--month 2027-02: the month has not begun") {
		t.Errorf("stdout %q, stderr %q; want nothing printed and the month refused", out, errs)
	}
	out, _ = report("2026-12", 0)
	if !strings.Contains(out, "2026-12-01 00:00 UTC to 2026-12-05 00:00 UTC (month in progress)") {
		t.Errorf("the current month does not report up to now:\n%s", out)
	}
	out, _ = report("2026-11", 0)
	if !strings.Contains(out, "2026-11-01 00:00 UTC to 2026-12-01 00:00 UTC\n") || strings.Contains(out, "so far") {
		t.Errorf("a finished month does not report as finished:\n%s", out)
	}
}
