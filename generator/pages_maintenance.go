package generator

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// maintCard is a maintenance window in a list.
type maintCard struct {
	Href       string
	Title      string
	Status     string // Scheduled, In progress, Completed
	Starts     stamp
	Ends       stamp
	Lasts      string
	Components []string
	// Late says the checks that failed in the window count as down, when
	// it was announced after it began; empty otherwise.
	Late string
}

// maintView is the data of maintenance.html.
type maintView struct {
	Card       maintCard
	Components []linkView
	Updates    []*updateView // newest first
	Body       template.HTML
	Source     *sourceLinks
}

// linkView is a link with its words.
type linkView struct {
	Href, Text string
	Status     statusView
}

func (r *renderer) maintCard(m *maint) maintCard {
	c := maintCard{
		Href:   r.link("maintenance/" + m.ID + "/"),
		Title:  m.Title,
		Status: updateLabel(m.Status),
		Starts: newStamp(m.Starts, r.s.loc()),
		Ends:   newStamp(m.Ends, r.s.loc()),
		Lasts:  duration(m.Ends.Sub(m.Starts)),
	}
	for _, comp := range m.Components {
		c.Components = append(c.Components, comp.name())
	}
	c.Late = r.late(m)
	return c
}

// late says why failures in a window counted as down, not as
// maintenance: the time was announced after it began (a back-dated window,
// a component or time added after the fact), or while the component's
// checks were already failing. Nothing when every failure in it counted as
// maintenance.
func (r *renderer) late(m *maint) string {
	type stretch struct{ from, to time.Time }
	var order []string
	found := map[string]*stretch{}
	for _, w := range r.s.in.Evidence[m.ID] {
		if !w.Outcome.Failing() || !w.From.Before(m.Ends) || !w.To.After(m.Starts) {
			continue
		}
		from, to := candor.Later(w.From, m.Starts), candor.Earlier(w.To, m.Ends)
		why := r.whyDown(m, w.Component, from)
		if why == "" {
			continue
		}
		if s := found[why]; s != nil {
			s.from, s.to = candor.Earlier(s.from, from), candor.Later(s.to, to)
			continue
		}
		order = append(order, why)
		found[why] = &stretch{from, to}
	}
	var out []string
	for _, why := range order {
		s := found[why]
		out = append(out, fmt.Sprintf(why, "from "+newStamp(s.from, r.s.loc()).Text+" to "+newStamp(s.to, r.s.loc()).Text))
	}
	return strings.Join(out, " ")
}

// whyDown is why component id's failure at t inside window m counted as
// down, as a sentence with a %s for the time; empty when what was
// announced covers it.
func (r *renderer) whyDown(m *maint, id string, t time.Time) string {
	who := ""
	if len(m.Components) > 1 {
		if c := r.s.byID[id]; c != nil {
			who = " for " + c.name()
		}
	}
	for _, a := range r.s.in.Announced[m.ID] {
		if a.Component != id || t.Before(a.From) || !t.Before(a.To) || !a.InAdvance() {
			continue
		}
		if a.Held(t) {
			return "Down during maintenance announced" + who + " while its checks were already failing: the checks that failed %s count as down, not as maintenance, until they pass again."
		}
		return ""
	}
	return "Down during maintenance announced" + who + " after it began: the checks that failed %s count as down, not as maintenance."
}

func (r *renderer) maintenance() {
	for _, m := range r.s.maintenance {
		r.add("maintenance/"+m.ID+"/index.html", "maintenance.html", m.Title+" · "+r.view.Title, func() any { return r.maintView(m) })
	}
}

func (r *renderer) maintView(m *maint) maintView {
	v := maintView{Card: r.maintCard(m), Source: r.source(m.Path)}
	for _, c := range m.Components {
		v.Components = append(v.Components, r.componentLink(c))
	}
	for i := len(m.Updates) - 1; i >= 0; i-- {
		v.Updates = append(v.Updates, r.update(&m.Updates[i]))
	}
	if m.Body != "" {
		v.Body = r.markdown(m.Body)
	}
	return v
}

func (r *renderer) componentLink(c *component) linkView {
	return linkView{Href: r.link("components/" + c.ID + "/"), Text: c.name(), Status: r.s.componentStatus(c)}
}

// sourceLinks point at a content file on GitHub.
type sourceLinks struct {
	Path, View, Edit, History string
}

// source links path in Config.Repository, nil when none is set.
func (r *renderer) source(path string) *sourceLinks {
	cfg := r.s.in.Config
	if cfg.Repository == "" || path == "" {
		return nil
	}
	branch := cfg.Branch
	if branch == "" {
		branch = "main"
	}
	repo := "https://github.com/" + cfg.Repository
	return &sourceLinks{
		Path:    path,
		View:    repo + "/blob/" + branch + "/" + path,
		Edit:    repo + "/edit/" + branch + "/" + path,
		History: repo + "/commits/" + branch + "/" + path,
	}
}
