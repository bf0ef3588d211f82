package probe

import (
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := clean(tt.in, tt.secrets); got != tt.want {
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
		got := clean(before+secret+after, []string{secret})
		if strings.Contains(got, secret) {
			t.Errorf("clean kept the secret %q: %q", secret, got)
		}
		if utf8.RuneCountInString(got) > maxMessage {
			t.Errorf("clean = %d characters, want at most %d", utf8.RuneCountInString(got), maxMessage)
		}
	})
}
