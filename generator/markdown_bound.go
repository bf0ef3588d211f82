package generator

import (
	"strings"
)

// Goldmark (v1.8.7) takes time, or writes output, that grows faster than
// its input on some markdown; a 1 MiB postmortem of it would stall a
// build or fill the disk. Measured, with yuin/goldmark#555 for emphasis:
//
//   - container markers opening one line (">" or "- " or "1. " repeated):
//     a quote or list each, nested;
//   - links whose destination or title runs on ("[a](" repeated, on one
//     line or many): each scans the rest of its line or paragraph;
//   - brackets nested ("[" repeated, then "]"), emphasis delimiters
//     mixed ("*a_b*c_d**e_f*g**h*i_j**" repeated): matched pairwise;
//   - code spans, HTML comments and CDATA left open: each scans the rest
//     of its paragraph;
//   - a table header of many columns over many short rows: every row
//     gets every cell (11 KB gave 39 MB);
//   - a long link reference definition used many times: each use repeats
//     the destination.
//
// markdownBounded estimates, in one pass over the text, what each of these
// costs goldmark, and reports whether the total stays within a budget
// linear in the text's size. Text that does not is shown as plain text.
// The estimate is generous: ordinary incident text, however long, stays
// far below it.

// maxNesting is the most container markers (">", "-", "*", "+", "1.",
// "1)") one line may open.
const maxNesting = 32

// Goldmark's work on a text may be at most workPerByte per byte of the
// text, plus workFloor.
const (
	workPerByte = 32
	workFloor   = 1 << 16
)

// cellWork is what a table cell costs: a node and a few dozen bytes of
// output each, so that a table's output stays within a small multiple of
// its text.
const cellWork = 2 * workPerByte

// markdownBounded reports whether goldmark renders src in time and output
// linear in its size.
func markdownBounded(src string) bool {
	e := estimate{budget: workPerByte*len(src) + workFloor}
	var b blocks
	for line := range strings.Lines(src) {
		line = strings.TrimRight(line, "\r\n")
		depth, _, rest := containers(line)
		if depth > maxNesting {
			return false
		}
		wasRaw := b.raw != "" || b.inFence != ""
		switch b.kind(line) {
		case code:
			e.endUnit()
			continue
		case blank:
			e.endUnit()
			continue
		case interrupts:
			e.endUnit()
		}
		text := !wasRaw && b.raw == "" && b.inFence == "" && b.text
		e.line(unitLine{prefix: line[:len(line)-len(rest)], rest: rest, text: text})
		if e.over() {
			return false
		}
	}
	e.endUnit()
	e.references()
	return !e.over()
}

// estimate adds up goldmark's work, unit by unit. A unit is a run of lines
// that holds whole paragraphs (see blocks).
type estimate struct {
	budget, work int
	unit         []unitLine // the lines of the current unit
	brackets     int        // "[" in the whole text, for references
	longestRef   int        // the longest link reference definition
}

// unitLine is a line of a unit: its container markers, the rest, and
// whether it can only be paragraph text (not code, HTML, a heading or a
// thematic break).
type unitLine struct {
	prefix, rest string
	text         bool
}

func (e *estimate) over() bool { return e.work > e.budget }

func (e *estimate) line(l unitLine) {
	e.unit = append(e.unit, l)
	e.brackets += strings.Count(l.rest, "[")
	if isReferenceDefinition(l.rest) {
		e.longestRef = max(e.longestRef, len(l.rest))
	}
}

// endUnit adds the work of the current unit and starts a new one.
func (e *estimate) endUnit() {
	units := e.unit
	e.unit = e.unit[:0]
	if len(units) == 0 {
		return
	}
	lines := make([]string, len(units))
	size := 0
	for i, l := range units {
		lines[i] = l.rest
		size += len(l.rest) + 1
	}
	e.work += cellWork * tableCells(lines)
	rows := tableRows(units)
	n := 0
	for i, l := range lines {
		if rows[0] <= i && i < rows[1] {
			m := specials(l) // a table row: its cells are parsed alone
			e.work += m * m
		} else {
			n += specials(l)
		}
	}
	e.work += n*n + codeSpanWork(lines, size) + scanWork(lines, size)
}

// references adds what the uses of link references may write: each "["
// may repeat the longest destination.
func (e *estimate) references() {
	if e.longestRef > 0 {
		e.work += e.brackets * e.longestRef
	}
}

// containers counts the container markers opening line: block quote
// markers and list markers, whatever their indentation (counting one too
// many only makes the estimate larger). list reports whether one of them
// was a list marker; rest is the line after them.
func containers(line string) (depth int, list bool, rest string) {
	rest = line
	for {
		s := strings.TrimLeft(rest, " \t")
		if s == "" {
			return depth, list, rest
		}
		if s[0] == '>' {
			depth, rest = depth+1, s[1:]
			continue
		}
		n := listMarker(s)
		if n == 0 {
			return depth, list, rest
		}
		depth, list, rest = depth+1, true, s[n:]
	}
}

// listMarker is the length of the list marker starting s ("-", "*", "+",
// or up to nine digits and "." or ")"), followed by a space or the end of
// the line; 0 when s starts with none.
func listMarker(s string) int {
	n := 0
	switch {
	case s[0] == '-' || s[0] == '*' || s[0] == '+':
		n = 1
	default:
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(s) || s[n] != '.' && s[n] != ')' {
			return 0
		}
		n++
	}
	if n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	return n
}

// opensFence is the fence a line opens ("```" or "~~~~"), or "".
func opensFence(s string) string {
	s = strings.TrimLeft(s, " ")
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(s) && s[n] == c {
			n++
		}
		if n >= 3 && (c == '~' || !strings.Contains(s[n:], "`")) {
			return s[:n]
		}
	}
	return ""
}

// closesFence reports whether line closes fence as goldmark would at the
// top level: at most three spaces, the same character, at least as many,
// and nothing after but spaces.
func closesFence(line, fence string) bool {
	c, tab := indent(line)
	if tab || c > 3 {
		return false
	}
	s := strings.TrimRight(line[c:], " \t\r")
	return strings.HasPrefix(s, fence) && strings.Trim(s, fence[:1]) == ""
}

// isReferenceDefinition reports whether s looks like "[label]: url".
func isReferenceDefinition(s string) bool {
	s = strings.TrimLeft(s, " ")
	if !strings.HasPrefix(s, "[") {
		return false
	}
	end := strings.Index(s, "]:")
	return end > 1
}

// specials counts what goldmark matches pairwise in a line: runs of
// emphasis and strikethrough delimiters, brackets and angle brackets.
func specials(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '*', '_', '~':
			for i+1 < len(s) && s[i+1] == c {
				i++
			}
			n++
		case '[', ']', '<':
			n++
		}
	}
	return n
}

// codeSpanWork is what goldmark spends on the backtick runs of a unit:
// each opener scans ahead to the next run of its length, or to the end of
// the unit when there is none.
func codeSpanWork(lines []string, size int) int {
	type run struct{ at, n int }
	var runs []run
	at := 0
	for _, l := range lines {
		for i := 0; i < len(l); i++ {
			if l[i] != '`' {
				continue
			}
			j := i
			for j < len(l) && l[j] == '`' {
				j++
			}
			runs = append(runs, run{at + i, j - i})
			i = j - 1
		}
		at += len(l) + 1
	}
	if len(runs) == 0 {
		return 0
	}
	next := make([]int, len(runs)) // the index of the next run of the same length, or -1
	seen := map[int]int{}
	for i := len(runs) - 1; i >= 0; i-- {
		next[i] = -1
		if j, ok := seen[runs[i].n]; ok {
			next[i] = j
		}
		seen[runs[i].n] = i
	}
	work := 0
	for i := 0; i < len(runs); {
		if j := next[i]; j >= 0 {
			work += runs[j].at - runs[i].at
			i = j + 1
			continue
		}
		work += size - runs[i].at
		i++
	}
	return work
}

// scanWork is what goldmark spends on link destinations and titles, HTML
// comments, CDATA and processing instructions in a unit: a destination
// scans to the end of its word, the others may scan to the end of the
// unit.
func scanWork(lines []string, size int) int {
	work, at := 0, 0
	for _, l := range lines {
		end := -1 // the end of the word a destination starts, kept as the line goes
		for i := 0; i+1 < len(l); i++ {
			switch {
			case l[i] == ']' && l[i+1] == '(':
				dest := i + 2
				for dest < len(l) && l[dest] == ' ' {
					dest++
				}
				if end < dest {
					end = dest + strings.IndexAny(l[dest:], " \t")
					if end < dest {
						end = len(l)
					}
				}
				work += end - i
				if title := strings.TrimLeft(l[end:], " \t"); title != "" && strings.IndexByte(`"'(`, title[0]) >= 0 {
					work += size - at - i
				}
			case l[i] == '<' && (l[i+1] == '!' || l[i+1] == '?'):
				work += size - at - i
			}
		}
		at += len(l) + 1
	}
	return work
}
