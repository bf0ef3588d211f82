package generator

import (
	"html"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// The item markup of Statuspage's history feeds, which clients parse
// literally: one paragraph per update, newest first,
//
//	<p><small>Mar <var data-var='date'>16</var>, <var data-var='time'>19:46</var> UTC</small><br><strong>Resolved</strong> - text</p>
//
// with the day space-padded and times in UTC. Update text is plain text,
// HTML-escaped, its line breaks kept as <br />: markdown is rendered on the
// incident page, and a paragraph cannot nest goldmark's blocks.

// feedUpdates renders updates (oldest first) newest first. An incident
// without any update gets one paragraph saying so at its start, so that
// no item is empty.
func feedUpdates(updates []candor.Update, started time.Time) string {
	if len(updates) == 0 && !started.IsZero() {
		return "<p><small>" + feedStamp(started) + " UTC</small><br><strong>Investigating</strong> - No update has been posted yet.</p>"
	}
	var b strings.Builder
	for n := len(updates) - 1; n >= 0; n-- {
		u := updates[n]
		label := feedLabel(u.Status)
		if n > 0 && updates[n-1].Status == u.Status {
			label = "Update"
		}
		b.WriteString("<p><small>")
		b.WriteString(feedStamp(u.At))
		b.WriteString(" UTC</small><br><strong>")
		b.WriteString(label)
		b.WriteString("</strong> - ")
		b.WriteString(feedText(u.Text))
		b.WriteString("</p>")
	}
	return b.String()
}

// feedPostmortem is the paragraph of a resolved incident's postmortem,
// dated at its resolution and newest of all; empty when it has none.
func feedPostmortem(inc *candor.Incident) string {
	if inc.Open() || strings.TrimSpace(inc.Body) == "" {
		return ""
	}
	return "<p><small>" + feedStamp(inc.Resolved) + " UTC</small><br><strong>Postmortem</strong> - " + feedText(inc.Body) + "</p>"
}

// feedScheduled is the paragraph that opens a maintenance item.
func feedScheduled(starts, ends time.Time) string {
	starts, ends = starts.UTC(), ends.UTC()
	end := feedTime(ends)
	if !feedSameDay(starts, ends) {
		end = feedStamp(ends)
	}
	return "<p><strong>THIS IS A SCHEDULED EVENT " + feedStamp(starts) + " - " + end + " UTC</strong></p>"
}

// feedStamp is "Mar <var data-var='date'>16</var>, <var data-var='time'>19:46</var>".
func feedStamp(t time.Time) string {
	t = t.UTC()
	return t.Format("Jan") + " <var data-var='date'>" + t.Format("_2") + "</var>, " + feedTime(t)
}

func feedTime(t time.Time) string {
	return "<var data-var='time'>" + t.UTC().Format("15:04") + "</var>"
}

func feedSameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// feedLabel is the label Statuspage gives an update status.
func feedLabel(st candor.UpdateStatus) string {
	s := strings.ReplaceAll(string(st), "_", " ")
	if s == "" {
		return "Update"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// feedText is update text as inert HTML: escaped, line breaks kept.
func feedText(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br />")
}
