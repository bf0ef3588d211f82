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

// decodeRaw reads a raw file. Damaged lines become problems and are
// skipped; the results come back sorted, without duplicates.
func decodeRaw(path string, b []byte) ([]raw, []candor.Problem) {
	rs := make([]raw, 0, bytes.Count(b, []byte{'\n'}))
	var probs []candor.Problem
	lines(b, func(n int, line string) {
		x, err := parseRaw(line)
		if err != nil {
			probs = append(probs, candor.Problem{Path: path, Line: n, Message: err.Error()})
			return
		}
		rs = append(rs, x)
	})
	if !slices.IsSortedFunc(rs, byAt) {
		slices.SortStableFunc(rs, byAt)
	}
	out := rs[:0]
	for i, x := range rs {
		if i > 0 && x.at == out[len(out)-1].at {
			probs = append(probs, candor.Problem{Path: path, Message: "second result at " + formatTime(x.at) + " ignored"})
			continue
		}
		out = append(out, x)
	}
	return out, probs
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
