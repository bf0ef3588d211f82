package generator

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The HTML pages: one html/template file per page kind, parsed from
// Input.Templates, with style.css and page.js inlined into every page so a
// page is one request and works offline.

// pageTemplates are the page kinds; each is a template file of that name.
var pageTemplates = []string{"home.html", "component.html", "incident.html", "history.html", "maintenance.html", "404.html"}

// page is what every page template receives.
type page struct {
	Site  siteView
	Title string // the document title
	Path  string // the page's path from the site root, "" for home
	CSS   template.CSS
	JS    template.JS
	Data  any // the page kind's own view
}

// siteView is what every page shows about the site.
type siteView struct {
	Title       string
	Description string
	Base        string // base_url's path, ending in "/": "/repo/"
	LastCheck   stamp
	Interval    int    // seconds
	Every       string // the interval in words, "5 min"
	Blind       bool
}

// renderer renders pages of one site.
type renderer struct {
	s    *site
	t    *template.Template
	css  template.CSS
	js   template.JS
	view siteView
	base string // base_url's path, ending in "/"
	// top and foot are the same on every page: rendered once.
	top, foot []byte
	jobs      []pageJob
}

// pageJob is one page to render: a page is "head" (its title), "top",
// the page kind's template, and "foot".
type pageJob struct {
	path, name, title string
	view              func() any
}

func buildPages(s *site, f Files) error {
	r, err := newRenderer(s)
	if err != nil {
		return err
	}
	r.home()
	r.components()
	r.incidents()
	r.maintenance()
	r.history()
	r.notFound()
	if err := r.renderAll(f); err != nil {
		return err
	}
	f[".nojekyll"] = []byte{}
	if host := customDomain(s.in.Config.BaseURL); host != "" {
		f["CNAME"] = []byte(host + "\n")
	}
	return nil
}

func newRenderer(s *site) (*renderer, error) {
	r := &renderer{s: s, base: basePath(s.base)}
	t, err := template.New("").Funcs(template.FuncMap{"href": r.link}).ParseFS(s.in.Templates, "*.html")
	if err != nil {
		return nil, fmt.Errorf("build pages: %w", err)
	}
	for _, name := range append([]string{"head", "top", "foot"}, pageTemplates...) {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("build pages: template %s missing", name)
		}
	}
	css, err := fs.ReadFile(s.in.Templates, "style.css")
	if err != nil {
		return nil, fmt.Errorf("build pages: %w", err)
	}
	js, err := fs.ReadFile(s.in.Templates, "page.js")
	if err != nil {
		return nil, fmt.Errorf("build pages: %w", err)
	}
	r.t, r.css, r.js = t, template.CSS(css), template.JS(js)
	r.view = siteView{
		Title:       s.in.Config.Title,
		Description: s.in.Config.Description,
		Base:        r.base,
		LastCheck:   newStamp(s.in.LastCheck),
		Interval:    int(s.in.Config.Interval.Seconds()),
		Every:       duration(s.in.Config.Interval),
		Blind:       s.in.Blind,
	}
	if s.in.Config.Interval <= 0 {
		r.view.Every = ""
	}
	if r.view.Title == "" {
		r.view.Title = "Status"
	}
	common := page{Site: r.view, CSS: r.css, JS: r.js}
	if r.top, err = r.execute("top", common); err != nil {
		return nil, err
	}
	if r.foot, err = r.execute("foot", common); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *renderer) execute(name string, data any) ([]byte, error) {
	var b bytes.Buffer
	if err := r.t.ExecuteTemplate(&b, name, data); err != nil {
		return nil, fmt.Errorf("build pages: %w", err)
	}
	return b.Bytes(), nil
}

// add queues the page template name to be rendered at path; view builds
// its data when it is rendered.
func (r *renderer) add(path, name, title string, view func() any) {
	r.jobs = append(r.jobs, pageJob{path: path, name: name, title: title, view: view})
}

// renderAll renders the queued pages on every CPU and writes them into f
// in queue order, so output and errors do not depend on scheduling.
func (r *renderer) renderAll(f Files) error {
	out := make([][]byte, len(r.jobs))
	errs := make([]error, len(r.jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(r.jobs)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(r.jobs); i = int(next.Add(1) - 1) {
				out[i], errs[i] = r.renderPage(r.jobs[i])
			}
		})
	}
	wg.Wait()
	for i, j := range r.jobs {
		if errs[i] != nil {
			return errs[i]
		}
		f[j.path] = out[i]
	}
	return nil
}

func (r *renderer) renderPage(j pageJob) ([]byte, error) {
	p := page{Site: r.view, Title: j.title, Path: strings.TrimSuffix(j.path, "index.html"), CSS: r.css, JS: r.js}
	var b bytes.Buffer
	b.Grow(len(r.top) + len(r.foot) + 8<<10)
	if err := r.t.ExecuteTemplate(&b, "head", p); err != nil {
		return nil, fmt.Errorf("build pages: %s: %w", j.path, err)
	}
	b.Write(r.top)
	if j.view != nil {
		p.Data = j.view()
	}
	if err := r.t.ExecuteTemplate(&b, j.name, p); err != nil {
		return nil, fmt.Errorf("build pages: %s: %w", j.path, err)
	}
	b.Write(r.foot)
	return b.Bytes(), nil
}

// link is a site path as a link: base_url's path and p, so links work on a
// project site under /repo/ and from 404.html at any depth.
func (r *renderer) link(p string) string { return r.base + strings.TrimPrefix(p, "/") }

// basePath is the path of base_url, ending in "/".
func basePath(base string) string {
	p := "/"
	if u, err := url.Parse(base); err == nil && u.Path != "" {
		p = u.Path
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// customDomain is base_url's host when a CNAME file should name it: not a
// github.io host, not local.
func customDomain(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	h := strings.ToLower(u.Hostname())
	if strings.HasSuffix(h, ".github.io") || h == "localhost" || strings.Trim(h, "0123456789.:[]") == "" {
		return ""
	}
	return h
}

// pageCount is how many pages of size n hold total items, at least one.
func pageCount(total, n int) int {
	if total <= n {
		return 1
	}
	return (total + n - 1) / n
}

func itoa(n int) string { return strconv.Itoa(n) }
