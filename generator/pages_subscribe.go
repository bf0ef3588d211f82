package generator

import "html/template"

// subscribePath is the Subscribe page: every way to follow the page
// without visiting it, with the full address of each.
const subscribePath = "subscribe/"

// subscribeView is the data of subscribe.html.
type subscribeView struct {
	RSS, Atom string // every incident and maintenance window
	Calendar  string // maintenance.ics
	// Webcal is the calendar for apps that subscribe by webcal://: the
	// calendar's own http(s) address with the scheme changed, so it is safe
	// as a link (html/template refuses schemes it does not know).
	Webcal        template.URL
	Badge, Shield string // the overall badge and its shields.io endpoint
	Components    []subscribeComponent
	API           []subscribeURL
	// Relative is set when base_url is not an absolute address: the
	// addresses are paths, which the page says, and page.js makes them
	// absolute from the page's own address.
	Relative bool
}

// subscribeComponent is one component's feeds and badges.
type subscribeComponent struct {
	Name, Href                 string
	RSS, Atom                  string
	Badge, UptimeBadge, Shield string
}

// subscribeURL is an address with what it holds.
type subscribeURL struct {
	URL, What string
}

func (r *renderer) subscribe() {
	r.add(subscribePath+"index.html", "subscribe.html", "Subscribe · "+r.view.Title, r.subscribeView)
}

func (r *renderer) subscribeView() any {
	s := r.s
	v := subscribeView{
		RSS: s.url("history.rss"), Atom: s.url("history.atom"), Calendar: s.url("maintenance.ics"),
		Badge: s.url("badge.svg"), Shield: s.url("badge.json"),
	}
	if rest, ok := cutScheme(v.Calendar); ok {
		v.Webcal = template.URL("webcal://" + rest)
	} else {
		v.Relative = true
	}
	for _, c := range s.components {
		p := componentPath(c)
		v.Components = append(v.Components, subscribeComponent{
			Name: c.name(), Href: r.link(p), RSS: s.url(p + "history.rss"), Atom: s.url(p + "history.atom"),
			Badge: s.url("badges/" + c.ID + ".svg"), UptimeBadge: s.url("badges/" + c.ID + "-uptime.svg"), Shield: s.url("badges/" + c.ID + ".json"),
		})
	}
	for _, a := range []subscribeURL{
		{"api/v2/summary.json", "the page, every component, open incidents and maintenance: what Statuspage clients read"},
		{"api/v2/status.json", "the overall indicator and its words"},
		{"api/v2/components.json", "every component and its status"},
		{"api/v2/incidents.json", "the 50 most recent incidents"},
		{"api/v2/incidents/unresolved.json", "open incidents"},
		{"api/v2/scheduled-maintenances.json", "maintenance windows"},
		{"api/v2/scheduled-maintenances/upcoming.json", "maintenance that has not begun"},
		{"api/v2/scheduled-maintenances/active.json", "maintenance in progress"},
		{"api/candor.json", "everything the page knows, measured beside declared"},
	} {
		v.API = append(v.API, subscribeURL{URL: s.url(a.URL), What: a.What})
	}
	return v
}

// cutScheme is an http or https URL without its scheme.
func cutScheme(u string) (string, bool) {
	for _, p := range []string{"https://", "http://"} {
		if len(u) > len(p) && u[:len(p)] == p {
			return u[len(p):], true
		}
	}
	return "", false
}
