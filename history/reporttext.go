package history

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// WriteText writes the report for people: one block per component.
func (r Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "SLA report for %s (%s), %s to %s\n", r.Month, r.Timezone, stamp(r.From), stamp(r.To))
	for _, c := range r.Components {
		if c.Name == c.ID {
			fmt.Fprintf(bw, "\n%s\n", c.ID)
		} else {
			fmt.Fprintf(bw, "\n%s (%s)\n", c.Name, c.ID)
		}
		fmt.Fprintf(bw, "  uptime    %s   coverage %.2f%%   %s\n", uptimeText(c.Uptime), c.Coverage, verdict(c))
		fmt.Fprintf(bw, "  minutes   down %s, degraded %s, up %s, maintenance %s, no data %s (%d checks)\n",
			mins(c.DownMinutes), mins(c.DegradedMinutes), mins(c.UpMinutes), mins(c.MaintenanceMinutes), mins(c.UnknownMinutes), c.Checks)
		if c.SLA > 0 {
			fmt.Fprintf(bw, "  budget    %s allowed, %s used, %s left\n", mins(c.BudgetMinutes), mins(c.UsedMinutes), mins(c.LeftMinutes))
		}
		for _, e := range c.Incidents {
			fmt.Fprintf(bw, "  incident  %s to %s  %s  %s  (%s)\n", stamp(e.From), endText(e.To, "open"), e.Impact, e.Title, e.Path)
		}
		for _, e := range c.Maintenance {
			fmt.Fprintf(bw, "  maint.    %s to %s  %s  (%s)\n", stamp(e.From), endText(e.To, "open"), e.Title, e.Path)
		}
	}
	return bw.Flush()
}

func uptimeText(u *float64) string {
	if u == nil {
		return "no data"
	}
	return fmt.Sprintf("%.3f%%", *u)
}

func verdict(c ComponentReport) string {
	switch {
	case c.SLA <= 0:
		return "no SLA"
	case c.Uptime == nil:
		return fmt.Sprintf("target %g%%: not measured", c.SLA)
	case c.Breached:
		return fmt.Sprintf("target %g%%: BREACHED", c.SLA)
	}
	return fmt.Sprintf("target %g%%: met", c.SLA)
}

func mins(m float64) string { return fmt.Sprintf("%.2f min", m) }

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func endText(t time.Time, zero string) string {
	if t.IsZero() {
		return zero
	}
	return stamp(t)
}
