package candor

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// UnsafeRune reports whether r must be kept out of the text of the site
// (pages, feeds, the calendar, badges and the API):
//
//   - control characters but tab, line feed and carriage return (C0, DEL
//     and C1): XML 1.0 forbids most, RFC 5545 forbids them in TEXT and
//     HTML counts them as parse errors;
//   - noncharacters (U+FDD0 to U+FDEF and the last two of every plane):
//     XML forbids U+FFFE and U+FFFF, HTML counts all as parse errors;
//   - Unicode's Bidi_Control characters: the marks (U+061C, U+200E,
//     U+200F), embeddings and overrides (U+202A to U+202E) and isolates
//     (U+2066 to U+2069), which reorder the text around them: a name
//     could read backwards, or a title say what it does not.
func UnsafeRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case isBidiControl(r):
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	case r >= 0xd800 && r <= 0xdfff, r > utf8.MaxRune:
		return true
	}
	return false
}

// isBidiControl reports whether r has Unicode's Bidi_Control property.
func isBidiControl(r rune) bool { return unicode.Is(unicode.Bidi_Control, r) }

// UnsafeKind names what kind of unsafe rune r is, for messages: "a
// control character", "a bidirectional control" or "a noncharacter".
func UnsafeKind(r rune) string {
	switch {
	case isBidiControl(r):
		return "a bidirectional control"
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return "a control character"
	}
	return "a noncharacter"
}

// CleanText is s without its unsafe runes (see UnsafeRune), and with each
// byte that is not UTF-8 replaced by U+FFFD. Text with none comes back as
// it is, without a copy.
func CleanText(s string) string {
	for i, r := range s {
		if UnsafeRune(r) || r == utf8.RuneError && isInvalid(s[i:]) {
			return cleanFrom(s, i)
		}
	}
	return s
}

// isInvalid reports whether s starts with a byte that is not UTF-8 (and
// not an encoded U+FFFD).
func isInvalid(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	return size == 1
}

func cleanFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if !UnsafeRune(r) {
			b.WriteRune(r) // an invalid byte comes as utf8.RuneError: U+FFFD
		}
	}
	return b.String()
}
