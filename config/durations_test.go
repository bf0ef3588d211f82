package config

import (
	"testing"
	"time"
)

// TestDurationRanges checks that every duration key is held to its range,
// with the problem at candor.yml:line:col of the value.
func TestDurationRanges(t *testing.T) {
	comp := func(probe string) string {
		return "title: T\ncomponents:\n  - id: a\n    probe: " + probe + "\n"
	}
	tests := []struct{ name, yaml, want string }{
		{"interval overflows", "title: T\ninterval: 213504d\ncomponents: [{id: a}]\n",
			`candor.yml:2:11: interval: want a duration such as 30s, 5m, 2h or 7d; "213504d" is longer than any duration can be`},
		{"raw_window overflows in hours", "title: T\ncomponents: [{id: a}]\npolicy: {raw_window: 2562048h}\n",
			`candor.yml:3:22: policy.raw_window: want a duration such as 30s, 5m, 2h or 7d; "2562048h" is longer than any duration can be`},
		{"interval too short", "title: T\ninterval: 30s\ncomponents: [{id: a}]\n", "candor.yml:2:11: interval: want 1m to 1d (got 30s)"},
		{"interval too long", "title: T\ninterval: 2d\ncomponents: [{id: a}]\n", "candor.yml:2:11: interval: want 1m to 1d (got 2d)"},
		{"timeout overflows", comp("{tcp: {address: 'a:1', timeout: 213504d}}"), "candor.yml:4:44: components[0].probe.tcp.timeout: want a duration such as 30s, 5m, 2h or 7d; \"213504d\" is longer"},
		{"timeout at the interval", "title: T\ninterval: 1m\ncomponents: [{id: a}]\npolicy: {timeout: 1m}\n",
			"candor.yml:4:19: policy.timeout: want a timeout below the interval (1m), so a check ends before the next round (got 1m)"},
		{"probe timeout over the default interval", comp("{http: {url: 'https://a.example/', timeout: 5m}}"),
			"candor.yml:4:56: components[0].probe.http.timeout: want a timeout below the interval (5m)"},
		{"timeout over five minutes", "title: T\ninterval: 1h\ncomponents:\n  - id: a\n    probe: {dns: {name: a.example, timeout: 10m}}\n",
			"candor.yml:5:45: components[0].probe.dns.timeout: want at most 5m (got 10m)"},
		{"tls timeout zero", comp("{tls: {address: 'a:443', timeout: 0s}}"), "candor.yml:4:46: components[0].probe.tls.timeout: want a duration above zero (got 0s)"},
		{"max_latency over the timeout", comp("{http: {url: 'https://a.example/', timeout: 2s, expect: {max_latency: 3s}}}"),
			"candor.yml:4:82: components[0].probe.http.expect.max_latency: want a latency below the probe's timeout (2s): a slower answer times out (got 3s)"},
		{"max_latency over the policy timeout", comp("{http: {url: 'https://a.example/', expect: {max_latency: 20s}}}") + "policy: {timeout: 15s}\n",
			"candor.yml:4:69: components[0].probe.http.expect.max_latency: want a latency below the probe's timeout (15s)"},
		{"raw window over a year", "title: T\ncomponents: [{id: a}]\npolicy: {raw_window: 400d}\n", "candor.yml:3:22: policy.raw_window: want 1d to 366d (got 400d)"},
		{"raw window overflows", "title: T\ncomponents: [{id: a}]\npolicy: {raw_window: 213504d}\n", "candor.yml:3:22: policy.raw_window: want a duration such as 30s, 5m, 2h or 7d; \"213504d\" is longer"},
		{"raw window under a day", "title: T\ncomponents: [{id: a}]\npolicy: {raw_window: 12h}\n", "candor.yml:3:22: policy.raw_window: want 1d to 366d (got 12h)"},
		{"update_due too long", "title: T\ncomponents: [{id: a}]\npolicy: {update_due: 90d}\n", "candor.yml:3:22: policy.update_due: want 1m to 30d (got 90d)"},
		{"reopen_within too short", "title: T\ncomponents: [{id: a}]\npolicy: {reopen_within: 10s}\n", "candor.yml:3:25: policy.reopen_within: want 1m to 7d (got 10s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantOneProblem(t, tt.yaml, tt.want) })
	}
}

// TestDurationsInRange checks that the edges of every range pass.
func TestDurationsInRange(t *testing.T) {
	doc := `title: T
interval: 1d
components:
  - id: a
    probe: {http: {url: 'https://a.example/', timeout: 5m, expect: {max_latency: 4m59s}}}
  - id: b
    probe: {tcp: {address: 'b:1', timeout: 1ms}}
policy: {timeout: 5m, update_due: 30d, reopen_within: 7d, raw_window: 366d}
`
	cfg, problems := Parse("candor.yml", []byte(doc), nil)
	if len(problems) > 0 {
		t.Fatalf("problems = %q, want none", problemLines(problems))
	}
	if cfg.Policy.RawWindow != 366*24*time.Hour || cfg.Interval != 24*time.Hour {
		t.Errorf("raw_window %s, interval %s", cfg.Policy.RawWindow, cfg.Interval)
	}
	if _, problems := Parse("candor.yml", []byte("title: T\ninterval: 1m\ncomponents: [{id: a}]\npolicy: {raw_window: 1d, update_due: 1m, reopen_within: 1m}\n"), nil); len(problems) > 0 {
		t.Errorf("the low edges: problems = %q, want none", problemLines(problems))
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Minute: "1m", 90 * time.Second: "1m30s", time.Hour: "1h", 36 * time.Hour: "36h", 7 * day: "7d",
		1500 * time.Millisecond: "1.5s", 0: "0s", 2*time.Hour + 3*time.Minute: "2h3m",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%d) = %q, want %q", d, got, want)
		}
	}
}

func TestParseDurationDays(t *testing.T) {
	for s, want := range map[string]time.Duration{"7d": 7 * day, "0d": 0, "106751d": 106751 * day} {
		if got, err := ParseDuration(s); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %s, %v; want %s", s, got, err, want)
		}
	}
	for _, s := range []string{"106752d", "213504d", "-1d", "9223372036854775807d", "1.5d", "d"} {
		if got, err := ParseDuration(s); err == nil {
			t.Errorf("ParseDuration(%q) = %s, want an error", s, got)
		}
	}
}
