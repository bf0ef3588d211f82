package generator

import (
	"bytes"
	"testing"
)

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

// TestDaysJSONIsTheEncoder holds appendDaysJSON to what encoding/json
// writes of the days as structs, for a fixture site and for a component
// whose names and incidents need escaping.
func TestDaysJSONIsTheEncoder(t *testing.T) {
	in := generatedInput(30, 40)
	s := newSite(in)
	hostile := "\"<b>&amp;</b>\\ \x00\x1f\t\n é \u2028\u2029 \xff\xfe +="
	s.components[0].Name = hostile
	for _, inc := range s.incidents {
		inc.Title = hostile
	}
	r, err := newRenderer(s)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	withIncidents := 0
	for _, c := range s.components {
		want, err := encodeJSON(&b, r.daysDoc(c), true)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.appendDaysJSON(nil, c); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", c.ID, got, want)
		}
		if bytes.Contains(want, []byte(`"incidents":[{`)) {
			withIncidents++
		}
	}
	if withIncidents == 0 {
		t.Error("no day of the fixture has an incident")
	}
}
