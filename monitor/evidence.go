package monitor

import (
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
)

// Evidence is what the record says of one component after the round, as
// reconcile needs it.
type Evidence struct {
	State candor.State
	// Since is the first check of the current run of consecutive failing
	// (degraded or down) or passing rounds, or of failing rounds counted
	// as maintenance; Checks is how many checks the run holds. A blind
	// round neither starts nor ends a run; more than twice the interval
	// between two measured rounds (whether blind rounds fell between them
	// or none), or a maintenance round, ends it.
	Since  time.Time
	Checks int
	// Worst is the worst outcome of a failing run; WorstSince the first
	// check of the run at that outcome; WorstChecks how many of the run's
	// checks were at it, of the WorstRun checks from WorstSince on.
	Worst                 candor.Outcome
	WorstSince            time.Time
	WorstChecks, WorstRun int
	// Recent and RecentFailing count the last policy.flapping.rounds
	// consecutive measured rounds and how many of them failed;
	// RecentSince is the oldest of those failures.
	Recent, RecentFailing int
	RecentSince           time.Time
	// Refused is true when the round's result was not recorded: the
	// record says nothing new, so nothing is decided on it.
	Refused bool
	// Locations says how the vantage points of the latest check agree,
	// when it merged several ("2 of 3 locations failing: …").
	Locations string
}

// Failing reports whether the component fails now.
func (e Evidence) Failing() bool { return e.State.Outcome.Failing() }

// Flapping reports whether enough of the recent rounds failed for the
// policy to call the checks intermittent.
func (e Evidence) Flapping(p candor.Flapping) bool {
	return p.Failing > 0 && e.RecentFailing >= p.Failing
}

// evidence reads every probed component's evidence from the record.
// refused names the components whose result this round was refused.
func evidence(cfg *candor.Config, hs *history.Store, refused map[string]bool) map[string]Evidence {
	out := map[string]Evidence{}
	span := 2 * cfg.Interval
	for _, c := range cfg.Components {
		st, ok := hs.State(c.ID)
		if c.Probe == nil || !ok {
			continue
		}
		ev := Evidence{State: st, Refused: refused[c.ID], Locations: st.Last.Locations(cfg.VantageName)}
		walk(&ev, hs, c.ID, span, cfg.Policy.Flapping.Rounds)
		out[c.ID] = ev
	}
	return out
}

// walk reads the current run and the recent rounds back from the newest
// result.
func walk(ev *Evidence, hs *history.Store, id string, span time.Duration, rounds int) {
	if ev.State.Outcome == candor.UnderMaintenance {
		maintenanceRun(ev, hs, id, span)
		return
	}
	var prev time.Time
	run, recent := true, true
	failing := ev.State.Outcome.Failing()
	passing := ev.State.Outcome == candor.Up
	for r := range hs.Backward(id) {
		if r.Outcome == candor.UnderMaintenance {
			return // a maintenance round ends both
		}
		if r.Outcome == candor.Unknown {
			continue // blind: neither starts nor ends a run, nor bridges a gap
		}
		if !prev.IsZero() && prev.Sub(r.At) > span {
			return // a gap between measured rounds ends both, blind rounds in it or not
		}
		prev = r.At
		if run && ((failing && r.Outcome.Failing()) || (passing && r.Outcome == candor.Up)) {
			ev.Since = r.At
			ev.Checks++
			if failing && worse(r.Outcome, ev.Worst) {
				ev.Worst, ev.WorstChecks = r.Outcome, 0
			}
			if failing && r.Outcome == ev.Worst {
				ev.WorstSince, ev.WorstRun = r.At, ev.Checks
				ev.WorstChecks++
			}
		} else {
			run = false
		}
		if recent && ev.Recent < rounds {
			ev.Recent++
			if r.Outcome.Failing() {
				ev.RecentFailing++
				ev.RecentSince = r.At
			}
		} else {
			recent = false
		}
		if !run && !recent {
			return
		}
	}
}

// maintenanceRun reads back the run of failing checks counted as
// maintenance that the newest result ends.
func maintenanceRun(ev *Evidence, hs *history.Store, id string, span time.Duration) {
	var prev time.Time
	for r := range hs.Backward(id) {
		if r.Outcome == candor.Unknown {
			continue // blind: neither starts nor ends a run, as in walk
		}
		if !prev.IsZero() && prev.Sub(r.At) > span || r.Outcome != candor.UnderMaintenance {
			return
		}
		prev, ev.Since = r.At, r.At
		ev.Checks++
	}
}

func worse(a, b candor.Outcome) bool {
	return a == candor.Down && b != candor.Down || a == candor.Degraded && b == ""
}
