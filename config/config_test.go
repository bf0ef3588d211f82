package config

import (
	"fmt"

	"github.com/candor-status/candor"
	"strings"
	"testing"
	"time"
)

const good = `title: Acme Status
base_url: https://status.acme.example/
timezone: America/New_York
interval: 5m
components:
  - id: api
    name: Public API
    group: Core
    sla: 99.9
    probe:
      http:
        url: https://api.acme.example/health?key=${API_KEY}
        headers: {Authorization: "Bearer ${API_TOKEN}"}
        expect: {status: [200, 2xx], body_contains: ok, max_latency: 2s}
        timeout: 10s
  - id: db
    probe: {tcp: {address: db.acme.example:5432}}
  - id: cert
    probe: {tls: {address: acme.example:443, min_days_left: 14}}
  - id: dns
    probe: {dns: {name: acme.example, type: mx}}
  - id: billing
policy:
  open_after: 3
  retries: 0
  control: [https://www.example.com/]
  raw_window: 3d
`

func TestParseGood(t *testing.T) {
	cfg, problems := Parse("candor.yml", []byte(good), nil)
	if len(problems) > 0 {
		t.Fatalf("Parse(good) problems: %v", problems)
	}
	if cfg.Location.String() != "America/New_York" {
		t.Errorf("Location = %v, want America/New_York", cfg.Location)
	}
	if got := cfg.Components[0].Probe.HTTP.Expect.MaxLatency; got != 2*time.Second {
		t.Errorf("max_latency = %v, want 2s", got)
	}
	if got := cfg.Components[1].Name; got != "db" {
		t.Errorf("default name = %q, want the id", got)
	}
	if cfg.Policy.OpenAfter != 3 || cfg.Policy.ResolveAfter != DefaultResolveAfter {
		t.Errorf("policy = %+v, want open_after 3 and the default resolve_after", cfg.Policy)
	}
	if cfg.Policy.Retries != 0 {
		t.Errorf("retries = %d, want 0 as written (not the default)", cfg.Policy.Retries)
	}
	if cfg.Policy.RawWindow != 72*time.Hour {
		t.Errorf("raw_window = %v, want 72h", cfg.Policy.RawWindow)
	}
	if cfg.Components[3].Probe.DNS.Type != "MX" {
		t.Errorf("dns type = %q, want MX", cfg.Components[3].Probe.DNS.Type)
	}
	if cfg.Components[4].Probe != nil {
		t.Errorf("billing has a probe, want none")
	}
}

func TestParseDefaults(t *testing.T) {
	cfg, problems := Parse("candor.yml", []byte("title: T\ncomponents: [{id: a}]\n"), nil)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if cfg.Interval != DefaultInterval || cfg.Policy.Retries != DefaultRetries || cfg.Policy.Timeout != DefaultTimeout || cfg.Location.String() != "UTC" {
		t.Errorf("defaults not filled: %+v", cfg)
	}
}

func TestParseProblems(t *testing.T) {
	base := "title: T\ncomponents:\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"broken yaml", "title: [unclosed\n", "candor.yml:1:8: invalid YAML: did not find expected"},
		{"unknown key", "title: T\ncolour: red\ncomponents: [{id: a}]\n", "candor.yml:2:1: colour: unknown key"},
		{"unknown nested key", base + "  - id: a\n    probe: {http: {url: https://x.example/, verb: GET}}\n", "candor.yml:4:45: components[0].probe.http.verb: unknown key"},
		{"duplicate id", base + "  - id: a\n  - id: a\n", "candor.yml:4:9: components[1].id: duplicate id \"a\" (first at line 3)"},
		{"bad duration", "title: T\ninterval: fast\ncomponents: [{id: a}]\n", "candor.yml:2:11: interval: want a duration such as 30s, 5m, 2h or 7d (got \"fast\")"},
		{"two kinds", base + "  - id: a\n    probe:\n      tcp: {address: a.example:1}\n      dns: {name: a.example}\n", "candor.yml:5:7: components[0].probe: want exactly one kind of probe (got tcp and dns)"},
		{"missing url", base + "  - id: a\n    probe: {http: {method: GET}}\n", "candor.yml:4:19: components[0].probe.http: url: required"},
		{"relative url", base + "  - id: a\n    probe: {http: {url: /health}}\n", "components[0].probe.http.url: want an absolute http or https URL (got \"/health\")"},
		{"bad status", base + "  - id: a\n    probe: {http: {url: https://a.example/, expect: {status: [200-399, 20x]}}}\n", "components[0].probe.http.expect.status[1]: want a status code"},
		{"bad regex", base + "  - id: a\n    probe: {http: {url: https://a.example/, expect: {body_regex: \"(\"}}}\n", "components[0].probe.http.expect.body_regex: invalid regular expression"},
		{"bad address", base + "  - id: a\n    probe: {tcp: {address: nope}}\n", "components[0].probe.tcp.address: want host:port"},
		{"bad dns type", base + "  - id: a\n    probe: {dns: {name: a.example, type: SRV}}\n", "components[0].probe.dns.type: want one of A, AAAA, CNAME, MX, TXT, NS (got \"SRV\")"},
		{"bad id", base + "  - id: Not OK\n", "components[0].id: want lowercase letters"},
		{"bad sla", base + "  - id: a\n    sla: 140\n", "candor.yml:4:10: components[0].sla: want a percentage"},
		{"sla not a number", base + "  - id: a\n    sla: high\n", "components[0].sla: want a number (got \"high\")"},
		{"bad zone", "title: T\ntimezone: Mars/Olympus\ncomponents: [{id: a}]\n", "candor.yml:2:11: timezone: want an IANA time zone"},
		{"no title", "components: [{id: a}]\n", "title: required"},
		{"no components", "title: T\n", "components: required"},
		{"bad repository", "title: T\nrepository: just-a-name\ncomponents: [{id: a}]\n", "repository: want owner/name"},
		{"bad env ref", base + "  - id: a\n    probe: {http: {url: \"https://a.example/?k=${1BAD}\"}}\n", "want ${NAME}"},
		{"retries too many", "title: T\ncomponents: [{id: a}]\npolicy: {retries: 9}\n", "candor.yml:3:19: policy.retries: want 0 to 5 (got 9)"},
		{"list for text", "title: [a, b]\ncomponents: [{id: a}]\n", "candor.yml:1:8: title: want text (got a list)"},
		{"key twice", "title: T\ntitle: U\ncomponents: [{id: a}]\n", "candor.yml:2:1: title: key given twice"},
		{"vantage without id", "title: T\ncomponents: [{id: a}]\nvantages: [{name: Frankfurt}]\n", "candor.yml:3:12: vantages[0]: id: required"},
		{"bad vantage id", "title: T\ncomponents: [{id: a}]\nvantages: [{id: EU 1}]\n", "candor.yml:3:17: vantages[0].id: want lowercase letters, digits, - and _ (got \"EU 1\")"},
		{"duplicate vantage", "title: T\ncomponents: [{id: a}]\nvantages:\n  - id: eu\n  - id: eu\n", "candor.yml:5:9: vantages[1].id: duplicate id \"eu\" (first at line 4)"},
		{"duplicate vantage name", "title: T\ncomponents: [{id: a}]\nvantages:\n  - {id: eu-1, name: Frankfurt}\n  - {id: eu-2, name: Frankfurt}\n",
			"candor.yml:5:22: vantages[1].name: name \"Frankfurt\" is the name of another vantage point too (first at line 4): locations are told apart by name"},
		{"a name the same as another's default", "title: T\ncomponents: [{id: a}]\nvantages:\n  - {id: eu}\n  - {id: us, name: eu}\n",
			"candor.yml:5:20: vantages[1].name: name \"eu\" is the name of another vantage point too (first at line 4): locations are told apart by name"},
		{"quorum above vantages", "title: T\ncomponents: [{id: a}]\nvantages: [{id: eu}, {id: us}]\npolicy: {quorum: 3}\n", "candor.yml:4:18: policy.quorum: want 1 to 2 (got 3)"},
		{"quorum without vantages", "title: T\ncomponents: [{id: a}]\npolicy: {quorum: 2}\n", "policy.quorum: want 1 to 1 (got 2)"},
		{"quorum zero", "title: T\ncomponents: [{id: a}]\nvantages: [{id: eu}]\npolicy: {quorum: 0}\n", "policy.quorum: want 1 to 1 (got 0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("candor.yml", []byte(tt.yaml), nil)
			joined := strings.Join(problemLines(problems), "\n")
			if !strings.Contains(joined, tt.want) {
				t.Errorf("Parse problems =\n%s\nwant one containing %q", joined, tt.want)
			}
		})
	}
}

func TestQuorumDefaultsToAMajority(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 2: 2, 3: 2, 4: 3, 5: 3} {
		yaml := "title: T\ncomponents: [{id: a}]\n"
		if n > 0 {
			yaml += "vantages:\n"
			for i := range n {
				yaml += fmt.Sprintf("  - id: v%d\n", i)
			}
		}
		cfg, problems := Parse("candor.yml", []byte(yaml), nil)
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if cfg.Policy.Quorum != want {
			t.Errorf("%d vantage points: quorum = %d, want %d", n, cfg.Policy.Quorum, want)
		}
		if n > 0 && (cfg.Vantages[0].Name != "v0" || cfg.VantageName("v0") != "v0") {
			t.Errorf("vantage name = %q, want the id", cfg.Vantages[0].Name)
		}
	}
	cfg, _ := Parse("candor.yml", []byte("title: T\ncomponents: [{id: a}]\nvantages: [{id: eu, name: Frankfurt}, {id: us}]\npolicy: {quorum: 1}\n"), nil)
	if cfg.Policy.Quorum != 1 || cfg.VantageName("eu") != "Frankfurt" || !cfg.Vantage("us") || cfg.Vantage("ap") {
		t.Errorf("config = %+v", cfg)
	}
}

func TestMissingSecret(t *testing.T) {
	getenv := func(k string) string {
		if k == "API_KEY" {
			return "k"
		}
		return ""
	}
	_, problems := Parse("candor.yml", []byte(good), getenv)
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), "candor.yml:13:") ||
		!strings.Contains(problems[0].Error(), "components[0].probe.http.headers.Authorization: environment variable API_TOKEN is not set") {
		t.Errorf("problems = %v, want one naming headers.Authorization and API_TOKEN at line 13", problems)
	}
	if !MissingSecret(problems[0]) {
		t.Errorf("MissingSecret(%v) = false, want true", problems[0])
	}
	if _, other := Parse("candor.yml", []byte("title: T\ninterval: x\ncomponents: [{id: a}]\n"), nil); MissingSecret(other[0]) {
		t.Errorf("MissingSecret(%v) = true, want false", other[0])
	}
}

func TestParseTime(t *testing.T) {
	if _, err := ParseTime("2026-11-26T14:05:00"); err == nil || !strings.Contains(err.Error(), "time without a zone") {
		t.Errorf("ParseTime(no zone) err = %v, want time without a zone", err)
	}
	got, err := ParseTime("2026-11-26T15:05:00+01:00")
	if err != nil || !got.Equal(time.Date(2026, 11, 26, 14, 5, 0, 0, time.UTC)) || got.Location() != time.UTC {
		t.Errorf("ParseTime(offset) = %v, %v; want 14:05 UTC", got, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("title: T\ncomponents: [{id: a, probe: {tcp: {address: 'a:1'}}}]\n"))
	f.Add([]byte("&a [*a]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, _ := Parse("candor.yml", data, nil)
		if cfg == nil || cfg.Location == nil || cfg.Interval <= 0 {
			t.Fatalf("Parse returned a config without defaults: %+v", cfg)
		}
	})
}

// A field with a bad value is one mistake: "title: [a]" does not also say
// the title is missing.
func TestBadValueReportedOnce(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"title: [a]\ncomponents: [{id: a}]\n", "candor.yml:1:8: title: want text (got a list)"},
		{"title: T\ncomponents: x\n", `candor.yml:2:13: components: want a list (got "x")`},
		{"title: T\ncomponents: [{id: [a]}]\n", "candor.yml:2:19: components[0].id: want text (got a list)"},
		{"title: T\ncomponents: [{id: a, probe: {http: {url: [x]}}}]\n", "candor.yml:2:42: components[0].probe.http.url: want text (got a list)"},
		{"title: T\ncomponents: [{id: a, probe: {tcp: {address: {x: 1}}}}]\n", "candor.yml:2:45: components[0].probe.tcp.address: want text (got a mapping)"},
		{"title: T\ncomponents: [{id: a, probe: {dns: {name: [x]}}}]\n", "candor.yml:2:42: components[0].probe.dns.name: want text (got a list)"},
	} {
		_, problems := Parse("candor.yml", []byte(tc.yaml), nil)
		if all := problemLines(problems); len(all) != 1 || all[0] != tc.want {
			t.Errorf("Parse(%q) problems = %q, want exactly %q", tc.yaml, all, tc.want)
		}
	}
}

func TestProblemPositions(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"missing address at its parent", "title: T\ncomponents:\n  - id: a\n    probe: {tcp: {send: x}}\n", "candor.yml:4:18: components[0].probe.tcp.address: required: host:port"},
		{"negative timeout reported once", "title: T\ncomponents:\n  - id: a\n    probe: {tcp: {address: 'a:1', timeout: -5s}}\n", "candor.yml:4:44: components[0].probe.tcp.timeout: want a duration such as 30s, 5m, 2h or 7d (got \"-5s\")"},
		{"unquoted colon", "title: T\ndescription: Fixed: rolled back\ncomponents: [{id: a}]\n", `candor.yml:2:19: invalid YAML: mapping values are not allowed in this context (a value holding ": " must be quoted`},
		{"tab", "title: T\ncomponents:\n\t- id: a\n", "(YAML indents with spaces, never tabs)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantOneProblem(t, tt.yaml, tt.want) })
	}
}

// wantOneProblem parses doc as candor.yml and wants exactly one problem,
// containing want.
func wantOneProblem(t *testing.T, doc, want string) {
	t.Helper()
	_, problems := Parse("candor.yml", []byte(doc), nil)
	if all := problemLines(problems); len(all) != 1 || !strings.Contains(all[0], want) {
		t.Errorf("problems = %q, want exactly one containing %q", all, want)
	}
}

// problemLines formats problems as the commands print them.
func problemLines(problems []candor.Problem) []string {
	var all []string
	for _, p := range problems {
		all = append(all, p.Error())
	}
	return all
}

// past_incidents defaults to 15 days; 0 is a choice (no list); the range
// is 0 to 90.
func TestPastIncidents(t *testing.T) {
	for _, tc := range []struct {
		yaml    string
		want    int
		problem string
	}{
		{"", DefaultPastIncidents, ""},
		{"past_incidents: 0\n", 0, ""},
		{"past_incidents: 30\n", 30, ""},
		{"past_incidents: 91\n", 0, "candor.yml:1:17: past_incidents: want 0 to 90 days (got 91)"},
		{"past_incidents: -1\n", 0, "candor.yml:1:17: past_incidents: want 0 to 90 days (got -1)"},
	} {
		cfg, problems := Parse("candor.yml", []byte(tc.yaml+"title: T\ncomponents: [{id: a}]\n"), nil)
		all := problemLines(problems)
		switch {
		case tc.problem != "" && (len(all) != 1 || all[0] != tc.problem):
			t.Errorf("Parse(%q) problems = %q, want %q", tc.yaml, all, tc.problem)
		case tc.problem == "" && (len(all) > 0 || cfg.PastIncidents != tc.want):
			t.Errorf("Parse(%q) = past_incidents %d, problems %q; want %d", tc.yaml, cfg.PastIncidents, all, tc.want)
		}
	}
}

func TestParseSLA(t *testing.T) {
	base := "title: T\ncomponents:\n  - id: a\n"
	tests := []struct {
		name, yaml string
		want       candor.SLA
	}{
		{"plain percentage", base + "    sla: 99.9\n", candor.SLA{Target: 99.9}},
		{"with a percent sign", base + "    sla: 99.5%\n", candor.SLA{Target: 99.5}},
		{"target only", base + "    sla: {target: 99.95}\n", candor.SLA{Target: 99.95}},
		{"credit tiers", base + "    sla: {target: 99.9, credits: [{below: 99.9, percent: 10}, {below: 99.0, percent: 25}]}\n",
			candor.SLA{Target: 99.9, Credits: []candor.Credit{{Below: 99.9, Percent: 10}, {Below: 99, Percent: 25}}}},
		{"block style", base + "    sla:\n      target: 99.9\n      credits:\n        - below: 99\n          percent: 30\n",
			candor.SLA{Target: 99.9, Credits: []candor.Credit{{Below: 99, Percent: 30}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, problems := Parse("candor.yml", []byte(tt.yaml), nil)
			if len(problems) > 0 {
				t.Fatalf("problems: %v", problems)
			}
			got := cfg.Components[0].SLA
			if got.Target != tt.want.Target || len(got.Credits) != len(tt.want.Credits) {
				t.Fatalf("sla = %+v, want %+v", got, tt.want)
			}
			for i := range got.Credits {
				if got.Credits[i] != tt.want.Credits[i] {
					t.Errorf("credits[%d] = %+v, want %+v", i, got.Credits[i], tt.want.Credits[i])
				}
			}
		})
	}
}

func TestParseSLAProblems(t *testing.T) {
	base := "title: T\ncomponents:\n  - id: a\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"target out of range", base + "    sla: {target: 100}\n", "candor.yml:4:19: components[0].sla.target: want a percentage between 0 and 100 such as 99.9 (got 100)"},
		{"credits without target", base + "    sla: {credits: [{below: 99, percent: 10}]}\n", "candor.yml:4:10: components[0].sla: target: required"},
		{"unknown key", base + "    sla: {target: 99.9, refund: 10}\n", "candor.yml:4:25: components[0].sla.refund: unknown key (want one of target, credits)"},
		{"target not a number", base + "    sla: {target: lots}\n", "candor.yml:4:19: components[0].sla.target: want a number (got \"lots\")"},
		{"below above the target", base + "    sla: {target: 99.9, credits: [{below: 99.95, percent: 10}]}\n",
			"candor.yml:4:43: components[0].sla.credits[0].below: want at most the target 99.9: a month that meets the SLA owes no credit (got 99.95)"},
		{"no percent", base + "    sla: {target: 99.9, credits: [{below: 99}]}\n", "candor.yml:4:35: components[0].sla.credits[0]: percent: required"},
		{"no below", base + "    sla: {target: 99.9, credits: [{percent: 10}]}\n", "candor.yml:4:35: components[0].sla.credits[0]: below: required"},
		{"percent over 100", base + "    sla: {target: 99.9, credits: [{below: 99, percent: 150}]}\n",
			"candor.yml:4:56: components[0].sla.credits[0].percent: want a percentage above 0 and at most 100 (got 150)"},
		{"same below twice", base + "    sla: {target: 99.9, credits: [{below: 99, percent: 10}, {below: 99, percent: 20}]}\n",
			"candor.yml:4:69: components[0].sla.credits[1].below: the same as credits[0] (got 99)"},
		{"lower uptime owes less", base + "    sla:\n      target: 99.9\n      credits:\n        - {below: 99.9, percent: 25}\n        - {below: 99, percent: 10}\n",
			"candor.yml:8:11: components[0].sla.credits[1]: below 99 owes 10%, but credits[0] below 99.9 owes 25%: a lower uptime must not owe less"},
		{"credits not a list", base + "    sla: {target: 99.9, credits: 10}\n", "candor.yml:4:34: components[0].sla.credits: want a list (got \"10\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := Parse("candor.yml", []byte(tt.yaml), nil)
			joined := strings.Join(problemLines(problems), "\n")
			if !strings.Contains(joined, tt.want) {
				t.Errorf("Parse problems =\n%s\nwant one containing %q", joined, tt.want)
			}
			if len(problems) != 1 {
				t.Errorf("got %d problems, want exactly 1:\n%s", len(problems), joined)
			}
		})
	}
}
