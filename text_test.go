package candor

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"API", "API"},
		{"API\x01", "API"},
		{"a\tb\nc\r\n", "a\tb\nc\r\n"},
		{"null\x00byte", "nullbyte"},
		{"del\x7f c1\u0085\u009f", "del c1"},
		{"\u202eevil\u202c txt", "evil txt"},
		{"iso\u2066late\u2069", "isolate"},
		{"marks go: \u200e, \u200f, \u061c", "marks go: , , "},
		{"non\ufffe\uffff\ufdd0char\U0001fffe", "nonchar"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"kept \ufffd", "kept \ufffd"},
		{"émoji ☃ 😀", "émoji ☃ 😀"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzCleanText checks that cleaned text holds no unsafe rune, is valid
// UTF-8, is left alone by a second cleaning, and makes well-formed XML in
// an element and an attribute.
func FuzzCleanText(f *testing.F) {
	for _, s := range []string{"API\x01", "\u202eevil", "\xff\xfe", "a\x00b\ufffe", "ok", "<&>\"'", "\r\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CleanText(s)
		if !utf8.ValidString(got) {
			t.Fatalf("CleanText(%q) = %q, not UTF-8", s, got)
		}
		for _, r := range got {
			if UnsafeRune(r) {
				t.Fatalf("CleanText(%q) = %q holds %U", s, got, r)
			}
		}
		if again := CleanText(got); again != got {
			t.Fatalf("CleanText is not stable: %q then %q", got, again)
		}
		if CleanText(s) == s && strings.ContainsFunc(s, UnsafeRune) {
			t.Fatalf("CleanText(%q) kept it as it was", s)
		}
		var b bytes.Buffer
		xml.NewEncoder(&b).Encode(struct {
			XMLName struct{} `xml:"t"`
			A       string   `xml:"a,attr"`
			Text    string   `xml:",chardata"`
		}{A: got, Text: got})
		d := xml.NewDecoder(&b)
		for {
			_, err := d.Token()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("XML of %q does not parse: %v\n%s", got, err, b.String())
				}
				break
			}
		}
	})
}
