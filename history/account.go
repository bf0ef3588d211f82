package history

import (
	"slices"

	"github.com/candor-status/candor"
)

// tally gathers what a range of time measured, in seconds, before it
// becomes candor.Figures.
type tally struct {
	sec    [5]int64 // by outcome, in candor.Outcomes order
	checks candor.Counts
	lat    []int32 // latencies of answered raw checks, ms
	hist   hist    // latencies of folded days; nil when none were used
	max    int32
	days   []*day // folded days used
}

func outcomeIndex(o candor.Outcome) int {
	switch o {
	case candor.Up:
		return 0
	case candor.Degraded:
		return 1
	case candor.Down:
		return 2
	case candor.UnderMaintenance:
		return 4
	}
	return 3
}

// addRaw accounts for [from, to) from raw results. Each result stands
// from its check until the next one, for at most span seconds; checks are
// counted only from countFrom, since earlier ones live in folded days.
func (t *tally) addRaw(rs []raw, from, to, countFrom, span int64) {
	if from >= to {
		return
	}
	i, _ := slices.BinarySearchFunc(rs, from, func(x raw, at int64) int { return cmpInt(x.at, at) })
	i = max(0, i-1) // the result before from may stand into the range
	if t.hist == nil {
		j, _ := slices.BinarySearchFunc(rs, to, func(x raw, at int64) int { return cmpInt(x.at, at) })
		t.lat = slices.Grow(t.lat, j-i)
	}
	for ; i < len(rs) && rs[i].at < to; i++ {
		x := rs[i]
		end := x.at + span
		if i+1 < len(rs) && rs[i+1].at < end {
			end = rs[i+1].at
		}
		if lo, hi := max(x.at, from), min(end, to); hi > lo {
			t.sec[outcomeIndex(x.outcome)] += hi - lo
		}
		if x.at < from || x.at < countFrom {
			continue
		}
		t.checks = t.checks.Add(x.outcome)
		if x.answered() {
			t.max = max(t.max, x.latency)
			if t.hist != nil {
				t.hist.addMS(x.latency) // folded days make percentiles approximate anyway
			} else {
				t.lat = append(t.lat, x.latency)
			}
		}
	}
}

// addDay accounts for one whole folded day.
func (t *tally) addDay(d *day) {
	t.sec[0] += d.up
	t.sec[1] += d.degraded
	t.sec[2] += d.down
	t.sec[4] += d.maint
	c := d.checks
	t.checks = candor.Counts{Up: t.checks.Up + c.Up, Degraded: t.checks.Degraded + c.Degraded, Down: t.checks.Down + c.Down,
		Unknown: t.checks.Unknown + c.Unknown, Maintenance: t.checks.Maintenance + c.Maintenance}
	if t.hist == nil {
		t.hist = newHist()
	}
	t.hist.merge(d.hist)
	t.max = max(t.max, d.max)
	t.days = append(t.days, d)
}

// minutes turns the tally into minutes over elapsed seconds: whatever no
// result stood for is unknown.
func (t *tally) minutes(elapsed int64) candor.Minutes {
	known := t.sec[0] + t.sec[1] + t.sec[2] + t.sec[4]
	unknown := max(0, elapsed-known)
	return candor.Minutes{
		Up:          float64(t.sec[0]) / 60,
		Degraded:    float64(t.sec[1]) / 60,
		Down:        float64(t.sec[2]) / 60,
		Unknown:     float64(unknown) / 60,
		Maintenance: float64(t.sec[4]) / 60,
	}
}

// percentiles are exact over raw checks alone, a folded day's own when it
// is the only source, and read from the merged histogram otherwise. Raw
// checks go straight into the histogram once a folded day is in the
// tally, which addDays ensures by coming first.
func (t *tally) percentiles() (p50, p95, top int32) {
	switch {
	case t.hist == nil:
		slices.Sort(t.lat)
		return percentile(t.lat, 0.5), percentile(t.lat, 0.95), t.max
	case len(t.days) == 1 && t.hist.total() == int(t.days[0].answered()):
		d := t.days[0]
		return d.p50, d.p95, d.max
	}
	return t.hist.percentile(0.5, t.max), t.hist.percentile(0.95, t.max), t.max
}
