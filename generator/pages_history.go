package generator

import (
	"sort"
	"time"
)

// historyPageSize is how many incidents and maintenance windows one history
// page lists.
const historyPageSize = 100

// historyView is the data of history.html.
type historyView struct {
	Months       []historyMonth
	Page, Pages  int
	Newer, Older string // links to the neighbouring pages, "" at the ends
	Total        int
}

type historyMonth struct {
	Name    string // November 2026
	ISO     string // 2026-11
	Entries []historyEntry
}

// historyEntry is an incident or a maintenance window.
type historyEntry struct {
	Href, Title string
	Label       string // the impact, or "Maintenance"
	Class, Icon string
	When        stamp
	Summary     string // "Resolved after 1 h 35 min", "Ongoing"
	Components  []string
	start       time.Time
	id          string
}

func (r *renderer) history() {
	refs := r.historyRefs()
	pages := pageCount(len(refs), historyPageSize)
	for p := 1; p <= pages; p++ {
		lo, hi := (p-1)*historyPageSize, min(p*historyPageSize, len(refs))
		v := historyView{Page: p, Pages: pages, Total: len(refs)}
		if p > 1 {
			v.Newer = r.link(historyPath(p - 1))
		}
		if p < pages {
			v.Older = r.link(historyPath(p + 1))
		}
		title := "History · " + r.view.Title
		if p > 1 {
			title = "History, page " + itoa(p) + " · " + r.view.Title
		}
		// The entries of a page are built when it is rendered, on every CPU.
		r.add(historyPath(p)+"index.html", "history.html", title, func() any {
			v.Months = r.months(r.historyEntries(refs[lo:hi]))
			return v
		})
	}
}

// historyPath is the folder of history page p.
func historyPath(p int) string {
	if p == 1 {
		return "history/"
	}
	return "history/page/" + itoa(p) + "/"
}

// historyRef is an incident or a maintenance window in history order.
type historyRef struct {
	inc   *incident
	m     *maint
	start time.Time
	id    string
}

// historyRefs is every incident and maintenance window, newest first.
func (r *renderer) historyRefs() []historyRef {
	out := make([]historyRef, 0, len(r.s.incidents)+len(r.s.maintenance))
	for _, inc := range r.s.incidents {
		out = append(out, historyRef{inc: inc, start: inc.Started, id: inc.ID})
	}
	for _, m := range r.s.maintenance {
		out = append(out, historyRef{m: m, start: m.Starts, id: m.ID})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].start.Equal(out[j].start) {
			return out[i].start.After(out[j].start)
		}
		return out[i].id < out[j].id
	})
	return out
}

func (r *renderer) historyEntries(refs []historyRef) []historyEntry {
	out := make([]historyEntry, 0, len(refs))
	for _, ref := range refs {
		if inc := ref.inc; inc != nil {
			c := r.card(inc)
			e := historyEntry{Href: c.Href, Title: c.Title, Label: c.Impact, Class: c.Class, Icon: c.Icon, When: c.Started, Components: c.Components, start: inc.Started, id: inc.ID}
			e.Summary = "Ongoing"
			if !inc.Open() {
				e.Summary = "Resolved after " + c.Lasted
			}
			out = append(out, e)
			continue
		}
		c := r.maintCard(ref.m)
		out = append(out, historyEntry{Href: c.Href, Title: c.Title, Label: "Maintenance", Class: "maint", Icon: "i-maint", When: c.Starts,
			Summary: c.Status + ", " + c.Lasts, Components: c.Components, start: ref.m.Starts, id: ref.m.ID})
	}
	return out
}

// months groups entries, newest first, by month in the display zone.
func (r *renderer) months(entries []historyEntry) []historyMonth {
	var out []historyMonth
	for _, e := range entries {
		t := e.start.In(r.s.loc())
		iso := t.Format("2006-01")
		if len(out) == 0 || out[len(out)-1].ISO != iso {
			out = append(out, historyMonth{Name: t.Format("January 2006"), ISO: iso})
		}
		m := &out[len(out)-1]
		m.Entries = append(m.Entries, e)
	}
	return out
}

func (r *renderer) notFound() {
	r.add("404.html", "404.html", "Page not found · "+r.view.Title, nil)
}
