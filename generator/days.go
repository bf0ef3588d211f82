package generator

import (
	"bytes"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// daysFile is each component's days, beside its page, compact JSON: what
// the day card on the 90-day bars shows. The page script fetches it when a visitor
// first points at, taps or steps into a bar, so it weighs nothing on the
// home page itself.
const daysFile = "days.json"

// daysDoc is components/<id>/days.json.
type daysDoc struct {
	Component string    `json:"component"`
	Name      string    `json:"name"`
	Page      string    `json:"page"` // the component page, where each day has a row
	Days      []dayJSON `json:"days"` // the bar's days, oldest first
}

// dayJSON is one day as the card says it; figures are written as the
// pages write them (percentages never rounded up).
type dayJSON struct {
	Date        string        `json:"date"` // 2026-11-24, in the display zone
	Day         string        `json:"day"`  // Tue 24 Nov 2026
	Class       string        `json:"class"`
	Word        string        `json:"word"`   // as the bar's key says it: "down under 1 h"
	Uptime      string        `json:"uptime"` // "" without data
	Down        string        `json:"down"`
	Degraded    string        `json:"degraded"`
	Maintenance string        `json:"maintenance"`
	Measured    string        `json:"measured"`
	Incidents   []dayIncident `json:"incidents"`
}

type dayIncident struct {
	Title  string `json:"title"`
	Impact string `json:"impact"`
	Href   string `json:"href"`
}

// dayFiles writes every component's days.json, on every core: a site of
// ten thousand components has as many.
func (r *renderer) dayFiles(f *sink) error {
	cs := r.s.components
	errs := make([]error, len(cs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(cs)) {
		wg.Go(func() {
			var b bytes.Buffer
			for i := int(next.Add(1) - 1); i < len(cs); i = int(next.Add(1) - 1) {
				var out []byte
				if out, errs[i] = encodeJSON(&b, r.daysDoc(cs[i]), true); errs[i] == nil {
					f.put(componentPath(cs[i])+daysFile, out)
				}
			}
		})
	}
	wg.Wait()
	return firstError(errs)
}

func (r *renderer) daysDoc(c *component) daysDoc {
	doc := daysDoc{Component: c.ID, Name: c.name(), Page: r.link(componentPath(c)), Days: []dayJSON{}}
	for _, d := range r.s.days(c) {
		doc.Days = append(doc.Days, r.dayJSON(c, d))
	}
	return doc
}

func (r *renderer) dayJSON(c *component, d day) dayJSON {
	m, n := d.Figures.Minutes, r.s.dayNames.of(d.Figures.Start.In(r.s.loc()))
	j := dayJSON{Date: n.iso, Day: n.long, Class: d.Class, Word: keyWord(d.Class),
		Down: minutes(m.Down), Degraded: minutes(m.Degraded), Maintenance: minutes(m.Maintenance), Measured: pct(m.Coverage()),
		Incidents: []dayIncident{}}
	if up, ok := m.Uptime(); ok {
		j.Uptime = pct(up)
	}
	for _, inc := range c.Incidents {
		if during(inc, d.Figures.Start, d.Figures.End) {
			j.Incidents = append(j.Incidents, dayIncident{Title: inc.Title, Impact: impactLabel(inc.Impact), Href: r.link("incidents/" + inc.ID + "/")})
		}
	}
	return j
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
