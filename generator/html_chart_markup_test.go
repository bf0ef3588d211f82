package generator

import (
	"bytes"
	"html/template"
	"testing"
)

// chartTemplate is base.html's "chart" piece as a template, before the
// generator wrote its markup: chart.HTML must write what it wrote.
const chartTemplate = `{{define "chart"}}<figure class="ch">{{if .Lines}}<div class="plot" aria-hidden="true"><svg viewBox="0 0 {{.W}} {{.H}}" preserveAspectRatio="none">{{range .Grid}}<path class="g" d="M0 {{.Y}}H{{$.W}}"/>{{end}}{{range $l := .Lines}}<path class="{{$l.Class}}" d="{{$l.D}}"/>{{with $l.Dots}}<path class="{{$l.Class}} dot" d="{{.}}"/>{{end}}{{end}}{{with .Marks}}<path class="fail" d="{{.}}"/>{{end}}</svg>
{{range .Y}}<span class="yl" style="top:{{.Pos}}">{{.Label}}</span>{{end}}{{range .X}}<span class="xl{{with .Class}} {{.}}{{end}}" style="left:{{.Pos}}">{{.Label}}</span>{{end}}</div>{{end}}
<figcaption>{{.Label}}.{{if .Marks}} Ticks along the bottom: failed checks.{{end}}{{with .Legend}}<span class="lg">{{range .}} <svg viewBox="0 0 24 6" aria-hidden="true"><path class="{{.Class}}" d="M0 3H24"/></svg> {{.Name}}{{end}}</span>{{end}}</figcaption></figure>{{end}}`

func TestChartHTMLIsTheTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(chartTemplate))
	hostile := `<b a="x" b='y'>&amp; 1+1 ` + "\x00 \u2028 é \xff`=" + `</b>`
	charts := []chart{
		{},
		{W: 4, H: chartH, Label: hostile},
		{W: 288, H: chartH, Marks: "M1 120v-8", Label: hostile,
			Lines:  []chartLine{{Class: "raw", D: "M0 1L2 3"}, {Class: hostile, D: hostile, Dots: hostile}},
			Grid:   []gridLine{{4}, {62}, {120}},
			Y:      []axisLabel{{Pos: "3.3%", Label: "100 ms"}, {Pos: hostile, Label: hostile}, {Pos: "-1%"}, {Pos: "--1%"}, {Pos: "1px"}, {Pos: "expression(1)"}, {Pos: "+Inf%"}, {Pos: "NaN%"}, {Pos: `\\41 x`}},
			X:      []axisLabel{{Pos: "0%", Label: "06:00", Class: "x0"}, {Pos: "50%", Label: hostile, Class: hostile}},
			Legend: []legendItem{{Class: "raw", Name: "the check as counted"}, {Class: hostile, Name: hostile}}},
	}
	s := newSite(generatedInput(20, 5))
	for _, c := range s.components {
		days := s.days(c)
		charts = append(charts, s.dailyChart(c, days), s.recentChart(c))
	}
	var b bytes.Buffer
	for i, ch := range charts {
		b.Reset()
		if err := tmpl.ExecuteTemplate(&b, "chart", ch); err != nil {
			t.Fatal(err)
		}
		if got := string(ch.HTML()); got != b.String() {
			t.Errorf("chart %d:\n got %s\nwant %s", i, got, b.String())
		}
	}
}
