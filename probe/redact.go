package probe

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxMessage is the most characters a result's message may hold.
const maxMessage = 200

// redacted stands where a secret was.
const redacted = "[redacted]"

// urlInText finds URLs inside error text, such as the one *url.Error quotes.
var urlInText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>]+`)

// clean makes msg fit for a result: secrets, query strings and user info
// removed, one line of printable text, at most maxMessage characters.
// Redaction comes before truncation so no prefix of a secret survives.
func clean(msg string, secrets []string) string {
	msg = redact(msg, secrets)
	msg = strings.Join(strings.FieldsFunc(msg, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}), " ")
	return truncate(msg, maxMessage)
}

// redact removes every secret value, in the forms a URL may carry it, and
// strips the query, fragment and user info of every URL in s.
func redact(s string, secrets []string) string {
	var forms []string
	for _, v := range secrets {
		if v != "" {
			forms = append(forms, v, url.QueryEscape(v), url.PathEscape(v))
		}
	}
	// Longest first, so that a secret containing another goes whole.
	slices.SortFunc(forms, func(a, b string) int { return len(b) - len(a) })
	for _, f := range forms {
		s = strings.ReplaceAll(s, f, redacted)
	}
	return urlInText.ReplaceAllStringFunc(s, bareURL)
}

// bareURL is raw without user info, query or fragment.
func bareURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw[:strings.Index(raw, "://")+3] + redacted
	}
	if u.User == nil && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" {
		return raw
	}
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	return u.String()
}

// truncate shortens s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
