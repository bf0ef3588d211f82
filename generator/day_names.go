package generator

import (
	"sync"
	"time"
)

// dayName is a day's names as the pages and days.json write them. Every
// component shows the same ninety days, so a site of 10,000 components
// would otherwise format the same dates millions of times a build: each
// is formatted once, on first use, and shared.
type dayName struct {
	iso   string // 2026-11-24
	id    string // d2026-11-24, the day's row on a component page
	long  string // Tue 24 Nov 2026
	short string // 24 Nov
}

// dayNames holds the dayName of each day start a build has named, by
// instant; the site's display zone is one, so the instant says it all.
// Render workers share it.
type dayNames struct {
	mu sync.RWMutex
	m  map[int64]*dayName
}

// of is the names of the day starting at start, which is in the display
// zone.
func (n *dayNames) of(start time.Time) *dayName {
	k := start.Unix()
	n.mu.RLock()
	d := n.m[k]
	n.mu.RUnlock()
	if d != nil {
		return d
	}
	iso := start.Format("2006-01-02")
	d = &dayName{iso: iso, id: "d" + iso, long: start.Format("Mon 2 Jan 2006"), short: start.Format("2 Jan")}
	n.mu.Lock()
	defer n.mu.Unlock()
	if have := n.m[k]; have != nil {
		return have
	}
	if n.m == nil {
		n.m = map[int64]*dayName{}
	}
	n.m[k] = d
	return d
}
