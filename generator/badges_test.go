package generator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/candor-status/candor"
)

type svgDoc struct {
	Width string `xml:"width,attr"`
	Label string `xml:"aria-label,attr"`
	Title string `xml:"title"`
	Rects []struct {
		X     string `xml:"x,attr"`
		Width string `xml:"width,attr"`
		Fill  string `xml:"fill,attr"`
	} `xml:"g>rect"`
	Texts []struct {
		X          string `xml:"x,attr"`
		TextLength string `xml:"textLength,attr"`
		Text       string `xml:",chardata"`
	} `xml:"g>text"`
}

func parseBadge(t *testing.T, b []byte) svgDoc {
	t.Helper()
	var doc svgDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("badge is not XML: %v\n%s", err, b)
	}
	return doc
}

type shieldsDoc struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
}

func parseShields(t *testing.T, b []byte) shieldsDoc {
	t.Helper()
	var doc shieldsDoc
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func atoi(t *testing.T, s string) float64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestBadges(t *testing.T) {
	files := buildMachine(t, machineInput())
	for path, want := range map[string][2]string{
		"badge":                 {"status", "partial system outage"},
		"badges/api":            {"Public API", "major outage"},
		"badges/web":            {"Website", "operational"},
		"badges/search":         {"Search", "no data"},
		"badges/edge":           {"Zürich edge, \"CDN\" & <assets>", "under maintenance"},
		"badges/api-uptime":     {"Public API 90d uptime", "99.58%"},
		"badges/web-uptime":     {"Website 90d uptime", "100%"},
		"badges/db-uptime":      {"Database 90d uptime", "99.53%"},
		"badges/search-uptime":  {"Search 90d uptime", "no data"},
		"badges/billing-uptime": {"Billing 90d uptime", "no data"},
	} {
		t.Run(path, func(t *testing.T) {
			doc := parseBadge(t, files[path+".svg"])
			if doc.Title != want[0]+": "+want[1] || doc.Label != doc.Title {
				t.Errorf("title %q, aria-label %q, want %q", doc.Title, doc.Label, want[0]+": "+want[1])
			}
			checkBadgeGeometry(t, doc, want[0], want[1])
			sh := parseShields(t, files[path+".json"])
			if sh.SchemaVersion != 1 || sh.Label != want[0] || sh.Message != want[1] ||
				!slices.Contains([]string{"brightgreen", "blue", "yellow", "orange", "red", "lightgrey"}, sh.Color) {
				t.Errorf("shields JSON %+v", sh)
			}
		})
	}
}

// checkBadgeGeometry checks that each text fits its box: the box is the
// measured width plus padding, and the boxes add up to the badge.
func checkBadgeGeometry(t *testing.T, doc svgDoc, label, message string) {
	t.Helper()
	if len(doc.Rects) != 3 || len(doc.Texts) != 4 {
		t.Fatalf("%d rects, %d texts", len(doc.Rects), len(doc.Texts))
	}
	lbox, mbox, total := atoi(t, doc.Rects[0].Width), atoi(t, doc.Rects[1].Width), atoi(t, doc.Width)
	if lbox+mbox != total || atoi(t, doc.Rects[1].X) != lbox {
		t.Errorf("boxes %v + %v, badge %v", lbox, mbox, total)
	}
	for i, box := range []struct {
		text       string
		start, len float64
	}{{label, 0, lbox}, {label, 0, lbox}, {message, lbox, mbox}, {message, lbox, mbox}} {
		tx := doc.Texts[i]
		w := atoi(t, tx.TextLength)
		if tx.Text != box.text || w != float64(textWidth(box.text)) || w+10 != box.len || atoi(t, tx.X) != box.start+box.len/2 {
			t.Errorf("text %q at %s length %v in box [%v, +%v]", tx.Text, tx.X, w, box.start, box.len)
		}
	}
}

func TestTextWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":            0,
		"operational": 62, // o p e r a t i o n a l: 62.00 px
		"W":           11, // 10.88
		"iii":         10, // 9.06
		"Zürich":      35, // Z 7.54, ü 6.96, r 4.69, i 3.02, c 5.73, h 6.96: 34.90
		"☃":           11,
	} {
		if got := textWidth(s); got != want {
			t.Errorf("textWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestUptimeBadgeTruncates(t *testing.T) {
	for pct, want := range map[float64]string{
		100: "100%", 99.999: "99.99%", 99.95: "99.95%", 99.9: "99.9%", 99.899961: "99.89%", 12.345: "12.34%",
	} {
		m := candor.Minutes{Up: pct, Down: 100 - pct}
		if got := uptimeBadge("u", m).message; got != want {
			t.Errorf("uptimeBadge(%v%%) = %q, want %q", pct, got, want)
		}
	}
}

func TestOverallBadge(t *testing.T) {
	for _, tc := range []struct {
		statuses []candor.Status
		message  string
	}{
		{[]candor.Status{candor.StatusOperational}, "all systems operational"},
		{[]candor.Status{candor.StatusUnknown}, "no data"},
		{[]candor.Status{candor.StatusUnknown, candor.StatusOperational}, "partially unknown"},
		{[]candor.Status{candor.StatusMajor}, "major system outage"},
		{[]candor.Status{candor.StatusMaintenance, candor.StatusOperational}, "service under maintenance"},
	} {
		b := overallBadge(candor.OverallOf(tc.statuses), len(tc.statuses))
		if stale := overallBadge(candor.OverallOf(tc.statuses).MarkStale(), len(tc.statuses)); tc.message == "no data" && stale.message != "unknown" {
			t.Errorf("stale overallBadge(%v) = %q, want unknown", tc.statuses, stale.message)
		}
		if b.message != tc.message || !strings.HasPrefix(b.fill, "#") {
			t.Errorf("overallBadge(%v) = %q, want %q", tc.statuses, b.message, tc.message)
		}
	}
}
