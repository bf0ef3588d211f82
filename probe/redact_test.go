package probe

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	long := strings.Repeat("é", 250)
	tests := []struct {
		name, in string
		secrets  []string
		want     string
	}{
		{"plain", "connection refused", nil, "connection refused"},
		{"query", `Get "https://api.example/v1?key=abc&x=1": EOF`, nil, `Get "https://api.example/v1": EOF`},
		{"user info", "dial http://bob:pw@db.example:80/x failed", nil, "dial http://db.example:80/x failed"},
		{"fragment", "see https://h.example/p#frag", nil, "see https://h.example/p"},
		{"secret", "token tok-123 refused", []string{"tok-123"}, "token [redacted] refused"},
		{"escaped secret", "path /a%2Fb and a%2Fb", []string{"a/b"}, "path /[redacted] and [redacted]"},
		{"decoded secret", "got a b", []string{"a+b"}, "got [redacted]"},
		{"longest first", "abcdef", []string{"abc", "abcdef"}, "[redacted]"},
		{"lines and controls", "one\ntwo\r\n\tthree\x00four", nil, "one two three four"},
		{"secret joined by whitespace", "x  y", []string{"x y"}, "[redacted]"},
		{"truncated", long, nil, strings.Repeat("é", 199) + "…"},
		{"empty secret ignored", "abc", []string{""}, "abc"},
		{"json escaped", `got {"k":"a\"b\\c"}`, []string{`a"b\c`}, `got {"k":"[redacted]"}`},
		{"json escaped markup", `got "\u003ck\u003e"`, []string{"<k>"}, `got "[redacted]"`},
		{"go quoted", `malformed "tab\there"`, []string{"tab\there"}, `malformed "[redacted]"`},
		{"go quoted, ASCII", `bad "cl\u00e9-key"`, []string{"clé-key"}, `bad "[redacted]"`},
		{"html escaped", "saw a&amp;b&lt;c", []string{"a&b<c"}, "saw [redacted]"},
		{"base64", "Basic dG9rZW4tdmFsdWU=", []string{"token-value"}, "Basic [redacted]"},
		{"base64 of user:secret", "Basic " + base64.StdEncoding.EncodeToString([]byte("user:token-value")), []string{"token-value"}, "Basic dXNlcjp0[redacted]ZQ=="},
		{"base64 at offset 1", base64.StdEncoding.EncodeToString([]byte("a:token-value-long")), []string{"token-value-long"}, "YTp0[redacted]"},
		{"base64 at offset 2", base64.StdEncoding.EncodeToString([]byte("ab:token-value-long")), []string{"token-value-long"}, "YWI6[redacted]"},
		{"path escaped", "GET /a/b%20c", []string{"a/b c"}, "GET /[redacted]"},
		{"html, named quote", `value="sk&quot;live/k3y"`, []string{`sk"live/k3y`}, `value="[redacted]"`},
		{"html, decimal references", "got &#115;&#107;&#34;&#108;&#105;&#118;&#101;&#47;&#107;&#51;&#121; end", []string{`sk"live/k3y`}, "got [redacted] end"},
		{"html, hex references", "got &#x73;&#x6B;&#x22;&#x6c;&#x69;&#x76;&#x65;&#x2f;&#x6b;&#x33;&#x79;", []string{`sk"live/k3y`}, "got [redacted]"},
		{"html, without semicolons", `got sk&quotlive/k3y`, []string{`sk"live/k3y`}, "got [redacted]"},
		{"html, twice", `got sk&amp;quot;live/k3y`, []string{`sk"live/k3y`}, "got [redacted]"},
		{"percent, lower case", "GET /sk%22live%2fk3y", []string{`sk"live/k3y`}, "GET /[redacted]"},
		{"percent, every byte", "q=%73%6b%22%6c%69%76%65%2f%6b%33%79&x=1", []string{`sk"live/k3y`}, "q=[redacted]&x=1"},
		{"upper-cased echo", `TOKEN SK"LIVE/K3Y REFUSED`, []string{`sk"live/k3y`}, `TOKEN [redacted] REFUSED`},
		{"json unicode escapes", `"\u0073\u006b\u0022live/k3y"`, []string{`sk"live/k3y`}, `"[redacted]"`},
		{"html inside json", `"sk\u0026quot;live/k3y"`, []string{`sk"live/k3y`}, `"[redacted]"`},
		{"nothing to decode", "50% of &lots; \\ fine", []string{`sk"live/k3y`}, "50% of &lots; \\ fine"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newRedactor(tt.secrets).clean(tt.in); got != tt.want {
				t.Errorf("clean(%q, %q) = %q, want %q", tt.in, tt.secrets, got, tt.want)
			}
		})
	}
}

// FuzzClean checks that no secret survives cleaning, whatever surrounds it,
// and that the message stays within 200 characters of valid text.
func FuzzClean(f *testing.F) {
	f.Add("Get \"https://h/?k=", "s3cret", "\": EOF")
	f.Add("x ", "a b", " y")
	f.Add("", "tok+en/=", "http://u:p@h")
	f.Fuzz(func(t *testing.T, before, secret, after string) {
		if len(secret) < 4 || strings.Contains(redacted, secret) || !utf8.ValidString(secret) {
			return // too short to be a secret, or part of the marker
		}
		red := newRedactor([]string{secret})
		j, _ := json.Marshal(secret)
		for _, form := range []string{secret, string(j[1 : len(j)-1]), strconv.Quote(secret), base64.StdEncoding.EncodeToString([]byte(secret))} {
			if strings.TrimSpace(form) != form || strings.ContainsFunc(form, func(r rune) bool { return r < ' ' || r == 0x7f }) {
				continue // clean reshapes whitespace and controls: the form cannot stand whole
			}
			got := red.clean(before + form + after)
			if strings.Contains(got, secret) || strings.Contains(got, form) {
				t.Errorf("clean(%q) kept the secret %q: %q", before+form+after, secret, got)
			}
			// A quoted outside value, as judgeJSON writes it.
			if q := red.clean("field x is " + red.quote(before+form+after)); strings.Contains(q, secret) {
				t.Errorf("clean(quote(%q)) kept the secret %q: %s", before+form+after, secret, q)
			}
		}
		got := red.clean(before + secret + after)
		if utf8.RuneCountInString(got) > maxMessage {
			t.Errorf("clean = %d characters, want at most %d", utf8.RuneCountInString(got), maxMessage)
		}
	})
}

// TestQuoteRedactsBeforeCutting checks that an escaped secret longer than
// a quoted value leaves no prefix behind: the cut comes after redaction.
func TestQuoteRedactsBeforeCutting(t *testing.T) {
	const secret = "Zq9-s3cr3t-0123456789"
	var refs strings.Builder
	for _, c := range secret {
		fmt.Fprintf(&refs, "&#x%x;", c)
	}
	red := newRedactor([]string{secret})
	for _, v := range []string{refs.String(), html.EscapeString(secret), "ok " + strings.ToUpper(secret)} {
		got := red.quote(v)
		if seen := html.UnescapeString(got); strings.Contains(strings.ToLower(seen), "zq9-s3c") {
			t.Errorf("quote(%q) = %s, which reads %q", v, got, seen)
		}
	}
}

func TestURLSecrets(t *testing.T) {
	got := URLSecrets("slack://hook:T00000001-B00000001-Xsecret00000000000000001@webhook")
	for _, want := range []string{"T00000001-B00000001-Xsecret00000000000000001", "Xsecret00000000000000001", "T00000001", "B00000001"} {
		if !slices.Contains(got, want) {
			t.Errorf("URLSecrets(slack) = %q, lacks %q", got, want)
		}
	}
	got = URLSecrets("smtp://user:pw@smtp.acme.example:587/?from=status@acme.example&to=ops@acme.example")
	if !slices.Contains(got, "pw") || slices.Contains(got, "smtp.acme.example") {
		t.Errorf("URLSecrets(smtp) = %q: want the password, not the domain name", got)
	}
	msg := Redact(`Post "https://hooks.slack.com/services/T00000001/B00000001/Xsecret00000000000000001": EOF`, URLSecrets("slack://hook:T00000001-B00000001-Xsecret00000000000000001@webhook"))
	if strings.Contains(msg, "Xsecret") || strings.Contains(msg, "T00000001") {
		t.Errorf("Redact left a part of the token: %q", msg)
	}
}
