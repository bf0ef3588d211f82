package generator

import (
	"html/template"
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
	v.Declared = newWindow(inc.Started, inc.Resolved, now)
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
	if inc.Body != "" {
		v.Postmortem = r.markdown(inc.Body)
	}
	return v
}

func newWindow(from, to, now time.Time) window {
	w := window{From: newStamp(from), To: newStamp(to)}
	if to.IsZero() {
		w.Lasted = duration(now.Sub(from)) + " so far"
	} else {
		w.Lasted = duration(to.Sub(from))
	}
	return w
}

// measuredWindow spans the failures probes measured during the incident,
// or says why there is none.
func (r *renderer) measuredWindow(inc *incident) (*window, string) {
	var from, to time.Time
	for _, w := range inc.Evidence {
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
		w := newWindow(from, to, r.s.in.Now)
		return &w, ""
	}
	probed := false
	for _, c := range inc.Components {
		probed = probed || c.HasProbe
	}
	switch {
	case !probed:
		return nil, "Not measured: no affected component has a probe."
	case len(inc.Evidence) == 0:
		return nil, "No measurements cover this incident."
	}
	return nil, "Probes measured no failure during this incident."
}

func (r *renderer) evidence(w candor.Window, now time.Time) evidence {
	win := newWindow(w.From, w.To, now)
	e := evidence{Component: w.Component, Outcome: outcomeWord(w.Outcome), Class: viewStatus(candor.FromOutcome(w.Outcome)).Class, From: win.From, To: win.To, Lasted: win.Lasted}
	if c := r.s.byID[w.Component]; c != nil {
		e.Component = c.name()
	}
	e.Checks = plural(w.Checks, "check")
	return e
}

func (r *renderer) dispute(inc *incident, d candor.Dispute) disputeView {
	v := disputeView{Component: d.Component, Reason: d.Reason, From: newStamp(d.From), To: newStamp(d.To)}
	if c := r.s.byID[d.Component]; c != nil {
		v.Component = c.name()
	}
	for _, w := range inc.Evidence {
		if w.Component == d.Component && w.From.Before(endOr(d.To, r.s.in.Now)) && endOr(w.To, r.s.in.Now).After(d.From) {
			v.Measured = append(v.Measured, r.evidence(w, r.s.in.Now))
		}
	}
	return v
}

func endOr(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}
