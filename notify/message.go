package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// Page is what messages are made of: the page after the round.
type Page struct {
	Config      *candor.Config
	Incidents   []candor.Incident
	Maintenance []candor.Maintenance
	States      map[string]candor.State // by component id
	// Blind is true when the latest round could not see.
	Blind bool
	// Site is the built site's files: the webhook bodies carry the
	// objects its JSON API serves, so the two never disagree.
	Site map[string][]byte
	// Objects yields the API object of an incident or maintenance the
	// site's documents do not list (they list the 50 most recent), made
	// as they make theirs: generator.API. Nil: the lists only.
	Objects Objects
	Now     time.Time
}

// Objects yields the Statuspage API object of any incident or
// maintenance window by id, false when there is none.
type Objects interface {
	Incident(id string) ([]byte, bool)
	Maintenance(id string) ([]byte, bool)
}

// Message is the message of change c, or false when its subject is not
// on the page. A message whose Statuspage body cannot be made is still
// made, for every other channel: a webhook then fails to send it.
func (pg Page) Message(c candor.Change) (Message, bool) {
	m := Message{Change: c}
	switch {
	case c.Kind.Incident():
		inc := pg.incident(c.Subject)
		if inc == nil {
			return m, false
		}
		m.Incident = inc
		m.Title, m.Text, m.URL = pg.incidentText(c, inc)
	case c.Kind.Maintenance():
		mt := pg.maintenance(c.Subject)
		if mt == nil {
			return m, false
		}
		m.Maintenance = mt
		m.Title, m.Text, m.URL = pg.maintenanceText(c, mt)
	default:
		comp, ok := pg.Config.Component(c.Subject)
		if !ok {
			return m, false
		}
		m.Title, m.Text, m.URL = pg.componentText(c, comp)
	}
	m.Statuspage, m.statuspageErr = pg.statuspage(m)
	return m, true
}

func (pg Page) incident(id string) *candor.Incident {
	for i := range pg.Incidents {
		if pg.Incidents[i].ID == id {
			return &pg.Incidents[i]
		}
	}
	return nil
}

func (pg Page) maintenance(id string) *candor.Maintenance {
	for i := range pg.Maintenance {
		if pg.Maintenance[i].ID == id {
			return &pg.Maintenance[i]
		}
	}
	return nil
}

// verbs say what happened, at the start of a title.
var verbs = map[candor.ChangeKind]string{
	candor.IncidentOpened:       "Opened",
	candor.IncidentUpdated:      "Update",
	candor.IncidentRaised:       "Impact raised",
	candor.IncidentReopened:     "Reopened",
	candor.IncidentResolved:     "Resolved",
	candor.MaintenanceScheduled: "Maintenance scheduled",
	candor.MaintenanceStarted:   "Maintenance started",
	candor.MaintenanceCompleted: "Maintenance completed",
}

// incidentText tells an incident's change: the update it is about, in
// its own words; the impact and components; what is measured now.
func (pg Page) incidentText(c candor.Change, inc *candor.Incident) (title, text, url string) {
	title = verbs[c.Kind] + ": " + inc.Title
	var lines []string
	if u := updateOf(inc, c.Update); u != nil {
		lines = append(lines, label(u.Status)+": "+oneParagraph(u.Text))
	}
	who := "declared by the team"
	if inc.ByMonitor() {
		who = "opened by the monitor from its checks"
	}
	lines = append(lines, fmt.Sprintf("Impact %s on %s; %s.", inc.Impact, pg.names(inc.Components), who))
	lines = append(lines, pg.evidence(inc.Components)...)
	url = pg.link("incidents/" + inc.ID + "/")
	return title, finish(lines, url), url
}

func (pg Page) maintenanceText(c candor.Change, m *candor.Maintenance) (title, text, url string) {
	title = verbs[c.Kind] + ": " + m.Title
	lines := []string{fmt.Sprintf("Window %s to %s on %s.", when(m.Starts), when(m.Ends), pg.names(m.Components))}
	if u := updateOf(&candor.Incident{Updates: m.Updates}, 0); u != nil {
		lines = append(lines, oneParagraph(u.Text))
	}
	if c.Kind == candor.MaintenanceStarted && m.Active(pg.Now) {
		var down []string
		for _, id := range m.Components {
			if pg.failingInWindow(id) {
				down = append(down, id)
			}
		}
		if len(down) > 0 {
			lines = append(lines, fmt.Sprintf("The checks of %s that fail count as down, not as maintenance: the window was announced for them after it began, or while they were already failing.", pg.names(down)))
		}
	}
	url = pg.link("maintenance/" + m.ID + "/")
	return title, finish(lines, url), url
}

// failingInWindow reports whether component id's latest check failed and
// was counted as a failure although a window is active on it: what the
// window announced does not cover it (the judge would have made it
// maintenance otherwise).
func (pg Page) failingInWindow(id string) bool {
	st, ok := pg.States[id]
	return ok && st.Outcome.Failing()
}

// componentText tells why a component shows what it shows: what is
// measured and what is declared.
func (pg Page) componentText(c candor.Change, comp candor.Component) (title, text, url string) {
	title = fmt.Sprintf("%s: %s → %s", comp.Name, c.From.Label(), c.To.Label())
	lines := pg.evidence([]string{comp.ID})
	for i := range pg.Incidents {
		inc := &pg.Incidents[i]
		if inc.Open() && inc.Affects(comp.ID) {
			lines = append(lines, fmt.Sprintf("Declared: %s (impact %s).", inc.Title, inc.Impact))
		}
	}
	for i := range pg.Maintenance {
		m := &pg.Maintenance[i]
		switch {
		case !m.Active(pg.Now) || !m.Affects(comp.ID):
		case pg.failingInWindow(comp.ID):
			lines = append(lines, fmt.Sprintf("Maintenance in progress: %s, until %s; its failing checks count as down: it was not announced for them before it began.", m.Title, when(m.Ends)))
		default:
			lines = append(lines, fmt.Sprintf("Under maintenance: %s, until %s.", m.Title, when(m.Ends)))
		}
	}
	url = pg.link("components/" + comp.ID + "/")
	return title, finish(lines, url), url
}

// evidence is what the probes of ids measure now, in words.
func (pg Page) evidence(ids []string) []string {
	var out []string
	for _, id := range ids {
		comp, ok := pg.Config.Component(id)
		if !ok || comp.Probe == nil {
			continue
		}
		st, measured := pg.States[id]
		switch {
		case pg.Blind:
			out = append(out, fmt.Sprintf("Measured: no data for %s: the monitor could not reach the internet (every control check failed).", comp.Name))
		case !measured || !st.Measuring():
			out = append(out, fmt.Sprintf("Measured: no data for %s.", comp.Name))
		default:
			out = append(out, fmt.Sprintf("Measured: %s %s since %s%s.", comp.Name, st.Outcome, when(st.Since), detail(st.Last)))
		}
	}
	return out
}

// detail is a result's message, when it has one.
func detail(r candor.Result) string {
	msg := strings.TrimRight(oneParagraph(r.Message), ". ")
	if msg == "" {
		return ""
	}
	if r.Attempts > 1 {
		msg += fmt.Sprintf(", %d attempts", r.Attempts)
	}
	return " (" + msg + ")"
}

func (pg Page) names(ids []string) string {
	if len(ids) == 0 {
		return "no component"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		if c, ok := pg.Config.Component(id); ok {
			out[i] = c.Name
		}
	}
	return strings.Join(out, ", ")
}

// link is the absolute URL of a site path, or "" when base_url is not
// absolute.
func (pg Page) link(path string) string {
	base := pg.Config.BaseURL
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return ""
	}
	return strings.TrimSuffix(base, "/") + "/" + path
}

// updateOf is update n (1-based) of inc, or its latest when n is out of
// range.
func updateOf(inc *candor.Incident, n int) *candor.Update {
	if n >= 1 && n <= len(inc.Updates) {
		return &inc.Updates[n-1]
	}
	return inc.Latest()
}

func label(s candor.UpdateStatus) string {
	w := strings.ReplaceAll(string(s), "_", " ")
	if w == "" {
		return "Update"
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

func when(t time.Time) string { return t.UTC().Format("Jan 2 15:04 UTC") }

func oneParagraph(s string) string { return strings.Join(strings.Fields(s), " ") }

func finish(lines []string, url string) string {
	if url != "" {
		lines = append(lines, url)
	}
	return strings.Join(lines, "\n")
}
