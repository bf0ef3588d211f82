package history

import (
	"iter"
	"time"

	"github.com/candor-status/candor"
)

// Refusal is a result Record did not record, and why.
type Refusal struct {
	Result candor.Result
	// Last is the component's last recorded check, which the result is not
	// after.
	Last   time.Time
	Reason RefusalReason
}

// RefusalReason says why a result was not recorded.
type RefusalReason string

// The reasons Record refuses a result.
const (
	// RefusedEarlier: the result is dated before the component's last
	// recorded check (a clock that went back, or a back-dated round).
	RefusedEarlier RefusalReason = "earlier than the last recorded check"
	// RefusedFolded: the result falls inside a day already folded.
	RefusedFolded RefusalReason = "inside a day already folded"
	// RefusedSameSecond: another check, not this one, is recorded at the
	// same second (two runs stamped alike). Unlike the others it does not
	// count in State.Refused: the record measures at that second.
	RefusedSameSecond RefusalReason = "another check is recorded at the same second"
	// RefusedID: the component id cannot name a file.
	RefusedID RefusalReason = "component id cannot name a file"
)

// Record appends one round's results and moves each component's state.
// Times are kept to the second. Measurements are append-only: a result is
// recorded only when it is after the component's last recorded check, so
// nothing recorded is ever replaced, and no result arriving later shortens
// the time already attributed to one. A result at the same second as the
// last check is the same check (a rerun round or a re-applied commit) and
// changes nothing. Every other result that is not after the last check
// comes back as a Refusal, and the component's state notes that the
// monitor could not measure it (State.Refused); so does a different check
// at the same second (RefusedSameSecond), which the state does not count.
func (s *Store) Record(results []candor.Result) []Refusal {
	var out []Refusal
	for _, r := range results {
		if ref, ok := s.record(r); !ok {
			out = append(out, ref)
		}
	}
	return out
}

func (s *Store) record(r candor.Result) (Refusal, bool) {
	if checkID(r.Component) != nil {
		return Refusal{Result: r, Reason: RefusedID}, false
	}
	x := fromResult(r)
	se := s.seriesOf(r.Component)
	st := s.states[r.Component]
	last := s.lastAt(se, st)
	switch {
	case last != noBoundary && x.at == last:
		if !s.sameCheck(se, st, x) {
			return Refusal{Result: r, Last: time.Unix(last, 0).UTC(), Reason: RefusedSameSecond}, false
		}
		return Refusal{}, true // the same check again
	case last != noBoundary && x.at < last:
		s.refuse(r.Component, st, x)
		return Refusal{Result: r, Last: time.Unix(last, 0).UTC(), Reason: RefusedEarlier}, false
	case x.at < se.boundary(s.opt.Location):
		s.refuse(r.Component, st, x)
		return Refusal{Result: r, Last: time.Unix(last, 0).UTC(), Reason: RefusedFolded}, false
	}
	measured := lastMeasured(se.raw, st)
	se.raw = append(se.raw, x)
	se.rawDirty = true
	s.states[r.Component] = advance(st, x, measured, s.span())
	s.stateDirty = true
	return Refusal{}, true
}

// sameCheck reports whether x is the check recorded at its second, as a
// rerun round or a re-applied commit records it again.
func (s *Store) sameCheck(se *series, st *state, x raw) bool {
	if n := len(se.raw); n > 0 && se.raw[n-1].at == x.at {
		return string(appendRaw(nil, se.raw[n-1])) == string(appendRaw(nil, x))
	}
	return st != nil && string(appendRaw(nil, st.last)) == string(appendRaw(nil, x))
}

// lastAt is the component's last recorded check: the later of its state's
// and its raw file's, noBoundary when it has none.
func (s *Store) lastAt(se *series, st *state) int64 {
	last := int64(noBoundary)
	if st != nil {
		last = st.last.at
	}
	if n := len(se.raw); n > 0 && se.raw[n-1].at > last {
		last = se.raw[n-1].at
	}
	return last
}

// refuse notes in the state that a round could not be recorded.
func (s *Store) refuse(id string, st *state, x raw) {
	if st == nil {
		return
	}
	n := *st
	n.refused++
	n.refusedAt = max(n.refusedAt, x.at)
	s.states[id] = &n
	s.stateDirty = true
}

// lastMeasured is when the component's last measured check (any outcome
// but unknown) was, from its raw results and state; noBoundary when none is
// known.
func lastMeasured(rs []raw, st *state) int64 {
	if st != nil && st.last.outcome != candor.Unknown {
		return st.last.at
	}
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].outcome != candor.Unknown {
			return rs[i].at
		}
	}
	return noBoundary
}

// advance returns the state after result x; measured is when the last
// measured check was (lastMeasured). Up counts as passing, degraded and
// down as failing; maintenance resets both counts (nothing should open or
// resolve on it); unknown, a round the monitor could not see, leaves them
// as they were. Streaks count consecutive rounds only: a result more than
// span seconds after the last measured check starts both counts afresh,
// and its outcome's Since with it, since nothing measured the time
// between, whether blind rounds fell in it or none.
func advance(st *state, x raw, measured, span int64) *state {
	n := &state{outcome: x.outcome, since: x.at}
	if st != nil {
		*n = *st
		n.refused, n.refusedAt = 0, 0
		gap := measured != noBoundary && x.at-measured > span
		if gap {
			n.failing, n.passing = 0, 0
		}
		// A blind stretch goes on since it began.
		if n.outcome != x.outcome || gap && x.outcome != candor.Unknown {
			n.outcome, n.since = x.outcome, x.at
		}
	}
	switch x.outcome {
	case candor.Up:
		n.passing++
		n.failing = 0
	case candor.Degraded, candor.Down:
		n.failing++
		n.passing = 0
	case candor.UnderMaintenance:
		n.failing, n.passing = 0, 0
	}
	n.last = x
	return n
}

// State returns where component id stands, and false if it was never
// checked.
func (s *Store) State(id string) (candor.State, bool) {
	st := s.states[id]
	if st == nil {
		return candor.State{}, false
	}
	return st.public(id), true
}

// States returns every checked component's state by id.
func (s *Store) States() map[string]candor.State {
	m := make(map[string]candor.State, len(s.states))
	for id, st := range s.states {
		m[id] = st.public(id)
	}
	return m
}

// Backward yields component id's raw results from the newest back, each
// with its time, outcome, latency, class and message. It stops at the
// oldest raw result kept; folded days hold none.
func (s *Store) Backward(id string) iter.Seq[candor.Result] {
	return func(yield func(candor.Result) bool) {
		se := s.series[id]
		if se == nil {
			return
		}
		for i := len(se.raw) - 1; i >= 0; i-- {
			if !yield(se.raw[i].result(id)) {
				return
			}
		}
	}
}

// LastCheck is the latest check of any component; zero when none.
func (s *Store) LastCheck() time.Time {
	var last int64
	var any bool
	for _, st := range s.states {
		if !any || st.last.at > last {
			last, any = st.last.at, true
		}
	}
	if !any {
		return time.Time{}
	}
	return time.Unix(last, 0).UTC()
}

func (st *state) public(id string) candor.State {
	p := candor.State{
		Component: id,
		Outcome:   st.outcome,
		Since:     time.Unix(st.since, 0).UTC(),
		Failing:   st.failing,
		Passing:   st.passing,
		LastCheck: st.last.time(),
		Last:      st.last.result(id),
		Refused:   st.refused,
	}
	if st.refused > 0 {
		p.RefusedAt = time.Unix(st.refusedAt, 0).UTC()
	}
	return p
}
