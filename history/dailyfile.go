package history

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

const dailyHeader = "# candor daily rollups v1: day up_s degraded_s down_s maintenance_s checks_up checks_degraded checks_down checks_unknown checks_maintenance p50_ms p95_ms max_ms latency_histogram(bound_ms:checks ...)\n"

// day is one display-zone day of one component, folded for good. Seconds
// not in up, degraded, down or maintenance were unknown.
type day struct {
	date                      date
	up, degraded, down, maint int64 // seconds
	checks                    candor.Counts
	p50, p95, max             int32 // milliseconds, over answered checks
	hist                      []bin
}

// date is a calendar day, with no zone.
type date struct {
	y int
	m time.Month
	d int
}

func dateOf(t time.Time, loc *time.Location) date {
	y, m, d := t.In(loc).Date()
	return date{y, m, d}
}

func (d date) start(loc *time.Location) time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, loc) }
func (d date) next() date {
	t := time.Date(d.y, d.m, d.d+1, 0, 0, 0, 0, time.UTC)
	return date{t.Year(), t.Month(), t.Day()}
}
func (d date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, d.m, d.d) }
func (d date) before(o date) bool {
	if d.y != o.y {
		return d.y < o.y
	}
	if d.m != o.m {
		return d.m < o.m
	}
	return d.d < o.d
}

func (x day) measured() int64 { return x.up + x.degraded + x.down + x.maint }

// answered is how many of the day's checks got an answer.
func (x day) answered() int { return x.checks.Up + x.checks.Degraded }

func encodeDaily(days []day) []byte {
	b := make([]byte, 0, len(dailyHeader)+120*len(days))
	b = append(b, dailyHeader...)
	for _, x := range days {
		b = append(b, x.date.String()...)
		c := x.checks
		for _, n := range []int64{x.up, x.degraded, x.down, x.maint, int64(c.Up), int64(c.Degraded), int64(c.Down), int64(c.Unknown), int64(c.Maintenance), int64(x.p50), int64(x.p95), int64(x.max)} {
			b = append(b, '\t')
			b = strconv.AppendInt(b, n, 10)
		}
		b = append(b, '\t')
		for i, h := range x.hist {
			if i > 0 {
				b = append(b, ' ')
			}
			b = strconv.AppendInt(b, int64(h.bound), 10)
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(h.n), 10)
		}
		b = append(b, '\n')
	}
	return b
}

// decodeDaily reads a daily file: rows must be in date order, each no
// longer than its day in loc. Damaged rows come back as damage.
func decodeDaily(path string, b []byte, loc *time.Location) ([]day, []damage) {
	var days []day
	var bad []damage
	lines(b, func(n int, line string) {
		x, err := parseDay(line, loc)
		if err == nil && len(days) > 0 && !days[len(days)-1].date.before(x.date) {
			err = fmt.Errorf("day %s: not after %s", x.date, days[len(days)-1].date)
		}
		if err != nil {
			bad = append(bad, damaged(path, n, line, err.Error()))
			return
		}
		days = append(days, x)
	})
	return days, bad
}

var dailyFields = []string{"up_s", "degraded_s", "down_s", "maintenance_s", "checks_up", "checks_degraded", "checks_down", "checks_unknown", "checks_maintenance", "p50_ms", "p95_ms", "max_ms"}

func parseDay(line string, loc *time.Location) (day, error) {
	f := strings.Split(line, "\t")
	if len(f) != 14 {
		return day{}, fmt.Errorf("want 14 tab-separated fields, got %d", len(f))
	}
	t, err := time.Parse(dayLayout, f[0])
	if err != nil {
		return day{}, fmt.Errorf("day: want a date like 2026-11-26; got %q", f[0])
	}
	x := day{date: date{t.Year(), t.Month(), t.Day()}}
	var v [12]int64
	for i, name := range dailyFields {
		if v[i], err = parseInt(f[i+1], 0, 1<<31-1); err != nil {
			return day{}, fmt.Errorf("%s: %w", name, err)
		}
	}
	x.up, x.degraded, x.down, x.maint = v[0], v[1], v[2], v[3]
	x.checks = candor.Counts{Up: int(v[4]), Degraded: int(v[5]), Down: int(v[6]), Unknown: int(v[7]), Maintenance: int(v[8])}
	x.p50, x.p95, x.max = int32(v[9]), int32(v[10]), int32(v[11])
	if long := int64(x.date.next().start(loc).Sub(x.date.start(loc)).Seconds()); x.measured() > long {
		return day{}, fmt.Errorf("day %s: %d seconds measured in a day of %d", x.date, x.measured(), long)
	}
	if x.hist, err = parseHist(f[13]); err != nil {
		return day{}, fmt.Errorf("latency_histogram: %w", err)
	}
	return x, nil
}

func parseHist(s string) ([]bin, error) {
	if s == "" {
		return nil, nil
	}
	var out []bin
	for _, p := range strings.Split(s, " ") {
		a, c, ok := strings.Cut(p, ":")
		if !ok {
			return nil, fmt.Errorf("want bound_ms:checks; got %q", p)
		}
		b, err := parseInt(a, 0, 1<<31-1)
		if err != nil {
			return nil, err
		}
		n, err := parseInt(c, 1, 1<<31-1)
		if err != nil {
			return nil, err
		}
		if len(out) > 0 && int32(b) <= out[len(out)-1].bound {
			return nil, fmt.Errorf("bounds must rise; %d after %d", b, out[len(out)-1].bound)
		}
		out = append(out, bin{int32(b), int32(n)})
	}
	return out, nil
}
