package generator

import (
	"bytes"
	"testing"

	ics "github.com/arran4/golang-ical"
	"github.com/candor-status/candor"
)

// A site with nothing in it yet (no components, incidents, maintenance or
// measurements, no title) still writes every file in its valid shape.
func TestMachineEmpty(t *testing.T) {
	in := Input{Config: candor.Config{BaseURL: "http://localhost:8080"}, Now: machineNow}
	files := buildMachine(t, in)
	for path := range spFiles {
		doc := decodeSP(t, files, path)
		checkSPDoc(t, doc)
		if doc.Page.UpdatedAt != "2026-11-26T15:00:00.000Z" || doc.Page.Name != "Status" || doc.Page.TimeZone != "Etc/UTC" {
			t.Errorf("%s: page %+v", path, doc.Page)
		}
	}
	for _, path := range []string{"history.rss", "history.atom"} {
		if feed := parseFeed(t, files, path); len(feed.Items) != 0 {
			t.Errorf("%s: %d items", path, len(feed.Items))
		}
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(files["maintenance.ics"]))
	if err != nil || len(cal.Events()) != 0 {
		t.Errorf("empty calendar: %v, %v", cal, err)
	}
	if err := validateCandor(candorSchema(t), files["api/candor.json"]); err != nil {
		t.Error(err)
	}
	parseShields(t, files["badge.json"])
	parseBadge(t, files["badge.svg"])
}
