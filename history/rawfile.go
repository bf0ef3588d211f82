package history

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unique"

	"github.com/candor-status/candor"
)

// rawHeader names the columns. Version 2 added the vantage points of a
// merged round after class and message, each
// id=outcome:latency_ms[:class[:message]]; a version 1 line is a version 2
// line without them, so both read the same way.
const rawHeader = "# candor raw results v2: at outcome latency_ms attempts cert_days [class [message [vantage=outcome:latency_ms[:class[:message]] ...]]]\n"

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
		if d.message != "" || len(d.vantages) > 0 {
			b = append(b, '\t')
			b = append(b, d.message...)
		}
		for _, v := range d.vantages {
			b = appendVantage(append(b, '\t'), v)
		}
	}
	return append(b, '\n')
}

// appendVantage writes one vantage point's check:
// id=outcome:latency_ms[:class[:message]].
func appendVantage(b []byte, v vantage) []byte {
	b = append(b, v.id...)
	b = append(b, '=')
	b = append(b, v.outcome...)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(v.latency), 10)
	if v.class != "" || v.message != "" {
		b = append(b, ':')
		b = append(b, v.class...)
	}
	if v.message != "" {
		b = append(b, ':')
		b = append(b, v.message...)
	}
	return b
}

// decodeRaw reads a raw file. Damaged lines, and a second result at the
// same second, come back as damage; the results come back sorted.
func decodeRaw(path string, b []byte) ([]raw, []damage) {
	b, cut := cutShort(path, b)
	rs, bad := decodeLines(path, b)
	return rs, append(bad, cut...)
}

// cutShort splits off a last line without its line break: rounds append
// their lines to raw files, and a crash in the middle of one leaves part
// of a line that may even parse, with a number cut short.
func cutShort(path string, b []byte) ([]byte, []damage) {
	if len(b) == 0 || b[len(b)-1] == '\n' {
		return b, nil
	}
	i := bytes.LastIndexByte(b, '\n') + 1
	tail := strings.TrimSuffix(string(b[i:]), "\r")
	if tail == "" || tail[0] == '#' {
		return b, nil
	}
	n := bytes.Count(b[:i], []byte{'\n'}) + 1
	return b[:i], []damage{damaged(path, n, tail, "the line does not end with a line break: a write was cut short")}
}

func decodeLines(path string, b []byte) ([]raw, []damage) {
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
			msg, rest, more := strings.Cut(f[6], "\t")
			d.message = strings.Clone(msg)
			if more {
				if d.vantages, err = parseVantages(rest); err != nil {
					return raw{}, err
				}
			}
		}
		if strings.IndexFunc(d.class+d.message, isControl) >= 0 {
			return raw{}, fmt.Errorf("class or message: control character")
		}
		if d.class != "" || d.message != "" || len(d.vantages) > 0 {
			x.detail = d
		}
	}
	return x, nil
}

// parseVantages reads the tab-separated vantage fields of a line.
func parseVantages(s string) ([]vantage, error) {
	out := make([]vantage, 0, strings.Count(s, "\t")+1)
	for i := 1; ; i++ {
		field, rest, more := strings.Cut(s, "\t")
		v, err := parseVantage(field)
		if err != nil {
			return nil, fmt.Errorf("vantage %d: %w", i, err)
		}
		if slices.ContainsFunc(out, func(o vantage) bool { return o.id == v.id }) {
			return nil, fmt.Errorf("vantage %d: %q twice", i, v.id)
		}
		out = append(out, v)
		if !more {
			return out, nil
		}
		s = rest
	}
}

// parseVantage reads id=outcome:latency_ms[:class[:message]].
func parseVantage(s string) (vantage, error) {
	id, rest, ok := strings.Cut(s, "=")
	if !ok || checkID(id) != nil || strings.ContainsAny(id, ":=") {
		return vantage{}, fmt.Errorf("want id=outcome:latency_ms[:class[:message]]; got %q", s)
	}
	var arr [4]string
	f := arr[:split(rest, ':', arr[:])]
	if len(f) < 2 {
		return vantage{}, fmt.Errorf("%s: want outcome:latency_ms; got %q", id, rest)
	}
	var v vantage
	var err error
	if v.outcome, err = parseOutcome(f[0]); err != nil {
		return vantage{}, fmt.Errorf("%s: outcome: %w", id, err)
	}
	lat, err := parseInt(f[1], 0, 1<<31-1)
	if err != nil {
		return vantage{}, fmt.Errorf("%s: latency_ms: %w", id, err)
	}
	v.id, v.latency = unique.Make(id).Value(), int32(lat) // one copy of each id, not one per line
	if len(f) > 2 {
		v.class = strings.Clone(f[2])
	}
	if len(f) > 3 {
		v.message = strings.Clone(f[3])
	}
	if strings.IndexFunc(v.class+v.message, isControl) >= 0 {
		return vantage{}, fmt.Errorf("%s: class or message: control character", id)
	}
	return v, nil
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
