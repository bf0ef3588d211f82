package generator

import (
	"html/template"

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

// late says how a window announced after it began was counted: the
// failures measured in it before its announced start stay down. Nothing
// when it was announced in time or nothing failed in it.
func (r *renderer) late(m *maint) string {
	counted := r.s.in.Announced[m.ID]
	if !counted.IsZero() && !counted.After(m.Starts) {
		return ""
	}
	var failed []candor.Window
	for _, w := range r.s.in.Evidence[m.ID] {
		if w.Outcome.Failing() && w.From.Before(m.Ends) && w.To.After(m.Starts) && (counted.IsZero() || w.From.Before(counted)) {
			failed = append(failed, w)
		}
	}
	if len(failed) == 0 {
		return ""
	}
	from, to := failed[0].From, failed[len(failed)-1].To
	if from.Before(m.Starts) {
		from = m.Starts
	}
	if !counted.IsZero() && to.After(counted) {
		to = counted
	}
	when := "from " + newStamp(from, r.s.loc()).Text + " to " + newStamp(to, r.s.loc()).Text
	if counted.IsZero() {
		return "Down during maintenance announced after it began: the checks that failed " + when + " count as down, not as maintenance."
	}
	return "Announced for " + newStamp(counted, r.s.loc()).Text + ", after its start: the checks that failed " + when + " count as down, not as maintenance."
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
