package history

import (
	"errors"
	"io/fs"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/repofile"
)

// Options set how a store accounts for time. Zero values take defaults.
type Options struct {
	// Interval is how often the schedule runs; a result stands for at most
	// twice this. Default 5m.
	Interval time.Duration
	// Location is the display zone: days and months begin at its midnight.
	// Default UTC.
	Location *time.Location
	// RawWindow is how long raw results are kept before Fold rolls them
	// into days. Default 7 days.
	RawWindow time.Duration
}

func (o Options) withDefaults() Options {
	if o.Interval <= 0 {
		o.Interval = candor.DefaultInterval
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.RawWindow <= 0 {
		o.RawWindow = 7 * 24 * time.Hour
	}
	return o
}

// Store holds every component's measurements in memory. Its methods that
// only read (State, States, Measured, Figures, Windows, Backward, …) may
// run at once; none may run at once with one that writes (Record, Fold,
// Own, Disown, SeeMaintenance, Save).
type Store struct {
	dir        string
	opt        Options
	series     map[string]*series
	states     map[string]*state
	stateDirty bool
	// quarantine is each store file's damaged lines, by the file's path.
	quarantine map[string]*quarantine
	seen       *seen
	// ledger is the notification ledger.
	ledger      Ledger
	ledgerDirty bool
}

// series is one component's raw results and daily rollups.
type series struct {
	raw  []raw // oldest first; at most one before the fold boundary, as context
	days []day // oldest first
	// held are the days daily rows in quarantine name: their totals are
	// kept there, so folding never writes one (or a day before the latest)
	// again from what raw results are left.
	held       []date
	rawDirty   bool
	dailyDirty bool
}

// noBoundary is the fold boundary of a component with no rollups.
const noBoundary = math.MinInt64

// boundary is where the rollups end: the start of the day after the last
// folded one, in unix seconds.
func (se *series) boundary(loc *time.Location) int64 {
	b := int64(noBoundary)
	if len(se.days) > 0 {
		b = se.days[len(se.days)-1].date.next().start(loc).Unix()
	}
	for _, d := range se.held {
		b = max(b, d.next().start(loc).Unix())
	}
	return b
}

// hold notes the day a daily row in quarantine names, if it names one.
func (se *series) hold(line string) {
	f, _, _ := strings.Cut(line, "\t")
	t, err := time.Parse(dayLayout, f)
	if err != nil {
		return
	}
	if d := (date{t.Year(), t.Month(), t.Day()}); !slices.Contains(se.held, d) {
		se.held = append(se.held, d)
	}
}

// HeldDays are the days from from to to (in the display zone) whose daily
// totals for component id are in quarantine, oldest first, as 2026-11-23:
// they count as unmeasured until someone repairs the row.
func (s *Store) HeldDays(id string, from, to time.Time) []string {
	se := s.series[id]
	if se == nil {
		return nil
	}
	var out []string
	loc := s.opt.Location
	for _, d := range se.held {
		if d.next().start(loc).After(from) && d.start(loc).Before(to) {
			out = append(out, d.String())
		}
	}
	slices.Sort(out)
	return out
}

// File names, relative to the store's folder.
const (
	stateFile = "state.tsv"
	rawDir    = "raw"
	dailyDir  = "daily"
)

// Open reads the store under dir. A missing dir is an empty store. Damaged
// lines come back as problems (path:line: what is wrong) and are left out;
// the next write moves them verbatim to a quarantine file beside theirs
// (see QuarantineSuffix), whose lines are problems on every later Open
// until someone repairs or deletes them. So is a raw file that lost the
// state's last check. The error is for files that exist but cannot be read.
func Open(dir string, opt Options) (*Store, []candor.Problem, error) {
	s := emptyStore(dir, opt)
	root, err := repofile.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return s, s.settle(), nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	var probs []candor.Problem
	for _, rel := range []string{stateFile, stateFile + QuarantineSuffix, seenFile, seenFile + QuarantineSuffix, ledgerFile, ledgerFile + QuarantineSuffix} {
		p, err := s.readFile(root, rel)
		if err != nil {
			return nil, nil, err
		}
		probs = append(probs, p...)
	}
	for _, sub := range []string{dailyDir, rawDir} {
		p, err := s.readSeries(root, sub)
		if err != nil {
			return nil, nil, err
		}
		probs = append(probs, p...)
	}
	probs = append(probs, s.settle()...)
	return s, probs, nil
}

// FromFiles reads a store from files keyed by slash path relative to the
// store's folder, as Files returns them (the GitHub glue reads a branch
// this way). Other paths are ignored. Such a store has no folder: use
// Files, not Save, to write it.
func FromFiles(files map[string][]byte, opt Options) (*Store, []candor.Problem) {
	s := emptyStore("", opt)
	var probs []candor.Problem
	for _, rel := range slices.Sorted(maps.Keys(files)) {
		probs = append(probs, s.load(rel, files[rel])...)
	}
	probs = append(probs, s.settle()...)
	return s, probs
}

func emptyStore(dir string, opt Options) *Store {
	return &Store{dir: dir, opt: opt.withDefaults(), series: map[string]*series{}, states: map[string]*state{}, quarantine: map[string]*quarantine{}, seen: newSeen(), ledger: newLedger()}
}

// path names a file for problems: dir joined with rel, with slashes.
func (s *Store) path(rel string) string { return filepath.ToSlash(filepath.Join(s.dir, rel)) }

// readSeries reads every file under sub.
func (s *Store) readSeries(root *repofile.Root, sub string) ([]candor.Problem, error) {
	entries, err := root.ReadDir(sub)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var probs []candor.Problem
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".tsv") || strings.HasSuffix(e.Name(), ".tsv"+QuarantineSuffix)) {
			continue
		}
		p, err := s.readFile(root, sub+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		probs = append(probs, p...)
	}
	return probs, nil
}

// MaxFileSize is the largest measurement file read: a year of raw results
// at one a minute is about 50 MB.
const MaxFileSize = 256 << 20

// readFile loads the file rel of the store's folder, as package repofile
// reads a repository: a symbolic link, a device or a file over
// MaxFileSize is a problem, and the file is left out. A missing file is
// nothing; the error is for a file that exists but cannot be read.
func (s *Store) readFile(root *repofile.Root, rel string) ([]candor.Problem, error) {
	b, err := root.ReadFile(rel, MaxFileSize)
	var refused *repofile.RefusedError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case errors.As(err, &refused):
		return []candor.Problem{{Path: s.path(rel), Message: refused.Reason + "; left out"}}, nil
	case err != nil:
		return nil, err
	}
	return s.load(rel, b), nil
}

// load decodes one file by its relative path: state.tsv, raw/<id>.tsv,
// daily/<id>.tsv, or the quarantine of one of them. Anything else is not
// the store's and is ignored.
func (s *Store) load(rel string, b []byte) []candor.Problem {
	if src, ok := strings.CutSuffix(rel, QuarantineSuffix); ok {
		if src != stateFile && src != seenFile && src != ledgerFile && s.seriesFile(src) == "" {
			return nil
		}
		return s.loadQuarantine(rel, b)
	}
	if rel == seenFile {
		var bad []damage
		s.seen, bad = decodeSeen(s.path(rel), b)
		s.seen.dirty = len(bad) > 0
		return s.quarantined(rel, bad)
	}
	if rel == ledgerFile {
		var bad []damage
		s.ledger, bad = decodeLedger(s.path(rel), b)
		s.ledgerDirty = len(bad) > 0
		return s.quarantined(rel, bad)
	}
	if rel == stateFile {
		var bad []damage
		s.states, bad = decodeState(s.path(rel), b)
		s.stateDirty = s.stateDirty || len(bad) > 0
		return s.quarantined(rel, bad)
	}
	id := s.seriesFile(rel)
	if id == "" {
		return nil
	}
	se := s.seriesOf(id)
	var bad []damage
	if strings.HasPrefix(rel, rawDir+"/") {
		se.raw, bad = decodeRaw(s.path(rel), b)
		se.rawDirty = se.rawDirty || len(bad) > 0
	} else {
		se.days, bad = decodeDaily(s.path(rel), b, s.opt.Location)
		se.dailyDirty = se.dailyDirty || len(bad) > 0
		for _, d := range bad {
			se.hold(d.text)
		}
	}
	return s.quarantined(rel, bad)
}

// seriesFile is the component id of raw/<id>.tsv or daily/<id>.tsv, or ""
// for any other path.
func (s *Store) seriesFile(rel string) string {
	sub, name, _ := strings.Cut(rel, "/")
	id, ok := strings.CutSuffix(name, ".tsv")
	if !ok || checkID(id) != nil || (sub != rawDir && sub != dailyDir) {
		return ""
	}
	return id
}

// settle makes what was read consistent: raw results already folded go,
// but for the last one, kept as context; a component with results but no
// state line gets one rebuilt from its results; a state whose last check
// its raw file no longer holds is reported, and the loss kept on record in
// the raw file's quarantine.
func (s *Store) settle() []candor.Problem {
	for id, se := range s.series {
		se.raw = trimFolded(se.raw, se.boundary(s.opt.Location))
		if s.states[id] == nil && len(se.raw) > 0 {
			for i, x := range se.raw {
				s.states[id] = advance(s.states[id], x, lastMeasured(se.raw[:i], s.states[id]), s.span())
			}
			s.stateDirty = true
		}
	}
	var probs []candor.Problem
	for _, id := range slices.Sorted(maps.Keys(s.states)) {
		if s.holdsLast(id) {
			continue
		}
		rel := rawDir + "/" + id + ".tsv"
		last := formatTime(s.states[id].last.at)
		probs = append(probs, s.quarantined(rel, []damage{damaged(s.path(rel), 0,
			lostPrefix+rel+" no longer held the state's last check at "+last,
			"does not hold the state's last check at "+last+": the file was removed or cut, and the results it held are lost")})...)
	}
	return probs
}

// holdsLast reports whether component id's raw results hold its state's
// last check, as they always do unless the file was removed or cut.
func (s *Store) holdsLast(id string) bool {
	st, se := s.states[id], s.series[id]
	if se == nil {
		return false
	}
	_, found := slices.BinarySearchFunc(se.raw, st.last.at, func(x raw, t int64) int { return cmpInt(x.at, t) })
	return found
}

// trimFolded drops results before b except the last of them.
func trimFolded(rs []raw, b int64) []raw {
	i, _ := slices.BinarySearchFunc(rs, b, func(x raw, t int64) int { return cmpInt(x.at, t) })
	if i <= 1 {
		return rs
	}
	return slices.Clone(rs[i-1:])
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (s *Store) seriesOf(id string) *series {
	se := s.series[id]
	if se == nil {
		se = &series{}
		s.series[id] = se
	}
	return se
}
