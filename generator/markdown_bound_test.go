package generator

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"github.com/candor-status/candor"
)

// repeat is p repeated to about n bytes.
func repeat(p string) func(n int) string {
	return func(n int) string { return strings.Repeat(p, max(1, n/len(p))) }
}

// hostileMarkdown are texts goldmark renders in more than linear time, or
// into more than linear output, without the bound; each makes n bytes.
var hostileMarkdown = []struct {
	name string
	make func(n int) string
}{
	{"quotes on one line", repeat(">")},
	{"quotes and spaces", repeat("> ")},
	{"nested lists on one line", repeat("1. ")},
	{"bullets on one line", func(n int) string { return repeat("* ")(n-1) + "a" }},
	{"open links on one line", repeat("[a](")},
	{"open links with a word", repeat("[a](b")},
	{"open links, a line each", repeat("[a](\n")},
	{"open links and brackets", repeat("]([\n")},
	{"open titles", repeat("[a](b (")},
	{"nested brackets", func(n int) string { return strings.Repeat("[", n/2) + strings.Repeat("]", n/2) }},
	{"nested brackets, a line each", func(n int) string { return strings.Repeat("[\n", n/4) + strings.Repeat("]\n", n/4) }},
	{"mixed emphasis (goldmark#555)", repeat("*a_b*c_d**e_f*g**h*i_j**")},
	{"open code spans", func(n int) string {
		var b strings.Builder // runs of 1, 2, 3… backticks: none closes another
		for i := 1; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("`", i) + " x ")
		}
		return b.String()
	}},
	{"open CDATA", repeat("a <![CDATA[")},
	{"open comments", repeat("a <!-- ")},
	{"wide table, short rows", func(n int) string {
		cols := n / 8
		return strings.Repeat("|a", cols) + "|\n" + strings.Repeat("|-", cols) + "|\n" + strings.Repeat("x\n", cols)
	}},
	{"wide table over empty bullets", wideTable("", "", "*\n")},
	{"wide table over empty pluses", wideTable("", "", "+\n")},
	{"wide table over items from 2", wideTable("", "", "2. x\n")},
	{"wide table after a line", wideTable("x\n", "", "x\n")},
	{"wide table under one cell", func(n int) string {
		return "a\n" + strings.Repeat("|-", n/4) + "|\n" + strings.Repeat("x\n", n/4)
	}},
	{"wide table over an indented fence", wideTable("", "", "    ```\nx\n")},
	{"wide table after a quoted fence", wideTable("> ```\n", "", "x\n")},
	{"quoted wide table, lazy rows", wideTable("", "> ", "x\n")},
	{"wide table in a list item", wideTable("- x\n", "  ", "  2. x\n")},
	{"mixed emphasis over empty bullets", repeat("*a_b*c_d**e_f*g**h*i_j**\n*\n")},
	{"mixed emphasis over items from 2", repeat("*a_b*c_d**e_f*g**h*i_j**\n2.\n")},
	{"mixed emphasis under indented bullets", repeat("*a_b*c_d**e_f*g**h*i_j**\n    - *a_b*c_d**e_f*g**h*i_j**\n")},
	{"long reference used often", func(n int) string {
		return "[x]: " + strings.Repeat("y", n/4) + "\n\n" + strings.Repeat("[x]", n/4)
	}},
}

// wideTable is a table header of many columns, each line of it after
// prefix, then rows until the text is n bytes; before comes first.
func wideTable(before, prefix, row string) func(n int) string {
	return func(n int) string {
		cols := n / 8
		head := before + prefix + strings.Repeat("|a", cols) + "|\n" + prefix + strings.Repeat("|-", cols) + "|\n"
		return head + strings.Repeat(row, max(1, (n-len(head))/len(row)))
	}
}

// TestMarkdownBoundedHostile checks that each hostile text is recognised,
// and then shown as escaped text.
func TestMarkdownBoundedHostile(t *testing.T) {
	m := newMarkdowner(NewMarkdown())
	for _, h := range hostileMarkdown {
		t.Run(h.name, func(t *testing.T) {
			src := h.make(256 << 10)
			if markdownBounded(src) {
				t.Fatalf("markdownBounded(%q…) = true, want false", src[:min(len(src), 40)])
			}
			html := string(m.render(src))
			if tags := strings.Count(html, "<"); tags != strings.Count(html, "<p>")+strings.Count(html, "</p>") || len(html) > 6*len(src)+100 {
				t.Errorf("render gave %d bytes with %d tags for %d bytes of text, want the text escaped in paragraphs", len(html), tags, len(src))
			}
		})
	}
}

// ordinaryMarkdown is a long postmortem in every construct incident text
// uses, none of it hostile.
func ordinaryMarkdown(sections int) string {
	var b strings.Builder
	for i := range sections {
		fmt.Fprintf(&b, "## Section %d\n\n", i)
		fmt.Fprintf(&b, "At 14:%02d UTC the **API** returned `503` for _some_ requests to [the dashboard](https://dash.example/x?id=%d) and ~~the CDN~~ [docs][ref]. ", i%60, i)
		b.WriteString(strings.Repeat("We rolled back `deploy_v2` and watched the `error_rate` metric, see [runbook](https://runbook.example/a_b_c). ", 12) + "\n\n")
		b.WriteString("> We are still investigating the *root cause* and will post an update.\n> The [status page](https://status.example/) has details.\n\n")
		for j := range 30 {
			fmt.Fprintf(&b, "- step %d: ran `kubectl rollout undo deploy/api_%d` ([log](https://log.example/%d))\n", j, j, j)
		}
		b.WriteString("\n| time | event | link |\n|---|:---:|---:|\n")
		for j := range 40 {
			fmt.Fprintf(&b, "| 14:%02d | **alert** `p_%d` fired | [graph](https://g.example/%d) |\n", j, j, j)
		}
		b.WriteString("\n```go\nfunc handle(w http.ResponseWriter, r *http.Request) {\n\tif err := do_thing(r); err != nil { http.Error(w, err.Error(), 500) }\n\tm := map[string][]int{\"a\": {1, 2}}\n}\n```\n\n")
		b.WriteString("1. First\n   1. nested `code`\n      - deeper [x](https://x.example/)\n2. Second\n\n")
		b.WriteString("<https://autolink.example/> and www.example.com and a < b > c.\n\n")
	}
	b.WriteString("[ref]: https://docs.example/a/very/long/path/to/the/reference/target\n")
	return b.String()
}

// numberedList is a timeline of n numbered steps, each with code, a link
// and emphasis, and a second paragraph every tenth.
func numberedList(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "%d. At 14:%02d the _api_ returned `503` for **some** requests, see [graph %d](https://g.example/%d)\n", i, i%60, i, i)
		if i%10 == 0 {
			b.WriteString("\n   We rolled back *deploy_v2* and [waited](https://x.example/).\n\n")
		}
	}
	return b.String()
}

// longTable is a timeline table of n rows.
func longTable(n int) string {
	var b strings.Builder
	b.WriteString("Timeline:\n\n| time | event | owner | link |\n|:---|---|:---:|---:|\n")
	for i := range n {
		fmt.Fprintf(&b, "| 14:%02d | **alert** `p_%d` fired, _paged_ | @oncall_%d | [graph](https://g.example/%d) |\n", i%60, i, i, i)
	}
	return b.String()
}

// nestedList is a list of n items, each with two sub-items indented by
// four spaces.
func nestedList(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "- step %d: ran `undo` on *api_%d*\n    - saw [log](https://l.example/%d)\n    - then _waited_\n", i, i, i)
	}
	return b.String()
}

// TestMarkdownBoundedOrdinary checks that incident text as people write
// it, long or short, is rendered as markdown.
func TestMarkdownBoundedOrdinary(t *testing.T) {
	texts := map[string]string{"a long postmortem": ordinaryMarkdown(60), "one section": ordinaryMarkdown(1),
		"a long numbered list": numberedList(2000), "a long table": longTable(2000), "a list nested by four spaces": nestedList(1000)}
	sample := candor.Sample()
	fs.WalkDir(sample, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			b, _ := fs.ReadFile(sample, p)
			texts[p] = string(b)
		}
		return nil
	})
	for name, src := range texts {
		if !markdownBounded(src) {
			t.Errorf("markdownBounded(%s, %d bytes) = false, want true", name, len(src))
		}
	}
	if n := len(ordinaryMarkdown(60)); n < 400<<10 {
		t.Errorf("the long postmortem is %d bytes, want a few hundred KB", n)
	}
}

// BenchmarkMarkdownHostile renders every hostile text at four sizes, up
// to the 1 MiB a content file may hold, and ordinary markdown beside
// them. Linear time shows as the same MB/s at every size.
func BenchmarkMarkdownHostile(b *testing.B) {
	m := newMarkdowner(NewMarkdown())
	cases := append(hostileMarkdown[:len(hostileMarkdown):len(hostileMarkdown)], struct {
		name string
		make func(n int) string
	}{"ordinary postmortem", func(n int) string {
		s := ordinaryMarkdown(n/7000 + 1)
		return s[:min(len(s), n)]
	}})
	for _, h := range cases {
		for _, size := range []int{16 << 10, 64 << 10, 256 << 10, 1 << 20} {
			src := h.make(size)
			b.Run(fmt.Sprintf("%s/%dKB", h.name, size>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					m.render(src)
				}
			})
		}
	}
}

// FuzzMarkdownBounded checks that the estimate takes any text, and that
// rendering what it lets through or turns away never panics.
func FuzzMarkdownBounded(f *testing.F) {
	for _, h := range hostileMarkdown {
		f.Add(h.make(200))
	}
	f.Add(ordinaryMarkdown(1))
	f.Add("```\n[a](\n```\n~~~~\n> - 1) `x` <!-- y\n|a|b|\n|-|:-:|\n|c|\n[x]: /u\n")
	m := newMarkdowner(NewMarkdown())
	f.Fuzz(func(t *testing.T, src string) {
		markdownBounded(src)
		m.render(src)
	})
}
