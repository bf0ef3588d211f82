package generator

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/internal/browsertest"
)

// vantageInput is the sample site with three vantage points: for api, eu
// and us checked every round, ap only in the first hours of the day (a
// second opinion), and in the latest round eu alone failed.
func vantageInput() Input {
	in := sampleInput()
	in.Config.Vantages = []candor.VantagePoint{{ID: "eu", Name: "Frankfurt"}, {ID: "us", Name: "Virginia"}, {ID: "ap", Name: "Singapore"}, {ID: "sa", Name: "São Paulo"}}
	in.Config.Policy.Quorum = 2
	m := in.Measured["api"]
	m.Recent = append([]candor.Point(nil), m.Recent...)
	var lastVantages []candor.VantageResult
	for i := range m.Recent {
		p := &m.Recent[i]
		p.Outcome, p.Latency = candor.Up, 180*time.Millisecond
		vs := []candor.VantageResult{
			{Vantage: "eu", Outcome: candor.Up, Latency: 120 * time.Millisecond},
			{Vantage: "us", Outcome: candor.Up, Latency: 180 * time.Millisecond},
		}
		if i < 12 {
			vs = append(vs, candor.VantageResult{Vantage: "ap", Outcome: candor.Up, Latency: 410 * time.Millisecond})
		}
		if i == len(m.Recent)-1 {
			vs[0] = candor.VantageResult{Vantage: "eu", Outcome: candor.Down, Latency: 10 * time.Second, Class: "timeout", Message: "timed out after 10s waiting for headers"}
			lastVantages = vs
		}
		for _, v := range vs {
			m.RecentVantages = append(m.RecentVantages, candor.VantageCheck{At: p.At, VantageResult: v})
		}
	}
	last := &m.Recent[len(m.Recent)-1]
	st := *m.State
	st.Outcome, st.Last = candor.Up, candor.Result{Component: "api", At: last.At, Outcome: candor.Up, Latency: 180 * time.Millisecond, Attempts: 1, Vantages: lastVantages}
	m.State = &st
	in.Measured["api"] = m
	in.Incidents = in.Incidents[1:] // not the open api incident: the dissent opens nothing
	return in
}

func TestComponentPageShowsEachLocation(t *testing.T) {
	files := pages(t, vantageInput())
	page := string(files["components/api/index.html"])
	for _, want := range []string{
		`<p class="note">1 of 2 locations failing: not confirmed — Frankfurt (timed out after 10s waiting for headers)</p>`,
		`<h2 id="vp">By location</h2>`,
		`<tr><th scope="row">Frankfurt</th><td><time datetime="2026-11-26T15:55:00Z">26 Nov 2026, 15:55 UTC</time></td><td>down</td><td>10 s</td><td>timed out after 10s waiting for headers (timeout)</td></tr>`,
		`<tr><th scope="row">Virginia</th><td><time datetime="2026-11-26T15:55:00Z">26 Nov 2026, 15:55 UTC</time></td><td>up</td><td>180 ms</td><td></td></tr>`,
		`<tr><th scope="row">Singapore</th><td><time datetime="2026-11-25T17:00:00Z">25 Nov 2026, 17:00 UTC</time></td><td>up</td><td>410 ms</td><td></td></tr>`,
		`<tr><th scope="row">São Paulo</th><td>—</td><td>no check in the last 24 hours</td><td></td><td></td></tr>`,
		"at least 2 of the locations that could see agree",
		"Frankfurt", `<path class="v0" d="M`, `<path class="v1" d="M`, `<path class="v2" d="M`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("components/api/index.html lacks %q", want)
		}
	}
	if strings.Contains(page, `class="v3"`) {
		t.Error("a line is drawn for São Paulo, which checked nothing")
	}
	// Frankfurt's failed check is not a point of its line: it has no
	// latency worth drawing, and the merged line stays up.
	v0 := regexp.MustCompile(`<path class="v0" d="([^"]*)"`).FindStringSubmatch(page)
	if v0 == nil || strings.Count(v0[1], "L")+strings.Count(v0[1], "M") != len(vantageInput().Measured["api"].Recent)-1 {
		t.Errorf("Frankfurt's line has the wrong number of points: %v", v0)
	}
	for _, want := range []string{"the check as counted", "Virginia", "Singapore"} {
		if !strings.Contains(page, `</svg> `+want) {
			t.Errorf("the chart's legend lacks %q", want)
		}
	}
	if web := string(files["components/web/index.html"]); strings.Contains(web, "not confirmed") || !strings.Contains(web, "By location") {
		t.Error("web, whose checks merged no vantage point, shows a dissent or no location table")
	}
	if db := string(files["components/billing/index.html"]); strings.Contains(db, "By location") {
		t.Error("billing, which has no probe, shows a location table")
	}
	if plain := string(pages(t, sampleInput())["components/api/index.html"]); strings.Contains(plain, "By location") || strings.Contains(plain, `class="lg"`) {
		t.Error("a config without vantages shows locations")
	}
}

func TestCandorJSONVantages(t *testing.T) {
	sch := candorSchema(t)
	in := vantageInput()
	in.Incidents, in.Evidence = nil, nil // the sample's ids are not the API's shape
	b := buildMachine(t, in)["api/candor.json"]
	if err := validateCandor(sch, b); err != nil {
		t.Fatalf("api/candor.json does not match docs/candor.schema.json: %v", err)
	}
	var doc candorDocument
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	api := doc.Components[0]
	lr := api.LastResult
	if lr == nil || lr.Locations == nil || *lr.Locations != "1 of 2 locations failing: not confirmed — Frankfurt (timed out after 10s waiting for headers)" ||
		len(lr.Vantages) != 2 || lr.Vantages[0].Outcome != "down" || lr.Vantages[0].LatencyMS != 10000 {
		t.Errorf("last_result = %+v", lr)
	}
	got := map[string]string{}
	for _, v := range api.Vantages {
		s := "null"
		if v.Outcome != nil {
			s = *v.Outcome + " " + *v.At
		}
		got[v.ID] = s
	}
	want := map[string]string{"eu": "down 2026-11-26T15:55:00.000Z", "us": "up 2026-11-26T15:55:00.000Z", "ap": "up 2026-11-25T17:00:00.000Z", "sa": "null"}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("vantages[%s] = %s, want %s", id, got[id], w)
		}
	}
	if n := len(doc.Components[len(doc.Components)-1].Vantages); n != 0 {
		t.Errorf("billing, without a probe, has %d vantages", n)
	}
}

// TestBrowserVantages looks at a component page with vantage points as a
// visitor would: the note on the dissent, the table by location and the
// chart's legend are there and readable on a phone, nothing breaks an
// accessibility rule, and the page asks for nothing off the site. It
// keeps docs/screenshots/component-vantages-light-desktop.png up to date.
func TestBrowserVantages(t *testing.T) {
	in := vantageInput()
	srv := serve(t, pages(t, in))
	ctx := browsertest.Start(t)
	tb := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", true)
	tb.Resize(t, 375, 800)
	tb.Open(t, srv.URL+"/components/api/")
	if note := tb.Text(t, "p.note"); !strings.HasPrefix(note, "1 of 2 locations failing: not confirmed") {
		t.Errorf("note = %q", note)
	}
	if row := tb.Text(t, "#vp ~ .tw tbody tr"); !strings.Contains(row, "Frankfurt") || !strings.Contains(row, "down") {
		t.Errorf("first location row = %q", row)
	}
	if widths := browsertest.Eval[[]float64](t, tb, `[...document.querySelectorAll(".lg svg")].map(s => s.getBoundingClientRect().width)`); len(widths) != 4 || slices.Contains(widths, 0) {
		t.Errorf("legend swatches = %v, want four drawn", widths)
	}
	if browsertest.Eval[bool](t, tb, `document.documentElement.scrollWidth > window.innerWidth`) {
		t.Error("the page is wider than a 375 px phone")
	}
	for _, v := range browsertest.Axe(t, tb) {
		t.Errorf("accessibility: %s", v)
	}
	errs, reqs := tb.Seen()
	if len(errs) > 0 || slices.ContainsFunc(reqs, func(r string) bool { return !strings.HasPrefix(r, srv.URL+"/") }) {
		t.Errorf("console errors %q, requests %q: want none, and nothing but the site", errs, reqs)
	}
	desk := newTab(t, ctx, in.Now.Add(time.Minute), "UTC", true)
	desk.Open(t, srv.URL+"/components/api/")
	shot := filepath.Join("..", "docs", "screenshots", "component-vantages-light-desktop.png")
	if !*update {
		shot = filepath.Join(t.TempDir(), "shot.png")
	}
	if err := os.WriteFile(shot, desk.Screenshot(t), 0o644); err != nil {
		t.Fatal(err)
	}
}
