package generator

import "time"

// recentLimit bounds every feed and JSON list: the most recent entries
// only; the full archive lives in the HTML history pages.
const recentLimit = 50

// apiTimeLayout is UTC RFC 3339 with milliseconds, as Statuspage serves.
const apiTimeLayout = "2006-01-02T15:04:05.000Z"

// apiTime formats t for the JSON files.
func apiTime(t time.Time) string { return t.UTC().Format(apiTimeLayout) }

// apiTimeOrNull is apiTime, or null for the zero time.
func apiTimeOrNull(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := apiTime(t)
	return &s
}

// stringOrNull is s, or null when s is empty.
func stringOrNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// latestBy returns the latest of times that are not after now, or the zero
// time when none is.
func latestBy(now time.Time, times ...time.Time) time.Time {
	var l time.Time
	for _, t := range times {
		if !t.IsZero() && !t.After(now) && t.After(l) {
			l = t
		}
	}
	return l
}

// earliestOf returns the earliest non-zero time, or the zero time.
func earliestOf(times ...time.Time) time.Time {
	var e time.Time
	for _, t := range times {
		if !t.IsZero() && (e.IsZero() || t.Before(e)) {
			e = t
		}
	}
	return e
}

// latestOf returns the latest time, or the zero time.
func latestOf(times ...time.Time) time.Time {
	var l time.Time
	for _, t := range times {
		if t.After(l) {
			l = t
		}
	}
	return l
}
