package history

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// ledgerFile is the notification ledger: what the last round that looked
// saw of the page, and what each channel has been sent.
const ledgerFile = "notify.tsv"

const ledgerHeader = "# candor notify v1: round at | incident id path open|resolved impact updates last_seen reopened | maintenance id path status last_seen restarts | component id status | send channel kind subject at update from to queued state attempts claim since note impact cycle\n"

// The ledger's time limits.
const (
	// Lease is how long a round's claim on a delivery stands. A round that
	// claimed deliveries and never recorded what became of them (its job
	// was killed, or every write of the outcome failed) leaves them to a
	// round after the lease, which sends them again.
	Lease = time.Hour
	// GiveUp is how long after the round that found a change (Queued) its
	// delivery is tried; then it is dropped, and reported once. It counts
	// from when the change reached the page, not from the time the change
	// tells of: a resolved incident a person adds today, dated months
	// ago, is news today and gets its day of retries.
	GiveUp = 24 * time.Hour
	// KeepDone is how long sent and dropped deliveries stay on record.
	KeepDone = 7 * 24 * time.Hour
)

// Ledger is what notifications know: the page as the last round that
// looked saw it, and the deliveries to each channel.
type Ledger struct {
	// Round is the time of the round the page was last seen at; zero
	// when no round has looked yet.
	Round       time.Time
	Incidents   map[string]SeenIncident    // by incident id
	Maintenance map[string]SeenMaintenance // by maintenance id
	Components  map[string]candor.Status   // shown status, by component id
	// Sends are the deliveries, oldest first.
	Sends []Delivery
}

// SeenIncident is an incident as a round saw it.
type SeenIncident struct {
	Path     string
	Open     bool
	Impact   candor.Impact
	Updates  int
	LastSeen time.Time // the last round that found its file parsed
	// Reopened counts the reopenings the ledger saw.
	Reopened int
}

// SeenMaintenance is a maintenance window as a round saw it.
type SeenMaintenance struct {
	Path     string
	Status   candor.UpdateStatus // scheduled, in_progress or completed
	LastSeen time.Time
	// Restarts counts the times the ledger saw the window go back to an
	// earlier state (its start or end moved past the round's time).
	Restarts int
}

// DeliveryState is where a delivery stands.
type DeliveryState string

// The states of a delivery.
const (
	Pending DeliveryState = "pending" // to be sent by the next round
	Claimed DeliveryState = "claimed" // a round is sending it
	Sent    DeliveryState = "sent"
	Dropped DeliveryState = "dropped" // given up on, reported once
)

// Delivery is one change to send to one channel.
type Delivery struct {
	Channel string // the channel's key
	// Change is the change; only what its ID is made of is kept: Kind,
	// Subject, At, Update, From, To, Impact and Cycle.
	Change   candor.Change
	Queued   time.Time // the round that found the change
	State    DeliveryState
	Attempts int    // sends that failed
	Claim    string // the token of the round that claimed it, while claimed
	Since    time.Time
	Note     string // why the last attempt failed, or why it was dropped; never a secret
}

// Key names the delivery in the ledger: its channel and its change.
func (d Delivery) Key() string { return d.Channel + "/" + d.Change.ID() }

// Result is what became of a claimed delivery.
type Result int

// The results of a delivery.
const (
	// Delivered: the channel took it.
	Delivered Result = iota
	// Failed: the send failed; a later round tries again.
	Failed
	// Deferred: not tried this round (an earlier change of the same
	// subject failed first, or the channel is unusable this round); it
	// goes back to pending without counting an attempt.
	Deferred
)

// Outcome is what became of one delivery a round claimed.
type Outcome struct {
	Key    string // Delivery.Key
	Result Result
	Note   string // for Failed and Deferred: why, in words without secrets
}

// Clone returns a deep copy.
func (l Ledger) Clone() Ledger {
	l.Incidents, l.Maintenance, l.Components = maps.Clone(l.Incidents), maps.Clone(l.Maintenance), maps.Clone(l.Components)
	l.Sends = slices.Clone(l.Sends)
	return l
}

// Enqueue adds a pending delivery of c to channel at now, unless the
// ledger holds that delivery already. It reports whether it added one.
func (l *Ledger) Enqueue(channel string, c candor.Change, now time.Time) bool {
	d := Delivery{Channel: channel, Change: keep(c), Queued: now, State: Pending, Since: now}
	if slices.ContainsFunc(l.Sends, func(x Delivery) bool { return x.Key() == d.Key() }) {
		return false
	}
	l.Sends = append(l.Sends, d)
	return true
}

// keep is what of a change the ledger keeps.
func keep(c candor.Change) candor.Change {
	return candor.Change{Kind: c.Kind, Subject: c.Subject, At: c.At.UTC().Truncate(time.Second), Update: c.Update, From: c.From, To: c.To,
		Impact: c.Impact, Cycle: c.Cycle}
}

// Claim readies the deliveries a round at now makes: every pending one,
// and every one claimed by a round whose Lease ran out, is claimed for
// token, in ledger order; one queued more than GiveUp ago, or whose
// channel live says is no longer configured, is dropped instead. Sent and
// dropped deliveries older than KeepDone leave the record. It returns the
// deliveries claimed and those dropped, which the caller reports.
func (l *Ledger) Claim(token string, now time.Time, live func(channel string) bool) (claimed, dropped []Delivery) {
	out := l.Sends[:0]
	for _, d := range l.Sends {
		done := d.State == Sent || d.State == Dropped
		if done && now.Sub(d.Since) > KeepDone {
			continue
		}
		if !done && (d.State == Pending || d.State == Claimed && now.Sub(d.Since) >= Lease) {
			switch {
			case !live(d.Channel):
				d.State, d.Since, d.Claim, d.Note = Dropped, now, "", "the channel is no longer in candor.yml"
				dropped = append(dropped, d)
			case now.Sub(d.Queued) > GiveUp:
				last := lastNote(d)
				d.State, d.Since, d.Claim = Dropped, now, ""
				d.Note = fmt.Sprintf("not delivered within %s after %d failed %s%s", GiveUp, d.Attempts, plural(d.Attempts, "attempt", "attempts"), last)
				dropped = append(dropped, d)
			default:
				d.State, d.Claim, d.Since = Claimed, token, now
				claimed = append(claimed, d)
			}
		}
		out = append(out, d)
	}
	l.Sends = out
	return claimed, dropped
}

func lastNote(d Delivery) string {
	if d.Note == "" {
		return ""
	}
	return "; the last: " + d.Note
}

// Settle records what became of the deliveries token claimed. An outcome
// whose delivery is no longer claimed by token (its lease ran out and
// another round took it over) changes nothing.
func (l *Ledger) Settle(token string, outs []Outcome, now time.Time) {
	byKey := map[string]Outcome{}
	for _, o := range outs {
		byKey[o.Key] = o
	}
	for i := range l.Sends {
		d := &l.Sends[i]
		o, ok := byKey[d.Key()]
		if !ok || d.State != Claimed || d.Claim != token {
			continue
		}
		d.Claim, d.Since = "", now
		switch o.Result {
		case Delivered:
			d.State, d.Note = Sent, ""
		case Failed:
			d.State, d.Note = Pending, o.Note
			d.Attempts++
		default:
			d.State = Pending
			if o.Note != "" {
				d.Note = o.Note
			}
		}
	}
}

// Ledger returns a copy of the store's notification ledger.
func (s *Store) Ledger() Ledger { return s.ledger.Clone() }

// SetLedger replaces the store's notification ledger; it is written with
// the store's other files when it changed.
func (s *Store) SetLedger(l Ledger) {
	if !bytes.Equal(encodeLedger(l), encodeLedger(s.ledger)) {
		s.ledgerDirty = true
	}
	s.ledger = l.Clone()
}

func newLedger() Ledger {
	return Ledger{Incidents: map[string]SeenIncident{}, Maintenance: map[string]SeenMaintenance{}, Components: map[string]candor.Status{}}
}

func encodeLedger(l Ledger) []byte {
	if l.Round.IsZero() && len(l.Sends) == 0 {
		return nil
	}
	b := []byte(ledgerHeader)
	b = fmt.Appendf(b, "round\t%s\n", stampOf(l.Round))
	for _, id := range slices.Sorted(maps.Keys(l.Incidents)) {
		x := l.Incidents[id]
		b = fmt.Appendf(b, "incident\t%s\t%s\t%s\t%s\t%d\t%s\t%d\n", id, x.Path, openWord(x.Open), x.Impact, x.Updates, stampOf(x.LastSeen), x.Reopened)
	}
	for _, id := range slices.Sorted(maps.Keys(l.Maintenance)) {
		x := l.Maintenance[id]
		b = fmt.Appendf(b, "maintenance\t%s\t%s\t%s\t%s\t%d\n", id, x.Path, x.Status, stampOf(x.LastSeen), x.Restarts)
	}
	for _, id := range slices.Sorted(maps.Keys(l.Components)) {
		b = fmt.Appendf(b, "component\t%s\t%s\n", id, l.Components[id])
	}
	for _, d := range l.Sends {
		c := d.Change
		b = fmt.Appendf(b, "send\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%d\n", d.Channel, c.Kind, c.Subject, stampOf(c.At),
			c.Update, dash(string(c.From)), dash(string(c.To)), stampOf(d.Queued), d.State, d.Attempts, dash(d.Claim), stampOf(d.Since), dash(oneField(d.Note)),
			dash(string(c.Impact)), c.Cycle)
	}
	return b
}

func stampOf(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return formatTime(t.Unix())
}

func openWord(open bool) string {
	if open {
		return "open"
	}
	return "resolved"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func undash(s string) string {
	if s == "-" {
		return ""
	}
	return strings.Clone(s)
}

// oneField makes s fit one field of a line: no tab, no line break.
func oneField(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func decodeLedger(path string, b []byte) (Ledger, []damage) {
	l := newLedger()
	var bad []damage
	lines(b, func(n int, line string) {
		if err := l.parse(line); err != nil {
			bad = append(bad, damaged(path, n, line, err.Error()))
		}
	})
	return l, bad
}

func (l *Ledger) parse(line string) error {
	f := strings.Split(line, "\t")
	switch {
	case f[0] == "round" && len(f) == 2:
		t, err := ledgerTime(f[1])
		l.Round = t
		return err
	case f[0] == "incident" && (len(f) == 7 || len(f) == 8):
		return l.parseIncident(f)
	case f[0] == "maintenance" && (len(f) == 5 || len(f) == 6):
		st := candor.UpdateStatus(f[3])
		seen, err := ledgerTime(f[4])
		restarts, cerr := count(f, 5)
		if err != nil || cerr != nil || (st != candor.Scheduled && st != candor.InProgress && st != candor.Completed) || f[1] == "" {
			return fmt.Errorf("maintenance: want id, path, scheduled, in_progress or completed, a time and a count of restarts")
		}
		l.Maintenance[strings.Clone(f[1])] = SeenMaintenance{Path: strings.Clone(f[2]), Status: candor.UpdateStatus(strings.Clone(f[3])), LastSeen: seen,
			Restarts: restarts}
	case f[0] == "component" && len(f) == 3:
		if f[1] == "" || f[2] == "" {
			return fmt.Errorf("component: want id and status")
		}
		l.Components[strings.Clone(f[1])] = candor.Status(strings.Clone(f[2]))
	case f[0] == "send" && (len(f) == 14 || len(f) == 16):
		return l.parseSend(f)
	default:
		return fmt.Errorf("want a round, incident, maintenance, component or send line; got %q with %d fields", f[0], len(f))
	}
	return nil
}

func (l *Ledger) parseIncident(f []string) error {
	impact := candor.Impact(f[4])
	n, err := strconv.Atoi(f[5])
	seen, terr := ledgerTime(f[6])
	reopened, cerr := count(f, 7)
	if f[1] == "" || impact.Rank() < 0 || (f[3] != "open" && f[3] != "resolved") || err != nil || n < 0 || terr != nil || cerr != nil {
		return fmt.Errorf("incident: want id, path, open or resolved, impact, updates, a time and a count of reopenings")
	}
	l.Incidents[strings.Clone(f[1])] = SeenIncident{Path: strings.Clone(f[2]), Open: f[3] == "open",
		Impact: candor.Impact(strings.Clone(f[4])), Updates: n, LastSeen: seen, Reopened: reopened}
	return nil
}

func (l *Ledger) parseSend(f []string) error {
	kind := candor.ChangeKind(f[2])
	at, err1 := ledgerTime(f[4])
	update, err2 := strconv.Atoi(f[5])
	queued, err3 := ledgerTime(f[8])
	state := DeliveryState(f[9])
	attempts, err4 := strconv.Atoi(f[10])
	since, err5 := ledgerTime(f[12])
	cycle, err6 := count(f, 15)
	var impact candor.Impact
	if len(f) > 14 {
		impact = candor.Impact(undash(f[14]))
	}
	switch {
	case f[1] == "" || !kind.Valid() || f[3] == "":
		return fmt.Errorf("send: want a channel, a kind of change and its subject")
	case err1 != nil || err3 != nil || err5 != nil:
		return fmt.Errorf("send: want times such as 2026-11-26T14:05:00Z")
	case err2 != nil || err4 != nil || err6 != nil || update < 0 || attempts < 0:
		return fmt.Errorf("send: want whole numbers for update, attempts and cycle")
	case impact != "" && impact.Rank() < 0:
		return fmt.Errorf("send: want an impact of none, minor, major or critical; got %q", impact)
	case state != Pending && state != Claimed && state != Sent && state != Dropped:
		return fmt.Errorf("send: want pending, claimed, sent or dropped; got %q", f[9])
	}
	l.Sends = append(l.Sends, Delivery{Channel: strings.Clone(f[1]),
		Change: candor.Change{Kind: candor.ChangeKind(strings.Clone(f[2])), Subject: strings.Clone(f[3]), At: at, Update: update,
			From: candor.Status(undash(f[6])), To: candor.Status(undash(f[7])), Impact: impact, Cycle: cycle},
		Queued: queued, State: DeliveryState(strings.Clone(f[9])), Attempts: attempts, Claim: undash(f[11]), Since: since, Note: oneField(undash(f[13]))})
	return nil
}

// count is the whole number in field i of f, 0 when a line written
// before the field was added ends before it.
func count(f []string, i int) (int, error) {
	if i >= len(f) {
		return 0, nil
	}
	n, err := strconv.Atoi(f[i])
	if err == nil && n < 0 {
		err = fmt.Errorf("negative")
	}
	return n, err
}

func ledgerTime(s string) (time.Time, error) {
	if s == "-" {
		return time.Time{}, nil
	}
	sec, err := parseTime(s)
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(sec, 0).UTC(), nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
