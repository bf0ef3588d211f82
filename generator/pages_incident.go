package generator

import (
	"html/template"
	"regexp"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// incidentView is the data of incident.html.
type incidentView struct {
	Card       incidentCard
	ByMonitor  bool
	Affected   []linkView
	Declared   window
	Measured   *window // the span of measured failures; nil when none
	Note       string  // why there is no measured window
	Evidence   []evidence
	Disputes   []disputeView
	Updates    []*updateView // newest first
	Postmortem template.HTML
	Source     *sourceLinks
}

// window is a stretch of time; To is zero while it goes on.
type window struct {
	From, To stamp
	Lasted   string
}

// evidence is one measured window in words: "Public API was down from …
// to … (91 min, 19 checks)".
type evidence struct {
	Component string
	Outcome   string
	Class     string
	From, To  stamp
	Lasted    string
	Checks    string
}

// disputeView is a dispute beside what was measured over its stretch.
type disputeView struct {
	Component string
	Reason    string
	From, To  stamp
	Measured  []evidence
	Downtime  string // "30 min of downtime disputed": measured downtime only
}

func (r *renderer) incidents() {
	for _, inc := range r.s.incidents {
		r.add("incidents/"+inc.ID+"/index.html", "incident.html", inc.Title+" · "+r.view.Title, func() any { return r.incidentView(inc) })
	}
}

func (r *renderer) incidentView(inc *incident) incidentView {
	now := r.s.in.Now
	v := incidentView{Card: r.card(inc), ByMonitor: inc.ByMonitor(), Source: r.source(inc.Path)}
	for _, c := range inc.Components {
		v.Affected = append(v.Affected, r.componentLink(c))
	}
	v.Declared = newWindow(inc.Started, inc.Resolved, now, r.s.loc())
	v.Measured, v.Note = r.measuredWindow(inc)
	for _, w := range inc.Evidence {
		v.Evidence = append(v.Evidence, r.evidence(w, now))
	}
	for _, d := range inc.Disputes {
		v.Disputes = append(v.Disputes, r.dispute(inc, d))
	}
	for i := len(inc.Updates) - 1; i >= 0; i-- {
		v.Updates = append(v.Updates, r.update(&inc.Updates[i]))
	}
	if body := postmortem(inc.Body); body != "" {
		v.Postmortem = r.markdown(body)
	}
	return v
}

// leadingPostmortem is a first line that only repeats the heading the page
// gives the section: "## Postmortem".
var leadingPostmortem = regexp.MustCompile(`(?i)^#{1,6}[ \t]*post-?mortem[ \t#]*(\r?\n|$)`)

// postmortem is an incident's body as its page's Postmortem section shows
// it: without a first heading that says the same again.
func postmortem(body string) string {
	return strings.TrimSpace(leadingPostmortem.ReplaceAllString(body, ""))
}

func newWindow(from, to, now time.Time, loc *time.Location) window {
	w := window{From: newStamp(from, loc), To: newStamp(to, loc)}
	if to.IsZero() {
		w.Lasted = duration(now.Sub(from)) + " so far"
	} else {
		w.Lasted = duration(to.Sub(from))
	}
	return w
}

// measuredWindow spans the failures probes measured during the incident,
// or says why there is none. Unknown windows are no measurement: evidence
// made only of them says nothing covered the incident, never that nothing
// failed.
func (r *renderer) measuredWindow(inc *incident) (*window, string) {
	var from, to time.Time
	measured, gaps := false, false
	for _, w := range inc.Evidence {
		measured = measured || w.Outcome != candor.Unknown
		gaps = gaps || w.Outcome == candor.Unknown
		if !w.Outcome.Failing() {
			continue
		}
		if from.IsZero() || w.From.Before(from) {
			from = w.From
		}
		if w.To.After(to) {
			to = w.To
		}
	}
	if !from.IsZero() {
		w := newWindow(from, to, r.s.in.Now, r.s.loc())
		return &w, ""
	}
	probed := false
	for _, c := range inc.Components {
		probed = probed || c.HasProbe
	}
	switch {
	case !probed:
		return nil, "Not measured: no affected component has a probe."
	case !measured:
		return nil, "No measurement covers this incident: whether its components failed is unknown."
	case gaps:
		return nil, "Probes measured no failure while they measured; part of this incident has no measurement."
	}
	return nil, "Probes measured no failure during this incident."
}

func (r *renderer) evidence(w candor.Window, now time.Time) evidence {
	win := newWindow(w.From, w.To, now, r.s.loc())
	e := evidence{Component: w.Component, Outcome: outcomeWord(w.Outcome), Class: viewStatus(candor.FromOutcome(w.Outcome)).Class, From: win.From, To: win.To, Lasted: win.Lasted}
	if c := r.s.byID[w.Component]; c != nil {
		e.Component = c.name()
	}
	e.Checks = plural(w.Checks, "check")
	if w.Outcome == candor.Unknown {
		e.Outcome, e.Checks = "not measured", ""
		if w.Checks > 0 {
			e.Checks = plural(w.Checks, "check") + " without a result"
		}
	}
	return e
}

// dispute is a dispute beside what was measured inside its stretch: each
// window clipped to [d.From, d.To).
func (r *renderer) dispute(inc *incident, d candor.Dispute) disputeView {
	now := r.s.in.Now
	v := disputeView{Component: d.Component, Reason: d.Reason, From: newStamp(d.From, r.s.loc()), To: newStamp(d.To, r.s.loc())}
	c := r.s.byID[d.Component]
	if c != nil {
		v.Component = c.name()
		v.Downtime = minutes(c.disputedMinutes(d.From, d.To)) + " of downtime disputed"
	}
	for _, w := range inc.Evidence {
		if w.Component != d.Component || !w.From.Before(endOr(d.To, now)) || !endOr(w.To, now).After(d.From) {
			continue
		}
		part, clipped := clip(w, d.From, d.To)
		e := r.evidence(part, now)
		if clipped && part.Outcome != candor.Unknown {
			e.Checks = ""
			if n, ok := recentChecks(c, part, now); ok {
				e.Checks = plural(n, "check")
			}
		}
		v.Measured = append(v.Measured, e)
	}
	return v
}

// clip is w cut to [from, to) (to zero: no end), and whether it was cut.
func clip(w candor.Window, from, to time.Time) (candor.Window, bool) {
	part := w
	if from.After(part.From) {
		part.From = from
	}
	if !to.IsZero() && (part.To.IsZero() || to.Before(part.To)) {
		part.To = to
	}
	return part, !part.From.Equal(w.From) || !part.To.Equal(w.To)
}

// recentChecks counts the checks of c with w's outcome inside w, when the
// raw checks of the last 24 hours cover it; older windows cut short have
// no count of their own.
func recentChecks(c *component, w candor.Window, now time.Time) (int, bool) {
	if c == nil || w.From.Before(now.Add(-24*time.Hour)) {
		return 0, false
	}
	n := 0
	for _, p := range c.Measured.Recent {
		if !p.At.Before(w.From) && p.At.Before(endOr(w.To, now)) && p.Outcome == w.Outcome {
			n++
		}
	}
	return n, true
}

func endOr(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}
