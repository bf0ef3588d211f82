package history

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/candor-status/candor"
)

const rawHeader = "# candor raw results v1: at outcome latency_ms attempts cert_days [class [message]]\n"

// encodeRaw writes results, oldest first, one per line.
func encodeRaw(rs []raw) []byte {
	b := make([]byte, 0, len(rawHeader)+40*len(rs))
	b = append(b, rawHeader...)
	for _, x := range rs {
		b = appendRaw(b, x)
	}
	return b
}

func appendRaw(b []byte, x raw) []byte {
	b = appendTime(b, x.at)
	b = append(b, '\t')
	b = append(b, x.outcome...)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(x.latency), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(x.attempts), 10)
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(x.cert), 10)
	if d := x.detail; d != nil {
		b = append(b, '\t')
		b = append(b, d.class...)
		if d.message != "" {
			b = append(b, '\t')
			b = append(b, d.message...)
		}
	}
	return append(b, '\n')
}

// decodeRaw reads a raw file. Damaged lines, and a second result at the
// same second, come back as damage; the results come back sorted.
func decodeRaw(path string, b []byte) ([]raw, []damage) {
	rs := make([]raw, 0, bytes.Count(b, []byte{'\n'}))
	var bad []damage
	var lineOf []int // line of each result, only when the file is unsorted or doubled
	lines(b, func(n int, line string) {
		x, err := parseRaw(line)
		if err != nil {
			bad = append(bad, damaged(path, n, line, err.Error()))
			return
		}
		if len(rs) > 0 && rs[len(rs)-1].at >= x.at && lineOf == nil {
			lineOf = []int{} // rare: fall back to keeping line numbers
		}
		rs = append(rs, x)
	})
	if lineOf == nil {
		return rs, bad
	}
	return dedupeRaw(path, b, bad)
}

// dedupeRaw is decodeRaw for a file out of order or with a check twice:
// it sorts, and moves every second result at one second to damage.
func dedupeRaw(path string, b []byte, bad []damage) ([]raw, []damage) {
	type numbered struct {
		x    raw
		n    int
		text string
	}
	var all []numbered
	lines(b, func(n int, line string) {
		if x, err := parseRaw(line); err == nil {
			all = append(all, numbered{x, n, line})
		}
	})
	slices.SortStableFunc(all, func(a, b numbered) int { return byAt(a.x, b.x) })
	out := make([]raw, 0, len(all))
	for _, e := range all {
		if len(out) > 0 && e.x.at == out[len(out)-1].at {
			bad = append(bad, damaged(path, e.n, e.text, "a second result at "+formatTime(e.x.at)))
			continue
		}
		out = append(out, e.x)
	}
	slices.SortFunc(bad, func(a, b damage) int { return a.line - b.line })
	return out, bad
}

func byAt(a, b raw) int {
	switch {
	case a.at < b.at:
		return -1
	case a.at > b.at:
		return 1
	}
	return 0
}

func parseRaw(line string) (raw, error) {
	var arr [7]string
	nf := fields(line, arr[:])
	f := arr[:nf]
	if nf < 5 {
		return raw{}, fmt.Errorf("want at least 5 tab-separated fields, got %d", nf)
	}
	var x raw
	var err error
	if x.at, err = parseTime(f[0]); err != nil {
		return raw{}, fmt.Errorf("at: %w", err)
	}
	if x.outcome, err = parseOutcome(f[1]); err != nil {
		return raw{}, fmt.Errorf("outcome: %w", err)
	}
	n, err := parseInt(f[2], 0, 1<<31-1)
	if err != nil {
		return raw{}, fmt.Errorf("latency_ms: %w", err)
	}
	x.latency = int32(n)
	if n, err = parseInt(f[3], 0, 1<<31-1); err != nil {
		return raw{}, fmt.Errorf("attempts: %w", err)
	}
	x.attempts = int32(n)
	if n, err = parseInt(f[4], -1, 1<<31-1); err != nil {
		return raw{}, fmt.Errorf("cert_days: %w", err)
	}
	x.cert = int32(n)
	if len(f) > 5 {
		d := &detail{class: strings.Clone(f[5])}
		if len(f) > 6 {
			d.message = strings.Clone(f[6])
		}
		if strings.IndexFunc(d.class+d.message, isControl) >= 0 {
			return raw{}, fmt.Errorf("class or message: control character")
		}
		if d.class != "" || d.message != "" {
			x.detail = d
		}
	}
	return x, nil
}

// parseOutcome returns the package's own constant, so that a result does
// not keep the whole file it was read from alive.
func parseOutcome(s string) (candor.Outcome, error) {
	for _, o := range candor.Outcomes {
		if string(o) == s {
			return o, nil
		}
	}
	return candor.ParseOutcome(s)
}
