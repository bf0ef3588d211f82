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
// page: two-hour means on eight levels, small enough for a hundred rows
// (hourly means cost 0.9 KB more of the home page's budget at 100
// components, for a line 92 px wide).
type sparkline struct {
	D      string // path data, viewBox 0 0 92 16
	Label  string // what the line and median are, for screen readers: "Latency,"
	Period string // the period, shown: "24 h median"
	Median string // "120 ms", shown beside it
}

const (
	sparkHours  = 24
	sparkPoints = 12
	sparkStep   = 8 // the path's x step; (sparkPoints-1)*sparkStep fits the viewBox's 92
)

func (s *site) sparkline(c *component) sparkline {
	start := s.in.Now.Add(-sparkHours * time.Hour)
	per := sparkHours * time.Hour / sparkPoints
	var sum [sparkPoints]time.Duration
	var n [sparkPoints]int
	for _, p := range c.Measured.Recent {
		d := p.At.Sub(start)
		if d < 0 || d >= sparkHours*time.Hour || !answered(p.Outcome) || p.Latency <= 0 {
			continue
		}
		i := int(d / per)
		sum[i] += p.Latency
		n[i]++
	}
	var means [sparkPoints]float64
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
	// The line spans at least a fifth of the slowest stretch, so noise
	// stays small and a real change shows.
	span := math.Max(top-low, top/5)
	bottom := top - span
	// "M0 13l8-2 8 2 8 0": one relative line command for each run of
	// points, its pairs repeated without the letter, which a hundred rows
	// feel.
	step := strconv.Itoa(sparkStep)
	var b strings.Builder
	prev, gap, first := 0, true, false
	for i, m := range means {
		if n[i] == 0 {
			gap = true
			continue
		}
		y := 15 - 2*int(math.Round(7*(m-bottom)/span))
		switch {
		case gap:
			b.WriteString("M" + strconv.Itoa(sparkStep*i) + " " + strconv.Itoa(y))
			first = true
		case first:
			b.WriteString("l" + step + signed(y-prev))
			first = false
		default:
			b.WriteString(" " + step + signed(y-prev))
		}
		prev, gap = y, false
	}
	f := c.Measured.Last24
	return sparkline{D: b.String(), Label: "Latency,", Period: "24 h median", Median: ms(f.P50)}
}

// signed is n as the next number of a path: a minus sign separates it.
func signed(n int) string {
	if n < 0 {
		return strconv.Itoa(n)
	}
	return " " + strconv.Itoa(n)
}

// answered reports whether a check got an answer whose latency means
// something.
func answered(o candor.Outcome) bool { return o == candor.Up || o == candor.Degraded }

// chart is a latency chart on a component page, viewBox 0 0 W H, with its
// axes: latency up the side, time along the bottom, each label placed at
// a percentage of the plot so it stays upright however the plot stretches.
type chart struct {
	W, H  int
	Lines []chartLine
	Marks string // path data of failed checks (ticks along the bottom)
	Label string // text equivalent, saying the period first
	Grid  []gridLine
	Y, X  []axisLabel
	// Legend names the lines when there is more than one kind.
	Legend []legendItem
}

type chartLine struct {
	Class string // p50, p95, raw, v0 to v3 (a vantage point's)
	D     string
	Dots  string // points with no neighbour to join, drawn as dots
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
	Y int
}

// axisLabel is a label on an axis at Pos percent of the plot, from the top
// (latency) or from the left (time).
type axisLabel struct {
	Pos   string // "33.3%"
	Label string
	Class string // x0, x1: a time label at the left or right edge, kept inside
}

const chartH = 120

// dailyChart draws p50 and p95 per day, from the first day with latency
// measured to the last, so a page with one day of data shows that day.
func (s *site) dailyChart(c *component, days []day) chart {
	first, last := -1, -1
	var top time.Duration
	for i, d := range days {
		if d.Figures.P95 > 0 || d.Figures.P50 > 0 {
			if first < 0 {
				first = i
			}
			last = i
			top = max(top, d.Figures.P95, d.Figures.P50)
		}
	}
	ch := chart{H: chartH}
	if first < 0 {
		ch.W = 4 * (len(days) - 1)
		ch.Label = "No latency measured in the last 90 days"
		return ch
	}
	days = days[first : last+1]
	loc := s.loc()
	period := dateRange(days[0].Figures.Start.In(loc), days[len(days)-1].Figures.Start.In(loc))
	ch.W = max(4*(len(days)-1), 4)
	scale := niceTop(top)
	p50 := make([]float64, len(days))
	p95 := make([]float64, len(days))
	slowest := days[0]
	for i, d := range days {
		p50[i], p95[i] = float64(d.Figures.P50), float64(d.Figures.P95)
		if d.Figures.P95 > slowest.Figures.P95 {
			slowest = d
		}
	}
	x := func(i int) float64 {
		if len(days) == 1 {
			return 2 // one day: in the middle
		}
		return float64(4 * i)
	}
	l95, d95 := linePath(p95, x, float64(scale))
	l50, d50 := linePath(p50, x, float64(scale))
	ch.Lines = []chartLine{{"p95", l95, d95}, {"p50", l50, d50}}
	ch.Grid, ch.Y = grid(scale)
	for _, i := range ticks(len(days)) {
		ch.X = append(ch.X, xLabel(x(i), float64(ch.W), days[i].Figures.Start.In(loc).Format("2 Jan")))
	}
	ch.Label = "Latency per day, " + period + ": typical median " + ms(time.Duration(medianOf(p50))) +
		"; slowest 95th percentile " + ms(slowest.Figures.P95) + " on " + slowest.Figures.Start.In(loc).Format("2 Jan")
	return ch
}

// ticks are up to four evenly spaced indexes of n, the first and last
// among them.
func ticks(n int) []int {
	switch {
	case n <= 0:
		return nil
	case n == 1:
		return []int{0}
	case n < 4:
		return []int{0, n - 1}
	}
	return []int{0, (n - 1) / 3, 2 * (n - 1) / 3, n - 1}
}

// dateRange is "3 Sep – 1 Dec 2026", or one day.
func dateRange(from, to time.Time) string {
	if from.Equal(to) {
		return to.Format("2 Jan 2006")
	}
	return from.Format("2 Jan") + " – " + to.Format("2 Jan 2006")
}

// xLabel is a time label at v of the plot's width w.
func xLabel(v, w float64, label string) axisLabel {
	l := axisLabel{Pos: percent(v, w), Label: label}
	switch {
	case v <= w/20:
		l.Class = "x0"
	case v >= w*19/20:
		l.Class = "x1"
	}
	return l
}

// percent is v of whole as a CSS percentage.
func percent(v, whole float64) string {
	return strconv.FormatFloat(math.Round(1000*v/whole)/10, 'f', -1, 64) + "%"
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
	loc := s.loc()
	period := start.In(loc).Format("2 Jan 15:04") + " – " + s.in.Now.In(loc).Format("2 Jan 15:04 MST")
	if len(pts) == 0 {
		ch.Label = "No checks in the last 24 hours (" + period + ")"
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
	ch.Lines = []chartLine{{Class: "raw", D: string(line)}}
	vcs := withinVantages(c.Measured.RecentVantages, start, s.in.Now)
	ch.Lines, ch.Legend = append(ch.Lines, s.vantageLines(vcs, x, scale)...), s.vantageLegend(vcs)
	ch.Marks = string(marks)
	ch.Grid, ch.Y = grid(scale)
	// A label every six hours, on the hour in the display zone.
	h := start.In(loc).Truncate(time.Hour).Add(time.Hour)
	for h.Hour()%6 != 0 {
		h = h.Add(time.Hour)
	}
	for ; h.Before(s.in.Now); h = h.Add(6 * time.Hour) {
		ch.X = append(ch.X, xLabel(x(h), float64(ch.W), h.In(loc).Format("15:04")))
	}
	// The axis names its zone: the page script shows times in the
	// visitor's zone, never the axis.
	if n := len(ch.X); n > 0 {
		ch.X[n-1].Label += " " + s.in.Now.In(loc).Format("MST")
	}
	ch.Label = "Every check, " + period + ": " + plural(len(pts), "check") + ", " + strconv.Itoa(failed) + " down"
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
// data that day); a value with no neighbour to join goes into dots.
func linePath(v []float64, x func(int) float64, scale float64) (line, dots string) {
	b := make([]byte, 0, 12*len(v))
	var d []byte
	for i, y := range v {
		if y <= 0 {
			continue
		}
		prev, next := i > 0 && v[i-1] > 0, i+1 < len(v) && v[i+1] > 0
		switch {
		case !prev && !next:
			d = appendPoint(d, 'M', x(i), yOf(y, scale))
			d = append(d, "h0"...)
		default:
			b = appendPoint(b, penCmd(prev), x(i), yOf(y, scale))
		}
	}
	return string(b), string(d)
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
	b = appendTenths(b, x)
	b = append(b, ' ')
	return appendTenths(b, y)
}

// appendTenths appends v as strconv.AppendFloat(b, v, 'f', -1, 64) does.
// A chart's coordinates are rounded to tenths: for v that is exactly the
// float of k/10, 0 <= k < 10^9, the shortest decimal that reads back as v
// is k/10 itself, written here from the integer without the general
// shortest-float search, which was most of a component page's chart time.
// Anything else goes to strconv.
func appendTenths(b []byte, v float64) []byte {
	k := math.Round(v * 10)
	if !(k >= 0 && k < 1e9 && k/10 == v) || math.Signbit(v) {
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	}
	n := int64(k)
	b = strconv.AppendInt(b, n/10, 10)
	if d := n % 10; d != 0 {
		b = append(b, '.', byte('0'+d))
	}
	return b
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

// grid is a line at the top, at half and at the bottom of the chart, each
// labelled with its latency.
func grid(top time.Duration) ([]gridLine, []axisLabel) {
	lines := []gridLine{{4}, {4 + (chartH-4)/2}, {chartH}}
	labels := make([]axisLabel, len(lines))
	for i, g := range lines {
		labels[i] = axisLabel{Pos: percent(float64(g.Y), chartH), Label: ms(top * time.Duration(chartH-g.Y) / (chartH - 4))}
	}
	return lines, labels
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
