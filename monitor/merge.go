package monitor

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// PushedDir is the folder of the measurements where vantage points outside
// the round push their results files (candor probe --push): vantages/<id>.json.
// A round merges the fresh ones and removes every one it read.
const PushedDir = "vantages"

// FileReason says why a round did not merge a results file.
type FileReason string

// The reasons a results file is refused.
const (
	FileMalformed      FileReason = "malformed"
	FileUnknownVantage FileReason = "unknown vantage point"
	FileStale          FileReason = "older than the interval"
	FileFuture         FileReason = "dated after the round"
	FileDuplicate      FileReason = "duplicate"
	FileMerged         FileReason = "merged already"
)

// FileRefusal is a results file the round did not merge, and why.
type FileRefusal struct {
	Path    string // as the round was given it, or under PushedDir in the measurements
	Pushed  bool   // the file is in the measurements, pushed by its vantage point
	Vantage string // "" when the file did not say
	Reason  FileReason
	Detail  string
}

func (f FileRefusal) Error() string {
	return f.Path + ": refused (" + string(f.Reason) + "): " + f.Detail
}

// Merged is a vantage point the round merged.
type Merged struct {
	Vantage string
	Files   []string // "" for the round's own probes
	Blind   bool
	Checks  int
}

// maxAhead is how far ahead of the round a results file may be dated: a
// vantage point's clock a little ahead is not a reason to refuse it.
const maxAhead = time.Minute

// input is one source of results: the round's own, or a file.
type input struct {
	v      Vantage
	path   string
	pushed bool
}

// window is what a round accepts: files dated from interval before now
// (the round's time) to a minute after until (its clock for the files of
// its own workflow, its time for pushed files), and none of a round of a
// vantage point that an earlier round merged.
type window struct {
	now, until time.Time
	merged     map[string]time.Time // by source: the last round merged
}

// refuse says why the window does not take v, "" when it does.
func (w window) refuse(cfg *candor.Config, v Vantage, pushed bool) (FileReason, string) {
	until := w.until
	if pushed {
		until = w.now
	}
	first, last := v.At, v.At
	for _, r := range v.Results {
		first, last = candor.Earlier(first, r.At), candor.Later(last, r.At)
	}
	switch {
	case w.now.Sub(first) > cfg.Interval:
		return FileStale, fmt.Sprintf("probed at %s, %s before the round at %s; the interval is %s", stamp(first), w.now.Sub(first), stamp(w.now), cfg.Interval)
	case last.Sub(until) > maxAhead:
		return FileFuture, fmt.Sprintf("probed at %s, %s after the round at %s", stamp(last), last.Sub(until), stamp(until))
	}
	if m, ok := w.merged[source(v)]; ok && !v.At.After(m) {
		if v.At.Before(m) {
			return FileMerged, fmt.Sprintf("its round at %s is older than the round of %s merged last, at %s (written late, or its clock went back): rounds of a vantage point count in order, once", stamp(v.At), source(v), stamp(m))
		}
		return FileMerged, fmt.Sprintf("its round at %s was merged before: the last round of %s merged is the one at %s, and each counts once", stamp(v.At), source(v), stamp(m))
	}
	return "", ""
}

// accept decodes the round's results files and the pushed ones, and sorts
// them into what the round merges and what it refuses: files that do not
// parse, name a vantage point the config does not declare, fall outside
// the round's window (w) or were merged by an earlier round, or check a
// component another file of the same vantage point (or the round's own
// probes) also checked. ignored are results of components the config does
// not probe, left out.
func accept(cfg *candor.Config, w window, own *Vantage, files, pushed map[string][]byte) (in []input, refused []FileRefusal, ignored []candor.Problem) {
	if own != nil {
		in = append(in, input{v: *own})
	}
	var decoded []input
	for _, src := range []struct {
		files  map[string][]byte
		pushed bool
	}{{files, false}, {pushed, true}} {
		for _, p := range slices.Sorted(maps.Keys(src.files)) {
			v, probs := DecodeResults(p, src.files[p])
			ref := FileRefusal{Path: p, Pushed: src.pushed, Vantage: v.Name}
			switch {
			case len(probs) > 0:
				ref.Reason, ref.Detail = FileMalformed, problemText(probs)
			case !cfg.Vantage(v.Name):
				ref.Reason, ref.Detail = FileUnknownVantage, fmt.Sprintf("%q is not among the vantages of the config", v.Name)
			default:
				if ref.Reason, ref.Detail = w.refuse(cfg, v, src.pushed); ref.Reason != "" {
					break
				}
				var left []candor.Problem
				v, left = probedOnly(cfg, p, v)
				ignored = append(ignored, left...)
				decoded = append(decoded, input{v: v, path: p, pushed: src.pushed})
				continue
			}
			refused = append(refused, ref)
		}
	}
	dup := duplicates(in, decoded)
	for _, x := range decoded {
		if other, ok := dup[x.path]; ok {
			refused = append(refused, FileRefusal{Path: x.path, Pushed: x.pushed, Vantage: x.v.Name, Reason: FileDuplicate, Detail: other})
			continue
		}
		in = append(in, x)
	}
	return in, refused, ignored
}

// problemText joins a file's problems into one line.
func problemText(probs []candor.Problem) string {
	parts := make([]string, len(probs))
	for i, p := range probs {
		parts[i] = p.Error()
	}
	return strings.Join(parts, "; ")
}

// probedOnly leaves out v's results of components the config does not
// probe, and says so.
func probedOnly(cfg *candor.Config, p string, v Vantage) (Vantage, []candor.Problem) {
	var left []candor.Problem
	kept := v.Results[:0:0]
	for i, r := range v.Results {
		if c, ok := cfg.Component(r.Component); ok && c.Probe != nil {
			kept = append(kept, r)
			continue
		}
		left = append(left, candor.Problem{Path: p, Line: v.pos[i][0], Col: v.pos[i][1],
			Message: fmt.Sprintf("results: %q is not a probed component of the config; its result is left out", r.Component)})
	}
	v.Results = kept
	return v, left
}

// duplicates names, for each file that checks a component another source
// of its vantage point also checked, why it is refused.
func duplicates(own []input, files []input) map[string]string {
	by := map[[2]string][]string{} // vantage, component → sources
	add := func(x input) {
		name := x.path
		if name == "" {
			name = "the round's own probes"
		}
		for _, r := range x.v.Results {
			k := [2]string{x.v.Name, r.Component}
			by[k] = append(by[k], name)
		}
	}
	for _, x := range own {
		add(x)
	}
	for _, x := range files {
		add(x)
	}
	out := map[string]string{}
	for _, k := range slices.SortedFunc(maps.Keys(by), func(a, b [2]string) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) }) {
		srcs := by[k]
		if len(srcs) < 2 {
			continue
		}
		for _, s := range srcs {
			if _, done := out[s]; !done && s != "the round's own probes" {
				others := slices.DeleteFunc(slices.Clone(srcs), func(o string) bool { return o == s })
				out[s] = fmt.Sprintf("vantage point %s checked %s here and in %s", k[0], k[1], strings.Join(others, " and "))
			}
		}
	}
	return out
}

// merge turns the vantage points' checks into one result per probed
// component, in the config's order, by policy.quorum:
//
//   - a vantage point that could see is one whose control checks passed
//     and whose check measured the component (up, degraded or down);
//   - the component fails this round when at least quorum of those failed:
//     its outcome is the quorum-th worst of theirs (down when quorum of them
//     are down, else degraded);
//   - otherwise, when at least quorum could see, or every one that could
//     see passed, it is up: a dissent too small to count is recorded
//     beside it and opens nothing;
//   - otherwise (fewer could see than the quorum, and some failed) it is
//     unknown, and so it is when none could see.
//
// Each result keeps every vantage point's check. blind is true when every
// vantage point was blind. A probed component no vantage point checked is
// recorded as unknown.
func merge(cfg *candor.Config, in []input) (results []candor.Result, blind bool) {
	blind = len(in) > 0
	for _, x := range in {
		blind = blind && x.v.Blind
	}
	for _, comp := range cfg.Components {
		if comp.Probe == nil {
			continue
		}
		var checks []check
		for _, x := range in {
			for _, r := range x.v.Results {
				if r.Component == comp.ID {
					checks = append(checks, check{r: r, blind: x.v.Blind, vantage: x.v.Name})
				}
			}
		}
		slices.SortStableFunc(checks, func(a, b check) int { return vantageOrder(cfg, a.vantage) - vantageOrder(cfg, b.vantage) })
		results = append(results, quorum(comp.ID, checks, cfg.Policy.Quorum))
	}
	return results, blind
}

// check is one vantage point's result for a component.
type check struct {
	r       candor.Result
	blind   bool
	vantage string
}

func (c check) seen() candor.VantageResult {
	v := candor.VantageResult{Vantage: c.vantage, Outcome: c.r.Outcome, Latency: c.r.Latency, Class: c.r.Class, Message: c.r.Message}
	switch {
	case c.blind:
		v.Outcome, v.Class, v.Message = candor.Unknown, candor.ClassBlind, "its control checks failed"
	case v.Outcome == candor.UnderMaintenance:
		v.Outcome = candor.Unknown // a probe never says so; the round decides it
	case v.Outcome == candor.Up:
		v.Class, v.Message = "", "" // what an answer said is kept once, on the result
	}
	return v
}

func vantageOrder(cfg *candor.Config, id string) int {
	for i, v := range cfg.Vantages {
		if v.ID == id {
			return i
		}
	}
	return len(cfg.Vantages)
}

// quorum is one component's merged result; see merge.
func quorum(id string, checks []check, q int) candor.Result {
	out := candor.Result{Component: id, Outcome: candor.Unknown, CertDaysLeft: -1}
	var seeing []check
	for _, c := range checks {
		v := c.seen()
		out.Vantages = append(out.Vantages, v)
		if v.Sees() {
			seeing = append(seeing, c)
		}
	}
	failing := 0
	for _, c := range seeing {
		if c.r.Outcome.Failing() {
			failing++
		}
	}
	switch {
	case len(checks) == 0:
		out.Class, out.Message = candor.ClassUnmeasured, "no vantage point checked it this round"
		return out
	case len(seeing) == 0:
		out.Class, out.Message = candor.ClassBlind, "no vantage point could see: their control checks failed or their checks measured nothing"
		return out
	case failing >= q:
		worst := slices.Clone(seeing)
		slices.SortStableFunc(worst, func(a, b check) int { return severity(b.r.Outcome) - severity(a.r.Outcome) })
		return stand(out, worst[q-1].r.Outcome, seeing)
	case failing == 0 || len(seeing) >= q:
		return stand(out, candor.Up, seeing)
	}
	out.Class = candor.ClassNoQuorum
	out.Message = fmt.Sprintf("%d of %d vantage points could see, fewer than policy.quorum (%d), and %d of them failed: not confirmed",
		len(seeing), len(checks), q, failing)
	return out
}

// stand is the merged result with outcome o, its figures from the first
// vantage point that measured o.
func stand(out candor.Result, o candor.Outcome, seeing []check) candor.Result {
	for _, c := range seeing {
		if c.r.Outcome == o {
			vs := out.Vantages
			out = c.r
			out.Vantages = vs
			return out
		}
	}
	out.Outcome = o
	return out
}

func severity(o candor.Outcome) int {
	switch o {
	case candor.Down:
		return 2
	case candor.Degraded:
		return 1
	}
	return 0
}

// pushedFiles are the results files under PushedDir in the measurements.
func pushedFiles(data map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for p, b := range data {
		if dir, name := path.Split(p); dir == PushedDir+"/" && strings.HasSuffix(name, ".json") {
			out[p] = b
		}
	}
	return out
}
