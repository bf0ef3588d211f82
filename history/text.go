package history

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// timeLayout is how instants are written: UTC, to the second.
const timeLayout = "2006-01-02T15:04:05Z"

// dayLayout is how display-zone days are written.
const dayLayout = "2006-01-02"

// clean makes s safe for one tab-separated field: tabs, line breaks and
// other control characters become spaces.
func clean(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

func formatTime(sec int64) string { return string(appendTime(nil, sec)) }

// appendTime appends sec in timeLayout; by hand, as writing millions of
// results is mostly this.
func appendTime(b []byte, sec int64) []byte {
	t := time.Unix(sec, 0).UTC()
	y, mo, d := t.Date()
	h, mi, se := t.Clock()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, timeLayout)
	}
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append2(b, int(mo), '-')
	b = append2(b, d, 'T')
	b = append2(b, h, ':')
	b = append2(b, mi, ':')
	return append2(b, se, 'Z')
}

func append2(b []byte, n int, sep byte) []byte { return append(b, byte('0'+n/10), byte('0'+n%10), sep) }

// fields splits line at tabs into f, at most len(f) fields, the last
// taking the rest, and returns how many there were.
func fields(line string, f []string) int { return split(line, '\t', f) }

// split is fields at sep.
func split(line string, sep byte, f []string) int {
	n := 0
	for n < len(f)-1 {
		i := strings.IndexByte(line, sep)
		if i < 0 {
			break
		}
		f[n], line = line[:i], line[i+1:]
		n++
	}
	f[n] = line
	return n + 1
}

// parseTime reads an instant in timeLayout. The fixed layout is parsed by
// hand: loading millions of results is mostly this.
func parseTime(s string) (int64, error) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return 0, errBadTime
	}
	y, ok1 := digits(s[0:4])
	mo, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	h, ok4 := digits(s[11:13])
	mi, ok5 := digits(s[14:16])
	se, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59 {
		return 0, errBadTime
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC)
	if t.Day() != d {
		return 0, errBadTime
	}
	return t.Unix(), nil
}

var errBadTime = errors.New("want a UTC time like 2026-11-26T14:05:00Z")

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseInt reads a decimal integer within [lo, hi].
func parseInt(s string, lo, hi int64) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < lo || n > hi {
		return 0, errors.New("want a whole number from " + strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10) + "; got " + strconv.Quote(s))
	}
	return n, nil
}

// lines calls fn for each line of b that is not blank or a # comment,
// with its 1-based number.
func lines(b []byte, fn func(n int, line string)) {
	s := string(b)
	for n := 1; len(s) > 0; n++ {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		line = strings.TrimSuffix(line, "\r")
		if line == "" || line[0] == '#' {
			continue
		}
		fn(n, line)
	}
}
