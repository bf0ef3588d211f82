package probe

import (
	"encoding/base64"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxMessage is the most characters a result's message may hold.
const maxMessage = 200

// maxQuoted is the most characters of an outside value (a JSON field, a
// banner) a message quotes.
const maxQuoted = 40

// redacted stands where a secret was.
const redacted = "[redacted]"

// urlInText finds URLs inside error text, such as the one *url.Error quotes.
var urlInText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://[^\s"'<>]+`)

// redactor owns every message that leaves a check. It knows each secret in
// every form text may carry it (see secretForms), in any letter case, and
// looks for them in the text as it is and as a reader would decode it
// (see decoded): HTML character references, percent-escapes and
// backslash escapes, which a markdown page, a browser or a feed reader
// turns back into the secret. It runs on a value whole, before anything
// shortens or quotes it: a cut or an escape would hide a secret from the
// search and let a prefix through.
//
// Outside values enter a message only through quote; the finished message
// goes through clean.
type redactor struct {
	forms *regexp.Regexp // every form of every secret, any case; nil without secrets
}

// newRedactor returns a redactor for the given secret values.
func newRedactor(secrets []string) redactor {
	forms := secretForms(secrets)
	if len(forms) == 0 {
		return redactor{}
	}
	quoted := make([]string, len(forms))
	for i, f := range forms {
		quoted[i] = regexp.QuoteMeta(f)
	}
	// Leftmost-first: at one place the longest form wins.
	return redactor{forms: regexp.MustCompile("(?i)(?:" + strings.Join(quoted, "|") + ")")}
}

// text puts redacted in place of every form of every secret in s, and of
// every span of s whose decoded text holds one.
func (r redactor) text(s string) string {
	if r.forms == nil {
		return s
	}
	s = r.forms.ReplaceAllLiteralString(s, redacted)
	var hits []span
	view, from := s, []span(nil) // from == nil: the view is s
	for range maxDecodings {
		next, f := decoded(view)
		if f == nil {
			break
		}
		view, from = next, compose(from, f)
		for _, m := range r.forms.FindAllStringIndex(view, -1) {
			hits = append(hits, span{from[m[0]].start, from[m[1]-1].end})
		}
	}
	return replaceSpans(s, hits)
}

// quote makes an outside value fit to stand in a message: redacted whole,
// then shortened to maxQuoted characters, then quoted.
func (r redactor) quote(s string) string {
	return strconv.Quote(truncate(r.text(s), maxQuoted))
}

// clean makes msg fit for a result: secrets, query strings and user info
// removed, one line of printable text, at most maxMessage characters.
// Secrets go before the text is reshaped and again after, so that neither
// joining whitespace nor cutting a URL can assemble one; truncation comes
// last so no prefix of a secret survives.
func (r redactor) clean(msg string) string {
	msg = urlInText.ReplaceAllStringFunc(r.text(msg), bareURL)
	msg = strings.Join(strings.FieldsFunc(msg, func(r rune) bool {
		return unicode.IsSpace(r) || !unicode.IsPrint(r)
	}), " ")
	return truncate(r.text(msg), maxMessage)
}

// secretForms are the secret values as text may carry them, longest first
// so that a secret containing another goes whole:
//
//   - raw;
//   - escaped for a URL's query and for its path, and unescaped as a server
//     decodes a query ("+" as a space) and may echo it back;
//   - escaped inside a JSON or a Go string (Go's errors quote what a server
//     sent with %q) and for HTML;
//   - base64-encoded, standard and URL alphabets, padded or not, and the
//     part of the encoding that the secret alone decides wherever it starts
//     inside a longer encoded text (a Basic authorization echoed back).
func secretForms(secrets []string) []string {
	var forms []string
	for _, v := range secrets {
		if v == "" {
			continue
		}
		forms = append(forms, v, url.QueryEscape(v), url.PathEscape(v), (&url.URL{Path: v}).EscapedPath())
		if u, err := url.QueryUnescape(v); err == nil && u != "" {
			forms = append(forms, u)
		}
		if u, err := url.PathUnescape(v); err == nil && u != "" {
			forms = append(forms, u)
		}
		forms = append(forms, escapedForms(v)...)
		forms = append(forms, base64Forms(v)...)
	}
	slices.SortFunc(forms, func(a, b string) int {
		if d := len(b) - len(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(forms)
}

// escapedForms are v inside a JSON string (with and without HTML
// escaping), a Go string and HTML text.
func escapedForms(v string) []string {
	quoted := func(s string) string { return s[1 : len(s)-1] }
	plain, _ := json.Marshal(v) // a string always marshals
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return []string{quoted(string(plain)), quoted(strings.TrimSuffix(b.String(), "\n")),
		quoted(strconv.Quote(v)), quoted(strconv.QuoteToASCII(v)), html.EscapeString(v)}
}

// minBase64Core is the shortest part of an encoding that is redacted on its
// own: shorter runs are too common to stand for a secret.
const minBase64Core = 8

// base64Forms are v encoded whole, and for each of the three places v can
// start in a group of three bytes, the characters only v's bytes decide.
func base64Forms(v string) []string {
	var forms []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(v)), enc.WithPadding(base64.NoPadding).EncodeToString([]byte(v)))
		for skip := range 3 {
			if skip >= len(v) {
				break
			}
			rest := v[skip:]
			core := enc.EncodeToString([]byte(rest[:len(rest)/3*3]))
			if len(core) >= minBase64Core {
				forms = append(forms, core)
			}
		}
	}
	return forms
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
func Redact(text string, secrets []string) string { return newRedactor(secrets).clean(text) }

// Redactor is Redact for many texts and the same secrets: the pattern of
// every form of every secret is made once.
func Redactor(secrets []string) func(text string) string { return newRedactor(secrets).clean }

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
