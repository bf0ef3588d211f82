package history

import (
	"slices"
	"time"

	"github.com/candor-status/candor"
)

// Record appends one round's results and moves each component's state.
// Times are kept to the second. It is idempotent: a result whose component
// already has one at the same second changes nothing, so a rerun round or
// a re-applied commit never doubles data. A result older than the
// component's last check is kept but does not move its state; one inside a
// day already folded, or for a component id that cannot name a file, is
// dropped.
func (s *Store) Record(results []candor.Result) {
	for _, r := range results {
		if checkID(r.Component) != nil {
			continue
		}
		x := fromResult(r)
		se := s.seriesOf(r.Component)
		if x.at < se.boundary(s.opt.Location) || !insert(se, x) {
			continue
		}
		if st := s.states[r.Component]; st == nil || x.at > st.last.at {
			s.states[r.Component] = advance(st, x)
			s.stateDirty = true
		}
	}
}

// insert puts x into the series in time order and reports whether it was
// new.
func insert(se *series, x raw) bool {
	n := len(se.raw)
	if n == 0 || se.raw[n-1].at < x.at {
		se.raw = append(se.raw, x)
		se.rawDirty = true
		return true
	}
	i, found := slices.BinarySearchFunc(se.raw, x.at, func(y raw, t int64) int { return cmpInt(y.at, t) })
	if found {
		return false
	}
	se.raw = slices.Insert(se.raw, i, x)
	se.rawDirty = true
	return true
}

// advance returns the state after result x. Up counts as passing, degraded
// and down as failing; maintenance resets both counts (nothing should open
// or resolve on it); unknown, a round the monitor could not see, leaves
// them as they were.
func advance(st *state, x raw) *state {
	n := &state{outcome: x.outcome, since: x.at}
	if st != nil {
		*n = *st
		if n.outcome != x.outcome {
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
	return candor.State{
		Component: id,
		Outcome:   st.outcome,
		Since:     time.Unix(st.since, 0).UTC(),
		Failing:   st.failing,
		Passing:   st.passing,
		LastCheck: st.last.time(),
		Last:      st.last.result(id),
	}
}
