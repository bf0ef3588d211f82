package history

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// seenFile is the monitor's memory of the content it saw: when each
// maintenance window was announced, and the incidents it opened.
const seenFile = "seen.tsv"

const seenHeader = "# candor seen v1: maintenance id first_seen announced_start | incident path impact components open|resolved\n"

// Announcement is what the monitor saw of one maintenance window.
type Announcement struct {
	// FirstSeen is the first round that saw the window.
	FirstSeen time.Time
	// Start is the window's start as last seen while it was still ahead:
	// the start announced in advance. Zero when no round saw the window
	// before it began.
	Start time.Time
}

// Counts reports whether the window's failures at now count as
// maintenance: only once a start announced in advance has come.
func (a Announcement) Counts(now time.Time) bool { return !a.Start.IsZero() && !now.Before(a.Start) }

// Own is an incident the monitor opened, as it last parsed: the monitor
// remembers it so that a file someone broke still stops it opening a
// second one.
type Own struct {
	Path       string // slash path relative to the config's folder
	Impact     candor.Impact
	Components []string
	Open       bool
}

type seen struct {
	maint map[string]Announcement // by maintenance id
	own   map[string]Own          // by path
	dirty bool
}

func newSeen() *seen { return &seen{maint: map[string]Announcement{}, own: map[string]Own{}} }

// SeeMaintenance notes that a round at now saw maintenance window id
// starting at starts. A start still ahead is announced; once it has come,
// moving it changes nothing that was announced. A round dated before the
// store's last check announces nothing: a back-dated round must not make
// a window look announced in advance.
func (s *Store) SeeMaintenance(id string, starts, now time.Time) {
	if last := s.LastCheck(); !last.IsZero() && now.Before(last) {
		return
	}
	a, ok := s.seen.maint[id]
	n := a
	if !ok || now.Before(a.FirstSeen) {
		n.FirstSeen = now.UTC().Truncate(time.Second)
	}
	if starts.After(now) {
		n.Start = starts.UTC().Truncate(time.Second)
	}
	if n != a || !ok {
		s.seen.maint[id] = n
		s.seen.dirty = true
	}
}

// ForgetMaintenance drops what the monitor saw of every window keep does
// not name: its file is gone. A window that comes back is new again.
func (s *Store) ForgetMaintenance(keep func(id string) bool) {
	for id := range s.seen.maint {
		if !keep(id) {
			delete(s.seen.maint, id)
			s.seen.dirty = true
		}
	}
}

// Announcements returns what the monitor saw of each maintenance window,
// by id.
func (s *Store) Announcements() map[string]Announcement { return maps.Clone(s.seen.maint) }

// Owned returns the incidents the monitor opened, by path.
func (s *Store) Owned() map[string]Own {
	out := make(map[string]Own, len(s.seen.own))
	for p, o := range s.seen.own {
		o.Components = slices.Clone(o.Components)
		out[p] = o
	}
	return out
}

// Own remembers an incident the monitor opened, as it stands now.
func (s *Store) Own(o Own) {
	if old, ok := s.seen.own[o.Path]; ok && old.Impact == o.Impact && old.Open == o.Open && slices.Equal(old.Components, o.Components) {
		return
	}
	o.Components = slices.Clone(o.Components)
	s.seen.own[o.Path] = o
	s.seen.dirty = true
}

// Disown forgets the incident at path: its file is gone.
func (s *Store) Disown(path string) {
	if _, ok := s.seen.own[path]; ok {
		delete(s.seen.own, path)
		s.seen.dirty = true
	}
}

func encodeSeen(v *seen) []byte {
	b := []byte(seenHeader)
	for _, id := range slices.Sorted(maps.Keys(v.maint)) {
		a := v.maint[id]
		start := "-"
		if !a.Start.IsZero() {
			start = formatTime(a.Start.Unix())
		}
		b = fmt.Appendf(b, "maintenance\t%s\t%s\t%s\n", id, formatTime(a.FirstSeen.Unix()), start)
	}
	for _, p := range slices.Sorted(maps.Keys(v.own)) {
		o := v.own[p]
		state := "resolved"
		if o.Open {
			state = "open"
		}
		b = fmt.Appendf(b, "incident\t%s\t%s\t%s\t%s\n", p, o.Impact, strings.Join(o.Components, ","), state)
	}
	return b
}

func decodeSeen(path string, b []byte) (*seen, []damage) {
	v := newSeen()
	var bad []damage
	lines(b, func(n int, line string) {
		if err := v.parse(line); err != nil {
			bad = append(bad, damaged(path, n, line, err.Error()))
		}
	})
	return v, bad
}

func (v *seen) parse(line string) error {
	f := strings.Split(line, "\t")
	switch {
	case f[0] == "maintenance" && len(f) == 4:
		first, err := parseTime(f[2])
		if err != nil {
			return fmt.Errorf("first_seen: %w", err)
		}
		a := Announcement{FirstSeen: time.Unix(first, 0).UTC()}
		if f[3] != "-" {
			start, err := parseTime(f[3])
			if err != nil {
				return fmt.Errorf("announced_start: %w", err)
			}
			a.Start = time.Unix(start, 0).UTC()
		}
		v.maint[strings.Clone(f[1])] = a
	case f[0] == "incident" && len(f) == 5:
		impact := candor.Impact(f[2])
		if impact.Rank() < 0 || (f[4] != "open" && f[4] != "resolved") || f[1] == "" {
			return fmt.Errorf("incident: want path, impact, components and open or resolved")
		}
		var comps []string
		if f[3] != "" {
			comps = strings.Split(strings.Clone(f[3]), ",")
		}
		v.own[strings.Clone(f[1])] = Own{Path: strings.Clone(f[1]), Impact: candor.Impact(strings.Clone(f[2])), Components: comps, Open: f[4] == "open"}
	case f[0] != "maintenance" && f[0] != "incident":
		return fmt.Errorf("kind: want maintenance or incident; got %q", f[0])
	default:
		return fmt.Errorf("want a maintenance line of 4 fields or an incident line of 5; got %s of %d", f[0], len(f))
	}
	return nil
}
