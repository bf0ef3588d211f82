package history

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// WriteText writes the report for people: one block per component, the
// SLA rules of docs/history.md in words.
func (r Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "SLA report for %s (%s), %s to %s", r.Month, r.Timezone, stamp(r.From), stamp(r.To))
	if len(r.Components) > 0 && r.Components[0].InProgress {
		fmt.Fprint(bw, " (month in progress)")
	}
	fmt.Fprintln(bw)
	for _, c := range r.Components {
		if c.Name == c.ID {
			fmt.Fprintf(bw, "\n%s\n", c.ID)
		} else {
			fmt.Fprintf(bw, "\n%s (%s)\n", c.Name, c.ID)
		}
		line := func(label, format string, args ...any) {
			fmt.Fprintf(bw, "  %-10s%s\n", label, fmt.Sprintf(format, args...))
		}
		line("verdict", "%s", verdict(c))
		line("uptime", "%s", uptimeText(c))
		line("bounds", "%s if every minute not measured was down, %s if it was up", candor.Percent(c.UptimeLowest, 4), candor.Percent(c.UptimeHighest, 4))
		line("coverage", "%s of the month%s measured", candor.Percent(c.Coverage, 2), soFar(c.InProgress))
		toCome := ""
		if c.ToComeMinutes > 0 {
			toCome = ", still to come " + candor.MinutesDown(c.ToComeMinutes)
		}
		line("minutes", "down %s, degraded %s, up %s, maintenance %s, unmeasured %s%s (%d checks)",
			candor.MinutesUp(c.DownMinutes), candor.MinutesUp(c.DegradedMinutes), candor.MinutesDown(c.UpMinutes),
			candor.MinutesUp(c.MaintenanceMinutes), candor.MinutesUp(c.UnknownMinutes), toCome, c.Checks)
		if c.SLA > 0 {
			line("budget", "%s min for the month (%s of %s): %s", candor.MinutesDown(c.BudgetMinutes),
				allowance(c.SLA), countable(c), c.BudgetText)
		}
		if c.CreditText != "" {
			line("credit", "%s", c.CreditText)
		}
		if len(c.QuarantinedDays) > 0 {
			line("damaged", "the totals of %s are in quarantine (daily/%s.tsv%s), counted as unmeasured until the row is repaired",
				strings.Join(c.QuarantinedDays, ", "), c.ID, QuarantineSuffix)
		}
		if len(c.Disputes) > 0 {
			line("disputed", "%s min of downtime disputed, not subtracted from the figures", candor.MinutesUp(c.DisputedMinutes))
			for _, d := range c.Disputes {
				fmt.Fprintf(bw, "            %s to %s  %s min of downtime  %s  (%s)\n", stamp(d.From), stamp(d.To), candor.MinutesUp(d.DowntimeMinutes), oneLine(d.Reason), d.Path)
			}
		}
		for _, e := range c.Incidents {
			line("incident", "%s to %s  %s  %s  (%s)", stamp(e.From), endText(e.To, "open"), e.Impact, e.Title, e.Path)
		}
		for _, e := range c.Maintenance {
			line("maint.", "%s to %s  %s  (%s)", stamp(e.From), endText(e.To, "open"), e.Title, e.Path)
		}
	}
	return bw.Flush()
}

// allowance is the share of the month an SLA allows down: "0.1%". It is
// the target's own complement, not a measurement, so it is rounded to what
// the target said, not truncated (100 − 99.9 is 0.0999… in floating point).
func allowance(sla float64) string {
	return strconv.FormatFloat(math.Round((100-sla)*1e9)/1e9, 'f', -1, 64) + "%"
}

// countable says which minutes the budget is a share of: "43200 min", or
// "43080 min: the month's 43200 less 120 min of maintenance".
func countable(c ComponentReport) string {
	if c.MaintenanceMinutes <= 0 {
		return candor.MinutesDown(c.MonthMinutes) + " min"
	}
	return candor.MinutesDown(c.CountableMinutes) + " min: the month's " + candor.MinutesDown(c.MonthMinutes) +
		" less " + candor.MinutesUp(c.MaintenanceMinutes) + " min of maintenance" + soFar(c.InProgress)
}

func soFar(inProgress bool) string {
	if inProgress {
		return " so far"
	}
	return ""
}

func verdict(c ComponentReport) string {
	if c.SLA <= 0 {
		return "no SLA"
	}
	return "target " + candor.Percent(c.SLA, 4) + ": " + c.VerdictText
}

// uptimeText is the measured uptime with the degraded time beside it:
// "99.861% up · 15 min degraded".
func uptimeText(c ComponentReport) string {
	if c.Uptime == nil {
		return "no data"
	}
	s := candor.Percent(*c.Uptime, 4) + " up"
	if c.DegradedMinutes > 0 {
		s += " · " + candor.MinutesUp(c.DegradedMinutes) + " min degraded"
	}
	return s + ", as measured"
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func endText(t time.Time, zero string) string {
	if t.IsZero() {
		return zero
	}
	return stamp(t)
}
