package generator

import (
	"html/template"
	"strings"
)

// The markup repeated for every day of every component: a site of 10,000
// components has 900,000 bar cells on its home page and as many again on
// its component pages, and html/template spends a reflective call and an
// escaper on each value of each. These functions write that markup
// directly. Only values the generator computes go into it (a class from a
// closed set, dates, figures in words), and each is escaped as text all
// the same, with html/template's own replacement table (escapeHTML), so
// the result is as safe as the template's and byte for byte the same. A theme that renders .Days itself still can.

// cellTags are the elements of the home page's cells, one per class:
// an element's name is its look, so a cell is "<b></b>", 7 bytes, not
// "<i class="major"></i>", 21; at 100 components of 90 days that differ
// from day to day it is 0.75 KB of the 14 KB budget after gzip. None of
// them carries meaning once empty. style.css gives each its colour and
// height; the component page's cells keep their class names.
var cellTags = [...]struct{ class, tag string }{
	{"ok", "i"}, {"deg", "u"}, {"part", "p"}, {"major", "b"}, {"maint", "q"}, {"none", "s"},
}

func cellTag(class string) string {
	for _, t := range cellTags {
		if t.class == class {
			return t.tag
		}
	}
	return "s"
}

// Cells is the home page's bar: one empty element per day, its name its
// look (cellTags).
func (b dayBar) Cells() template.HTML {
	var w strings.Builder
	w.Grow(len(b.Days) * len(`<b></b>`))
	for _, c := range b.Days {
		t := cellTag(c.Class)
		w.WriteString("<" + t + "></" + t + ">")
	}
	return template.HTML(w.String())
}

// Links is the component page's bar: one link per day to its row, named
// by what the day measured. The markup is sized before it is written:
// a page's bar and days are some 20 KB, and a guess ten thousand times
// a round is garbage the collector pays for.
func (b dayBar) Links() template.HTML {
	const cell = len(`<a class="" href="#" aria-label=": " tabindex="-1"></a>`)
	summaries := make([]string, len(b.Days))
	n := 0
	for i, c := range b.Days {
		summaries[i] = minutesSummary(c.minutes)
		n += cell + len(c.Class) + len(c.name.id) + len(c.name.short) + len(summaries[i])
	}
	var w strings.Builder
	w.Grow(n)
	for i, c := range b.Days {
		w.WriteString(`<a class="`)
		escapeHTML(&w, c.Class)
		w.WriteString(`" href="#`)
		escapeHTML(&w, c.name.id)
		w.WriteString(`" aria-label="`)
		escapeHTML(&w, c.name.short) // Title, written in its two parts
		w.WriteString(`: `)
		escapeHTML(&w, summaries[i])
		w.WriteString(`" tabindex="-1"></a>`)
	}
	return template.HTML(w.String())
}

// dayRows is the component page's table of days, one row a day.
func dayRows(rows []dayRow) template.HTML {
	const row = len(`<tr id=""><th scope="row"></th><td></td><td></td></tr>`)
	n := 0
	for _, r := range rows {
		n += row + len(r.ID) + len(r.Date) + len(r.Summary) + len(r.Latency)
	}
	var w strings.Builder
	w.Grow(n)
	for _, r := range rows {
		w.WriteString(`<tr id="`)
		escapeHTML(&w, r.ID)
		w.WriteString(`"><th scope="row">`)
		escapeHTML(&w, r.Date)
		w.WriteString(`</th><td>`)
		escapeHTML(&w, r.Summary)
		w.WriteString(`</td><td>`)
		escapeHTML(&w, r.Latency)
		w.WriteString(`</td></tr>`)
	}
	return template.HTML(w.String())
}
