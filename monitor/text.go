package monitor

import (
	"fmt"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// The monitor's words. Each says what was measured and what changed,
// plainly, for the people reading the page.

func titleFor(comp candor.Component, impact candor.Impact) string {
	if impact.Rank() >= candor.ImpactMajor.Rank() {
		return comp.Name + " is failing checks"
	}
	return comp.Name + " is degraded"
}

// failingText opens an incident; intermittent when it opens on flapping
// rather than on a run of failures.
func failingText(comp candor.Component, ev Evidence, intermittent bool) string {
	if intermittent {
		return fmt.Sprintf("Checks of %s fail intermittently: %d of the last %d failed; the latest: %s.",
			comp.Name, ev.RecentFailing, ev.Recent, latest(ev))
	}
	verb := "failed"
	if ev.Worst == candor.Degraded {
		verb = "been degraded"
	}
	return fmt.Sprintf("Checks of %s have %s since %s: %s.", comp.Name, verb, since(ev), counted(ev))
}

// stillText is the monitor's evidence update on an incident still failing;
// intermittently when more of the recent rounds failed than the current run.
func stillText(comp candor.Component, ev Evidence) string {
	if ev.RecentFailing > ev.Checks && ev.RecentFailing < ev.Recent {
		return fmt.Sprintf("Checks of %s are failing intermittently: %d of the last %d failed; the latest: %s.",
			comp.Name, ev.RecentFailing, ev.Recent, latest(ev))
	}
	verb := "failing"
	if ev.Worst == candor.Degraded {
		verb = "degraded" // slow, never down: "failing" would say more than was measured
	}
	return fmt.Sprintf("Checks of %s are still %s since %s: %s.", comp.Name, verb, since(ev), counted(ev))
}

// maintainedText is the monitor's evidence update on its incident while
// the component's failing checks count as maintenance: the checks ran,
// and what they showed.
func maintainedText(comp candor.Component, ev Evidence, m *candor.Maintenance) string {
	verb := "still fail"
	if ev.State.Last.Class.Degraded() {
		verb = "are still degraded"
	}
	during := "during maintenance"
	if m != nil {
		during = fmt.Sprintf("during the maintenance %q, until %s", m.Title, clock(m.Ends, ev.State.LastCheck))
	}
	return fmt.Sprintf("Checks of %s %s %s, counted as maintenance: %d %s in a row since %s; the latest: %s.",
		comp.Name, verb, during, ev.Checks, plural(ev.Checks, "check", "checks"), since(ev), latest(ev))
}

func reopenText(comp candor.Component, ev Evidence) string {
	return fmt.Sprintf("Checks of %s are failing again since %s: %s. Reopened.", comp.Name, since(ev), counted(ev))
}

// raiseText says why the impact went up, and from what. lowered is true
// when a person had set it below what the monitor declared before.
func raiseText(comp candor.Component, ev Evidence, from, to candor.Impact, lowered bool) string {
	why := fmt.Sprintf("checks of %s fail outright since %s: %s", comp.Name, clock(ev.WorstSince, ev.State.LastCheck), raisedCounted(ev))
	if ev.Worst != candor.Down {
		why = fmt.Sprintf("checks of %s are degraded since %s: %s", comp.Name, clock(ev.WorstSince, ev.State.LastCheck), raisedCounted(ev))
	}
	if lowered {
		return fmt.Sprintf("Impact set back to %s: it had been lowered to %s, but %s.", to, from, why)
	}
	return fmt.Sprintf("Impact raised from %s to %s: %s.", from, to, why)
}

func resolvedText(from, now time.Time, checks int) string {
	return fmt.Sprintf("Checks have passed since %s: %d in a row.", clock(from, now), checks)
}

// counted is a failing run in words: "9 of 9 checks failed; the latest:
// status 503".
func counted(ev Evidence) string {
	return fmt.Sprintf("%d %s in a row; the latest: %s", ev.Checks, plural(ev.Checks, "check", "checks"), latest(ev))
}

// raisedCounted is the checks at the raised level in words, counted from
// the first of them: "3 checks in a row", or "3 of the 4 checks since"
// when some between them were less bad.
func raisedCounted(ev Evidence) string {
	all := ev.WorstRun
	if ev.WorstChecks == all {
		return fmt.Sprintf("%d %s in a row; the latest: %s", all, plural(all, "check", "checks"), latest(ev))
	}
	return fmt.Sprintf("%d of the %d checks since; the latest: %s", ev.WorstChecks, all, latest(ev))
}

// latest is the latest check in words: which locations failed when it
// merged several vantage points.
func latest(ev Evidence) string {
	if ev.Locations != "" {
		return ev.Locations
	}
	return describe(ev.State.Last)
}

// describe is a result in words: its message and how many attempts it took.
func describe(res candor.Result) string {
	msg := strings.TrimRight(res.Message, ". ")
	if msg == "" {
		msg = string(res.Outcome)
	}
	if res.Attempts > 1 {
		msg += fmt.Sprintf(" (%d attempts)", res.Attempts)
	}
	return msg
}

// since is when the evidence's run began, in words.
func since(ev Evidence) string { return clock(ev.Since, ev.State.LastCheck) }

// clock is t as a time of day, with its date when it is not within a day
// of ref.
func clock(t, ref time.Time) string {
	if ref.Sub(t) >= 20*time.Hour {
		return t.UTC().Format("Jan 2 15:04") + " UTC"
	}
	return t.UTC().Format("15:04") + " UTC"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
