package history

import (
	"strings"

	"github.com/candor-status/candor"
)

// QuarantineSuffix ends the name of the file beside a store file that keeps
// its damaged lines: raw/api.tsv's go to raw/api.tsv.quarantine.
const QuarantineSuffix = ".quarantine"

const quarantineHeader = "# candor quarantine: lines of %s that did not parse, moved here verbatim. Repair a line and move it back, or delete it; candor reports every line here on every round until then.\n"

// lostPrefix begins the quarantine line that records a raw file's loss.
const lostPrefix = "lost: "

// damage is one line of a store file that did not parse.
type damage struct {
	line    int
	text    string // verbatim
	problem candor.Problem
}

func damaged(path string, line int, text, message string) damage {
	return damage{line: line, text: text, problem: candor.Problem{Path: path, Line: line, Message: message}}
}

// quarantine is what a store file's quarantine holds, and what this load
// adds to it.
type quarantine struct {
	kept  []byte   // the quarantine file as read
	added []damage // found in the store file this time
}

// quarantined records damage found in the store file rel: its lines move
// to the quarantine file when the store is written, so nothing is lost.
func (s *Store) quarantined(rel string, bad []damage) []candor.Problem {
	if len(bad) == 0 {
		return nil
	}
	q := s.quarantineOf(rel)
	q.added = append(q.added, bad...)
	out := make([]candor.Problem, len(bad))
	for i, d := range bad {
		out[i] = d.problem
		out[i].Message += "; the line is moved to " + s.path(rel+QuarantineSuffix)
	}
	return out
}

func (s *Store) quarantineOf(rel string) *quarantine {
	q := s.quarantine[rel]
	if q == nil {
		q = &quarantine{}
		s.quarantine[rel] = q
	}
	return q
}

// loadQuarantine keeps a quarantine file as it is and reports each line it
// holds.
func (s *Store) loadQuarantine(rel string, b []byte) []candor.Problem {
	src := strings.TrimSuffix(rel, QuarantineSuffix)
	s.quarantineOf(src).kept = b
	var se *series
	if id := s.seriesFile(src); id != "" && strings.HasPrefix(src, dailyDir+"/") {
		se = s.seriesOf(id)
	}
	var out []candor.Problem
	lines(b, func(n int, line string) {
		if se != nil {
			se.hold(line)
		}
		msg := "a damaged line of " + s.path(src) + " is kept here: repair it and move it back, or delete it"
		if strings.HasPrefix(line, lostPrefix) {
			msg = "a loss of " + s.path(src) + " is kept on record here: the results it held are gone; delete the line once the loss is accounted for"
		}
		out = append(out, candor.Problem{Path: s.path(rel), Line: n, Message: msg})
	})
	return out
}

// quarantineFiles are the quarantine files that gained lines, by path.
func (s *Store) quarantineFiles(out map[string][]byte) {
	for src, q := range s.quarantine {
		if len(q.added) == 0 {
			continue
		}
		b := q.kept
		if len(b) == 0 {
			b = []byte(strings.Replace(quarantineHeader, "%s", src, 1))
		} else if b[len(b)-1] != '\n' {
			b = append(b, '\n')
		}
		for _, d := range q.added {
			b = append(b, "# "+d.problem.Error()+"\n"+d.text+"\n"...)
		}
		out[src+QuarantineSuffix] = b
	}
}

// Quarantined reports whether any store file has lines in quarantine.
func (s *Store) Quarantined() bool {
	for _, q := range s.quarantine {
		if len(q.added) > 0 || hasLines(q.kept) {
			return true
		}
	}
	return false
}

func hasLines(b []byte) bool {
	any := false
	lines(b, func(int, string) { any = true })
	return any
}
