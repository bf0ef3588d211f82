package generator

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"
)

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

// putJSON encodes v with two-space indentation and a final newline. HTML
// characters stay as they are: these files are served as JSON, not HTML.
func putJSON(f Files, path string, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	f[path] = b.Bytes()
	return nil
}

// tagHost is the base URL's host name, for tag URIs and calendar UIDs.
func (s *site) tagHost() string {
	u, err := url.Parse(s.base)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return u.Hostname()
}

// apiPageURL is the base URL without its trailing slash, as Statuspage
// serves page.url.
func (s *site) apiPageURL() string { return strings.TrimSuffix(s.base, "/") }

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
