package incident

import (
	"errors"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/repofile"
)

// Folders, relative to the repository root.
const (
	IncidentDir    = "content/incidents"
	MaintenanceDir = "content/maintenance"
)

// Content is every incident and maintenance file that parsed, and every
// problem of those that did not.
type Content struct {
	Incidents   []candor.Incident    // sorted by path
	Maintenance []candor.Maintenance // sorted by path
	Problems    []candor.Problem     // sorted by path, line, column
}

// Load reads every .md file under content/incidents and content/maintenance
// of root. A file with a problem is left out and its problems reported; the
// rest load. Component ids are checked against cfg unless it is nil (a
// config too broken to say which components exist). Missing folders are
// empty. Paths in the result are relative to root, with slashes. An error
// is returned only when a folder cannot be read at all.
func Load(root string, cfg *candor.Config) (*Content, error) {
	files, problems, err := ReadFiles(root)
	if err != nil {
		return nil, err
	}
	c := LoadFiles(files, cfg)
	c.Problems = append(c.Problems, problems...)
	SortProblems(c.Problems)
	return c, nil
}

// ReadFiles reads the .md files of content/incidents and
// content/maintenance under root, by slash path relative to root, as
// LoadFiles takes them. Files are read as package repofile reads them: a
// symbolic link, a device, a file over MaxFileSize or one that cannot be
// read comes back as a problem of its own; the error is for a folder that
// cannot be read at all.
func ReadFiles(root string) (map[string][]byte, []candor.Problem, error) {
	r, err := repofile.Open(root)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	out := map[string][]byte{}
	var problems []candor.Problem
	bad := func(p candor.Problem) { problems = append(problems, p) }
	for _, dir := range []string{IncidentDir, MaintenanceDir} {
		files, err := readDir(r, dir, bad)
		if err != nil {
			return nil, nil, err
		}
		for _, f := range files {
			out[f.path] = f.data
		}
	}
	return out, problems, nil
}

// LoadFiles is Load over files already read, by slash path relative to
// the root (a branch's files, or ReadFiles'); paths outside the two
// content folders are ignored.
func LoadFiles(files map[string][]byte, cfg *candor.Config) *Content {
	var known func(string) bool // a nil config accepts any component
	if cfg != nil {
		known = func(id string) bool { _, ok := cfg.Component(id); return ok }
	}
	c := &Content{}
	for _, r := range parseAll(contentFiles(files, IncidentDir), func(f file) (*candor.Incident, []candor.Problem) { return ParseIncident(f.path, f.data, known) }) {
		c.Problems = append(c.Problems, r.problems...)
		if r.value != nil {
			c.Incidents = append(c.Incidents, *r.value)
		}
	}
	for _, r := range parseAll(contentFiles(files, MaintenanceDir), func(f file) (*candor.Maintenance, []candor.Problem) { return ParseMaintenance(f.path, f.data, known) }) {
		c.Problems = append(c.Problems, r.problems...)
		if r.value != nil {
			c.Maintenance = append(c.Maintenance, *r.value)
		}
	}
	c.dropDuplicateIDs()
	SortProblems(c.Problems)
	return c
}

// contentFiles are the .md files directly in dir, in name order.
func contentFiles(files map[string][]byte, dir string) []file {
	var out []file
	for p, data := range files {
		if path.Dir(p) == dir && strings.HasSuffix(p, ".md") && !strings.HasPrefix(path.Base(p), ".") {
			out = append(out, file{p, data})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// file is one content file read from disk.
type file struct {
	path string // slash path relative to the root
	data []byte
}

// readDir reads every .md file of dir under root, in name order. Files
// refused or unreadable are reported through bad and left out.
func readDir(root *repofile.Root, dir string, bad func(candor.Problem)) ([]file, error) {
	entries, err := root.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var files []file
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := path.Join(dir, e.Name())
		data, err := root.ReadFile(p, MaxFileSize)
		var refused *repofile.RefusedError
		switch {
		case errors.As(err, &refused):
			bad(candor.Problem{Path: p, Line: 1, Col: 1, Message: refused.Reason})
			continue
		case err != nil:
			bad(candor.Problem{Path: p, Line: 1, Col: 1, Message: "cannot read: " + err.Error()})
			continue
		}
		files = append(files, file{p, data})
	}
	return files, nil
}

type parsed[T any] struct {
	value    T
	problems []candor.Problem
}

// parseAll parses files on every core, keeping their order.
func parseAll[T any](files []file, parse func(file) (T, []candor.Problem)) []parsed[T] {
	out := make([]parsed[T], len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				out[i].value, out[i].problems = parse(files[i])
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

func (c *Content) addProblem(p candor.Problem) { c.Problems = append(c.Problems, p) }

// dropDuplicateIDs keeps the first file (by path) of each id and reports
// the others: two pages cannot share an address. Incidents and maintenance
// share one space of ids.
func (c *Content) dropDuplicateIDs() {
	seen := map[string]string{}
	c.Incidents = dedupe(c, seen, c.Incidents, func(i candor.Incident) (string, string) { return i.ID, i.Path })
	c.Maintenance = dedupe(c, seen, c.Maintenance, func(m candor.Maintenance) (string, string) { return m.ID, m.Path })
}

func dedupe[T any](c *Content, seen map[string]string, items []T, key func(T) (id, path string)) []T {
	var kept []T
	for _, item := range items {
		id, p := key(item)
		if first, ok := seen[id]; ok {
			c.addProblem(candor.Problem{Path: p, Line: 1, Col: 1, Field: "id", Message: "same id " + id + " as " + first + ": give one of them another id or file name"})
			continue
		}
		seen[id] = p
		kept = append(kept, item)
	}
	return kept
}

// SortProblems orders problems by path, line and column.
func SortProblems(ps []candor.Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}
