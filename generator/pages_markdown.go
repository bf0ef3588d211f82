package generator

import (
	"bytes"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
)

// Most incident updates are one plain sentence: "Fixed.", "We are
// investigating." Goldmark turns such text into <p>text</p> and nothing
// else, so the pages write that themselves and leave goldmark the text
// that has markup in it, which saves most of an incident page's markdown
// time. TestPlainMarkdown holds the two to the same output.

// markdowner renders incident text to HTML.
type markdowner struct {
	md    goldmark.Markdown
	plain bool // the site's goldmark renders plain text as this file does
}

// plainCalibration is plain text that a goldmark with a typographer,
// emoji or other text-rewriting extension would not leave alone.
const plainCalibration = "It's done... mostly (99% of it), for 5$; 1/2 ok? Ça va"

func newMarkdowner(md goldmark.Markdown) *markdowner {
	if md == nil {
		md = NewMarkdown()
	}
	m := &markdowner{md: md}
	for _, src := range []string{plainCalibration, "Fixed.", "ok"} {
		out, err := m.goldmark(src)
		if err != nil || out != plainHTML(src) {
			return m
		}
	}
	m.plain = true
	return m
}

// render renders src: plain text directly, the rest with goldmark, whose
// output is the only template.HTML the pages use. Text goldmark would not
// render in time linear in its size (see markdownBounded) is shown as
// escaped text, paragraph by paragraph.
func (m *markdowner) render(src string) template.HTML {
	if m.plain && isPlain(src) {
		return template.HTML(plainHTML(src))
	}
	if !markdownBounded(src) {
		return template.HTML(escapedParagraphs(src))
	}
	html, err := m.goldmark(src)
	if err != nil {
		return template.HTML(template.HTMLEscapeString(src))
	}
	return template.HTML(shiftHeadings(html))
}

func (m *markdowner) goldmark(src string) (string, error) {
	var b bytes.Buffer
	b.Grow(len(src) + len(src)/4 + 16)
	err := m.md.Convert([]byte(src), bufWriter{&b})
	return b.String(), err
}

// bufWriter is a bytes.Buffer that goldmark writes into directly, instead
// of through a 4 KB bufio.Writer of its own for every text.
type bufWriter struct{ *bytes.Buffer }

func (w bufWriter) Buffered() int { return w.Len() }
func (bufWriter) Flush() error    { return nil }

// escapedParagraphs is src as text, escaped, one <p> for each run of lines
// between blank lines.
func escapedParagraphs(src string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			b.WriteString("<p>" + template.HTMLEscapeString(p) + "</p>\n")
		}
	}
	return b.String()
}

// plainHTML is goldmark's output for plain text: one paragraph. isPlain
// text holds no character that HTML would escape.
func plainHTML(src string) string { return "<p>" + src + "</p>\n" }

// isPlain reports whether src is one line that no markdown rule, no
// autolink and no HTML escape can touch: it starts with a letter (not a
// list, heading, quote or indented code), does not end in a space, and
// holds only letters, digits, spaces, valid UTF-8 and punctuation that
// means nothing to markdown or HTML.
func isPlain(src string) bool {
	if src == "" || !isLetter(src[0]) || src[len(src)-1] == ' ' || strings.Contains(src, "www.") || strings.Contains(src, "WWW.") {
		return false
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case isLetter(c) || c >= '0' && c <= '9' || c == ' ':
		case c >= utf8.RuneSelf:
			// UTF-8 passes through goldmark untouched, unless invalid.
		case strings.IndexByte(".,;?()/%$'", c) >= 0:
		default:
			return false
		}
	}
	return utf8.ValidString(src)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// shiftHeadings moves the headings of rendered markdown so that the
// highest becomes h3: a postmortem's "## What happened" sits under the
// page's own h2 and the heading order holds. Only goldmark's own tags
// match: text that looked like a tag was escaped.
func shiftHeadings(html string) string {
	if !strings.Contains(html, "<h") {
		return html
	}
	top := 0
	for l := 6; l >= 1; l-- {
		if strings.Contains(html, "<h"+itoa(l)) {
			top = l
		}
	}
	if top == 0 || top == 3 {
		return html
	}
	var pairs []string
	for l := 1; l <= 6; l++ {
		to := itoa(min(6, l+3-top))
		pairs = append(pairs, "<h"+itoa(l), "<h"+to, "</h"+itoa(l)+">", "</h"+to+">")
	}
	return strings.NewReplacer(pairs...).Replace(html)
}
