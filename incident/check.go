package incident

import (
	"fmt"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
)

// The years a time in a content file may fall in. Every span between two
// of them fits a time.Duration (292 years), so no page says "106751 days"
// of a span that saturated it; and a status page's events, past or
// scheduled, fall well inside.
const (
	firstYear = 1970
	lastYear  = 2199
)

// checkYear reports t at field when it falls outside the years a content
// file may hold.
func checkYear(d *config.Decoder, field string, t time.Time) {
	if y := t.UTC().Year(); !t.IsZero() && (y < firstYear || y > lastYear) {
		d.Errorf(field, "want a time in the years %d to %d (got %s)", firstYear, lastYear, stamp(t))
	}
}

func checkIncident(d *config.Decoder, f *incidentFile, known func(string) bool) {
	checkCommon(d, f.ID, f.Title, f.Components, known)
	checkYear(d, "started", f.Started)
	checkYear(d, "resolved", f.Resolved)
	if f.Impact == "" {
		if absent(d, "impact") {
			d.Errorf("impact", "required: one of none, minor, major, critical")
		}
	} else if candor.Impact(f.Impact).Rank() < 0 {
		d.Errorf("impact", "want one of none, minor, major, critical (got %q)", f.Impact)
	}
	if f.Started.IsZero() && absent(d, "started") {
		d.Errorf("started", "required: when the incident began, such as 2026-11-26T14:05:00Z")
	}
	if !f.Resolved.IsZero() && !f.Started.IsZero() && f.Resolved.Before(f.Started) {
		d.Errorf("resolved", "before started (got %s, started %s)", stamp(f.Resolved), stamp(f.Started))
	}
	if f.OpenedBy != "" && f.OpenedBy != "monitor" {
		d.Errorf("opened_by", "want monitor or nothing (got %q)", f.OpenedBy)
	}
	checkUpdates(d, f.Updates, f.Started, candor.IncidentStatuses)
	if n := len(f.Updates); n > 0 && f.Updates[n-1].Status == string(candor.Resolved) && f.Resolved.IsZero() && absent(d, "resolved") {
		d.Errorf(fmt.Sprintf("updates[%d].status", n-1), "resolved, but the incident has no resolved time: add resolved: %s", stamp(f.Updates[n-1].At))
	}
	for i, x := range f.Disputes {
		field := fmt.Sprintf("disputes[%d]", i)
		switch {
		case x.Component == "":
			if absent(d, field+".component") {
				d.Errorf(field+".component", "required")
			}
		case !contains(f.Components, x.Component):
			d.Errorf(field+".component", "not one of this incident's components %v (got %q)", f.Components, x.Component)
		}
		checkYear(d, field+".from", x.From)
		checkYear(d, field+".to", x.To)
		if x.From.IsZero() || x.To.IsZero() {
			if absent(d, field+".from") && absent(d, field+".to") {
				d.Errorf(field, "from and to: required")
			}
		} else if !x.To.After(x.From) {
			d.Errorf(field+".to", "not after from (got %s, from %s)", stamp(x.To), stamp(x.From))
		}
		if strings.TrimSpace(x.Reason) == "" && absent(d, field+".reason") {
			d.Errorf(field+".reason", "required: why the team believes the measurement was wrong")
		}
		d.CheckText(field+".reason", x.Reason, false)
	}
}

func checkMaintenance(d *config.Decoder, f *maintenanceFile, known func(string) bool) {
	checkCommon(d, f.ID, f.Title, f.Components, known)
	checkYear(d, "starts", f.Starts)
	checkYear(d, "ends", f.Ends)
	if f.Starts.IsZero() && absent(d, "starts") {
		d.Errorf("starts", "required: when the window opens")
	}
	if f.Ends.IsZero() && absent(d, "ends") {
		d.Errorf("ends", "required: when the window closes")
	}
	if !f.Starts.IsZero() && !f.Ends.IsZero() && !f.Ends.After(f.Starts) {
		d.Errorf("ends", "not after starts (got %s, starts %s)", stamp(f.Ends), stamp(f.Starts))
	}
	checkUpdates(d, f.Updates, time.Time{}, candor.MaintenanceStatuses)
}

func checkCommon(d *config.Decoder, id, title string, components []string, known func(string) bool) {
	if id != "" && !idPattern.MatchString(id) {
		d.Errorf("id", "want 12 lowercase letters and digits (got %q)", id)
	}
	if strings.TrimSpace(title) == "" && absent(d, "title") {
		d.Errorf("title", "required")
	}
	d.CheckText("title", title, true)
	seen := map[string]bool{}
	for i, c := range components {
		field := fmt.Sprintf("components[%d]", i)
		switch {
		case known != nil && !known(c):
			d.Errorf(field, "unknown component (got %q)", c)
		case seen[c]:
			d.Errorf(field, "listed twice (got %q)", c)
		}
		seen[c] = true
	}
}

func checkUpdates(d *config.Decoder, us []updateFile, started time.Time, statuses []candor.UpdateStatus) {
	var names []string
	for _, s := range statuses {
		names = append(names, string(s))
	}
	for i, u := range us {
		field := fmt.Sprintf("updates[%d]", i)
		checkYear(d, field+".at", u.At)
		checkYear(d, field+".next_update", u.NextUpdate)
		if u.At.IsZero() {
			if absent(d, field+".at") {
				d.Errorf(field+".at", "required")
			}
		} else if !started.IsZero() && u.At.Before(started) {
			d.Errorf(field+".at", "before the incident started (got %s, started %s)", stamp(u.At), stamp(started))
		} else if i > 0 && !us[i-1].At.IsZero() && u.At.Before(us[i-1].At) {
			d.Errorf(field+".at", "updates out of order: earlier than the update before it (got %s, before it %s); list updates oldest first", stamp(u.At), stamp(us[i-1].At))
		}
		if u.Status == "" {
			if absent(d, field+".status") {
				d.Errorf(field+".status", "required: one of %s", strings.Join(names, ", "))
			}
		} else if !contains(names, u.Status) {
			d.Errorf(field+".status", "want one of %s (got %q)", strings.Join(names, ", "), u.Status)
		}
		if strings.TrimSpace(u.Text) == "" && absent(d, field+".text") {
			d.Errorf(field+".text", "required")
		}
		d.CheckText(field+".text", u.Text, false)
		if !u.NextUpdate.IsZero() && !u.At.IsZero() && !u.NextUpdate.After(u.At) {
			d.Errorf(field+".next_update", "not after the update (got %s, update at %s)", stamp(u.NextUpdate), stamp(u.At))
		}
	}
}

// absent reports whether a field is missing or empty rather than given
// with a value already reported as wrong: a bad value is one mistake, and
// what follows from the field then being empty would repeat it.
func absent(d *config.Decoder, field string) bool { return !d.Reported(field) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
