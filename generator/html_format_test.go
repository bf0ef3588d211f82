package generator

import (
	"math/rand/v2"
	"testing"
	"time"
)

// TestNewStamp holds the hand-written stamp to time.Format's, for any
// moment and display zone, and for years that do not have four digits.
func TestNewStamp(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	zone := time.FixedZone("X", -5*3600-30*60)
	times := []time.Time{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), time.Date(999, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	for range 5000 {
		times = append(times, time.Unix(rng.Int64N(1<<36)-1<<34, rng.Int64N(1e9)).In(zone))
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, loc := range []*time.Location{time.UTC, zone, berlin} {
		for _, tm := range times {
			u, l := tm.UTC(), tm.In(loc)
			want := stamp{ISO: u.Format(rfc3339), Text: l.Format("2 Jan 2006, 15:04 MST"), HM: l.Format("15:04 MST")}
			if got := newStamp(tm, loc); got != want {
				t.Errorf("newStamp(%v, %v) = %+v, want %+v", tm, loc, got, want)
			}
		}
	}
	if got := newStamp(time.Date(2026, 12, 1, 23, 45, 0, 0, time.UTC), berlin); got.Text != "2 Dec 2026, 00:45 CET" || got.ISO != "2026-12-01T23:45:00Z" {
		t.Errorf("newStamp(1 Dec 23:45 UTC, Berlin) = %+v, want 2 Dec 2026, 00:45 CET", got)
	}
	if got := newStamp(time.Time{}, time.UTC); got != (stamp{}) {
		t.Errorf("newStamp(zero) = %+v, want zero", got)
	}
}

// TestAgoWords: minutes under two hours, then hours and minutes, then days.
func TestAgoWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		25 * time.Minute: "25 min", 119 * time.Minute: "119 min", 2 * time.Hour: "2 h", 125 * time.Minute: "2 h 5 min",
		47*time.Hour + 59*time.Minute: "47 h 59 min", 48 * time.Hour: "2 days", 1000336 * time.Minute: "694 days 16 h",
	} {
		if got := agoWords(d); got != want {
			t.Errorf("agoWords(%v) = %q, want %q", d, got, want)
		}
	}
}
