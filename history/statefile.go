package history

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/candor-status/candor"
)

const (
	stateHeader   = "# candor state v2: component outcome since failing passing refused refused_at | last check: at outcome latency_ms attempts cert_days [class [message]]\n"
	stateHeaderV1 = "# candor state v1:"
)

// state is one component's standing, with its last result kept raw.
type state struct {
	outcome          candor.Outcome
	since            int64
	failing, passing int
	// refused counts rounds refused since the last check; refusedAt is
	// the latest of them.
	refused   int
	refusedAt int64
	last      raw
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
		b = strconv.AppendInt(b, int64(s.refused), 10)
		b = append(b, '\t')
		if s.refused > 0 {
			b = appendTime(b, s.refusedAt)
		} else {
			b = append(b, '-')
		}
		b = append(b, '\t')
		b = appendRaw(b, s.last)
	}
	return b
}

// decodeState reads the state file, in either version; damaged lines
// become problems.
func decodeState(path string, b []byte) (map[string]*state, []damage) {
	m := map[string]*state{}
	var bad []damage
	v1 := strings.HasPrefix(string(b), stateHeaderV1)
	lines(b, func(n int, line string) {
		id, s, err := parseState(line, v1)
		if err == nil && m[id] != nil {
			err = fmt.Errorf("component %q: second line ignored", id)
		}
		if err != nil {
			bad = append(bad, damage{line: n, text: line, problem: candor.Problem{Path: path, Line: n, Message: err.Error()}})
			return
		}
		m[id] = s
	})
	return m, bad
}

func parseState(line string, v1 bool) (string, *state, error) {
	nf, want := 8, 12
	if v1 {
		nf, want = 6, 10
	}
	f := strings.SplitN(line, "\t", nf)
	if len(f) < nf {
		return "", nil, fmt.Errorf("want at least %d tab-separated fields, got %d", want, len(f))
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
	last := f[5]
	if !v1 {
		if s.refused, s.refusedAt, err = parseRefused(f[5], f[6]); err != nil {
			return "", nil, err
		}
		last = f[7]
	}
	if s.last, err = parseRaw(last); err != nil {
		return "", nil, fmt.Errorf("last check: %w", err)
	}
	return strings.Clone(f[0]), s, nil
}

func parseRefused(count, at string) (int, int64, error) {
	n, err := parseInt(count, 0, 1<<31-1)
	if err != nil {
		return 0, 0, fmt.Errorf("refused: %w", err)
	}
	if n == 0 {
		if at != "-" {
			return 0, 0, fmt.Errorf("refused_at: want - when nothing was refused; got %q", at)
		}
		return 0, 0, nil
	}
	t, err := parseTime(at)
	if err != nil {
		return 0, 0, fmt.Errorf("refused_at: %w", err)
	}
	return int(n), t, nil
}

// checkID rejects component ids that cannot name a file of their own.
func checkID(id string) error {
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, "/\\") || strings.IndexFunc(id, isControl) >= 0 || strings.ContainsRune(id, ' ') {
		return fmt.Errorf("component id %q cannot name a file", id)
	}
	return nil
}
