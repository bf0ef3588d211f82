package generator

import (
	"sort"
	"time"
)

// stretch is a span of time [From, To).
type stretch struct{ From, To time.Time }

// newDisputed gathers each component's disputed stretches from every
// incident, merged so that overlapping disputes count once. A dispute
// without an end runs to now.
func (s *site) newDisputed() {
	for _, inc := range s.incidents {
		for _, d := range inc.Disputes {
			if c := s.byID[d.Component]; c != nil {
				c.Disputed = append(c.Disputed, stretch{d.From, endOr(d.To, s.in.Now)})
			}
		}
	}
	for _, c := range s.components {
		c.Disputed = merged(c.Disputed)
	}
}

// merged is list sorted by start with overlapping stretches joined.
func merged(list []stretch) []stretch {
	sort.Slice(list, func(i, j int) bool { return list[i].From.Before(list[j].From) })
	var out []stretch
	for _, st := range list {
		if !st.To.After(st.From) {
			continue
		}
		if n := len(out); n > 0 && !st.From.After(out[n-1].To) {
			if st.To.After(out[n-1].To) {
				out[n-1].To = st.To
			}
			continue
		}
		out = append(out, st)
	}
	return out
}

// disputedMinutes is how much of [from, to) the component's measurements
// are disputed, in minutes. The figures themselves stay as measured.
func (c *component) disputedMinutes(from, to time.Time) float64 {
	var d time.Duration
	for _, st := range c.Disputed {
		a, b := st.From, st.To
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		if b.After(a) {
			d += b.Sub(a)
		}
	}
	return d.Minutes()
}
