package probe

import (
	"html"
	"slices"
	"strconv"
	"strings"
)

// maxDecodings is how many layers of escaping the redactor looks under
// ("&amp;quot;" is two).
const maxDecodings = 3

// span is a range of bytes [start, end) of a text.
type span struct{ start, end int }

// decoded is s with HTML character references ("&quot;", "&#x53;",
// "&#83;", "&quot" as browsers read it), percent-escapes ("%2f", "%2F")
// and backslash escapes ("\u0053", "\x53", "\"") decoded once; from[i] is
// the span of s that byte i of the view came from. When s holds nothing
// to decode, view is s and from is nil.
func decoded(s string) (view string, from []span) {
	if !strings.ContainsAny(s, `&%\`) {
		return s, nil
	}
	var b strings.Builder
	from = make([]span, 0, len(s))
	for i := 0; i < len(s); {
		out, n := decodeAt(s[i:])
		if n == 0 {
			out, n = s[i:i+1], 1
		}
		b.WriteString(out)
		for range len(out) {
			from = append(from, span{i, i + n})
		}
		i += n
	}
	return b.String(), from
}

// decodeAt decodes the escape starting s, reporting how many bytes it
// took; n is 0 when s starts with none.
func decodeAt(s string) (out string, n int) {
	switch s[0] {
	case '&':
		return referenceAt(s)
	case '%':
		if len(s) >= 3 && isHex(s[1]) && isHex(s[2]) {
			v, _ := strconv.ParseUint(s[1:3], 16, 8)
			return string([]byte{byte(v)}), 3
		}
	case '\\':
		return backslashAt(s)
	}
	return "", 0
}

// referenceAt decodes the HTML character reference starting s, with or
// without its ";", as html.UnescapeString reads it. The span it reports
// may run past the reference, over letters and digits it leaves as they
// are ("&quotabc" gives `"abc`), which only makes a redaction wider.
func referenceAt(s string) (string, int) {
	n := 1
	for n < len(s) && n < 40 && (isAlnum(s[n]) || n == 1 && s[n] == '#') {
		n++
	}
	if n < len(s) && s[n] == ';' {
		n++
	}
	if out := html.UnescapeString(s[:n]); out != s[:n] {
		return out, n
	}
	return "", 0
}

// backslashAt decodes the escape of JSON, Go or Python starting s.
func backslashAt(s string) (string, int) {
	if len(s) < 2 {
		return "", 0
	}
	switch c := s[1]; {
	case c == 'u' && len(s) >= 6 && isHex(s[2]) && isHex(s[3]) && isHex(s[4]) && isHex(s[5]):
		v, _ := strconv.ParseUint(s[2:6], 16, 16)
		return string(rune(v)), 6
	case c == 'x' && len(s) >= 4 && isHex(s[2]) && isHex(s[3]):
		v, _ := strconv.ParseUint(s[2:4], 16, 8)
		return string([]byte{byte(v)}), 4
	case strings.IndexByte(`"'\/`, c) >= 0:
		return s[1:2], 2
	}
	return "", 0
}

// compose maps a view of a view back to the first text: outer says where
// each byte of the inner view came from in the view before, from where
// each byte of that came from (nil when it is the text itself).
func compose(from, outer []span) []span {
	if from == nil {
		return outer
	}
	for i, o := range outer {
		outer[i] = span{from[o.start].start, from[o.end-1].end}
	}
	return outer
}

// replaceSpans puts redacted in place of the spans of s, merging those
// that overlap or touch.
func replaceSpans(s string, spans []span) string {
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	at := 0
	for k := 0; k < len(spans); k++ {
		start, end := spans[k].start, spans[k].end
		for k+1 < len(spans) && spans[k+1].start <= end {
			k++
			end = max(end, spans[k].end)
		}
		b.WriteString(s[at:max(at, start)] + redacted)
		at = max(at, end)
	}
	b.WriteString(s[at:])
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
