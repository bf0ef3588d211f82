package incident

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
)

var known = func(id string) bool { return id == "api" || id == "db" }

const goodIncident = `---
title: Elevated errors on the public API
components: [api]
impact: major
started: 2026-11-26T14:05:00Z
resolved: 2026-11-26T15:40:00Z
updates:
  - at: 2026-11-26T14:12:00Z
    status: investigating
    text: Requests to the API fail with 503.
    next_update: 2026-11-26T14:45:00Z
  - at: 2026-11-26T15:40:00Z
    status: resolved
    text: Fixed.
---
## Postmortem

It broke.
`

func TestParseIncident(t *testing.T) {
	inc, problems := ParseIncident("content/incidents/2026-11-26-api-errors.md", []byte(goodIncident), known)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if inc.Title != "Elevated errors on the public API" || inc.Impact != candor.ImpactMajor || len(inc.Updates) != 2 {
		t.Errorf("ParseIncident = %+v", inc)
	}
	if want := time.Date(2026, 11, 26, 14, 45, 0, 0, time.UTC); !inc.Updates[0].NextUpdate.Equal(want) {
		t.Errorf("next_update = %v, want %v", inc.Updates[0].NextUpdate, want)
	}
	if inc.Body != "## Postmortem\n\nIt broke." {
		t.Errorf("Body = %q", inc.Body)
	}
	if len(inc.ID) != 12 || inc.ID != candor.StableID("incident:2026-11-26-api-errors") {
		t.Errorf("ID = %q, want the 12-character id of the file name", inc.ID)
	}
	again, _ := ParseIncident("content/incidents/2026-11-26-api-errors.md", []byte(goodIncident+"\nmore"), known)
	if again.ID != inc.ID {
		t.Errorf("ID changed with the content: %q then %q", inc.ID, again.ID)
	}
}

func TestIncidentProblems(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"broken yaml", "---\ntitle: [x\n---\n", "x.md:2:8: invalid YAML"},
		{"unknown key", strings.Replace(goodIncident, "impact: major", "impact: major\nseverity: high", 1), "x.md:5:1: severity: unknown key"},
		{"wrong enum", strings.Replace(goodIncident, "impact: major", "impact: huge", 1), `x.md:4:9: impact: want one of none, minor, major, critical (got "huge")`},
		{"time without zone", strings.Replace(goodIncident, "started: 2026-11-26T14:05:00Z", "started: 2026-11-26T14:05:00", 1), "x.md:5:10: started: time without a zone"},
		{"unknown component", strings.Replace(goodIncident, "[api]", "[api, payments]", 1), `x.md:3:19: components[1]: unknown component (got "payments")`},
		{"missing title", strings.Replace(goodIncident, "title: Elevated errors on the public API\n", "", 1), "x.md:2:1: title: required"},
		{"empty file", "", "x.md:1:1: empty file"},
		{"no front matter", "# Just markdown\n", "x.md:1:1: no front matter"},
		{"binary", "---\x00\x01\x02", "x.md:1:1: not a text file"},
		{"huge", "---\ntitle: x\n---\n" + strings.Repeat("a", MaxFileSize), "x.md:1:1: file too large"},
		{"out of order", strings.Replace(goodIncident, "at: 2026-11-26T15:40:00Z", "at: 2026-11-26T14:10:00Z", 1), "x.md:12:9: updates[1].at: updates out of order"},
		{"year 9999", strings.Replace(goodIncident, "resolved: 2026-11-26T15:40:00Z", "resolved: 9999-11-26T15:40:00Z", 1), "x.md:6:11: resolved: want a time in the years 1970 to 2199 (got 9999-11-26T15:40:00Z)"},
		{"resolved before started", strings.Replace(goodIncident, "resolved: 2026-11-26T15:40:00Z", "resolved: 2026-11-26T13:00:00Z", 1), "x.md:6:11: resolved: before started"},
		{"next_update before update", strings.Replace(goodIncident, "next_update: 2026-11-26T14:45:00Z", "next_update: 2026-11-26T14:00:00Z", 1), "x.md:11:18: updates[0].next_update: not after the update"},
		{"bad status", strings.Replace(goodIncident, "status: investigating", "status: looking", 1), `updates[0].status: want one of investigating, identified, monitoring, resolved (got "looking")`},
		{"resolved status without time", strings.Replace(goodIncident, "resolved: 2026-11-26T15:40:00Z\n", "", 1), "updates[1].status: resolved, but the incident has no resolved time"},
		{"leading blank lines", "\n\n" + goodIncident, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc, problems := ParseIncident("x.md", []byte(tt.data), known)
			var all []string
			for _, p := range problems {
				all = append(all, p.Error())
			}
			joined := strings.Join(all, "\n")
			if tt.want == "" {
				if len(problems) > 0 || inc == nil {
					t.Fatalf("problems = %s, want none", joined)
				}
				return
			}
			if inc != nil {
				t.Errorf("ParseIncident returned an incident despite problems")
			}
			if !strings.Contains(joined, tt.want) {
				t.Errorf("problems =\n%s\nwant one containing %q", joined, tt.want)
			}
		})
	}
}

// A field with a bad value is one mistake: it does not also produce the
// problems of the field being absent.
func TestBadValueReportedOnce(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"resolved without a zone", strings.Replace(goodIncident, "resolved: 2026-11-26T15:40:00Z", "resolved: 2026-11-26T15:40:00", 1),
			"x.md:6:11: resolved: time without a zone: add Z for UTC or an offset such as +01:00 (got \"2026-11-26T15:40:00\")"},
		{"started not a time", strings.Replace(goodIncident, "started: 2026-11-26T14:05:00Z", "started: soon", 1),
			"x.md:5:10: started: want an RFC 3339 time such as 2026-11-26T14:05:00Z (got \"soon\")"},
		{"title a list", strings.Replace(goodIncident, "title: Elevated errors on the public API", "title: [a, b]", 1),
			"x.md:2:8: title: want text (got a list)"},
		{"impact a list", strings.Replace(goodIncident, "impact: major", "impact: [major]", 1),
			"x.md:4:9: impact: want text (got a list)"},
		{"status a mapping", strings.Replace(goodIncident, "status: investigating", "status: {x: 1}", 1),
			"x.md:9:13: updates[0].status: want text (got a mapping)"},
		{"text a list", strings.Replace(goodIncident, "text: Requests to the API fail with 503.", "text: [a]", 1),
			"x.md:10:11: updates[0].text: want text (got a list)"},
		{"update time bad", strings.Replace(goodIncident, "at: 2026-11-26T14:12:00Z", "at: noon", 1),
			"x.md:8:9: updates[0].at: want an RFC 3339 time such as 2026-11-26T14:05:00Z (got \"noon\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := ParseIncident("x.md", []byte(tt.data), known)
			if len(problems) != 1 || problems[0].Error() != tt.want {
				t.Errorf("problems = %q, want exactly %q", problems, tt.want)
			}
		})
	}
	empty := strings.Replace(goodIncident, "started: 2026-11-26T14:05:00Z", "started:", 1)
	if _, problems := ParseIncident("x.md", []byte(empty), known); len(problems) != 1 || !strings.Contains(problems[0].Error(), "started: required") {
		t.Errorf("an empty started: gives %q, want started: required", problems)
	}
}

func TestLeadingLinesCountFromTop(t *testing.T) {
	data := "\n\n" + strings.Replace(goodIncident, "impact: major", "impact: huge", 1)
	_, problems := ParseIncident("x.md", []byte(data), known)
	if len(problems) != 1 || problems[0].Line != 6 {
		t.Errorf("problems = %v, want one at line 6", problems)
	}
}

func TestMaintenance(t *testing.T) {
	good := "---\ntitle: DB upgrade\ncomponents: [db]\nstarts: 2026-12-01T02:00:00Z\nends: 2026-12-01T03:00:00Z\nupdates:\n  - at: 2026-11-20T10:00:00Z\n    status: scheduled\n    text: Writes pause.\n---\n"
	m, problems := ParseMaintenance("m.md", []byte(good), known)
	if len(problems) > 0 || m.Title != "DB upgrade" || !m.Active(time.Date(2026, 12, 1, 2, 30, 0, 0, time.UTC)) {
		t.Fatalf("ParseMaintenance = %+v, %v", m, problems)
	}
	bad := strings.Replace(good, "ends: 2026-12-01T03:00:00Z", "ends: 2026-12-01T01:00:00Z", 1)
	if _, problems := ParseMaintenance("m.md", []byte(bad), known); len(problems) != 1 || !strings.Contains(problems[0].Error(), "m.md:5:7: ends: not after starts") {
		t.Errorf("problems = %v, want ends not after starts at 5:7", problems)
	}
}

func TestLoadReportsAllAndKeepsTheRest(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, IncidentDir)
	os.MkdirAll(dir, 0o755)
	os.MkdirAll(filepath.Join(root, MaintenanceDir), 0o755)
	write := func(name, data string) { os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644) }
	write("b-good.md", goodIncident)
	write("a-bad.md", strings.Replace(goodIncident, "impact: major", "impact: huge", 1))
	write("c-empty.md", "")
	write("d-same-id.md", strings.Replace(goodIncident, "---\ntitle", "---\nid: "+candor.StableID("incident:b-good")+"\ntitle", 1))
	write("notes.txt", "ignored")
	os.WriteFile(filepath.Join(dir, "e-huge.md"), bytes.Repeat([]byte("x"), 10<<20), 0o644)
	cfg := &candor.Config{Components: []candor.Component{{ID: "api"}}}
	c, err := Load(root, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Incidents) != 1 || c.Incidents[0].Slug != "b-good" {
		t.Errorf("Incidents = %v, want only b-good", c.Incidents)
	}
	var paths []string
	for _, p := range c.Problems {
		paths = append(paths, p.Path)
	}
	want := "content/incidents/a-bad.md content/incidents/c-empty.md content/incidents/d-same-id.md content/incidents/e-huge.md"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("problem paths = %s, want %s (sorted, one each)", got, want)
	}
}

func TestFormatRoundTrip(t *testing.T) {
	inc, _ := ParseIncident("content/incidents/2026-11-26-api-errors.md", []byte(goodIncident), known)
	data, err := Format(inc)
	if err != nil {
		t.Fatal(err)
	}
	again, problems := ParseIncident(inc.Path, data, known)
	if len(problems) > 0 {
		t.Fatalf("Format output does not parse: %v\n%s", problems, data)
	}
	if again.Title != inc.Title || again.ID != inc.ID || len(again.Updates) != 2 || !again.Updates[0].NextUpdate.Equal(inc.Updates[0].NextUpdate) || again.Body != inc.Body {
		t.Errorf("round trip changed the incident:\n%+v\n%+v", inc, again)
	}
}

func TestAddUpdateKeepsComments(t *testing.T) {
	src := strings.Replace(goodIncident, "resolved: 2026-11-26T15:40:00Z\n", "", 1)
	src = strings.Replace(src, "  - at: 2026-11-26T15:40:00Z\n    status: resolved\n    text: Fixed.\n", "", 1)
	src = strings.Replace(src, "impact: major", "impact: major # raised at 14:30", 1)
	at := time.Date(2026, 11, 26, 16, 0, 0, 0, time.UTC)
	out, err := AddUpdate([]byte(src), candor.Update{At: at, Status: candor.Resolved, Text: "All good: it works again."})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("# raised at 14:30")) || !bytes.Contains(out, []byte("It broke.")) {
		t.Errorf("AddUpdate lost a comment or the body:\n%s", out)
	}
	inc, problems := ParseIncident("x.md", out, known)
	if len(problems) > 0 {
		t.Fatalf("AddUpdate output does not parse: %v\n%s", problems, out)
	}
	if !inc.Resolved.Equal(at) || inc.Latest().Text != "All good: it works again." {
		t.Errorf("AddUpdate: resolved %v, latest %+v", inc.Resolved, inc.Latest())
	}
}

func TestAddUpdateReopensAResolvedIncident(t *testing.T) {
	at := time.Date(2026, 11, 26, 16, 0, 0, 0, time.UTC)
	out, err := AddUpdate([]byte(goodIncident), candor.Update{At: at, Status: candor.Identified, Text: "It is back."})
	if err != nil {
		t.Fatal(err)
	}
	inc, problems := ParseIncident("x.md", out, known)
	if len(problems) > 0 || !inc.Open() || inc.Latest().Status != candor.Identified {
		t.Errorf("AddUpdate(identified) on a resolved incident = open %v, problems %v\n%s", inc != nil && inc.Open(), problems, out)
	}
}

func FuzzParseIncident(f *testing.F) {
	f.Add([]byte(goodIncident))
	f.Add([]byte("---\ntitle: x\n---\n"))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inc, problems := ParseIncident("f.md", data, nil)
		if inc == nil {
			if len(problems) == 0 {
				t.Fatal("no incident and no problem")
			}
			return
		}
		out, err := Format(inc)
		if err != nil {
			t.Fatal(err)
		}
		again, problems := ParseIncident("f.md", out, nil)
		if len(problems) > 0 {
			t.Fatalf("Format output does not parse: %v\n%s", problems, out)
		}
		out2, _ := Format(again)
		if !bytes.Equal(out, out2) {
			t.Fatalf("parse, write, parse is not stable:\n%s\n---\n%s", out, out2)
		}
	})
}

// aliasBomb is front matter whose updates are n aliases of one update of n
// unknown keys: n² problems and nodes if every alias were expanded.
func aliasBomb(n int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: x\ncomponents: [api]\nimpact: minor\nstarted: 2026-11-26T14:00:00Z\nupdates:\n  - &u {at: 2026-11-26T14:00:00Z, status: investigating, text: x")
	for i := range n {
		fmt.Fprintf(&b, ", k%d: 1", i)
	}
	b.WriteString("}\n")
	b.WriteString(strings.Repeat("  - *u\n", n))
	b.WriteString("---\n")
	return b.String()
}

// TestAliasBombInFrontMatter checks that front matter is held to the same
// alias budget as candor.yml, with the problem at the file's own line, and
// that an anchor's mistakes are reported once.
func TestAliasBombInFrontMatter(t *testing.T) {
	for _, kind := range []string{"incident", "maintenance"} {
		t.Run(kind, func(t *testing.T) {
			doc := aliasBomb(3000)
			var problems []candor.Problem
			if kind == "incident" {
				_, problems = ParseIncident("x.md", []byte(doc), known)
			} else {
				doc = strings.Replace(strings.Replace(doc, "impact: minor\nstarted:", "starts:", 1), "updates:", "ends: 2026-11-26T15:00:00Z\nupdates:", 1)
				_, problems = ParseMaintenance("x.md", []byte(doc), known)
			}
			var budget []string
			for _, p := range problems {
				if strings.Contains(p.Message, "aliases expand to more than") {
					budget = append(budget, p.Error())
				}
			}
			if len(budget) != 1 || !strings.HasPrefix(budget[0], "x.md:") || len(problems) > 3001 {
				t.Errorf("%d problems, those about aliases %q; want one about aliases at x.md:line and at most one per key", len(problems), budget)
			}
		})
	}
}

// TestTextCharacters checks that a title, an update or a dispute reason
// holding what the site would drop is a problem at its line.
func TestTextCharacters(t *testing.T) {
	withDispute := strings.Replace(goodIncident, "---\n## Postmortem", "disputes:\n  - component: api\n    from: 2026-11-26T14:05:00Z\n    to: 2026-11-26T14:20:00Z\n    reason: \"stale \\u202eDNS\"\n---\n## Postmortem", 1)
	tests := []struct{ name, data, want string }{
		{"control in the title", strings.Replace(goodIncident, "title: Elevated errors on the public API", `title: "API\x01 errors"`, 1), `x.md:2:8: title: holds U+0001, a control character (character 4): remove it`},
		{"control in an update", strings.Replace(goodIncident, "text: Fixed.", `text: "Fixed\x07."`, 1), `x.md:14:11: updates[1].text: holds U+0007, a control character (character 6)`},
		{"override in a reason", withDispute, `x.md:19:13: disputes[0].reason: holds U+202E, a bidirectional control (character 7)`},
		{"lines in an update", strings.Replace(goodIncident, "text: Fixed.", `text: "Fixed.\nAll good.\ttabbed"`, 1), "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := ParseIncident("x.md", []byte(tt.data), known)
			var all []string
			for _, p := range problems {
				all = append(all, p.Error())
			}
			if tt.want == "-" {
				if len(all) > 0 {
					t.Errorf("problems = %q, want none", all)
				}
				return
			}
			if len(all) != 1 || !strings.HasPrefix(all[0], tt.want) {
				t.Errorf("problems = %q, want one: %q", all, tt.want)
			}
		})
	}
	m := "---\ntitle: \"DB\\u2067 upgrade\"\ncomponents: [db]\nstarts: 2026-11-26T14:00:00Z\nends: 2026-11-26T15:00:00Z\n---\n"
	if _, problems := ParseMaintenance("m.md", []byte(m), known); len(problems) != 1 || !strings.HasPrefix(problems[0].Error(), "m.md:2:8: title: holds U+2067") {
		t.Errorf("maintenance problems = %v, want the title's U+2067", problems)
	}
}
