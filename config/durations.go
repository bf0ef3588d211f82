package config

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// day is a day as durations count it.
const day = 24 * time.Hour

// The ranges of the duration keys, which candor check enforces.
const (
	MinInterval     = time.Minute // interval: a scheduled workflow runs at most every minute
	MaxInterval     = day         // interval: a page checked less than daily says little
	MaxTimeout      = 5 * time.Minute
	MinUpdateDue    = time.Minute
	MaxUpdateDue    = 30 * day
	MinReopenWithin = time.Minute
	MaxReopenWithin = 7 * day
	MinRawWindow    = day       // the 24-hour charts read raw results
	MaxRawWindow    = 366 * day // a year, leap years included
	MinNextUpdate   = time.Minute
	MaxNextUpdate   = 30 * day // a promised next update (candor new --next)
)

// FormatDuration writes d as candor.yml would: whole days as "7d", else
// Go's form without zero units ("90s", "1h30m", "5m").
func FormatDuration(d time.Duration) string {
	if d >= day && d%day == 0 {
		return strconv.FormatInt(int64(d/day), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// durationIn reports a problem at f unless lo <= d <= hi. Only keys
// written in the file are checked (a default is always in range), and
// only those not already reported.
func (v *validator) durationIn(f string, d, lo, hi time.Duration) {
	if _, ok := v.d.Positions[f]; !ok || v.d.Reported(f) {
		return
	}
	if d < lo || d > hi {
		v.d.Errorf(f, "want %s to %s (got %s)", FormatDuration(lo), FormatDuration(hi), FormatDuration(d))
	}
}

// interval is the interval in force: the key's, or the default.
func (v *validator) interval() time.Duration {
	if v.cfg.Interval > 0 {
		return v.cfg.Interval
	}
	return DefaultInterval
}

// timeout checks a per-check deadline: above zero, at most MaxTimeout and
// below the interval, so that a check ends before the next round starts.
func (v *validator) timeout(f string, d time.Duration) {
	if _, ok := v.d.Positions[f]; !ok || v.d.Reported(f) {
		return
	}
	switch iv := v.interval(); {
	case d <= 0:
		v.d.Errorf(f, "want a duration above zero (got %s)", FormatDuration(d))
	case d > MaxTimeout:
		v.d.Errorf(f, "want at most %s (got %s)", FormatDuration(MaxTimeout), FormatDuration(d))
	case d >= iv:
		v.d.Errorf(f, "want a timeout below the interval (%s), so a check ends before the next round (got %s)", FormatDuration(iv), FormatDuration(d))
	}
}

// maxLatency checks that a latency limit is above zero and below the
// deadline the probe runs under: a slower answer times out instead.
func (v *validator) maxLatency(f string, d, probeTimeout time.Duration) {
	if _, ok := v.d.Positions[f]; !ok || v.d.Reported(f) {
		return
	}
	timeout := v.cfg.Policy.Timeout
	if probeTimeout > 0 {
		timeout = probeTimeout
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	switch {
	case d <= 0:
		v.d.Errorf(f, "want a duration above zero (got %s)", FormatDuration(d))
	case d >= timeout:
		v.d.Errorf(f, "want a latency below the probe's timeout (%s): a slower answer times out (got %s)", FormatDuration(timeout), FormatDuration(d))
	}
}

// durations checks the durations of the top level and the policy.
func (v *validator) durations() {
	c := v.cfg
	v.durationIn("interval", c.Interval, MinInterval, MaxInterval)
	p := &c.Policy
	v.timeout("policy.timeout", p.Timeout)
	v.durationIn("policy.update_due", p.UpdateDue, MinUpdateDue, MaxUpdateDue)
	v.durationIn("policy.reopen_within", p.ReopenWithin, MinReopenWithin, MaxReopenWithin)
	v.durationIn("policy.raw_window", p.RawWindow, MinRawWindow, MaxRawWindow)
}

// maxDays is the most whole days a time.Duration holds.
const maxDays = int64(1<<63-1) / int64(day)

// errTooLong is a number of days beyond what a duration holds.
var errTooLong = errors.New("too long")

// parseDays reads "7d"; false when s is not a number of days. Beyond what
// a duration holds is an error of its own.
func parseDays(s string) (time.Duration, bool, error) {
	days, ok := strings.CutSuffix(s, "d")
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(days, 10, 64)
	if err != nil {
		return 0, true, err
	}
	if n > maxDays || n < -maxDays {
		return 0, true, errTooLong
	}
	return time.Duration(n) * day, true, nil
}
