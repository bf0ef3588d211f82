package candor

import "time"

// DefaultInterval is how often the schedule runs when candor.yml does not
// say.
const DefaultInterval = 5 * time.Minute

// pagesCache is how long GitHub Pages may serve a page from its cache.
const pagesCache = 10 * time.Minute

// StaleAfter is how old the newest check may be before everything built
// from it counts as stale: three intervals (a missed or late run or two is
// normal on Actions) plus the ten minutes GitHub Pages may cache a page.
// An interval of zero or less is DefaultInterval. It is the only place the
// limit is decided; pages, the page script (through Freshness.StaleAt),
// the APIs and badges all use it.
func StaleAfter(interval time.Duration) time.Duration {
	return 3*intervalOr(interval) + pagesCache
}

// intervalOr is interval, or DefaultInterval when it is not set.
func intervalOr(interval time.Duration) time.Duration {
	if interval <= 0 {
		return DefaultInterval
	}
	return interval
}

// Freshness is how current the measurements are at a moment.
type Freshness struct {
	Interval  time.Duration // the schedule; DefaultInterval when not set
	LastCheck time.Time     // the newest check; zero when none ran
	Limit     time.Duration // StaleAfter of the interval
	StaleAt   time.Time     // LastCheck + Limit; zero when none ran
	Age       time.Duration // now − LastCheck; zero when none ran
	// Stale is true when a check ran and it is older than Limit. A site
	// that was never checked is not stale: it has no measurement to go
	// old, and every probed component already says "no data".
	Stale bool
}

// FreshnessAt is the freshness at now of measurements whose newest check
// was at last, on a schedule of interval.
func FreshnessAt(last, now time.Time, interval time.Duration) Freshness {
	f := Freshness{Interval: intervalOr(interval), LastCheck: last, Limit: StaleAfter(interval)}
	if last.IsZero() {
		return f
	}
	f.StaleAt = last.Add(f.Limit)
	f.Age = now.Sub(last)
	f.Stale = now.After(f.StaleAt)
	return f
}
