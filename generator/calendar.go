package generator

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// buildCalendar writes maintenance.ics: one VEVENT per maintenance window,
// the recentLimit latest-starting ones (every upcoming window comes first).
func buildCalendar(s *site, f *sink) error {
	var w icsWriter
	w.prop("BEGIN", "VCALENDAR")
	w.prop("VERSION", "2.0")
	w.prop("PRODID", "-//candor//candor status page//EN")
	w.prop("CALSCALE", "GREGORIAN")
	w.prop("METHOD", "PUBLISH")
	w.prop("X-WR-CALNAME", icsText(s.apiTitle()+" - Maintenance"))
	for _, m := range s.maintenance[:min(len(s.maintenance), recentLimit)] {
		w.prop("BEGIN", "VEVENT")
		w.prop("UID", m.ID+"@"+s.tagHost())
		w.prop("DTSTAMP", icsTime(apiMaintChanged(m, s.in.Now)))
		w.prop("DTSTART", icsTime(m.Starts))
		w.prop("DTEND", icsTime(m.Ends))
		w.prop("SUMMARY", icsText(m.Title))
		w.prop("DESCRIPTION", icsText(s.icsDescription(m)))
		w.prop("URL", s.apiMaintURL(m.ID))
		w.prop("STATUS", "CONFIRMED")
		w.prop("SEQUENCE", strconv.Itoa(len(m.Updates)))
		w.prop("TRANSP", "TRANSPARENT")
		w.prop("END", "VEVENT")
	}
	w.prop("END", "VCALENDAR")
	f.put("maintenance.ics", []byte(w.b.String()))
	return nil
}

// icsDescription is the affected components and the updates, newest first,
// as plain text.
func (s *site) icsDescription(m *maint) string {
	var b strings.Builder
	if len(m.Components) > 0 {
		names := make([]string, len(m.Components))
		for i, c := range m.Components {
			names[i] = machineName(c)
		}
		b.WriteString("Affects: " + strings.Join(names, ", ") + ".")
	}
	for n := len(m.Updates) - 1; n >= 0; n-- {
		u := m.Updates[n]
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(u.At.UTC().Format("Jan 2 15:04") + " UTC - " + feedLabel(u.Status) + ": " + strings.TrimSpace(u.Text))
	}
	return b.String()
}

// icsTime is a UTC DATE-TIME: 20261127T020000Z.
func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and line breaks.
func icsText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`).Replace(s)
}

// icsWriter writes content lines ending in CRLF, folded at 75 octets
// without splitting a UTF-8 character (RFC 5545 3.1).
type icsWriter struct{ b strings.Builder }

func (w *icsWriter) prop(name, value string) {
	line := name + ":" + value
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.b.WriteString(line[:cut])
		w.b.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	w.b.WriteString(line)
	w.b.WriteString("\r\n")
}
