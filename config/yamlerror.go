package config

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// yaml.v3 reports a syntax error at the line of the construct being
// parsed (the "context mark") rather than where it went wrong, counts
// parser errors from line 0, gives no column, and on the first line no
// line at all: "components: [a" on line 2 reads "line 1", a tab on line 4
// "line 3", "title: Fixed: x" nothing. The parser's problem mark, where it
// went wrong, stays inside the package.
//
// The parser reads left to right with a few characters of lookahead, so
// the problem mark can be found from the outside: every prefix of the
// document that reaches the problem fails with exactly the same error,
// and the prefix that stops just before it does not. syntaxError finds the
// shortest prefix from which every longer one fails the same way; its last
// character is where the parser found the problem. For a quote left open
// that is the quote; for a [list] or {mapping} left open, its bracket.

// syntaxError places a yaml.v3 syntax error of data at the parser's problem
// mark and says it in words, with the usual cause when there is one.
func syntaxError(data []byte, err error) (Pos, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			msg = rest[i+2:]
		}
	}
	// Parsed after a blank line, nothing stands on line 0, so yaml.v3
	// always names the context's line: prefixes fail alike only inside
	// the same construct.
	parse := func(n int) string {
		var root yaml.Node
		if e := yaml.Unmarshal(append([]byte("\n"), data[:n]...), &root); e != nil {
			return e.Error()
		}
		return ""
	}
	full := parse(len(data))
	if full == "" { // only a byte-order mark parses differently after a line break
		return Pos{Line: 1, Col: 1}, "invalid YAML: " + msg
	}
	same := func(n int) bool { return parse(n) == full }
	at := startOf(data, max(0, shortestFailing(data, same)-1), msg)
	if key := keyWithoutColon(data, at, msg); key >= 0 {
		return position(data, key), `invalid YAML: this line has no ": " after its key, so the next line's key reads as part of its value (a key needs ": " after it)`
	}
	var c rune
	if at < len(data) {
		c, _ = utf8.DecodeRune(data[at:])
	}
	return position(data, at), "invalid YAML: " + msg + yamlHint(msg, c)
}

// startOf moves the character the parser stopped at back to the start of
// what it stopped on: a key its colon revealed, an alias, the bracket of a
// list or mapping that is not closed.
func startOf(data []byte, at int, msg string) int {
	token := func(i int) int {
		for i > 0 && !strings.ContainsRune(" \t\n[{,", rune(data[i-1])) {
			i--
		}
		return i
	}
	switch {
	case at < len(data) && data[at] == ':' && !strings.Contains(msg, "mapping values are not allowed"):
		at = token(at)
	case strings.HasPrefix(msg, "unknown anchor"):
		if star := bytes.LastIndexByte(data[:min(at+1, len(data))], '*'); star >= 0 {
			at = star
		}
	}
	if strings.Contains(msg, "did not find expected ',' or") || strings.Contains(msg, "did not find expected node content") {
		if open := unclosed(data[:at]); open >= 0 {
			at = open // what is not closed is the list or mapping: point at its bracket
		}
	}
	return at
}

// keyWithoutColon finds the line a "mapping values are not allowed"
// error at offset at really stands on when the line before lacks the
// colon after its key: "title X" then "components:" reads as one plain
// value running onto the second line, whose colon the parser then
// refuses. It returns the offset of that line's first character, or -1.
func keyWithoutColon(data []byte, at int, msg string) int {
	if !strings.Contains(msg, "mapping values are not allowed") || at >= len(data) {
		return -1
	}
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	if start == 0 || bytes.ContainsAny(data[start:at], ":#") {
		return -1 // on the first line, or the colon follows another on its line
	}
	indent := len(data[start:at]) - len(bytes.TrimLeft(data[start:at], " "))
	// The line before that holds something, skipping blank lines.
	end := start - 1
	for end > 0 {
		prev := bytes.LastIndexByte(data[:end], '\n') + 1
		line := data[prev:end]
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 {
			end = prev - 1
			continue
		}
		lead := len(line) - len(bytes.TrimLeft(line, " "))
		if trimmed[0] == '#' || trimmed[0] == '-' || lead > indent || bytes.ContainsAny(trimmed, ":\"'[]{}") {
			return -1
		}
		return prev + lead
	}
	return -1
}

// unclosed is the offset of the innermost [ or { that data leaves open,
// or -1. Quoted text and comments are skipped.
func unclosed(data []byte) int {
	var open []int
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '[', '{':
			open = append(open, i)
		case ']', '}':
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		case '"', '\'':
			for i++; i < len(data) && data[i] != c; i++ {
				if c == '"' && data[i] == '\\' {
					i++
				}
			}
		case '#':
			if i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n' {
				for i < len(data) && data[i] != '\n' {
					i++
				}
			}
		}
	}
	if len(open) == 0 {
		return -1
	}
	return open[len(open)-1]
}

// shortestFailing returns the smallest n such that same holds for data[:n]
// and, it assumes, for every longer prefix: true from the problem on. It
// bisects first over the prefixes ending before each line break, then over
// the characters of the line found. Before the problem a prefix fails the
// same way only inside the construct left open ("[a" but not "[a,"), so
// any point bisection settles on there names the same bracket.
func shortestFailing(data []byte, same func(n int) bool) int {
	var ends []int // prefixes ending before each line break, and the whole
	for i, c := range data {
		if c == '\n' {
			ends = append(ends, i)
		}
	}
	ends = append(ends, len(data))
	j := sort.Search(len(ends)-1, func(i int) bool { return same(ends[i]) })
	lo := 0
	if j > 0 {
		lo = ends[j-1] + 1
	}
	var cuts []int // the line's character boundaries, then its end
	for k := range string(data[lo:ends[j]]) {
		cuts = append(cuts, lo+k)
	}
	cuts = append(cuts, ends[j])
	return cuts[sort.Search(len(cuts)-1, func(i int) bool { return same(cuts[i]) })]
}

// position is the 1-based line and column (in characters) of byte i of
// data; an i past the end is the end.
func position(data []byte, i int) Pos {
	i = max(0, min(i, len(data)))
	line := bytes.Count(data[:i], []byte("\n")) + 1
	start := bytes.LastIndexByte(data[:i], '\n') + 1
	return Pos{Line: line, Col: utf8.RuneCount(data[start:i]) + 1}
}

// yamlHint adds what usually causes a YAML error, in words; c is the
// character the parser stopped at.
func yamlHint(msg string, c rune) string {
	switch {
	case c == '\t':
		return " (YAML indents with spaces, never tabs)"
	case strings.Contains(msg, "did not find expected node content") && c == '[':
		return " (a [list] is not closed, or a comma is not followed by an item)"
	case strings.Contains(msg, "did not find expected node content") && c == '{':
		return " (a {mapping} is not closed, or a comma is not followed by an entry)"
	case strings.Contains(msg, "mapping values are not allowed"):
		return ` (a value holding ": " must be quoted, as in "Fixed: rolled back"; or this line is indented too far)`
	case strings.Contains(msg, "tab character"):
		return " (YAML indents with spaces, never tabs)"
	case strings.Contains(msg, "found character that cannot start any token"):
		return " (a value starting with " + strconv.QuoteRune(c) + " must be quoted)"
	case strings.Contains(msg, "did not find expected ',' or ']'"):
		return " (a [list] is not closed, or its items lack a comma between them)"
	case strings.Contains(msg, "did not find expected ',' or '}'"):
		return " (a {mapping} is not closed, or its entries lack a comma between them)"
	case strings.Contains(msg, "found unexpected end of stream"):
		return " (a quoted value is not closed)"
	case strings.Contains(msg, "could not find expected ':'"):
		return ` (a key needs ": " after it)`
	case strings.Contains(msg, "unknown escape character"):
		return ` (in double quotes a backslash starts an escape: write \\ for one, or use single quotes)`
	case strings.Contains(msg, "unknown anchor"):
		return " (an alias *name needs an anchor &name before it)"
	case strings.Contains(msg, "did not find expected"):
		return " (check this line's indentation against the lines above it)"
	}
	return ""
}
