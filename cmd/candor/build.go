package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/generator"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/templates"
)

// defaultData is where measurements live locally.
const defaultData = "data"

// dataUsage describes --data wherever it appears: the folder is placed
// beside the config unless given (see beside).
const dataUsage = "the measurements folder, beside the config unless given"

// buildOptions are the flags build and run share.
type buildOptions struct {
	config, data, out string
	now               string
	strict            bool
}

func (o *buildOptions) register(fs interface {
	StringVar(*string, string, string, string)
	BoolVar(*bool, string, bool, string)
}) {
	fs.StringVar(&o.config, "config", "candor.yml", "the config file")
	fs.StringVar(&o.data, "data", defaultData, dataUsage)
	fs.StringVar(&o.out, "out", "public", "where to write the site")
	fs.StringVar(&o.now, "now", "", "the time to build for, RFC 3339 (default: the clock)")
	fs.BoolVar(&o.strict, "strict", false, "fail on any content problem instead of leaving the file out")
}

// relative places --data and --out beside the config when they were not
// given, so that a command run from another folder finds the same
// measurements: they belong to the repository, not to where it runs from.
func (o *buildOptions) relative(fs *flag.FlagSet) {
	beside(fs, o.config, "data", &o.data)
	beside(fs, o.config, "out", &o.out)
}

// beside places the folder of flag name beside the config unless the flag
// was given.
func beside(fs *flag.FlagSet, cfgPath, name string, value *string) {
	if !flagGiven(fs, name) {
		*value = filepath.Join(filepath.Dir(cfgPath), *value)
	}
}

// flagGiven reports whether flag name was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// clock returns the --now time, or the real time.
func (o *buildOptions) clock(e *env) (time.Time, error) {
	if o.now == "" {
		return e.now().UTC().Truncate(time.Second), nil
	}
	t, err := time.Parse(time.RFC3339, o.now)
	if err != nil {
		return time.Time{}, fmt.Errorf("--now: want an RFC 3339 time such as 2026-11-26T15:00:00Z (got %q)", o.now)
	}
	return t.UTC(), nil
}

func cmdBuild(ctx context.Context, e *env, args []string) int {
	var o buildOptions
	fs := newFlags(e, "build")
	o.register(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	o.relative(fs)
	now, err := o.clock(e)
	if err != nil {
		return fail(e, "build", err)
	}
	cfg, err := loadConfig(e, o.config)
	if err != nil {
		return fail(e, "build", err)
	}
	content, err := loadContent(o.config, cfg)
	if err != nil {
		return fail(e, "build", err)
	}
	if len(content.Problems) > 0 {
		printProblems(e.stderr, content.Problems)
		annotate(e, o.config, content.Problems)
		if o.strict {
			return fail(e, "build", errProblems)
		}
		fmt.Fprintf(e.stderr, "left out %d broken %s; the rest of the site is built\n", brokenFiles(content.Problems), plural(brokenFiles(content.Problems), "file", "files"))
	}
	if _, err := os.Stat(o.data); os.IsNotExist(err) {
		fmt.Fprintf(e.stderr, "no measurements in %s: components with a probe show no data until candor run records some\n", o.data)
	}
	m, err := loadMeasurements(e, o.data, cfg, content, now)
	if err != nil {
		return fail(e, "build", err)
	}
	files, err := writeSite(o, cfg, content, m, now)
	if err != nil {
		return fail(e, "build", err)
	}
	fmt.Fprintf(e.stdout, "built %d files in %s\n", files.files, o.out)
	return 0
}

func brokenFiles(ps []candor.Problem) int {
	seen := map[string]bool{}
	for _, p := range ps {
		seen[p.Path] = true
	}
	return len(seen)
}

// builtSite is what callers keep of a site once it is written.
type builtSite struct {
	files int // how many it has
	// api is its Statuspage API documents (api/v2/), which
	// notifications quote.
	api generator.Files
}

// writeSite builds the site into the out folder, each file written as it
// is made: the site of a large page is too big to hold in memory whole.
func writeSite(o buildOptions, cfg *candor.Config, content *incident.Content, m *measurements, now time.Time) (builtSite, error) {
	in, done, err := themed(o.config, cfg, content, m, now)
	if err != nil {
		return builtSite{}, err
	}
	defer done()
	w, err := openSite(o.out)
	if err != nil {
		return builtSite{}, err
	}
	return w.close(generator.BuildTo(in, w.put))
}

// buildSite builds the site in memory.
func buildSite(cfgPath string, cfg *candor.Config, content *incident.Content, m *measurements, now time.Time) (generator.Files, error) {
	in, done, err := themed(cfgPath, cfg, content, m, now)
	if err != nil {
		return nil, err
	}
	defer done()
	return generator.Build(in)
}

// themed is siteInput with the theme: the embedded one, with the
// templates/ folder beside the config over it. done releases that folder.
func themed(cfgPath string, cfg *candor.Config, content *incident.Content, m *measurements, now time.Time) (generator.Input, func(), error) {
	user, done, err := userTemplates(cfgPath)
	if err != nil {
		return generator.Input{}, nil, err
	}
	in := siteInput(cfg, content, m, now)
	in.Templates, in.Markdown = generator.Overlay(user, templates.FS()), generator.NewMarkdown()
	return in, done, nil
}

// siteInput is what the site is built from, but for the theme.
func siteInput(cfg *candor.Config, content *incident.Content, m *measurements, now time.Time) generator.Input {
	return generator.Input{
		Config:      *cfg,
		Incidents:   content.Incidents,
		Maintenance: content.Maintenance,
		Measured:    m.measured,
		Evidence:    m.evidence,
		Announced:   m.announced,
		LastCheck:   m.lastCheck,
		Blind:       m.blind,
		Now:         now,
	}
}
