package history

import (
	"cmp"
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

const seenHeader = "# candor seen v1: maintenance id first_seen announced_start | announced id component from to seen outage(-|failing) outage_ended(-|time) | incident path impact components open|resolved\n"

// Announcement is what the monitor saw of one maintenance window.
type Announcement struct {
	// FirstSeen is the first round that saw the window.
	FirstSeen time.Time
	// Start is the earliest start of a piece seen before it began; zero
	// when none was. Lines written before the pieces were kept hold only
	// this.
	Start time.Time
	// Pieces are the time of each component the window was seen to
	// cover, each as first seen, by component and start.
	Pieces []candor.Announced
}

// Covers reports whether the failing checks of component id at now count
// as maintenance by what was announced: a piece naming id counts at now.
// An announcement read from a line written before the pieces were kept
// covers what it did then: any component from its announced start.
func (a Announcement) Covers(id string, now time.Time) bool {
	if a.Pieces == nil {
		return !a.Start.IsZero() && !now.Before(a.Start)
	}
	for _, p := range a.Pieces {
		if p.Component == id && p.Counts(now) {
			return true
		}
	}
	return false
}

// For is what was announced of window m, pieces and all: an announcement
// read from a line written before the pieces were kept is read as
// announcing m's components, from its announced start to m's end, when it
// was first seen.
func (a Announcement) For(m candor.Maintenance) []candor.Announced {
	if a.Pieces != nil || a.Start.IsZero() {
		return slices.Clone(a.Pieces)
	}
	var out []candor.Announced
	for _, c := range m.Components {
		out = append(out, candor.Announced{Component: c, From: a.Start, To: utc(m.Ends), Seen: a.FirstSeen})
	}
	return out
}

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

// SeeMaintenance notes what a round at now saw of maintenance window m,
// after recording its results. The window covers only what was announced:
// what it names no longer (a component dropped, time cut off) is no longer
// announced, and each piece it covers that no round saw before (a new
// window, a component added, an earlier start, a later end) is announced
// now, counting only when now is before the piece begins. A piece seen
// while its component's checks were failing covers nothing until the
// component has passed passes checks in a row (policy.resolve_after): a
// window cannot cover an outage already under way. A round dated before
// the store's last check announces nothing: a back-dated round must not
// make a window look announced in advance.
func (s *Store) SeeMaintenance(m candor.Maintenance, now time.Time, passes int) {
	if last := s.LastCheck(); !last.IsZero() && now.Before(last) {
		return
	}
	now = utc(now)
	a, ok := s.seen.maint[m.ID]
	n := Announcement{FirstSeen: a.FirstSeen}
	if !ok || now.Before(a.FirstSeen) {
		n.FirstSeen = now
	}
	from, to := utc(m.Starts), utc(m.Ends)
	pieces := clip(a.For(m), m.Components, from, to)
	for _, c := range m.Components {
		for _, gap := range uncovered(pieces, c, from, to) {
			pieces = append(pieces, candor.Announced{Component: c, From: gap[0], To: gap[1], Seen: now, Outage: s.failing(c)})
		}
	}
	for i, p := range pieces {
		if p.Held(now) && s.passed(p.Component, passes, p.Seen) {
			pieces[i].OutageEnded = now
		}
	}
	slices.SortFunc(pieces, func(x, y candor.Announced) int {
		return cmp.Or(strings.Compare(x.Component, y.Component), x.From.Compare(y.From))
	})
	if pieces == nil {
		pieces = []candor.Announced{}
	}
	n.Pieces = pieces
	for _, p := range pieces {
		if p.InAdvance() && (n.Start.IsZero() || p.From.Before(n.Start)) {
			n.Start = p.From
		}
	}
	if !ok || !sameAnnouncement(a, n) {
		s.seen.maint[m.ID] = n
		s.seen.dirty = true
	}
}

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// clip keeps of ps what the window still covers: its components, inside
// [from, to).
func clip(ps []candor.Announced, comps []string, from, to time.Time) []candor.Announced {
	out := ps[:0]
	for _, p := range ps {
		if !slices.Contains(comps, p.Component) {
			continue
		}
		if p.From.Before(from) {
			p.From = from
		}
		if p.To.After(to) {
			p.To = to
		}
		if p.From.Before(p.To) {
			out = append(out, p)
		}
	}
	return out
}

// uncovered are the stretches of [from, to) no piece of component c
// covers.
func uncovered(ps []candor.Announced, c string, from, to time.Time) [][2]time.Time {
	var mine []candor.Announced
	for _, p := range ps {
		if p.Component == c {
			mine = append(mine, p)
		}
	}
	slices.SortFunc(mine, func(x, y candor.Announced) int { return x.From.Compare(y.From) })
	var out [][2]time.Time
	at := from
	for _, p := range mine {
		if p.From.After(at) {
			out = append(out, [2]time.Time{at, p.From})
		}
		if p.To.After(at) {
			at = p.To
		}
	}
	if at.Before(to) {
		out = append(out, [2]time.Time{at, to})
	}
	return out
}

// failing reports whether component id's latest check failed: an outage
// is under way, counted as maintenance or not. A blind round in between
// does not end it.
func (s *Store) failing(id string) bool {
	st := s.states[id]
	if st == nil {
		return false
	}
	switch st.outcome {
	case candor.Degraded, candor.Down, candor.UnderMaintenance:
		return true
	case candor.Unknown:
		return st.failing > 0
	}
	return false
}

// passed reports whether component id has passed passes checks in a row,
// the latest after seen.
func (s *Store) passed(id string, passes int, seen time.Time) bool {
	st := s.states[id]
	return st != nil && st.outcome == candor.Up && st.passing >= max(passes, 1) && st.last.at > seen.Unix()
}

func sameAnnouncement(a, b Announcement) bool {
	return a.FirstSeen.Equal(b.FirstSeen) && a.Start.Equal(b.Start) && a.Pieces != nil &&
		slices.EqualFunc(a.Pieces, b.Pieces, func(x, y candor.Announced) bool {
			return x.Component == y.Component && x.From.Equal(y.From) && x.To.Equal(y.To) && x.Seen.Equal(y.Seen) &&
				x.Outage == y.Outage && x.OutageEnded.Equal(y.OutageEnded)
		})
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
		for _, p := range a.Pieces {
			outage, ended := "-", "-"
			if p.Outage {
				outage = "failing"
			}
			if !p.OutageEnded.IsZero() {
				ended = formatTime(p.OutageEnded.Unix())
			}
			b = fmt.Appendf(b, "announced\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", id, p.Component,
				formatTime(p.From.Unix()), formatTime(p.To.Unix()), formatTime(p.Seen.Unix()), outage, ended)
		}
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
		id := strings.Clone(f[1])
		a.Pieces = v.maint[id].Pieces // when its pieces came first
		v.maint[id] = a
	case f[0] == "announced" && len(f) == 8:
		return v.parseAnnounced(f)
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
	case f[0] != "maintenance" && f[0] != "incident" && f[0] != "announced":
		return fmt.Errorf("kind: want maintenance, announced or incident; got %q", f[0])
	default:
		return fmt.Errorf("want a maintenance line of 4 fields, an announced line of 8 or an incident line of 5; got %s of %d", f[0], len(f))
	}
	return nil
}

// parseAnnounced reads one piece of a window as announced.
func (v *seen) parseAnnounced(f []string) error {
	var ts [4]time.Time // from, to, seen, outage_ended
	for i, field := range [4]int{3, 4, 5, 7} {
		if field == 7 && f[7] == "-" {
			break
		}
		sec, err := parseTime(f[field])
		if err != nil {
			return fmt.Errorf("%s: %w", [4]string{"from", "to", "seen", "outage_ended"}[i], err)
		}
		ts[i] = time.Unix(sec, 0).UTC()
	}
	if f[6] != "-" && f[6] != "failing" || f[2] == "" || !ts[0].Before(ts[1]) {
		return fmt.Errorf("announced: want id, component, from before to, seen, outage - or failing, and outage_ended")
	}
	id := strings.Clone(f[1])
	a, ok := v.maint[id]
	if !ok {
		a.FirstSeen = ts[2]
	}
	a.Pieces = append(a.Pieces, candor.Announced{Component: strings.Clone(f[2]), From: ts[0], To: ts[1], Seen: ts[2],
		Outage: f[6] == "failing", OutageEnded: ts[3]})
	v.maint[id] = a
	return nil
}
