package generator

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// Times on pages are in the display zone of the config (timezone), with
// its abbreviation ("14:05 CET"), as are days and months: a day heading
// and the times under it agree without script. When script runs, page.js
// shows each time in the visitor's zone instead; days stay the page's,
// and the page says which zone its days are in.

const (
	rfc3339 = "2006-01-02T15:04:05Z07:00"
)

// stamp is a moment as a page shows it: machine form for <time datetime>
// (always UTC) and the text in the display zone shown when script is off.
type stamp struct {
	ISO  string // 2026-11-26T14:05:00Z
	Text string // 26 Nov 2026, 15:05 CET
	HM   string // 15:05 CET
}

// newStamp is t as a page shows it, its text in loc.
func newStamp(t time.Time, loc *time.Location) stamp {
	if t.IsZero() {
		return stamp{}
	}
	u, l := t.UTC(), t.In(loc)
	zone := l.Format("MST")
	if y, ly := u.Year(), l.Year(); y < 1000 || y > 9999 || ly < 1000 || ly > 9999 {
		return stamp{ISO: u.Format(rfc3339), Text: l.Format("2 Jan 2006, 15:04 ") + zone, HM: l.Format("15:04 ") + zone}
	}
	// Every page shows many stamps: write all three forms into one string
	// (HM is the end of Text) rather than format three.
	var b strings.Builder
	b.Grow(len("2006-01-02T15:04:05Z02 Jan 2006, 15:04 ") + len(zone))
	digits := func(n int) { b.WriteByte(byte('0' + n/10)); b.WriteByte(byte('0' + n%10)) }
	write2 := func(sep byte, n int) { b.WriteByte(sep); digits(n) }
	y, mo, d := u.Date()
	h, mi, sec := u.Clock()
	digits(y / 100)
	digits(y % 100)
	write2('-', int(mo))
	write2('-', d)
	write2('T', h)
	write2(':', mi)
	write2(':', sec)
	b.WriteByte('Z')
	y, mo, d = l.Date()
	h, mi, _ = l.Clock()
	if d >= 10 {
		b.WriteByte(byte('0' + d/10))
	}
	b.WriteByte(byte('0' + d%10))
	b.WriteByte(' ')
	b.WriteString(mo.String()[:3])
	b.WriteByte(' ')
	digits(y / 100)
	digits(y % 100)
	b.WriteByte(',')
	write2(' ', h)
	write2(':', mi)
	b.WriteByte(' ')
	b.WriteString(zone)
	all := b.String()
	return stamp{ISO: all[:20], Text: all[20:], HM: all[len(all)-len("15:04 ")-len(zone):]}
}

// pct formats a percentage to two decimals without ever rounding up:
// 99.999 is "99.99%", never "100%" (candor.Percent).
func pct(v float64) string { return candor.Percent(v, 2) }

// minutes formats a span of minutes for people: "45 min", "3 h 5 min", "2 days 4 h".
func minutes(m float64) string {
	return duration(time.Duration(math.Round(m)) * time.Minute)
}

// duration formats d for people, to the minute.
func duration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	m := int(math.Round(d.Minutes()))
	switch {
	case m < 60:
		return strconv.Itoa(m) + " min"
	case m < 48*60:
		s := strconv.Itoa(m/60) + " h"
		if m%60 != 0 {
			s += " " + strconv.Itoa(m%60) + " min"
		}
		return s
	}
	s := strconv.Itoa(m/(24*60)) + " days"
	if h := m % (24 * 60) / 60; h != 0 {
		s += " " + strconv.Itoa(h) + " h"
	}
	return s
}

// agoWords is how long ago something was, for the staleness banner:
// minutes under two hours ("95 min"), then hours and minutes, then days
// and hours. templates/page.js writes the same at view time.
func agoWords(d time.Duration) string {
	if m := int(math.Round(d.Minutes())); m < 120 {
		return strconv.Itoa(m) + " min"
	}
	return duration(d)
}

// ms formats a latency in milliseconds, or seconds from 10 s.
func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return strconv.FormatFloat(math.Round(d.Seconds()*10)/10, 'f', -1, 64) + " s"
	}
	return strconv.FormatInt(int64(math.Round(float64(d)/float64(time.Millisecond))), 10) + " ms"
}

// statusView is a status as a page shows it: a class for colour, an icon
// and words, so colour never carries it alone.
type statusView struct {
	Class string // ok, maint, deg, part, major, unk
	Icon  string // symbol id in the icon sprite
	Label string
}

func viewStatus(s candor.Status) statusView {
	switch s {
	case candor.StatusOperational:
		return statusView{"ok", "i-ok", s.Label()}
	case candor.StatusMaintenance:
		return statusView{"maint", "i-maint", s.Label()}
	case candor.StatusDegraded:
		return statusView{"deg", "i-warn", s.Label()}
	case candor.StatusPartial:
		return statusView{"part", "i-warn", s.Label()}
	case candor.StatusMajor:
		return statusView{"major", "i-down", s.Label()}
	}
	return statusView{"unk", "i-unk", "No data"}
}

// viewIndicator is the page-wide banner's look.
func viewIndicator(o candor.Overall) statusView {
	if o.Unmeasured {
		return statusView{"unk", "i-unk", o.Description}
	}
	switch o.Indicator {
	case candor.IndicatorCritical:
		return statusView{"major", "i-down", o.Description}
	case candor.IndicatorMajor:
		return statusView{"part", "i-warn", o.Description}
	case candor.IndicatorMinor:
		return statusView{"deg", "i-warn", o.Description}
	case candor.IndicatorMaintenance:
		return statusView{"maint", "i-maint", o.Description}
	}
	return statusView{"ok", "i-ok", o.Description}
}

// measuredWord is a measured status in a word or two: "up", "down".
func measuredWord(st candor.Status) string {
	switch st {
	case candor.StatusOperational:
		return "up"
	case candor.StatusDegraded:
		return "degraded"
	case candor.StatusPartial, candor.StatusMajor:
		return "down"
	}
	return "no data"
}

// degradedWords is the degraded time of some minutes, stated beside their
// uptime (which counts it as up): "15 min"; "" when there was none.
func degradedWords(m candor.Minutes) string {
	if math.Round(m.Degraded) < 1 {
		return ""
	}
	return minutes(m.Degraded)
}

// targetText is an SLA target as configured: "99.95%". It is a promise,
// not a measurement, so it is written as given, never cut.
func targetText(t float64) string { return strconv.FormatFloat(t, 'f', -1, 64) + "%" }

// outcomeWord is a measured outcome in one word.
func outcomeWord(o candor.Outcome) string {
	if o == candor.UnderMaintenance {
		return "under maintenance"
	}
	if o == "" {
		return "unknown"
	}
	return string(o)
}

// impactLabel names an incident's impact for people.
func impactLabel(i candor.Impact) string {
	switch i {
	case candor.ImpactMinor:
		return "Minor"
	case candor.ImpactMajor:
		return "Major"
	case candor.ImpactCritical:
		return "Critical"
	}
	return "No impact"
}

// impactClass is the colour class of an impact.
func impactClass(i candor.Impact) string { return viewStatus(candor.FromImpact(i)).Class }

// updateLabel names an update status for people: "in_progress" is "In progress".
func updateLabel(u candor.UpdateStatus) string {
	s := strings.ReplaceAll(string(u), "_", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// upper is s with its first letter upper-case: "met" is "Met".
func upper(s string) string {
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// plural is "1 incident", "2 incidents".
func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + one + "s"
}
