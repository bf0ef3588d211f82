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
// the same, so the result is as safe as the template's and byte for byte
// the same. A theme that renders .Days itself still can.

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
// by what the day measured.
func (b dayBar) Links() template.HTML {
	var w strings.Builder
	w.Grow(len(b.Days) * 120)
	for _, c := range b.Days {
		w.WriteString(`<a class="`)
		w.WriteString(template.HTMLEscapeString(c.Class))
		w.WriteString(`" href="#`)
		w.WriteString(template.HTMLEscapeString(c.ID()))
		w.WriteString(`" aria-label="`)
		w.WriteString(template.HTMLEscapeString(c.Title()))
		w.WriteString(`" tabindex="-1"></a>`)
	}
	return template.HTML(w.String())
}

// dayRows is the component page's table of days, one row a day.
func dayRows(rows []dayRow) template.HTML {
	var w strings.Builder
	w.Grow(len(rows) * 160)
	for _, r := range rows {
		w.WriteString(`<tr id="`)
		w.WriteString(template.HTMLEscapeString(r.ID))
		w.WriteString(`"><th scope="row">`)
		w.WriteString(template.HTMLEscapeString(r.Date))
		w.WriteString(`</th><td>`)
		w.WriteString(template.HTMLEscapeString(r.Summary))
		w.WriteString(`</td><td>`)
		w.WriteString(template.HTMLEscapeString(r.Latency))
		w.WriteString(`</td></tr>`)
	}
	return template.HTML(w.String())
}
