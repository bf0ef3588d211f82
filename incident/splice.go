package incident

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/candor-status/candor"
	"gopkg.in/yaml.v3"
)

// A person's incident file is edited as text: the new update's lines are
// inserted and resolved: set or removed, and every other line stays byte
// for byte as it was (spacing, comments, quoting, order, the body). Only
// a front matter written as one {flow mapping}, or with line breaks other
// than \n and \r\n, is rewritten whole.

// splice is the front matter of a file, located in it, and the edits to
// make. The front matter always ends with a line break (split keeps it).
type splice struct {
	data       []byte
	start, end int        // the front matter's bytes: data[start:end]
	root       *yaml.Node // its mapping; lines count from its first line
	eol        string     // the file's line break
	edits      []edit
}

// edit replaces data[from:to] with text.
type edit struct {
	from, to int
	text     string
}

// newSplice locates the front matter of data and parses it. It returns nil
// when the front matter is a flow mapping, which has no lines to keep.
func newSplice(data []byte) (*splice, error) {
	front, _, offset, root, err := frontMapping(data)
	if err != nil {
		return nil, err
	}
	s := &splice{data: data, root: root, eol: "\n"}
	if bytes.Contains(data, []byte("\r\n")) {
		s.eol = "\r\n"
	}
	bom := len(data) - len(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	s.start = bom + lineOffset(data[bom:], offset)
	s.end = s.start + len(front)
	if s.root.Style&yaml.FlowStyle != 0 || !bytes.Equal(data[s.start:min(s.end, len(data))], front) || oddBreaks(front) {
		return nil, nil
	}
	return s, nil
}

// oddBreaks reports whether b breaks lines other than by \n or \r\n: YAML
// also breaks at a lone \r, NEL, LS and PS, and its lines would not be ours.
func oddBreaks(b []byte) bool {
	return bytes.Count(b, []byte("\r")) != bytes.Count(b, []byte("\r\n")) ||
		bytes.Contains(b, []byte("\u0085")) || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
}

// lineOffset is the byte offset of the start of the line after the first n.
func lineOffset(b []byte, n int) int {
	off := 0
	for range n {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return len(b)
		}
		off += i + 1
	}
	return off
}

// line is the byte offset in data of the start of front matter line n
// (1-based); a line past the end is the end of the front matter.
func (s *splice) line(n int) int {
	return min(s.start+lineOffset(s.data[s.start:s.end], n-1), s.end)
}

// key returns the key and value nodes of a top-level key, and the index of
// the key in the mapping; -1 when absent.
func (s *splice) key(name string) (k, v *yaml.Node, i int) {
	for i := 0; i+1 < len(s.root.Content); i += 2 {
		if s.root.Content[i].Value == name {
			return s.root.Content[i], s.root.Content[i+1], i
		}
	}
	return nil, nil, -1
}

// until is where the lines of top-level key i end: at the next key, less
// the blank and comment lines just before it, or at the front matter's end.
func (s *splice) until(i int) int {
	end := s.end
	if i+2 < len(s.root.Content) {
		end = s.line(s.root.Content[i+2].Line)
	}
	for end > s.start {
		prev := bytes.LastIndexByte(s.data[s.start:end-1], '\n') + 1 + s.start
		if t := bytes.TrimSpace(s.data[prev:end]); len(t) > 0 && t[0] != '#' {
			break
		}
		end = prev
	}
	return end
}

func (s *splice) insert(at int, text string) { s.edits = append(s.edits, edit{at, at, text}) }

// lines ends text, a block of lines, with the file's line break.
func (s *splice) lines(text string) string {
	text = strings.TrimSuffix(text, "\n")
	return strings.ReplaceAll(text, "\n", s.eol) + s.eol
}

// bytes applies the edits.
func (s *splice) bytes() []byte {
	slices.SortStableFunc(s.edits, func(a, b edit) int { return b.from - a.from })
	out := s.data
	for _, e := range s.edits {
		out = slices.Concat(out[:e.from], []byte(e.text), out[e.to:])
	}
	return out
}

// addUpdate appends u to the updates list: after the last item of a block
// list, indented like its items; a missing or flow list becomes a block
// list under updates:.
func (s *splice) addUpdate(u candor.Update) error {
	k, v, i := s.key("updates")
	switch {
	case k == nil:
		s.insert(s.end, s.lines("updates:\n"+items(2, 2, []*yaml.Node{updateNode(u)})))
	case v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && len(v.Content) > 0:
		dash := v.Column - 1
		s.insert(s.until(i), s.lines(items(dash, v.Content[0].Column-v.Column, []*yaml.Node{updateNode(u)})))
	case v.Kind == yaml.SequenceNode || v.Tag == "!!null":
		all := append(slices.Clone(v.Content), updateNode(u))
		s.edits = append(s.edits, edit{s.line(k.Line), s.until(i), s.lines("updates:\n" + items(k.Column+1, 2, all))})
	default:
		return fmt.Errorf("updates: want a list")
	}
	return nil
}

// setResolved sets resolved: to t, in place of the old value or on a line
// of its own after started:; a zero t removes the resolved: line.
func (s *splice) setResolved(t time.Time) {
	k, v, _ := s.key("resolved")
	switch {
	case k != nil && t.IsZero():
		s.edits = append(s.edits, edit{s.line(k.Line), s.line(k.Line + 1), ""})
	case k != nil && v.Tag == "!!null": // "resolved:" alone: no value to replace
		s.edits = append(s.edits, edit{s.line(k.Line), s.line(k.Line + 1), s.lines("resolved: " + t.UTC().Format(time.RFC3339))})
	case k != nil:
		from := s.column(v.Line, v.Column)
		to := from
		for to < s.end && !strings.ContainsRune(" \t\r\n#", rune(s.data[to])) {
			to++
		}
		s.edits = append(s.edits, edit{from, to, t.UTC().Format(time.RFC3339)})
	case !t.IsZero():
		line := "resolved: " + t.UTC().Format(time.RFC3339)
		if sk, _, _ := s.key("started"); sk != nil {
			s.insert(s.line(sk.Line+1), s.lines(line))
		} else {
			s.insert(s.end, s.lines(line))
		}
	}
}

// column is the byte offset of a 1-based line and column (in characters).
func (s *splice) column(line, col int) int {
	at := s.line(line)
	for ; col > 1 && at < s.end; col-- {
		_, size := utf8.DecodeRune(s.data[at:])
		at += size
	}
	return at
}

// items renders list items as YAML lines: each "- " at dash spaces, its
// other lines rel further in.
func items(dash, rel int, nodes []*yaml.Node) string {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	enc.Encode(&yaml.Node{Kind: yaml.SequenceNode, Content: nodes})
	enc.Close()
	var out strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		if rest, ok := strings.CutPrefix(l, "- "); ok {
			l = "-" + strings.Repeat(" ", max(1, rel-1)) + rest
		} else if rest, ok := strings.CutPrefix(l, "  "); ok {
			l = strings.Repeat(" ", rel) + rest
		}
		out.WriteString(strings.Repeat(" ", dash) + l + "\n")
	}
	return out.String()
}
