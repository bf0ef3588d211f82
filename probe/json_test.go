package probe

import "testing"

func TestJSONField(t *testing.T) {
	doc := []byte(`{"a":{"b":[{"c":"x"},{"c":42}]},"ok":true,"n":null,"big":12345678901234567890,"o":{"k":[1,2]}}`)
	tests := []struct {
		path, want string
		found      bool
	}{
		{"a.b.0.c", "x", true},
		{"a.b.1.c", "42", true},
		{"ok", "true", true},
		{"n", "null", true},
		{"big", "12345678901234567890", true},
		{"o", `{"k":[1,2]}`, true},
		{"o.k", "[1,2]", true},
		{"a.b.2.c", "", false},
		{"a.b.-1", "", false},
		{"a.b.x", "", false},
		{"ok.deeper", "", false},
		{"missing", "", false},
	}
	for _, tt := range tests {
		got, found, err := jsonField(doc, tt.path)
		if err != nil || got != tt.want || found != tt.found {
			t.Errorf("jsonField(%q) = %q, %v, %v; want %q, %v, nil", tt.path, got, found, err, tt.want, tt.found)
		}
	}
	if _, _, err := jsonField([]byte("<html>"), "a"); err == nil {
		t.Errorf("jsonField(<html>) = nil error, want one")
	}
	if got, found, _ := jsonField([]byte(`[1,"two"]`), "1"); got != "two" || !found {
		t.Errorf("jsonField([1,two], 1) = %q, %v; want two, true", got, found)
	}
}

// FuzzJSONField checks that no document or path makes the walker panic.
func FuzzJSONField(f *testing.F) {
	f.Add([]byte(`{"a":[{"b":1}]}`), "a.0.b")
	f.Add([]byte(`[[[]]]`), "0.0.0")
	f.Add([]byte(`"x"`), "")
	f.Fuzz(func(t *testing.T, doc []byte, path string) {
		jsonField(doc, path)
	})
}

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in     string
		lo, hi int
		ok     bool
	}{
		{"200", 200, 200, true},
		{"2xx", 200, 299, true},
		{"5XX", 500, 599, true},
		{"200-399", 200, 399, true},
		{" 204 ", 204, 204, true},
		{"6xx", 0, 0, false},
		{"2x", 0, 0, false},
		{"99", 0, 0, false},
		{"300-200", 0, 0, false},
		{"200-", 0, 0, false},
		{"ok", 0, 0, false},
	}
	for _, tt := range tests {
		r, err := parseStatus(tt.in)
		if (err == nil) != tt.ok || r.lo != tt.lo || r.hi != tt.hi {
			t.Errorf("parseStatus(%q) = %d-%d, %v; want %d-%d, ok %v", tt.in, r.lo, r.hi, err, tt.lo, tt.hi, tt.ok)
		}
	}
}

// FuzzParseStatus checks that an accepted pattern is a range within
// 100-599.
func FuzzParseStatus(f *testing.F) {
	for _, s := range []string{"200", "2xx", "200-299", "x", "-", "1xx-2xx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := parseStatus(s)
		if err == nil && (r.lo < 100 || r.hi > 599 || r.lo > r.hi) {
			t.Errorf("parseStatus(%q) = %d-%d, want a range within 100-599", s, r.lo, r.hi)
		}
	})
}
