package history

import (
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

func minutes(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }

func window(comps string, from, to int) candor.Maintenance {
	return candor.Maintenance{ID: "w1", Components: strings.Split(comps, ","), Starts: minutes(from), Ends: minutes(to)}
}

// reload writes the store's files and reads them back.
func reload(t *testing.T, s *Store) *Store {
	t.Helper()
	files, err := s.Files()
	if err != nil {
		t.Fatal(err)
	}
	back, probs := FromFiles(files, Options{Interval: 5 * time.Minute})
	if len(probs) > 0 {
		t.Fatalf("reading back: %v\n%s", probs, files[seenFile])
	}
	return back
}

// TestSeeMaintenanceKeepsWhatWasAnnounced: each piece of a window is kept
// as first seen: components added and time added after the fact are
// announced late, and a piece seen during an outage is held until the
// component passes again. It all survives a write and a read.
func TestSeeMaintenanceKeepsWhatWasAnnounced(t *testing.T) {
	s := newStore(t, Options{Interval: 5 * time.Minute})
	s.SeeMaintenance(window("web", 60, 120), minutes(0), 2)      // 12:00: web 13:00–14:00
	s.Record([]candor.Result{check(10, candor.Down, 0)})         // api fails from 12:10
	s.SeeMaintenance(window("web,api", 60, 120), minutes(10), 2) // api added, while failing
	s.Record([]candor.Result{check(20, candor.Down, 0)})
	s.SeeMaintenance(window("web,api", 60, 150), minutes(20), 2) // 30 min more, while failing
	s = reload(t, s)
	a := s.Announcements()["w1"]
	covers := func(id string, m int) bool { return a.Covers(id, minutes(m)) }
	if !covers("web", 70) || !covers("web", 119) || covers("web", 150) {
		t.Errorf("web: want 13:00–14:30 covered, announced at 12:00 and 12:20")
	}
	if covers("api", 70) || covers("api", 125) {
		t.Errorf("api: covered although added while its checks were failing")
	}
	if !covers("web", 130) {
		t.Errorf("web: the time added at 12:20, in advance, does not cover web, whose checks passed")
	}
	// api passes twice: the outage ended; what was announced in advance
	// covers it from then on.
	s.Record([]candor.Result{check(30, candor.Up, 0)})
	s.SeeMaintenance(window("web,api", 60, 150), minutes(30), 2)
	if a := s.Announcements()["w1"]; a.Covers("api", minutes(70)) {
		t.Errorf("api: covered after one pass, want resolve_after (2)")
	}
	s.Record([]candor.Result{check(35, candor.Up, 0)})
	s.SeeMaintenance(window("web,api", 60, 150), minutes(35), 2)
	s = reload(t, s)
	a = s.Announcements()["w1"]
	if !a.Covers("api", minutes(70)) || !a.Covers("api", minutes(140)) || !a.Covers("web", minutes(140)) {
		t.Errorf("after the outage ended, want api 13:00–14:30 and web to 14:30 covered: %+v", a.Pieces)
	}
	// Time put back after being cut off is announced anew.
	s.SeeMaintenance(window("web,api", 60, 90), minutes(40), 2)
	s.SeeMaintenance(window("web,api", 60, 150), minutes(100), 2)
	if a := s.Announcements()["w1"]; a.Covers("web", minutes(130)) {
		t.Errorf("time cut off, then put back after it began, still covered")
	}
}

// TestSeenReadsLinesOfEarlierVersions: a maintenance line with only its
// announced start still counts as it did, and the first round that sees
// the window keeps its components and end as they stand then.
func TestSeenReadsLinesOfEarlierVersions(t *testing.T) {
	old := "# candor seen v1: maintenance id first_seen announced_start | incident path impact components open|resolved\n" +
		"maintenance\tw1\t2026-11-12T11:00:00Z\t2026-11-12T13:00:00Z\n" +
		"maintenance\tw2\t2026-11-12T13:30:00Z\t-\n"
	s, probs := FromFiles(map[string][]byte{seenFile: []byte(old)}, Options{Interval: 5 * time.Minute})
	if len(probs) > 0 {
		t.Fatalf("an earlier version's seen.tsv reads as damaged: %v", probs)
	}
	a := s.Announcements()
	if !a["w1"].Covers("api", minutes(70)) || a["w1"].Covers("api", minutes(50)) || a["w2"].Covers("api", minutes(100)) {
		t.Errorf("earlier lines do not count as they did: %+v", a)
	}
	s.SeeMaintenance(window("api", 60, 120), minutes(80), 2)
	s = reload(t, s)
	if w1 := s.Announcements()["w1"]; !w1.Covers("api", minutes(100)) || w1.Covers("web", minutes(100)) || w1.Covers("api", minutes(120)) {
		t.Errorf("after the first round: want api 13:00–14:00 only, got %+v", w1.Pieces)
	}
}
