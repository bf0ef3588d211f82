package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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
// Input.Templates. The home page inlines style.css and page.js, so the page
// most visitors open is one request; every other page links the same two
// files, written once beside it, which browsers cache across pages.

// pageTemplates are the page kinds; each is a template file of that name.
var pageTemplates = []string{"home.html", "component.html", "incident.html", "history.html", "maintenance.html", "subscribe.html", "404.html"}

// page is what every page template receives.
type page struct {
	Site  siteView
	Title string // the document title
	Path  string // the page's path from the site root, "" for home
	// CSS and JS are style.css and page.js to inline, set on the home
	// page only; other pages link .Site.Style and .Site.Script.
	CSS  template.CSS
	JS   template.JS
	Home bool // the home page, whose own banner says when it is stale
	Data any  // the page kind's own view
}

// siteView is what every page shows about the site.
type siteView struct {
	Title       string
	Description string
	Base        string // base_url's path, ending in "/": "/repo/"
	LastCheck   stamp
	Interval    int    // seconds
	Every       string // the interval in words, "5 min"
	Zone        string // the display zone (timezone), "Europe/Berlin": the days, and times without script
	Blind       bool
	// StaleAt is when the measurements go stale (candor.StaleAfter past
	// the last check), for the page script; "" when never checked. Stale
	// says they already were at build time, and StaleText what the
	// banner then says.
	StaleAt   string
	Stale     bool
	StaleText string
	// Style and Script link style.css and page.js under base_url's path,
	// with a hash of their content so a changed theme is fetched anew:
	// "/repo/style.css?v=1f2e3d4c". Card links card.js, which page.js
	// loads when a visitor first uses a day bar.
	Style, Script, Card string
}

// renderer renders pages of one site.
type renderer struct {
	s *site
	t *template.Template
	// workers are clones of t, one per render worker: a template guards
	// its functions and templates with locks that every field and call
	// takes, which CPUs sharing one template contend for.
	workers []*template.Template
	css     template.CSS
	js      template.JS
	cardJS  []byte // card.js
	// cssFile and jsFile are style.css and page.js as the theme has them;
	// js, what the home page inlines, leaves out its whole-line comments.
	cssFile, jsFile []byte
	md              *markdowner
	view            siteView
	base            string // base_url's path, ending in "/"
	// inline and linked are the chrome of the home page and of every
	// other page: rendered once each.
	inline, linked chrome
	jobs           []pageJob
}

// chrome is what every page shares: "top" and "foot" rendered.
type chrome struct{ top, foot []byte }

// pageJob is one page to render: a page is "head" (its title), "top",
// the page kind's template, and "foot".
type pageJob struct {
	path, name, title string
	view              func() any
}

func buildPages(s *site, f *sink) error {
	r, err := newRenderer(s)
	if err != nil {
		return err
	}
	r.home()
	r.components()
	r.incidents()
	r.maintenance()
	r.history()
	r.subscribe()
	r.notFound()
	if err := r.renderAll(f); err != nil {
		return err
	}
	r.dayFiles(f)
	f.put(styleFile, r.cssFile)
	f.put(scriptFile, r.jsFile)
	f.put(cardFile, r.cardJS)
	f.put(".nojekyll", []byte{})
	if host := customDomain(s.in.Config.BaseURL); host != "" {
		f.put("CNAME", []byte(host+"\n"))
	}
	return nil
}

func newRenderer(s *site) (*renderer, error) {
	r := &renderer{s: s, base: basePath(s.base), md: newMarkdowner(s.in.Markdown)}
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
	card, err := fs.ReadFile(s.in.Templates, cardFile)
	if err != nil {
		return nil, fmt.Errorf("build pages: %w", err)
	}
	r.t, r.css, r.js, r.cardJS = t, template.CSS(homeCSS(css)), template.JS(uncommentJS(js)), card
	r.cssFile, r.jsFile = css, js
	// Clone before t runs: a template that ran cannot be cloned.
	for range runtime.GOMAXPROCS(0) {
		w, err := t.Clone()
		if err != nil {
			return nil, fmt.Errorf("build pages: %w", err)
		}
		r.workers = append(r.workers, w)
	}
	r.view = r.siteView()
	r.view.Style = r.link(styleFile) + "?v=" + contentHash(css)
	r.view.Script = r.link(scriptFile) + "?v=" + contentHash(js)
	r.view.Card = r.link(cardFile) + "?v=" + contentHash(card)
	if r.inline, err = r.chrome(page{Site: r.view, CSS: r.css, JS: r.js, Home: true}); err != nil {
		return nil, err
	}
	if r.linked, err = r.chrome(page{Site: r.view}); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *renderer) siteView() siteView {
	in := r.s.in
	v := siteView{
		Title:       in.Config.Title,
		Description: in.Config.Description,
		Base:        r.base,
		LastCheck:   newStamp(in.LastCheck, r.s.loc()),
		Interval:    int(in.Config.Interval.Seconds()),
		Every:       duration(in.Config.Interval),
		Blind:       in.Blind,
		StaleAt:     newStamp(r.s.fresh.StaleAt, r.s.loc()).ISO,
		Stale:       r.s.fresh.Stale,
		Zone:        r.s.loc().String(),
	}
	if v.Stale {
		v.StaleText = r.s.staleText()
	}
	if in.Config.Interval <= 0 {
		v.Every = ""
	}
	if v.Title == "" {
		v.Title = "Status"
	}
	return v
}

// The theme's stylesheet and script, as files in the site.
const (
	styleFile  = "style.css"
	scriptFile = "page.js"
	cardFile   = "card.js"
)

// uncommentJS is script without its whole-line // comments, for inlining:
// the home page is weighed in bytes.
func uncommentJS(js []byte) []byte {
	var out []byte
	for _, l := range bytes.SplitAfter(js, []byte("\n")) {
		if !bytes.HasPrefix(bytes.TrimSpace(l), []byte("//")) {
			out = append(out, l...)
		}
	}
	return out
}

// homeCSSEnd marks where the rules of style.css that the home page uses
// end; a theme's style.css without it is inlined whole.
const homeCSSEnd = "/* candor:home-end"

// homeCSS is what the home page inlines of style.css: the rules before
// homeCSSEnd. The charts, timelines and Subscribe page's rules cost the
// home page 0.4 KB gzipped it never used.
func homeCSS(css []byte) []byte {
	if i := bytes.Index(css, []byte(homeCSSEnd)); i >= 0 {
		return css[:i]
	}
	return css
}

// contentHash is a short hash of b for cache-busting links.
func contentHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:4])
}

func (r *renderer) chrome(p page) (chrome, error) {
	top, err := r.execute("top", p)
	if err != nil {
		return chrome{}, err
	}
	foot, err := r.execute("foot", p)
	return chrome{top, foot}, err
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

// renderAll renders the queued pages on every CPU, putting each in f as
// it is done. The error is the first page's in queue order, so it does not
// depend on scheduling.
func (r *renderer) renderAll(f *sink) error {
	errs := make([]error, len(r.jobs))
	bufs := make([]bytes.Buffer, len(r.workers)) // one per worker: each page keeps only its own bytes
	inParallel(len(r.workers), len(r.jobs), func(w, i int) {
		var out []byte
		if out, errs[i] = r.renderPage(r.workers[w], &bufs[w], r.jobs[i]); errs[i] == nil {
			f.put(r.jobs[i].path, out)
		}
	})
	return firstError(errs)
}

// inParallel calls do(w, i) once for every i below n, on at most workers
// goroutines; w, below workers, names the goroutine calling, for what it
// keeps from one call to the next (a buffer, a template).
func inParallel(workers, n int, do func(w, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers, n) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				do(w, i)
			}
		})
	}
	wg.Wait()
}

// firstError is the first error of errs, or nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (r *renderer) renderPage(t *template.Template, b *bytes.Buffer, j pageJob) ([]byte, error) {
	p := page{Site: r.view, Title: j.title, Path: strings.TrimSuffix(j.path, "index.html")}
	c := r.linked
	if p.Path == "" {
		p.CSS, p.JS, p.Home, c = r.css, r.js, true, r.inline
	}
	b.Reset()
	if err := t.ExecuteTemplate(b, "head", p); err != nil {
		return nil, fmt.Errorf("build pages: %s: %w", j.path, err)
	}
	b.Write(c.top)
	if j.view != nil {
		p.Data = j.view()
	}
	if err := t.ExecuteTemplate(b, j.name, p); err != nil {
		return nil, fmt.Errorf("build pages: %s: %w", j.path, err)
	}
	b.Write(c.foot)
	return bytes.Clone(b.Bytes()), nil
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
