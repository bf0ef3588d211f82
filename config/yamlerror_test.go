package config

import (
	"strconv"
	"strings"
	"testing"
)

// Every kind of YAML syntax error is reported where the parser found it,
// with line and column, also on the first line.
func TestSyntaxErrorPositions(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unclosed flow list at the end", "title: x\ncomponents: [a\n",
			`2:13: invalid YAML: did not find expected ',' or ']' (a [list] is not closed, or its items lack a comma between them)`},
		{"unclosed flow list, more below", "title: x\ncomponents: [a\npolicy:\n  retries: 1\n",
			`2:13: invalid YAML: did not find expected ',' or ']'`},
		{"unclosed multi-line flow list", "b: [z,\n  w\nc: 1\n", `1:4: invalid YAML: did not find expected ',' or ']'`},
		{"closed flow list, then an unclosed one", "a: [x,\n  y]\nb: [z\n", `3:4: invalid YAML: did not find expected ',' or ']'`},
		{"unclosed flow mapping", "title: x\npolicy: {retries: 1\n",
			`2:9: invalid YAML: did not find expected ',' or '}' (a {mapping} is not closed, or its entries lack a comma between them)`},
		{"tab indenting a key", "title: x\ncomponents:\n  - id: a\n\tname: b\n",
			`4:1: invalid YAML: found a tab character that violates indentation (YAML indents with spaces, never tabs)`},
		{"tab on the second line", "title: x\n\tdescription: y\n", `2:1: invalid YAML: found a tab character that violates indentation (YAML indents with spaces, never tabs)`},
		{"tab in a block scalar", "a: 1\nb: |\n\tx\n", `3:1: invalid YAML: found a tab character where an indentation space is expected (YAML indents with spaces, never tabs)`},
		{"unquoted colon on line 1", "title: Fixed: x\n",
			`1:13: invalid YAML: mapping values are not allowed in this context (a value holding ": " must be quoted, as in "Fixed: rolled back"; or this line is indented too far)`},
		{"unquoted colon on line 3", "a: 1\nb: 2\ntitle: Fixed: x\n", `3:13: invalid YAML: mapping values are not allowed in this context`},
		{"columns count characters", "title: ünïcode: x\n", `1:15: invalid YAML: mapping values are not allowed`},
		{"key indented too far", "a: 1\n  b: 2\n", `2:4: invalid YAML: mapping values are not allowed in this context`},
		{"unclosed double quote", "a: 1\ntitle: \"abc\nb: 2\n", `2:8: invalid YAML: found unexpected end of stream (a quoted value is not closed)`},
		{"unclosed single quote", "a: 1\ntitle: 'abc\nb: 2\n", `2:8: invalid YAML: found unexpected end of stream (a quoted value is not closed)`},
		{"bad escape", "a: \"x\\q\"\n", `1:6: invalid YAML: found unknown escape character (in double quotes a backslash starts an escape`},
		{"key beside a list's items", "a:\n  - x\n  y: 1\n", `3:3: invalid YAML: did not find expected '-' indicator (check this line's indentation against the lines above it)`},
		{"key after a top-level list", "- a\n- b\nc: d\n", `3:1: invalid YAML: did not find expected '-' indicator`},
		{"list item in a mapping", "a: 1\n- b\n", `2:1: invalid YAML: did not find expected key (check this line's indentation`},
		{"extra bracket", "a: [x]]\n", `1:7: invalid YAML: did not find expected key`},
		{"reserved character", "a: 1\nb: @x\n", `2:4: invalid YAML: found character that cannot start any token (a value starting with '@' must be quoted)`},
		{"key without a colon", "a: 1\ntitle Fixed\nb: 2\n", `2:1: invalid YAML: could not find expected ':' (a key needs ": " after it)`},
		{"list ending in a comma, more below", "title: X\nx: [a,\ncomponents:\n  - id: a\n",
			`2:4: invalid YAML: did not find expected node content (a [list] is not closed, or a comma is not followed by an item)`},
		{"list ending in a comma at the end", "title: X\ncomponents: [a, b,", `2:13: invalid YAML: did not find expected node content (a [list]`},
		{"nested list ending in a comma", "title: X\npolicy:\n  control: [http://a/,", `3:12: invalid YAML: did not find expected node content`},
		{"mapping ending in a comma", "title: X\nx: {a: 1,", `2:4: invalid YAML: did not find expected node content (a {mapping} is not closed`},
		{"no colon after the first key", "title X\ncomponents:\n  - id: a\n", `1:1: invalid YAML: this line has no ": " after its key`},
		{"no colon after a key, a blank line between", "a: 1\ntitle X\n\nb: 2\n", `2:1: invalid YAML: could not find expected ':'`},
		{"alias without an anchor", "a: 1\nb: *nope\n", `2:4: invalid YAML: unknown anchor 'nope' referenced (an alias *name needs an anchor &name before it)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Decoder{Path: "candor.yml"}
			var v struct{}
			if d.Decode([]byte(tt.in), &v) {
				t.Fatalf("Decode(%q) = ok, want a syntax error", tt.in)
			}
			if len(d.Problems) != 1 || !strings.HasPrefix(d.Problems[0].Error(), "candor.yml:"+tt.want) {
				t.Errorf("Decode(%q) problems = %q, want one starting candor.yml:%s", tt.in, d.Problems, tt.want)
			}
		})
	}
}

// Front matter counts lines from the top of its file.
func TestSyntaxErrorOffset(t *testing.T) {
	d := &Decoder{Path: "x.md", LineOffset: 1}
	var v struct{}
	d.Decode([]byte("title: x\ncomponents: [a\n"), &v)
	if len(d.Problems) != 1 || d.Problems[0].Line != 3 || d.Problems[0].Col != 13 {
		t.Errorf("problems = %v, want one at x.md:3:13", d.Problems)
	}
}

// Finding the position costs a few dozen parses, however the file is laid out.
func BenchmarkSyntaxError(b *testing.B) {
	var s strings.Builder
	for i := range 2000 {
		s.WriteString("  - id: c" + strconv.Itoa(i) + "\n    name: Component " + strconv.Itoa(i) + "\n")
	}
	for _, tc := range []struct{ name, doc string }{
		{"problem first", "title: [x\ncomponents:\n" + s.String()},
		{"problem last", "title: x\ncomponents:\n" + s.String() + "  - id: Fixed: x\n"},
		{"one long line", "title: x\ncomponents: [" + strings.Repeat("a, ", 30000) + "\n"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				d := &Decoder{Path: "candor.yml"}
				var v struct{}
				if d.Decode([]byte(tc.doc), &v) {
					b.Fatal("no error")
				}
			}
		})
	}
}
