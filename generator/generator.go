// Package generator builds the static status site: HTML pages, feeds, the
// Statuspage-compatible JSON API, badges and the maintenance calendar.
//
// It is pure: Build takes everything as input (content, measurements, config,
// templates and the time) and returns files (BuildTo gives them to a
// function as they are made). No clock, environment, network
// or disk is touched, and the same input gives byte-identical output.
package generator

import (
	"fmt"
	"io/fs"
	"sort"
	"sync"
	"time"

	"github.com/candor-status/candor"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Input is everything a site is built from.
type Input struct {
	Config      candor.Config
	Incidents   []candor.Incident    // valid files only
	Maintenance []candor.Maintenance // valid files only
	// Measured holds each component's measurements by id; a component
	// missing here was never measured.
	Measured map[string]candor.Measured
	// Evidence holds, by incident or maintenance ID, the measured windows
	// of its components from its start to its end (or now).
	Evidence map[string][]candor.Window
	// Announced holds, by maintenance ID, what the monitor saw announced
	// of each window: each component's time as first seen. Failures a
	// window covers that no piece seen in advance covers, or that an
	// outage under way when the piece was seen holds back, counted as
	// down; a window missing here was never seen before it began.
	Announced map[string][]candor.Announced
	// LastCheck is when the latest round ran; zero when none has.
	LastCheck time.Time
	// Blind is true when the latest round could not reach its control
	// targets: monitoring was interrupted.
	Blind bool
	// Templates is the theme: the embedded default with a repository's own
	// templates laid over it (see Overlay).
	Templates fs.FS
	// Markdown renders incident text; NewMarkdown builds the right one.
	Markdown goldmark.Markdown
	Now      time.Time
}

// Statuses is what a build of in shows: each component's status by id,
// and the page's overall status. It is the site's own computation, so an
// output or a step summary that uses it cannot disagree with the page.
func Statuses(in Input) (map[string]candor.Status, candor.Overall) {
	s := newSite(cleanInput(in))
	out := make(map[string]candor.Status, len(s.components))
	for _, c := range s.components {
		out[c.ID] = c.Shown
	}
	return out, s.overall
}

// Files is the built site: slash paths relative to the site root (no
// leading slash, "index.html", "api/v2/summary.json") to contents.
type Files map[string][]byte

// Paths returns the file paths in sorted order.
func (f Files) Paths() []string {
	p := make([]string, 0, len(f))
	for k := range f {
		p = append(p, k)
	}
	sort.Strings(p)
	return p
}

// NewMarkdown returns the markdown renderer for incident text: GitHub tables,
// strikethrough and autolinks, and no raw HTML (goldmark drops it and
// refuses javascript: links unless told to be unsafe, which candor never is).
func NewMarkdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
}

// Build builds the whole site.
func Build(in Input) (Files, error) {
	files := Files{}
	if err := BuildTo(in, files.collect()); err != nil {
		return nil, err
	}
	return files, nil
}

// collect is an Emit that keeps every file in f.
func (f Files) collect() Emit {
	var mu sync.Mutex
	return func(path string, b []byte) error {
		mu.Lock()
		defer mu.Unlock()
		f[path] = b
		return nil
	}
}

// Emit takes one file of a build, by its slash path, as soon as it is
// made. It is called from several goroutines at once, once per path, and
// may keep b: the build never changes it after.
type Emit func(path string, b []byte) error

// BuildTo builds the whole site as Build does, but gives each file to emit
// instead of holding the site until the end: the site of ten thousand
// components is half a gigabyte, which can be on disk while the rest is
// being built. It returns the first error emit returned, if any, once
// the build is done; the files are the same as Build's.
func BuildTo(in Input, emit Emit) error {
	if in.Templates == nil {
		return fmt.Errorf("build: no templates")
	}
	if in.Markdown == nil {
		in.Markdown = NewMarkdown()
	}
	if in.Now.IsZero() {
		return fmt.Errorf("build: no time given")
	}
	s := newSite(cleanInput(in))
	out := &sink{emit: emit}
	// The API first: encoding candor.json of a large site briefly takes
	// several times its size, best done before the pages are made.
	for _, step := range []func(*site, *sink) error{buildAPI, buildFeeds, buildBadges, buildCalendar, buildPages} {
		if err := step(s, out); err != nil {
			return err
		}
	}
	return out.failed()
}

// sink is where the steps of a build put their files.
type sink struct {
	emit Emit
	mu   sync.Mutex
	err  error // emit's first
}

// put gives a file to emit; several goroutines may put at once.
func (o *sink) put(path string, b []byte) {
	if err := o.emit(path, b); err != nil {
		o.mu.Lock()
		if o.err == nil {
			o.err = fmt.Errorf("build: %s: %w", path, err)
		}
		o.mu.Unlock()
	}
}

func (o *sink) failed() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}
