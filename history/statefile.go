package history

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/candor-status/candor"
)

const stateHeader = "# candor state v1: component outcome since failing passing | last check: at outcome latency_ms attempts cert_days [class [message]]\n"

// state is one component's standing, with its last result kept raw.
type state struct {
	outcome          candor.Outcome
	since            int64
	failing, passing int
	last             raw
}

// encodeState writes one line per component, sorted by id.
func encodeState(m map[string]*state) []byte {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b := []byte(stateHeader)
	for _, id := range ids {
		s := m[id]
		b = append(b, id...)
		b = append(b, '\t')
		b = append(b, s.outcome...)
		b = append(b, '\t')
		b = appendTime(b, s.since)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(s.failing), 10)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(s.passing), 10)
		b = append(b, '\t')
		b = appendRaw(b, s.last)
	}
	return b
}

// decodeState reads the state file; damaged lines become problems.
func decodeState(path string, b []byte) (map[string]*state, []candor.Problem) {
	m := map[string]*state{}
	var probs []candor.Problem
	lines(b, func(n int, line string) {
		id, s, err := parseState(line)
		if err == nil && m[id] != nil {
			err = fmt.Errorf("component %q: second line ignored", id)
		}
		if err != nil {
			probs = append(probs, candor.Problem{Path: path, Line: n, Message: err.Error()})
			return
		}
		m[id] = s
	})
	return m, probs
}

func parseState(line string) (string, *state, error) {
	f := strings.SplitN(line, "\t", 6)
	if len(f) < 6 {
		return "", nil, fmt.Errorf("want at least 10 tab-separated fields, got %d", len(f))
	}
	if err := checkID(f[0]); err != nil {
		return "", nil, err
	}
	s := &state{}
	var err error
	if s.outcome, err = parseOutcome(f[1]); err != nil {
		return "", nil, fmt.Errorf("outcome: %w", err)
	}
	if s.since, err = parseTime(f[2]); err != nil {
		return "", nil, fmt.Errorf("since: %w", err)
	}
	n, err := parseInt(f[3], 0, 1<<31-1)
	if err != nil {
		return "", nil, fmt.Errorf("failing: %w", err)
	}
	s.failing = int(n)
	if n, err = parseInt(f[4], 0, 1<<31-1); err != nil {
		return "", nil, fmt.Errorf("passing: %w", err)
	}
	s.passing = int(n)
	if s.last, err = parseRaw(f[5]); err != nil {
		return "", nil, fmt.Errorf("last check: %w", err)
	}
	return strings.Clone(f[0]), s, nil
}

// checkID rejects component ids that cannot name a file of their own.
func checkID(id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, "/\\") || strings.IndexFunc(id, isControl) >= 0 || strings.ContainsRune(id, ' ') {
		return fmt.Errorf("component id %q cannot name a file", id)
	}
	return nil
}
