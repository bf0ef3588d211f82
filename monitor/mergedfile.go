package monitor

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// MergedFile is the file of the measurements that remembers, for each
// source of results files (a vantage point, or one shard of it), the
// time of the last of its rounds a round merged: a results file counts
// for one round only, however long it stays in a --results folder.
const MergedFile = "merged.tsv"

const mergedHeader = "# candor merged v1: source (vantage point, .i-of-n for a shard) and the at of the last of its results files a round merged\n"

// Source names where a results file comes from: its vantage point, and
// its shard when it has one ("eu-1", "eu-1.2-of-5").
func (v Vantage) Source() string {
	if v.Shard.Count == 0 {
		return v.Name
	}
	return fmt.Sprintf("%s.%d-of-%d", v.Name, v.Shard.Index, v.Shard.Count)
}

func source(v Vantage) string { return v.Source() }

// decodeMerged reads MergedFile. A line it cannot read is kept as it is,
// so that nothing of the record is erased, does not count, and is
// reported at its line every round until it is repaired.
func decodeMerged(b []byte) (map[string]time.Time, []string, []candor.Problem) {
	out := map[string]time.Time{}
	var keep []string
	var probs []candor.Problem
	for i, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		src, at, ok := strings.Cut(line, "\t")
		t, err := time.Parse(time.RFC3339, at)
		if !ok || err != nil || src == "" {
			keep = append(keep, line)
			probs = append(probs, candor.Problem{Path: MergedFile, Line: i + 1,
				Message: "want a vantage point, a tab and an RFC 3339 time: the line is kept as it is and counts for nothing until it is repaired"})
			continue
		}
		out[src] = candor.Later(out[src], t.UTC())
	}
	return out, keep, probs
}

// encodeMerged writes MergedFile, one source a line, in order.
func encodeMerged(m map[string]time.Time, keep []string) []byte {
	var b bytes.Buffer
	b.WriteString(mergedHeader)
	for _, src := range slices.Sorted(maps.Keys(m)) {
		fmt.Fprintf(&b, "%s\t%s\n", src, stamp(m[src]))
	}
	for _, line := range keep {
		b.WriteString(line + "\n")
	}
	return b.Bytes()
}

// consume notes the files of in as merged; it reports whether any entry
// moved.
func consume(m map[string]time.Time, in []input) bool {
	changed := false
	for _, x := range in {
		if x.path == "" {
			continue // the round's own probes are no file
		}
		if src := x.v.Source(); x.v.At.After(m[src]) {
			m[src] = x.v.At
			changed = true
		}
	}
	return changed
}
