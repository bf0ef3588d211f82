package generator

import "strings"

// Goldmark's table extension turns a paragraph into a table at its first
// line that is a delimiter row ("|-|:-:|") under a header row of no more
// cells (one will do); every line after it in the paragraph becomes a row of as many
// cells, however few it holds. So a wide header over many short lines
// writes cells × lines, and the lines need not look like rows at all.

// tableCells bounds the cells goldmark may write for the tables in a
// unit: the widest line that may be a delimiter row, times the lines from
// the first one on. Tables in a unit's paragraphs do not share lines, so
// this is at least their sum.
func tableCells(lines []string) int {
	first, cols := -1, 0
	for i := 1; i < len(lines); i++ {
		if s := strings.TrimSpace(lines[i]); strings.Contains(s, "-") && strings.Trim(s, " \t-|:") == "" {
			cols = max(cols, strings.Count(s, "|")+1)
			if first < 0 {
				first = i
			}
		}
	}
	if first < 0 {
		return 0
	}
	return cols * (len(lines) - first + 1)
}

// tableRows is the span [from, to) of lines in units that are certainly
// rows of a table, whose cells goldmark parses one by one; from == to when
// there are none. Certain means: a delimiter row and its header, of the
// same containers, both only paragraph text, no link reference definition
// before them (goldmark takes those out of the paragraph first), and then
// the lines of the same containers that cannot interrupt a paragraph.
func tableRows(units []unitLine) [2]int {
	for i := 1; i < len(units); i++ {
		d, h := units[i], units[i-1]
		cols := delimiterCells(d.rest)
		if cols == 0 {
			continue
		}
		if !d.text || !h.text || d.prefix != h.prefix || headerCells(h.rest) > cols || refBefore(units[:i]) {
			return [2]int{}
		}
		j := i + 1
		for j < len(units) && units[j].text && units[j].prefix == d.prefix && !mayInterrupt(units[j].rest) {
			j++
		}
		return [2]int{i + 1, j}
	}
	return [2]int{}
}

// refBefore reports whether a link reference definition may start in
// units.
func refBefore(units []unitLine) bool {
	for _, u := range units {
		if strings.Contains(u.rest, "]:") {
			return true
		}
	}
	return false
}

// mayInterrupt reports whether a line, without its container markers, may
// start a block that ends a paragraph, or be indented code.
func mayInterrupt(rest string) bool {
	c, tab := indent(rest)
	if tab || c > 3 {
		return true
	}
	s := rest[c:]
	return s == "" || strings.IndexByte("<#`~=-*_+>", s[0]) >= 0
}

// delimiterCells is the number of cells of rest as goldmark's delimiter
// row, or 0 when it is none. A row of only "-" is left out: goldmark's
// answer for it depends on the line's ending.
func delimiterCells(rest string) int {
	if c, tab := indent(rest); tab || c > 3 {
		return 0
	}
	if strings.Trim(rest, " \t\r-|:") != "" || strings.Trim(rest, "-") == "" || strings.Trim(rest, " \t\r-") == "" {
		return 0
	}
	cells := strings.Split(rest, "|")
	if isBlank(cells[0]) {
		cells = cells[1:]
	}
	if len(cells) > 0 && isBlank(cells[len(cells)-1]) {
		cells = cells[:len(cells)-1]
	}
	for _, c := range cells {
		c = strings.Trim(c, " \t\r")
		c = strings.TrimSuffix(strings.TrimPrefix(c, ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return 0
		}
	}
	return len(cells)
}

// headerCells is the number of cells goldmark's parseRow finds in rest:
// it takes one "|" off each end, escaped or not, and splits at the others
// not after a "\\".
func headerCells(rest string) int {
	s := strings.Trim(rest, " \t\r")
	pos, limit := 0, len(s)
	if limit > 0 && s[0] == '|' {
		pos++
	}
	if limit > 0 && s[limit-1] == '|' {
		limit--
	}
	n := 0
	for pos < limit {
		end := pos
		for end < limit && (s[end] != '|' || s[end-1] == '\\') {
			end++
		}
		n, pos = n+1, end+1
	}
	return n
}
