// Package incident reads, validates and writes incident and maintenance
// files: markdown with YAML front matter under content/incidents/ and
// content/maintenance/.
package incident

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/adrg/frontmatter"
	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/repofile"
)

// MaxFileSize is the largest content file read. Anything bigger is refused
// with a problem: an incident is text a person writes.
const MaxFileSize = repofile.MaxSize

// The front matter of an incident file, as written.
type incidentFile struct {
	ID         string        `yaml:"id"`
	Title      string        `yaml:"title"`
	Components []string      `yaml:"components"`
	Impact     string        `yaml:"impact"`
	Started    time.Time     `yaml:"started"`
	Resolved   time.Time     `yaml:"resolved"`
	OpenedBy   string        `yaml:"opened_by"`
	Updates    []updateFile  `yaml:"updates"`
	Disputes   []disputeFile `yaml:"disputes"`
}

type updateFile struct {
	At         time.Time `yaml:"at"`
	Status     string    `yaml:"status"`
	Text       string    `yaml:"text"`
	NextUpdate time.Time `yaml:"next_update"`
}

type disputeFile struct {
	Component string    `yaml:"component"`
	From      time.Time `yaml:"from"`
	To        time.Time `yaml:"to"`
	Reason    string    `yaml:"reason"`
}

type maintenanceFile struct {
	ID         string       `yaml:"id"`
	Title      string       `yaml:"title"`
	Components []string     `yaml:"components"`
	Starts     time.Time    `yaml:"starts"`
	Ends       time.Time    `yaml:"ends"`
	Updates    []updateFile `yaml:"updates"`
}

var idPattern = regexp.MustCompile(`^[0-9a-z]{12}$`)

// split checks that data is a text file with front matter and returns the
// front matter, the body, and the number of lines before the front matter's
// first line. It reports what is wrong in words fit for a problem.
func split(data []byte) (front, body []byte, offset int, err error) {
	switch {
	case len(data) > MaxFileSize:
		return nil, nil, 0, fmt.Errorf("file too large (%d bytes; the limit is %d)", len(data), MaxFileSize)
	case len(bytes.TrimSpace(data)) == 0:
		return nil, nil, 0, errors.New("empty file: want front matter between two lines of ---")
	case bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data):
		return nil, nil, 0, errors.New("not a text file: want UTF-8 markdown with front matter")
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	lead := len(data) - len(bytes.TrimLeft(data, " \t\r\n"))
	offset = bytes.Count(data[:lead], []byte("\n")) + 1
	format := frontmatter.NewFormat("---", "---", func(b []byte, _ any) error {
		front = append([]byte(nil), b...)
		return nil
	})
	body, err = frontmatter.MustParse(bytes.NewReader(data), new(struct{}), format)
	if err != nil {
		return nil, nil, 0, errors.New("no front matter: the file must start with a line of --- and the front matter must end with one")
	}
	if len(bytes.TrimSpace(front)) == 0 {
		return nil, nil, 0, errors.New("empty front matter: want title, components, impact and started")
	}
	// frontmatter drops the newline after the opening ---; lines count from it.
	return front, body, offset, nil
}

// slugOf is the file name without its extension.
func slugOf(p string) string { return strings.TrimSuffix(path.Base(p), path.Ext(p)) }

// ParseIncident parses one incident file. known reports whether a
// component id exists; nil accepts any. The incident is nil when the file
// has any problem.
func ParseIncident(p string, data []byte, known func(string) bool) (*candor.Incident, []candor.Problem) {
	front, body, offset, err := split(data)
	if err != nil {
		return nil, []candor.Problem{{Path: p, Line: 1, Col: 1, Message: err.Error()}}
	}
	d := &config.Decoder{Path: p, LineOffset: offset}
	var f incidentFile
	if !d.Decode(front, &f) {
		return nil, d.Problems
	}
	checkIncident(d, &f, known)
	if len(d.Problems) > 0 {
		return nil, d.Problems
	}
	inc := &candor.Incident{
		ID: f.ID, Path: p, Slug: slugOf(p), Title: strings.TrimSpace(f.Title),
		Components: f.Components, Impact: candor.Impact(f.Impact),
		Started: f.Started, Resolved: f.Resolved, OpenedBy: f.OpenedBy,
		Updates: updates(f.Updates), Body: strings.TrimSpace(string(body)),
	}
	if inc.ID == "" {
		inc.ID = candor.StableID("incident:" + inc.Slug)
	}
	for _, x := range f.Disputes {
		inc.Disputes = append(inc.Disputes, candor.Dispute{Component: x.Component, From: x.From, To: x.To, Reason: strings.TrimSpace(x.Reason)})
	}
	return inc, nil
}

// ParseMaintenance parses one maintenance file, as ParseIncident does.
func ParseMaintenance(p string, data []byte, known func(string) bool) (*candor.Maintenance, []candor.Problem) {
	front, body, offset, err := split(data)
	if err != nil {
		return nil, []candor.Problem{{Path: p, Line: 1, Col: 1, Message: err.Error()}}
	}
	d := &config.Decoder{Path: p, LineOffset: offset}
	var f maintenanceFile
	if !d.Decode(front, &f) {
		return nil, d.Problems
	}
	checkMaintenance(d, &f, known)
	if len(d.Problems) > 0 {
		return nil, d.Problems
	}
	m := &candor.Maintenance{
		ID: f.ID, Path: p, Slug: slugOf(p), Title: strings.TrimSpace(f.Title),
		Components: f.Components, Starts: f.Starts, Ends: f.Ends,
		Updates: updates(f.Updates), Body: strings.TrimSpace(string(body)),
	}
	if m.ID == "" {
		m.ID = candor.StableID("maintenance:" + m.Slug)
	}
	return m, nil
}

func updates(in []updateFile) []candor.Update {
	out := make([]candor.Update, 0, len(in))
	for _, u := range in {
		out = append(out, candor.Update{At: u.At, Status: candor.UpdateStatus(u.Status), Text: strings.TrimSpace(u.Text), NextUpdate: u.NextUpdate})
	}
	return out
}
