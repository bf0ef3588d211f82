package generator

import (
	"html/template"
	"strconv"
	"strings"
)

// HTML is the chart as markup, what base.html's "chart" piece writes: a
// component page has two charts of some twenty values each, which
// html/template evaluated by reflection and escaped one action at a time
// (a third of a component page's template time). As with the cells
// (html_cells.go), every value is escaped as html/template escapes it in
// its context, so the page is byte for byte what the template wrote
// (TestChartHTMLIsTheTemplate holds the two together).
func (ch chart) HTML() template.HTML {
	var w strings.Builder
	w.Grow(512 + ch.size())
	w.WriteString(`<figure class="ch">`)
	if len(ch.Lines) > 0 {
		width := strconv.Itoa(ch.W)
		w.WriteString(`<div class="plot" aria-hidden="true"><svg viewBox="0 0 `)
		w.WriteString(width)
		w.WriteString(` `)
		w.WriteString(strconv.Itoa(ch.H))
		w.WriteString(`" preserveAspectRatio="none">`)
		for _, g := range ch.Grid {
			w.WriteString(`<path class="g" d="M0 `)
			w.WriteString(strconv.Itoa(g.Y))
			w.WriteString(`H`)
			w.WriteString(width)
			w.WriteString(`"/>`)
		}
		for _, l := range ch.Lines {
			w.WriteString(`<path class="`)
			escapeHTML(&w, l.Class)
			w.WriteString(`" d="`)
			escapeHTML(&w, l.D)
			w.WriteString(`"/>`)
			if l.Dots != "" {
				w.WriteString(`<path class="`)
				escapeHTML(&w, l.Class)
				w.WriteString(` dot" d="`)
				escapeHTML(&w, l.Dots)
				w.WriteString(`"/>`)
			}
		}
		if ch.Marks != "" {
			w.WriteString(`<path class="fail" d="`)
			escapeHTML(&w, ch.Marks)
			w.WriteString(`"/>`)
		}
		w.WriteString("</svg>\n")
		for _, y := range ch.Y {
			w.WriteString(`<span class="yl" style="top:`)
			escapeCSSValue(&w, y.Pos)
			w.WriteString(`">`)
			escapeHTML(&w, y.Label)
			w.WriteString(`</span>`)
		}
		for _, x := range ch.X {
			w.WriteString(`<span class="xl`)
			if x.Class != "" {
				w.WriteString(` `)
				escapeHTML(&w, x.Class)
			}
			w.WriteString(`" style="left:`)
			escapeCSSValue(&w, x.Pos)
			w.WriteString(`">`)
			escapeHTML(&w, x.Label)
			w.WriteString(`</span>`)
		}
		w.WriteString(`</div>`)
	}
	w.WriteString("\n<figcaption>")
	escapeHTML(&w, ch.Label)
	w.WriteString(`.`)
	if ch.Marks != "" {
		w.WriteString(` Ticks along the bottom: failed checks.`)
	}
	if len(ch.Legend) > 0 {
		w.WriteString(`<span class="lg">`)
		for _, l := range ch.Legend {
			w.WriteString(` <svg viewBox="0 0 24 6" aria-hidden="true"><path class="`)
			escapeHTML(&w, l.Class)
			w.WriteString(`" d="M0 3H24"/></svg> `)
			escapeHTML(&w, l.Name)
		}
		w.WriteString(`</span>`)
	}
	w.WriteString(`</figcaption></figure>`)
	return template.HTML(w.String())
}

// size is about how many bytes the chart's values take.
func (ch chart) size() int {
	n := len(ch.Marks) + len(ch.Label)
	for _, l := range ch.Lines {
		n += len(l.D) + len(l.Dots) + 64
	}
	return n + 64*(len(ch.Grid)+len(ch.Y)+len(ch.X)+len(ch.Legend))
}

// escapeHTML writes s as html/template writes a string in text and in a
// quoted attribute: its replacement table, '+' included, which
// template.HTMLEscapeString leaves as it is.
func escapeHTML(w *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(r)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// escapeCSSValue writes a chart label's position, a CSS percentage such
// as "33.3%", in a style attribute. html/template passes a value of
// digits, points, percent signs and single minus signs as it is; any other
// value, which percent never makes, is escaped by html/template itself.
func escapeCSSValue(w *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c == '.' || c == '%' || c == '-' && (i == 0 || s[i-1] != '-')) {
			var b strings.Builder
			if err := cssValueTemplate.Execute(&b, s); err != nil {
				w.WriteString("ZgotmplZ")
				return
			}
			out := b.String()
			w.WriteString(out[len(cssValueHead) : len(out)-len(cssValueTail)])
			return
		}
	}
	w.WriteString(s)
}

const cssValueHead, cssValueTail = `<p style="top:`, `">`

var cssValueTemplate = template.Must(template.New("").Parse(cssValueHead + `{{.}}` + cssValueTail))
