package generator

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// Charts are inline SVG drawn by the templates from numbers computed here:
// path data is made of numbers and commands only, so it needs no trust.

// sparkline is a component's latency over the last 24 hours on the home
// page: hourly means on eight levels, small enough for a hundred rows.
type sparkline struct {
	D      string // path data, viewBox 0 0 92 16
	Label  string // text equivalent
	Median string // "120 ms", shown beside it
}

const sparkHours = 24

func (s *site) sparkline(c *component) sparkline {
	start := s.in.Now.Add(-sparkHours * time.Hour)
	var sum [sparkHours]time.Duration
	var n [sparkHours]int
	for _, p := range c.Measured.Recent {
		i := int(p.At.Sub(start) / time.Hour)
		if i < 0 || i >= sparkHours || !answered(p.Outcome) || p.Latency <= 0 {
			continue
		}
		sum[i] += p.Latency
		n[i]++
	}
	var means [sparkHours]float64
	top, low := 0.0, math.Inf(1)
	for i := range means {
		if n[i] > 0 {
			means[i] = float64(sum[i]) / float64(n[i])
			top, low = math.Max(top, means[i]), math.Min(low, means[i])
		}
	}
	if top == 0 {
		return sparkline{}
	}
	// The line spans at least a fifth of the slowest hour, so noise stays
	// small and a real change shows.
	span := math.Max(top-low, top/5)
	bottom := top - span
	var b strings.Builder
	prev, gap := 0, true
	for i, m := range means {
		if n[i] == 0 {
			gap = true
			continue
		}
		y := 15 - 2*int(math.Round(7*(m-bottom)/span))
		switch {
		case gap:
			b.WriteString("M" + strconv.Itoa(4*i) + " " + strconv.Itoa(y))
		case y == prev:
			b.WriteString("h4")
		default:
			b.WriteString("l4 " + strconv.Itoa(y-prev))
		}
		prev, gap = y, false
	}
	f := c.Measured.Last24
	return sparkline{D: b.String(), Label: "Latency over 24 hours: median " + ms(f.P50) + ", slowest " + ms(f.Max), Median: ms(f.P50)}
}

// answered reports whether a check got an answer whose latency means
// something.
func answered(o candor.Outcome) bool { return o == candor.Up || o == candor.Degraded }

// chart is a latency chart on a component page, viewBox 0 0 W H.
type chart struct {
	W, H  int
	Lines []chartLine
	Marks string // path data of failed checks (ticks along the bottom)
	Top   string // the latency at the top edge, "800 ms"
	Label string // text equivalent
	Grid  []gridLine
	// Legend names the lines when there is more than one kind.
	Legend []legendItem
}

type chartLine struct {
	Class string // p50, p95, raw, v0 to v3 (a vantage point's)
	D     string
}

// legendItem names a line of a chart.
type legendItem struct {
	Class, Name string
}

// vantageClasses tell apart the lines of up to four vantage points by
// their dashes, so no colour has to.
const vantageClasses = 4

// vantageLines draws each vantage point's latency in vcs, thinner than
// the merged line, when the config declares vantage points.
func (s *site) vantageLines(vcs []candor.VantageCheck, x func(time.Time) float64, scale time.Duration) []chartLine {
	var out []chartLine
	for i, vp := range s.in.Config.Vantages {
		var line []byte
		pen := false
		for _, v := range vcs {
			if v.Vantage != vp.ID {
				continue
			}
			if !answered(v.Outcome) {
				pen = false
				continue
			}
			line = appendPoint(line, penCmd(pen), x(v.At), yOf(float64(v.Latency), float64(scale)))
			pen = true
		}
		if len(line) > 0 {
			out = append(out, chartLine{Class: "v" + strconv.Itoa(i%vantageClasses), D: string(line)})
		}
	}
	return out
}

// vantageLegend names the vantage points vantageLines drew.
func (s *site) vantageLegend(vcs []candor.VantageCheck) []legendItem {
	var out []legendItem
	for i, vp := range s.in.Config.Vantages {
		if slices.ContainsFunc(vcs, func(v candor.VantageCheck) bool { return v.Vantage == vp.ID && answered(v.Outcome) }) {
			out = append(out, legendItem{Class: "v" + strconv.Itoa(i%vantageClasses), Name: vp.Name})
		}
	}
	if len(out) > 0 {
		out = append([]legendItem{{Class: "raw", Name: "the check as counted"}}, out...)
	}
	return out
}

// withinVantages is within for the vantage points' checks.
func withinVantages(vcs []candor.VantageCheck, from, to time.Time) []candor.VantageCheck {
	i := sort.Search(len(vcs), func(i int) bool { return !vcs[i].At.Before(from) })
	j := sort.Search(len(vcs), func(j int) bool { return !vcs[j].At.Before(to) })
	return vcs[i:max(i, j)]
}

type gridLine struct {
	Y     int
	Label string
}

const chartH = 120

// dailyChart draws p50 and p95 per day over the bar's days.
func (s *site) dailyChart(c *component, days []day) chart {
	var top time.Duration
	for _, d := range days {
		top = max(top, d.Figures.P95)
	}
	ch := chart{W: 4 * (len(days) - 1), H: chartH}
	if top == 0 {
		ch.Label = "No latency measured in the last 90 days"
		return ch
	}
	scale := niceTop(top)
	p50 := make([]float64, len(days))
	p95 := make([]float64, len(days))
	var slowest day
	for i, d := range days {
		p50[i], p95[i] = float64(d.Figures.P50), float64(d.Figures.P95)
		if d.Figures.P95 > slowest.Figures.P95 {
			slowest = d
		}
	}
	x := func(i int) float64 { return float64(4 * i) }
	ch.Lines = []chartLine{
		{"p95", linePath(p95, x, float64(scale))},
		{"p50", linePath(p50, x, float64(scale))},
	}
	ch.Top, ch.Grid = ms(scale), grid(scale)
	ch.Label = "Latency per day over 90 days: typical median " + ms(time.Duration(medianOf(p50))) +
		"; slowest 95th percentile " + ms(slowest.Figures.P95) + " on " + slowest.Figures.Start.In(s.loc()).Format("2 Jan")
	return ch
}

// recentChart draws the last 24 hours of raw checks, failures as ticks.
func (s *site) recentChart(c *component) chart {
	start := s.in.Now.Add(-24 * time.Hour)
	pts := within(c.Measured.Recent, start, s.in.Now)
	ch := chart{W: 288, H: chartH}
	var top time.Duration
	var lat []float64
	failed := 0
	for _, p := range pts {
		if answered(p.Outcome) {
			top = max(top, p.Latency)
			lat = append(lat, float64(p.Latency))
		}
	}
	for _, v := range withinVantages(c.Measured.RecentVantages, start, s.in.Now) {
		if answered(v.Outcome) {
			top = max(top, v.Latency) // every line fits
		}
	}
	if len(pts) == 0 {
		ch.Label = "No checks in the last 24 hours"
		return ch
	}
	scale := max(niceTop(top), time.Millisecond)
	x := func(t time.Time) float64 { return math.Round(t.Sub(start).Minutes()/5*10) / 10 }
	line := make([]byte, 0, 16*len(pts))
	var marks []byte
	pen := false
	for _, p := range pts {
		if !answered(p.Outcome) {
			pen = false
			if p.Outcome == candor.Down {
				failed++
				marks = appendPoint(marks, 'M', x(p.At), chartH)
				marks = append(marks, "v-8"...)
			}
			continue
		}
		line = appendPoint(line, penCmd(pen), x(p.At), yOf(float64(p.Latency), float64(scale)))
		pen = true
	}
	ch.Lines = []chartLine{{"raw", string(line)}}
	vcs := withinVantages(c.Measured.RecentVantages, start, s.in.Now)
	ch.Lines, ch.Legend = append(ch.Lines, s.vantageLines(vcs, x, scale)...), s.vantageLegend(vcs)
	ch.Marks = string(marks)
	ch.Top, ch.Grid = ms(scale), grid(scale)
	ch.Label = "Last 24 hours: " + plural(len(pts), "check") + ", " + strconv.Itoa(failed) + " down"
	if len(lat) > 0 {
		ch.Label += ", median " + ms(time.Duration(medianOf(lat))) + ", slowest " + ms(top)
	}
	return ch
}

// within is the points in [from, to), the range the figures count, so the
// chart's count of checks agrees with the uptime table's.
func within(pts []candor.Point, from, to time.Time) []candor.Point {
	i := sort.Search(len(pts), func(i int) bool { return !pts[i].At.Before(from) })
	j := sort.Search(len(pts), func(j int) bool { return !pts[j].At.Before(to) })
	return pts[i:max(i, j)]
}

// linePath draws values over a chart, leaving gaps where a value is 0 (no
// data that day).
func linePath(v []float64, x func(int) float64, scale float64) string {
	b := make([]byte, 0, 12*len(v))
	pen := false
	for i, y := range v {
		if y <= 0 {
			pen = false
			continue
		}
		b = appendPoint(b, penCmd(pen), x(i), yOf(y, scale))
		pen = true
	}
	return string(b)
}

// penCmd is the path command to the next point: a line when the pen is
// down, a move when it is up.
func penCmd(down bool) byte {
	if down {
		return 'L'
	}
	return 'M'
}

// appendPoint appends a path command and a point, "L12 34.5".
func appendPoint(b []byte, cmd byte, x, y float64) []byte {
	b = append(b, cmd)
	b = strconv.AppendFloat(b, x, 'f', -1, 64)
	b = append(b, ' ')
	return strconv.AppendFloat(b, y, 'f', -1, 64)
}

func yOf(v, scale float64) float64 {
	return math.Round((chartH-(chartH-4)*math.Min(v, scale)/scale)*10) / 10
}

// niceTop rounds a latency up to 1, 2 or 5 times a power of ten ms.
func niceTop(d time.Duration) time.Duration {
	m := float64(d) / float64(time.Millisecond)
	if m <= 1 {
		return time.Millisecond
	}
	p := math.Pow(10, math.Floor(math.Log10(m)))
	for _, f := range []float64{1, 2, 5, 10} {
		if m <= f*p {
			return time.Duration(f*p) * time.Millisecond
		}
	}
	return d
}

// grid is a line at half and at the top of the chart.
func grid(top time.Duration) []gridLine {
	return []gridLine{{Y: 4, Label: ms(top)}, {Y: 4 + (chartH-4)/2, Label: ms(top / 2)}}
}

func medianOf(v []float64) float64 {
	var xs []float64
	for _, x := range v {
		if x > 0 {
			xs = append(xs, x)
		}
	}
	if len(xs) == 0 {
		return 0
	}
	sort.Float64s(xs)
	return xs[len(xs)/2]
}
