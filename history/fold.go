package history

import (
	"slices"
	"time"
)

// Fold rolls raw results older than the raw window into one row per
// display-zone day. Only whole days that ended at least RawWindow before
// now fold, each exactly once, so folding twice changes nothing. A day no
// result stands in gets no row: folding never writes days past the last
// result, however far ahead now is. The last folded result stays in the
// raw file as context: it may stand into the first day not yet folded.
func (s *Store) Fold(now time.Time) {
	cutoff := now.Add(-s.opt.RawWindow).Unix()
	for _, se := range s.series {
		s.fold(se, cutoff)
	}
}

func (s *Store) fold(se *series, cutoff int64) {
	loc := s.opt.Location
	b := se.boundary(loc)
	i, _ := slices.BinarySearchFunc(se.raw, b, func(x raw, t int64) int { return cmpInt(x.at, t) })
	if i == len(se.raw) {
		return
	}
	d := dateOf(time.Unix(se.raw[i].at, 0), loc)
	if b != noBoundary {
		d = dateOf(time.Unix(b, 0), loc)
	}
	folded := false
	for d.next().start(loc).Unix() <= cutoff {
		from, to := d.start(loc).Unix(), d.next().start(loc).Unix()
		for i < len(se.raw) && se.raw[i].at < from {
			i++
		}
		if !s.standsIn(se.raw, i, from, to) {
			if i == len(se.raw) {
				break
			}
			d = dateOf(time.Unix(se.raw[i].at, 0), loc) // skip the days nothing stands in
			continue
		}
		se.days = append(se.days, s.rollup(se, d, b))
		d = d.next()
		folded = true
	}
	if folded {
		se.raw = trimFolded(se.raw, se.boundary(loc))
		se.rawDirty, se.dailyDirty = true, true
	}
}

// standsIn reports whether a result stands in [from, to): a check inside
// it (rs[i] is the first at or after from), or the one before it
// standing into it.
func (s *Store) standsIn(rs []raw, i int, from, to int64) bool {
	if i < len(rs) && rs[i].at < to {
		return true
	}
	return i > 0 && rs[i-1].at+s.span() > from
}

// rollup sums up day d from raw results; checks before b are context.
func (s *Store) rollup(se *series, d date, b int64) day {
	loc := s.opt.Location
	from, to := d.start(loc).Unix(), d.next().start(loc).Unix()
	var t tally
	t.addRaw(se.raw, from, to, max(b, from), s.span())
	h := newHist()
	for _, ms := range t.lat {
		h.addMS(ms)
	}
	p50, p95, top := t.percentiles()
	return day{
		date: d, up: t.sec[0], degraded: t.sec[1], down: t.sec[2], maint: t.sec[4],
		checks: t.checks, p50: p50, p95: p95, max: top, hist: h.bins(),
	}
}
