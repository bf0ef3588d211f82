package generator

import (
	"regexp"
	"strconv"
	"strings"
)

// The estimate splits text into units, each holding whole goldmark
// paragraphs: a unit may hold more than one paragraph, which only makes
// the estimate larger, but a paragraph never spans two units, or its
// cost would be missed. So a line ends a unit only where CommonMark says
// it ends every paragraph it could belong to (goldmark v1.8.7,
// parser/list.go, list_item.go, parser.go). Wherever that is not
// certain (lazy continuation lines, tabs, raw HTML, code inside a
// container) the line continues the unit.
//
// An empty list item ("*", "-", "+") and an ordered one that does not
// start at 1 ("2. x") cannot interrupt a paragraph, so they only end one
// when they close the list item the paragraph is in: the estimate keeps
// the content columns of the list items open, and forgets them wherever
// it is unsure, since a forgotten item only means fewer units.

// lineKind is what a line does to the unit.
type lineKind int

const (
	continues  lineKind = iota // the line may continue the paragraph
	interrupts                 // the line ends every paragraph before it, and is text
	blank                      // the line ends every paragraph, and is not text
	code                       // the line is in a top-level fenced code block: no work
)

// blocks is what the estimate knows of goldmark's open blocks.
type blocks struct {
	fence   string // the open top-level code fence, or ""
	inFence string // a fence opened inside a container: its lines count as text
	raw     string // the end of the HTML block that may be open: "\n" for a blank line; "" when none
	items   []int  // the content columns of the list items open, outermost first
	para    bool   // the line before may be paragraph text
	text    bool   // the line may be paragraph text: not a heading or a thematic break
}

// kind classifies line.
func (b *blocks) kind(line string) lineKind {
	b.text = !isUnderline(line)
	k := b.classify(line)
	b.para = k == continues || k == interrupts
	return k
}

// isUnderline reports whether line may be a setext heading's underline.
func isUnderline(line string) bool {
	s := strings.Trim(line, " \t\r")
	return s != "" && (strings.Trim(s, "=") == "" || strings.Trim(s, "-") == "")
}

func (b *blocks) classify(line string) lineKind {
	switch {
	case b.fence != "":
		if closesFence(line, b.fence) {
			b.fence = ""
		}
		return code
	case isBlank(line):
		if b.raw == "\n" {
			b.raw = ""
		}
		return blank
	case b.raw != "":
		// goldmark looks for the end in the line without its container
		// markers, which holds at least what containers leaves.
		if _, _, rest := containers(line); b.raw != "\n" && closesHTML(rest, b.raw) {
			b.raw = ""
		}
		return continues
	case b.inFence != "":
		if closesFence(line, b.inFence) {
			b.inFence = ""
		}
		return continues
	}
	c, tab := indent(line)
	if tab {
		b.items = nil
		return continues
	}
	if c == 0 && opensFence(line) != "" {
		// A fence at the first column closes every container: it is
		// code until its closing fence.
		b.items, b.fence = nil, opensFence(line)
		return code
	}
	if _, _, rest := containers(line); b.opensRaw(rest) {
		return continues
	}
	if c < 4 && line[c] == '>' {
		b.items = nil
		return b.quoteKind(line[c:])
	}
	return b.listKind(line, c)
}

// opensRaw notes an HTML block or code fence that rest, a line without
// its container markers, may open: until it ends, the estimate cannot
// tell code from paragraphs, so it keeps lines in their unit and forgets
// the list items.
func (b *blocks) opensRaw(rest string) bool {
	s := strings.TrimLeft(rest, " \t")
	if f := opensFence(s); f != "" {
		b.inFence, b.items = f, nil
		return true
	}
	if s == "" || s[0] != '<' {
		return false
	}
	b.raw, b.items = htmlBlockEnd(s), nil
	if b.raw != "\n" && closesHTML(s, b.raw) {
		b.raw = "" // closed on its first line, as goldmark checks
	}
	return true
}

// htmlType1 opens CommonMark's HTML block of kind 1, as goldmark matches
// it; type1Close closes it, whichever tag opened it.
var (
	htmlType1  = regexp.MustCompile(`(?i)^<(script|pre|style|textarea)(?:\s.*|>.*|/>.*|)$`)
	type1Close = regexp.MustCompile(`(?i)</(?:script|pre|style|textarea)>`)
)

// closesHTML reports whether line holds end, the end of an HTML block.
func closesHTML(line, end string) bool {
	if end == "</>" {
		return type1Close.MatchString(line)
	}
	return strings.Contains(line, end)
}

// htmlBlockEnd is what ends the HTML block s may open: the closing text of
// CommonMark's kinds 1 to 5 ("</>" for any of kind 1's), or "\n" for a
// blank line. Where goldmark would see no HTML block the estimate may see
// one, which only keeps lines in their unit longer.
func htmlBlockEnd(s string) string {
	switch {
	case htmlType1.MatchString(strings.TrimRight(s, "\r")):
		return "</>"
	case strings.HasPrefix(s, "<!--"):
		return "-->"
	case strings.HasPrefix(s, "<?"):
		return "?>"
	case strings.HasPrefix(s, "<![CDATA["):
		return "]]>"
	case strings.HasPrefix(s, "<!"):
		return ">"
	}
	return "\n"
}

// quoteKind classifies a line starting with ">" (s): what follows the
// markers decides, as if the quotes were already open.
func (b *blocks) quoteKind(s string) lineKind {
	for strings.HasPrefix(s, ">") {
		s = s[1:]
		if strings.HasPrefix(s, " ") {
			s = s[1:]
		}
		c, tab := indent(s)
		if tab || c >= 4 {
			return continues
		}
		s = s[c:]
	}
	if isThematicBreak(s) || isHeading(s) {
		b.text = false
		return interrupts
	}
	if m, ok := parseMarker(s); ok && m.interrupts() {
		return interrupts
	}
	return continues
}

// listKind classifies a line outside quotes, indented c columns, and
// keeps the list items open up to date.
func (b *blocks) listKind(line string, c int) lineKind {
	closed := b.closeItems(c)
	base := 0
	if n := len(b.items); n > 0 {
		base = b.items[n-1]
	}
	if c < base || c-base >= 4 {
		// Inside an item's padding, or indented code, or a lazy line:
		// not worth telling apart.
		b.items = nil
		return continues
	}
	s := line[c:]
	if isThematicBreak(s) || isHeading(s) {
		b.text = false
		return interrupts
	}
	m, ok := parseMarker(s)
	if !ok {
		return continues
	}
	k := continues
	if closed || m.interrupts() {
		k = interrupts
	}
	if !m.empty && (k == interrupts || !b.para) {
		b.items = append(b.items, c+m.offset)
	}
	return k
}

// closeItems forgets the list items a line indented c columns closes,
// reporting whether there were any. A line that is not a list item may be
// a lazy continuation, which keeps them open in goldmark; forgetting them
// is the safe side.
func (b *blocks) closeItems(c int) bool {
	for k, o := range b.items {
		base := 0
		if k > 0 {
			base = b.items[k-1]
		}
		if c < o && c-base < 4 {
			b.items = b.items[:k]
			return true
		}
	}
	return false
}

// marker is a list marker opening a line.
type marker struct {
	bullet bool
	number int // of an ordered item
	empty  bool
	offset int // the content column, from the marker's
}

// interrupts reports whether the item may interrupt a paragraph in its
// own container: CommonMark lets only a non-empty bullet or item 1 do it.
func (m marker) interrupts() bool { return !m.empty && (m.bullet || m.number == 1) }

// parseMarker reads the list marker at the start of s, as goldmark's
// parseListItem and calcListOffset do; ok is false when there is none or
// a tab follows it.
func parseMarker(s string) (m marker, ok bool) {
	n := listMarker(s)
	if n == 0 {
		return m, false
	}
	m.bullet = n == 1 && strings.IndexByte("-*+", s[0]) >= 0
	if !m.bullet {
		m.number, _ = strconv.Atoi(s[:n-1])
	}
	after := s[n:]
	sp := len(after) - len(strings.TrimLeft(after, " "))
	if sp < len(after) && after[sp] == '\t' {
		return m, false
	}
	m.empty = isBlank(after)
	switch {
	case m.empty || sp > 4:
		m.offset = n + 1
	default:
		m.offset = n + sp
	}
	return m, true
}

// isBlank reports whether s holds only what goldmark counts as space.
func isBlank(s string) bool { return strings.Trim(s, " \t\r\n") == "" }

// indent is the number of spaces starting s; tab reports a tab among the
// leading white space, whose width depends on the column.
func indent(s string) (n int, tab bool) {
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n, n < len(s) && s[n] == '\t'
}

// isThematicBreak reports whether s, unindented, is a thematic break (or
// a setext underline of "-"): three or more of one of "*-_", with spaces.
func isThematicBreak(s string) bool {
	s = strings.TrimRight(s, " \t\r")
	if len(s) < 3 || strings.IndexByte("*-_", s[0]) < 0 {
		return false
	}
	return strings.Count(s, s[:1]) >= 3 && strings.Trim(s, s[:1]+" \t") == ""
}

// isHeading reports whether s, unindented, is an ATX heading.
func isHeading(s string) bool {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	return n >= 1 && n <= 6 && (n == len(s) || s[n] == ' ' || s[n] == '\t' || s[n] == '\r')
}
