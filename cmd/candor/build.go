package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/generator"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/internal/atomicfile"
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
	fmt.Fprintf(e.stdout, "built %d files in %s\n", len(files), o.out)
	return 0
}

func brokenFiles(ps []candor.Problem) int {
	seen := map[string]bool{}
	for _, p := range ps {
		seen[p.Path] = true
	}
	return len(seen)
}

// writeSite builds the site and replaces the out folder with it.
func writeSite(o buildOptions, cfg *candor.Config, content *incident.Content, m *measurements, now time.Time) (generator.Files, error) {
	files, err := buildSite(o.config, cfg, content, m, now)
	if err != nil {
		return nil, err
	}
	return files, writeFiles(o.out, files)
}

// buildSite builds the site in memory.
func buildSite(cfgPath string, cfg *candor.Config, content *incident.Content, m *measurements, now time.Time) (generator.Files, error) {
	user, done, err := userTemplates(cfgPath)
	if err != nil {
		return nil, err
	}
	defer done()
	in := siteInput(cfg, content, m, now)
	in.Templates, in.Markdown = generator.Overlay(user, templates.FS()), generator.NewMarkdown()
	return generator.Build(in)
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

// writeFiles makes dir hold exactly the site files, in place: a file
// already holding its bytes is not touched, a changed one is written over,
// and the files of an earlier build the site no longer has are removed. A
// large site changes a few files a round (its pages say when they were
// last checked) and keeps tens of thousands as they were; creating them
// all anew each round is what costs. It refuses a folder that is not an
// earlier site (no .nojekyll), so a wrong --out cannot wipe a repository,
// and never writes through a symbolic link: whatever stands at a site
// path and is not a plain file is removed first.
func writeFiles(dir string, files generator.Files) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Lstat(filepath.Join(dir, ".nojekyll")); err != nil {
			return fmt.Errorf("%s is not empty and holds no earlier site: refusing to replace it", dir)
		}
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if _, err := atomicfile.RemoveStale(parent, isSiteTemp, atomicfile.StaleAfter); err != nil {
		return fmt.Errorf("remove leftover site folders: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	old, err := siteTree(root)
	if err != nil {
		return err
	}
	if err := writeAll(root, old, files); err != nil {
		return err
	}
	return removeStale(root, old, files)
}

// siteTree is every entry under root by slash path, with its type.
func siteTree(root *os.Root) (map[string]fs.FileMode, error) {
	out := map[string]fs.FileMode{}
	err := fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		out[p] = d.Type()
		return nil
	})
	return out, err
}

// siteTempPrefix starts the names of the folders writeFiles builds a site
// in beside the out folder: ".candor-site-<digits>", and the old site moved
// aside as ".candor-site-<digits>.old".
const siteTempPrefix = ".candor-site-"

var siteTemp = regexp.MustCompile(`^` + regexp.QuoteMeta(siteTempPrefix) + `[0-9]+(\.old)?$`)

// isSiteTemp reports whether name is one of writeFiles' folders, which a
// build killed half-way leaves behind.
func isSiteTemp(name string) bool { return siteTemp.MatchString(name) }

// siteWriters is how many files writeAll compares and writes at once:
// the time goes to system calls, not to the processor.
const siteWriters = 8

// writeAll writes the files under root that are not there as they are:
// old is what root held, by slash path and type.
func writeAll(root *os.Root, old map[string]fs.FileMode, files generator.Files) error {
	paths := files.Paths()
	for _, p := range paths {
		if t, there := old[p]; there && !t.IsRegular() {
			if err := root.RemoveAll(p); err != nil { // a link, a folder: never written through
				return err
			}
			delete(old, p)
		}
	}
	made := map[string]bool{".": true}
	for _, p := range paths {
		for d := path.Dir(p); !made[d]; d = path.Dir(d) {
			if t, there := old[d]; there && !t.IsDir() {
				if err := root.Remove(d); err != nil { // a file where the site now has a folder
					return err
				}
				delete(old, d)
			}
			made[d] = true
		}
	}
	for d := range made {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	errs := make([]error, siteWriters)
	var wg sync.WaitGroup
	for w := range siteWriters {
		wg.Go(func() {
			for i := w; i < len(paths) && errs[w] == nil; i += siteWriters {
				_, there := old[paths[i]] // a plain file: the rest are gone
				errs[w] = writeChanged(root, paths[i], files[paths[i]], there)
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// writeChanged writes b to p unless p, a plain file when there, holds it.
func writeChanged(root *os.Root, p string, b []byte, there bool) error {
	if there {
		if cur, err := root.ReadFile(p); err == nil && bytes.Equal(cur, b) {
			return nil
		}
	}
	return root.WriteFile(p, b, 0o644)
}

// removeStale removes the plain files and links of the earlier build that
// the site no longer has, and the folders none of its files are in.
func removeStale(root *os.Root, old map[string]fs.FileMode, files generator.Files) error {
	needed := map[string]bool{}
	for p := range files {
		for d := path.Dir(p); d != "." && !needed[d]; d = path.Dir(d) {
			needed[d] = true
		}
	}
	for _, p := range slices.Sorted(maps.Keys(old)) {
		if _, inSite := files[p]; inSite || needed[p] || !needed[path.Dir(p)] && path.Dir(p) != "." {
			continue // kept, or inside a folder removed whole below
		}
		if err := root.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}
