package action

import (
	"fmt"
	"strings"
	"time"

	"github.com/candor-status/candor"
)

// Row is one component in a round's step summary.
type Row struct {
	Name     string
	Measured candor.Outcome // empty when the component has no probe
	Shown    candor.Status
	Latency  time.Duration // 0 when nothing answered
}

// Link is an incident named in the summary.
type Link struct {
	Title, URL string
}

// Round is what a round did, for its step summary.
type Round struct {
	Title      string
	Components []Row
	Opened     []Link
	Resolved   []Link
	Site       string // URL of the published page; empty when unknown
	Skipped    []candor.Problem
	// Notified says what became of the round's notifications, one line
	// each, without secrets.
	Notified []string
}

// Markdown renders the round as a step summary: a table of components
// (measured, shown, latency), the incidents opened and resolved, links.
func (r Round) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", cell(or(r.Title, "candor")))
	b.WriteString("| Component | Measured | Shown | Latency |\n|---|---|---|---|\n")
	for _, c := range r.Components {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(c.Name), or(string(c.Measured), "no probe"),
			or(string(c.Shown), string(candor.StatusUnknown)), latency(c.Latency))
	}
	links(&b, "Opened", r.Opened)
	links(&b, "Resolved", r.Resolved)
	if len(r.Notified) > 0 {
		b.WriteString("\n**Notifications:**\n\n")
		for _, n := range r.Notified {
			fmt.Fprintf(&b, "- %s\n", cell(n))
		}
	}
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, "\n**Skipped %d content problem(s):**\n\n", len(r.Skipped))
		for _, p := range r.Skipped {
			fmt.Fprintf(&b, "- `%s`\n", strings.ReplaceAll(p.Error(), "`", "'"))
		}
	}
	if r.Site != "" {
		fmt.Fprintf(&b, "\n[Status page](%s)\n", r.Site)
	}
	return b.String()
}

func links(b *strings.Builder, label string, ls []Link) {
	if len(ls) == 0 {
		return
	}
	fmt.Fprintf(b, "\n**%s:**\n\n", label)
	for _, l := range ls {
		if l.URL == "" {
			fmt.Fprintf(b, "- %s\n", cell(l.Title))
			continue
		}
		fmt.Fprintf(b, "- [%s](%s)\n", cell(l.Title), l.URL)
	}
}

func latency(d time.Duration) string {
	if d <= 0 {
		return "–"
	}
	return d.Round(time.Millisecond).String()
}

// cell keeps text from breaking a table row or adding markup.
func cell(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}
