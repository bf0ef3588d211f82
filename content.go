package candor

import "time"

// Incident is one incident file under content/incidents/.
type Incident struct {
	ID   string // 12 lowercase base-36 characters, stable, from the file name
	Path string // slash path relative to the repository root
	Slug string // file name without .md

	Title      string
	Components []string
	Impact     Impact
	Started    time.Time
	Resolved   time.Time // zero while open
	OpenedBy   string    // "monitor" for incidents candor opened; empty for people's
	Updates    []Update  // oldest first
	Disputes   []Dispute
	Body       string // postmortem, markdown
}

// Open reports whether the incident is not resolved.
func (i *Incident) Open() bool { return i.Resolved.IsZero() }

// ByMonitor reports whether candor opened the incident.
func (i *Incident) ByMonitor() bool { return i.OpenedBy == "monitor" }

// Latest is the newest update, or nil.
func (i *Incident) Latest() *Update {
	if len(i.Updates) == 0 {
		return nil
	}
	return &i.Updates[len(i.Updates)-1]
}

// Affects reports whether the incident names component id.
func (i *Incident) Affects(id string) bool {
	for _, c := range i.Components {
		if c == id {
			return true
		}
	}
	return false
}

// Update is one entry of an incident's or maintenance's timeline.
type Update struct {
	At         time.Time
	Status     UpdateStatus
	Text       string    // markdown
	NextUpdate time.Time // zero when nothing was promised
}

// Dispute says the team believes a probe's measurement was wrong for a
// stretch of time. The page shows it beside the measurement; it hides
// nothing.
type Dispute struct {
	Component string
	From, To  time.Time
	Reason    string
}

// Maintenance is one file under content/maintenance/.
type Maintenance struct {
	ID   string
	Path string
	Slug string

	Title      string
	Components []string
	Starts     time.Time
	Ends       time.Time
	Updates    []Update
	Body       string
}

// Active reports whether now is inside the window.
func (m *Maintenance) Active(now time.Time) bool {
	return !now.Before(m.Starts) && now.Before(m.Ends)
}

// StatusAt is the window's state at now: scheduled before it starts,
// in_progress inside it, completed once it ended.
func (m *Maintenance) StatusAt(now time.Time) UpdateStatus {
	switch {
	case m.Active(now):
		return InProgress
	case !now.Before(m.Ends):
		return Completed
	}
	return Scheduled
}

// Affects reports whether the maintenance names component id.
func (m *Maintenance) Affects(id string) bool {
	for _, c := range m.Components {
		if c == id {
			return true
		}
	}
	return false
}

// Announced is time of one component that a maintenance window was seen
// to cover: the monitor notes each piece the first time a round sees it,
// so that a window cannot cover what was not announced before it began.
type Announced struct {
	Component string
	From, To  time.Time // the piece, [From, To)
	Seen      time.Time // the round that first saw it
	// Outage is true when the component's checks were failing when the
	// piece was seen; OutageEnded is when they had passed long enough to
	// end that outage (zero while it goes on).
	Outage      bool
	OutageEnded time.Time
}

// InAdvance reports whether the piece was seen before it began.
func (a Announced) InAdvance() bool { return a.Seen.Before(a.From) }

// Held reports whether the piece is held back at t by an outage under way
// when it was seen.
func (a Announced) Held(t time.Time) bool {
	return a.Outage && (a.OutageEnded.IsZero() || t.Before(a.OutageEnded))
}

// Counts reports whether failing checks of the piece's component at t
// count as maintenance: t is inside it, it was seen before it began, and
// no outage under way when it was seen goes on.
func (a Announced) Counts(t time.Time) bool {
	return a.InAdvance() && !t.Before(a.From) && t.Before(a.To) && !a.Held(t)
}

// Problem is one thing wrong with an input file, reported like a compiler.
type Problem struct {
	Path    string
	Line    int // 1-based; 0 when unknown
	Col     int // 1-based; 0 when unknown
	Field   string
	Message string
	// Code names the kind of problem where a caller must tell it apart;
	// empty for the rest.
	Code ProblemCode
}

// ProblemCode is a kind of problem callers act on.
type ProblemCode string

// The problem codes.
const (
	// ProblemMissingSecret: a ${NAME} the probes use is not set. The
	// monitor runs past it, recording that one component as unknown.
	ProblemMissingSecret ProblemCode = "missing_secret"
)

// Error formats the problem as path:line:col: field: message.
func (p Problem) Error() string {
	s := p.Path
	if p.Line > 0 {
		s += ":" + itoa(p.Line)
		if p.Col > 0 {
			s += ":" + itoa(p.Col)
		}
	}
	s += ": "
	if p.Field != "" {
		s += p.Field + ": "
	}
	return s + p.Message
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
