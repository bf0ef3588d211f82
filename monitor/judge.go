package monitor

import (
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
)

// judge stamps the round's time on every result and applies what an
// outcome means this round: a blind monitor knows nothing, and a failure
// inside a maintenance window is maintenance only when what was announced
// of it (ann, by maintenance id) covers the component now: announced
// before that time began, and not while the component's outage was
// already under way. A window written during an outage, back-dated, given
// a component or more time after the fact, hides nothing.
func judge(results []candor.Result, blind bool, maint []candor.Maintenance, ann map[string]history.Announcement, now time.Time) []candor.Result {
	out := make([]candor.Result, len(results))
	for i, r := range results {
		r.At = now
		switch {
		case blind:
			r.Outcome, r.Class = candor.Unknown, candor.ClassBlind
			r.Message = "monitor could not reach the internet: every control check failed"
		case r.Outcome.Failing() && inAnnouncedMaintenance(maint, ann, r.Component, now):
			r.Outcome = candor.UnderMaintenance
		}
		out[i] = r
	}
	return out
}

func inAnnouncedMaintenance(maint []candor.Maintenance, ann map[string]history.Announcement, id string, now time.Time) bool {
	for _, m := range maint {
		if m.Affects(id) && m.Active(now) && ann[m.ID].Covers(id, now) {
			return true
		}
	}
	return false
}
