package generator

import (
	"bytes"
	"encoding/json"
	"runtime"
	"time"
)

// daysFile is each component's days, beside its page, compact JSON: what
// the day card on the 90-day bars shows. The page script fetches it when a visitor
// first points at, taps or steps into a bar, so it weighs nothing on the
// home page itself.
const daysFile = "days.json"

// components/<id>/days.json is {"component", "name", "page" (the
// component page, where each day has a row), "days"}: the bar's days,
// oldest first, each {"date" (2026-11-24, in the display zone), "day"
// (Tue 24 Nov 2026), "class", "word" (as the bar's key says it: "down
// under 1 h"), "uptime" ("" without data), "down", "degraded",
// "maintenance", "measured", "incidents": [{"title", "impact", "href"}]},
// figures as the pages write them (percentages never rounded up).
// days_test.go has it as the structs it was encoded from.

// dayFiles writes every component's days.json, on every core: a site of
// ten thousand components has as many.
func (r *renderer) dayFiles(f *sink) {
	cs := r.s.components
	bufs := make([][]byte, runtime.GOMAXPROCS(0)) // one per worker: each file keeps only its own bytes
	inParallel(len(bufs), len(cs), func(w, i int) {
		bufs[w] = r.appendDaysJSON(bufs[w][:0], cs[i])
		f.put(componentPath(cs[i])+daysFile, bytes.Clone(bufs[w]))
	})
}

// keyWord is a day's class in the words of the bars' key.
func keyWord(class string) string {
	switch class {
	case "ok":
		return "no downtime"
	case "deg":
		return "degraded"
	case "part":
		return "down under 1 h"
	case "major":
		return "down 1 h or more"
	case "maint":
		return "maintenance"
	}
	return "no data"
}

// during reports whether an incident was open at some time in [from, to).
func during(inc *incident, from, to time.Time) bool {
	return inc.Started.Before(to) && (inc.Open() || inc.Resolved.After(from))
}

// appendDaysJSON appends c's days.json to b: what encodeJSON wrote of
// the structs in days_test.go, compact, written directly. A site of 10,000 components
// has 900,000 days, and building each as a struct of ten strings for the
// reflective encoder allocated half a gigabyte a round
// (TestDaysJSONIsTheEncoder holds the two together).
func (r *renderer) appendDaysJSON(b []byte, c *component) []byte {
	b = append(b, `{"component":`...)
	b = appendJSONString(b, c.ID)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, c.name())
	b = append(b, `,"page":`...)
	b = appendJSONString(b, r.link(componentPath(c)))
	b = append(b, `,"days":[`...)
	for i, d := range r.s.days(c) {
		if i > 0 {
			b = append(b, ',')
		}
		m, n := d.Figures.Minutes, r.s.dayNames.of(d.Figures.Start.In(r.s.loc()))
		b = append(b, `{"date":`...)
		b = appendJSONString(b, n.iso)
		b = append(b, `,"day":`...)
		b = appendJSONString(b, n.long)
		b = append(b, `,"class":`...)
		b = appendJSONString(b, d.Class)
		b = append(b, `,"word":`...)
		b = appendJSONString(b, keyWord(d.Class))
		b = append(b, `,"uptime":`...)
		if up, ok := m.Uptime(); ok {
			b = appendJSONString(b, pct(up))
		} else {
			b = append(b, `""`...)
		}
		b = append(b, `,"down":`...)
		b = appendJSONString(b, minutes(m.Down))
		b = append(b, `,"degraded":`...)
		b = appendJSONString(b, minutes(m.Degraded))
		b = append(b, `,"maintenance":`...)
		b = appendJSONString(b, minutes(m.Maintenance))
		b = append(b, `,"measured":`...)
		b = appendJSONString(b, pct(m.Coverage()))
		b = append(b, `,"incidents":[`...)
		first := true
		for _, inc := range c.Incidents {
			if !during(inc, d.Figures.Start, d.Figures.End) {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, `{"title":`...)
			b = appendJSONString(b, inc.Title)
			b = append(b, `,"impact":`...)
			b = appendJSONString(b, impactLabel(inc.Impact))
			b = append(b, `,"href":`...)
			b = appendJSONString(b, r.link("incidents/"+inc.ID+"/"))
			b = append(b, '}')
		}
		b = append(b, "]}"...)
	}
	return append(b, "]}\n"...)
}

// appendJSONString appends s as encoding/json writes a string without
// HTML escaping: printable ASCII but the quote and the backslash as it
// is, anything else through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			var w bytes.Buffer
			enc := json.NewEncoder(&w)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(s); err != nil { // a string always encodes
				panic(err)
			}
			return append(b, bytes.TrimSuffix(w.Bytes(), []byte("\n"))...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
