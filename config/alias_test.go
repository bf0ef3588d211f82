package config

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// laughs is a document of depth levels, each an anchored list of width
// aliases of the level below: width^depth strings through a few hundred
// bytes.
func laughs(depth, width int) string {
	var b strings.Builder
	b.WriteString("l0: &l0 [lol]\n")
	for i := 1; i <= depth; i++ {
		refs := strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), width), ", ")
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, refs)
	}
	fmt.Fprintf(&b, "top: *l%d\n", depth)
	return b.String()
}

// nested is a type deep enough for laughs(6, n) to expand in full.
type nested struct {
	L0  []string             `yaml:"l0"`
	L1  [][]string           `yaml:"l1"`
	L2  [][][]string         `yaml:"l2"`
	L3  [][][][]string       `yaml:"l3"`
	L4  [][][][][]string     `yaml:"l4"`
	L5  [][][][][][]string   `yaml:"l5"`
	L6  [][][][][][][]string `yaml:"l6"`
	Top [][][][][][][]string `yaml:"top"`
}

// quadratic is a candor.yml of n components sharing an anchored list of n
// status codes: n² nodes through aliases, in about 70 bytes a component.
func quadratic(n int) string {
	var b strings.Builder
	b.WriteString("title: x\ncomponents:\n  - id: c0\n    probe: {http: {url: \"http://x.example/\", expect: {status: &s [")
	b.WriteString(strings.TrimSuffix(strings.Repeat("200, ", n), ", "))
	b.WriteString("]}}}\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "  - {id: c%d, probe: {http: {url: \"http://x.example/\", expect: {status: *s}}}}\n", i)
	}
	return b.String()
}

// budgetProblems are the problems about the alias budget.
func budgetProblems(d *Decoder) []string {
	var out []string
	for _, p := range d.Problems {
		if strings.Contains(p.Message, "aliases expand to more than") {
			out = append(out, p.Error())
		}
	}
	return out
}

// TestAliasBudget decodes documents whose aliases stand for far more
// nodes than they hold and checks that decoding stops at the budget with
// one problem at the alias, having reached no more nodes than the budget.
func TestAliasBudget(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		into any
		want string // the problem's position and field
	}{
		{"a billion laughs", laughs(6, 40), &nested{}, "candor.yml:4:"},
		{"quadratic components", quadratic(2000), &struct {
			Title      string `yaml:"title"`
			Components []struct {
				ID    string `yaml:"id"`
				Probe struct {
					HTTP struct {
						URL    string `yaml:"url"`
						Expect struct {
							Status []string `yaml:"status"`
						} `yaml:"expect"`
					} `yaml:"http"`
				} `yaml:"probe"`
			} `yaml:"components"`
		}{}, "candor.yml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Decoder{Path: "candor.yml"}
			if d.Decode([]byte(tt.yaml), tt.into) {
				t.Errorf("Decode = true, want the document refused")
			}
			got := budgetProblems(d)
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("budget problems = %q, want one at %q", got, tt.want)
			}
			if d.aliases.used > d.aliases.limit+1 || len(d.Positions) > d.aliases.limit+countDocument(t, tt.yaml) {
				t.Errorf("reached %d nodes through aliases and kept %d positions, budget %d", d.aliases.used, len(d.Positions), d.aliases.limit)
			}
		})
	}
}

func countDocument(t *testing.T, doc string) int {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	return countNodes(&n)
}

// TestAliasBudgetConfig checks the budget holds through Parse, with a
// problem at candor.yml:line:col, and that a config sharing anchors the
// way people do decodes in full.
func TestAliasBudgetConfig(t *testing.T) {
	_, problems := Parse("candor.yml", []byte(quadratic(2000)), nil)
	var hits []string
	for _, p := range problemLines(problems) {
		if strings.Contains(p, "aliases expand to more than") {
			hits = append(hits, p)
		}
	}
	if len(hits) != 1 || len(problems) != 1 || !strings.HasPrefix(hits[0], "candor.yml:") {
		t.Errorf("problems = %q, want one, about aliases, at candor.yml:line:col", problemLines(problems))
	}

	var b strings.Builder
	b.WriteString("title: T\ndefaults:\ncomponents:\n")
	b.WriteString("  - id: c0\n    probe: &p {http: {url: \"https://x.example/\", expect: &e {status: [200, 204], body_contains: ok, max_latency: 2s}}}\n")
	for i := 1; i < 300; i++ {
		fmt.Fprintf(&b, "  - id: c%d\n    probe: *p\n", i)
	}
	cfg, problems := Parse("candor.yml", []byte(strings.Replace(b.String(), "defaults:\n", "", 1)), nil)
	if len(problems) != 0 {
		t.Fatalf("shared anchors: problems %q, want none", problemLines(problems))
	}
	if len(cfg.Components) != 300 || cfg.Components[299].Probe.HTTP.Expect.BodyContains != "ok" {
		t.Errorf("shared anchors decoded %d components, the last %+v", len(cfg.Components), cfg.Components[299].Probe)
	}
}

// TestAliasRepeatedProblems checks that a mistake inside an anchor is
// reported once, not once for every alias of it.
func TestAliasRepeatedProblems(t *testing.T) {
	doc := "title: T\ncomponents:\n  - &c {id: a, colour: red}\n  - *c\n  - *c\n"
	_, problems := Parse("candor.yml", []byte(doc), nil)
	var colour []string
	for _, p := range problemLines(problems) {
		if strings.Contains(p, "colour") {
			colour = append(colour, p)
		}
	}
	if want := "candor.yml:3:16: components[0].colour: unknown key"; len(colour) != 1 || !strings.HasPrefix(colour[0], want) {
		t.Errorf("problems about colour = %q, want one: %q", colour, want)
	}
}

// FuzzDecodeAliases decodes documents built around aliases into a deeply
// nested type: no panic, the budget holds, and every problem of a document
// that parsed has a line.
func FuzzDecodeAliases(f *testing.F) {
	f.Add(laughs(3, 3))
	f.Add(laughs(6, 9))
	f.Add(quadratic(20))
	f.Add("l1: &a [*a]")
	f.Add("l0: &x [a]\nl1: [*x, *x]\ntop: &y [[*x]]\nl2: [*y, *y, [*y]]\n")
	f.Add("l1: &a {x: *a}")
	f.Add("top: &a [&b [&c [x, *b]]]")
	f.Fuzz(func(t *testing.T, doc string) {
		d := &Decoder{Path: "f.yml"}
		if !d.Decode([]byte(doc), &nested{}) && !d.aliases.exceeded {
			return // not YAML
		}
		if d.aliases.used > d.aliases.limit+1 {
			t.Fatalf("reached %d nodes through aliases, budget %d", d.aliases.used, d.aliases.limit)
		}
		for _, p := range d.Problems {
			if p.Line < 1 {
				t.Errorf("problem without a line: %s", p.Error())
			}
		}
	})
}

// BenchmarkAliasBomb decodes documents of growing size whose aliases
// would expand quadratically: the time per byte stays flat.
func BenchmarkAliasBomb(b *testing.B) {
	for _, n := range []int{250, 1000, 4000, 14000} {
		doc := []byte(quadratic(n))
		b.Run(fmt.Sprintf("%dKB", len(doc)>>10), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				Parse("candor.yml", doc, nil)
			}
		})
	}
}
