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
// Secrets go before the text is reshaped and again after, so that neither
// joining whitespace nor cutting a URL can assemble one; truncation comes
// last so no prefix of a secret survives.
func clean(msg string, secrets []string) string {
	forms := secretForms(secrets)
	msg = urlInText.ReplaceAllStringFunc(replaceAll(msg, forms), bareURL)
	msg = strings.Join(strings.FieldsFunc(msg, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}), " ")
	return truncate(replaceAll(msg, forms), maxMessage)
}

// secretForms are the secret values as text may carry them: raw, escaped
// for a URL, and unescaped as a server decodes a query ("+" as a space) and
// may echo it back; longest first so a secret containing another goes whole.
func secretForms(secrets []string) []string {
	var forms []string
	for _, v := range secrets {
		if v == "" {
			continue
		}
		forms = append(forms, v, url.QueryEscape(v), url.PathEscape(v))
		if u, err := url.QueryUnescape(v); err == nil && u != "" {
			forms = append(forms, u)
		}
		if u, err := url.PathUnescape(v); err == nil && u != "" {
			forms = append(forms, u)
		}
	}
	slices.SortFunc(forms, func(a, b string) int {
		if d := len(b) - len(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(forms)
}

// replaceAll puts redacted in place of every form.
func replaceAll(s string, forms []string) string {
	for _, f := range forms {
		s = strings.ReplaceAll(s, f, redacted)
	}
	return s
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

// Redact makes text fit to print where a secret must not appear: every
// form of each secret replaced, user info, query strings and fragments
// cut from URLs, one line of at most 200 characters. A probe's messages
// get the same.
func Redact(text string, secrets []string) string { return clean(text, secrets) }

// URLSecrets are the parts of a notification URL that may carry a token,
// for Redact and for masking: the URL, its password, and its user, each
// path segment and each query value of six characters or more, and its
// host when it is not a domain name (some services take a key there).
func URLSecrets(raw string) []string {
	out := []string{raw}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	long := func(s string) {
		if len(s) >= 6 {
			out = append(out, s)
		}
	}
	if u.User != nil {
		long(u.User.Username())
		if p, ok := u.User.Password(); ok && p != "" {
			out = append(out, p)
			// A token of parts (Slack's a-b-c) travels apart too.
			for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '-' || r == '/' || r == ',' || r == ':' }) {
				long(part)
			}
		}
	}
	if h := u.Hostname(); !strings.Contains(h, ".") {
		long(h)
	}
	for _, seg := range strings.Split(u.Path, "/") {
		long(seg)
	}
	for _, vs := range u.Query() {
		for _, v := range vs {
			long(v)
		}
	}
	long(u.Fragment)
	slices.Sort(out)
	return slices.Compact(out)
}
