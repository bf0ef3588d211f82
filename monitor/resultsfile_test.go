package monitor

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestResultsFileRoundTrip(t *testing.T) {
	v := Vantage{Name: "eu-1", At: t0, Blind: true, Shard: Shard{2, 5}, Results: []candor.Result{
		{Component: "api", At: t0.Add(time.Second), Outcome: candor.Down, Latency: 10*time.Second + 1500*time.Microsecond, Attempts: 2,
			Class: "timeout", Message: `timed out "after" 10s`, CertDaysLeft: 41,
			Phases: candor.Phases{DNS: time.Millisecond, Connect: 2 * time.Millisecond, TLS: 3 * time.Millisecond, FirstByte: 4 * time.Millisecond, Total: 10 * time.Second}},
		{Component: "db", At: t0, Outcome: candor.Up, Latency: 3 * time.Millisecond, Attempts: 1, CertDaysLeft: -1},
	}}
	b := EncodeResults(v)
	got, probs := DecodeResults("eu-1.json", b)
	if len(probs) > 0 {
		t.Fatalf("DecodeResults(EncodeResults(v)) problems: %v\n%s", probs, b)
	}
	if diff := cmp.Diff(v, got, cmpopts.IgnoreUnexported(Vantage{})); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !bytes.HasPrefix(b, []byte("{\n  \"candor_results\": 1,\n  \"vantage\": \"eu-1\",\n")) || bytes.Count(b, []byte("\n")) != 11 {
		t.Errorf("encoded file, want one result a line:\n%s", b)
	}
	if empty := EncodeResults(Vantage{Name: "eu-1", At: t0}); !strings.Contains(string(empty), `"results": []`) {
		t.Errorf("a vantage point with no results:\n%s", empty)
	}
}

func TestDecodeResultsProblems(t *testing.T) {
	head := "{\n  \"candor_results\": 1,\n  \"vantage\": \"eu\",\n  \"at\": \"2026-11-26T14:00:00Z\",\n  \"controls_passed\": true,\n  \"results\": [\n"
	res := func(lines ...string) string { return head + strings.Join(lines, ",\n") + "\n  ]\n}\n" }
	ok := `    {"component": "api", "at": "2026-11-26T14:00:00Z", "outcome": "up", "latency_ms": 12, "phases_ms": {"dns": 0, "connect": 0, "tls": 0, "first_byte": 0, "total": 12}, "attempts": 1, "message": "200 OK"}`
	tests := []struct{ name, text, want string }{
		{"empty", "", "x.json:1:1: invalid JSON: the file ends before the JSON does"},
		{"a list", "[]", "x.json:1:1: want a JSON object"},
		{"not JSON", "{\n  \"vantage\": eu\n}", "x.json:2:14: invalid JSON: invalid character 'e' looking for beginning of value"},
		{"no version", "{\"vantage\": \"eu\", \"at\": \"2026-11-26T14:00:00Z\", \"controls_passed\": true, \"results\": []}", "x.json:1:1: candor_results: required: the format's version, 1 (is this a candor results file?)"},
		{"newer version", strings.Replace(res(ok), `"candor_results": 1`, `"candor_results": 2`, 1), "x.json:2:21: candor_results: version 2: this candor reads version 1"},
		{"version as text", strings.Replace(res(ok), `"candor_results": 1`, `"candor_results": "1"`, 1), `x.json:2:21: candor_results: want a number (got string)`},
		{"unknown key", strings.Replace(res(ok), `"at":`, `"when": 1, "at":`, 1), "x.json:4:3: when: unknown key"},
		{"key twice", strings.Replace(res(ok), `"at":`, `"vantage": "us", "at":`, 1), "x.json:4:14: vantage: key given twice"},
		{"bad vantage", strings.Replace(res(ok), `"vantage": "eu"`, `"vantage": "EU West"`, 1), `x.json:3:14: vantage: want lowercase letters, digits, - and _ (got "EU West")`},
		{"time without zone", strings.Replace(res(ok), `"at": "2026-11-26T14:00:00Z",`+"\n", `"at": "2026-11-26T14:00:00",`+"\n", 1), `x.json:4:9: at: want an RFC 3339 time such as 2026-11-26T14:05:00Z (got "2026-11-26T14:00:00")`},
		{"no controls", strings.Replace(res(ok), "  \"controls_passed\": true,\n", "", 1), "x.json:1:1: controls_passed: required: true or false"},
		{"bad shard", strings.Replace(res(ok), `"controls_passed"`, `"shard": "6/5", "controls_passed"`, 1), `x.json:5:12: shard: want i/n with 1 ≤ i ≤ n ≤ 1000, such as 2/5; got "6/5"`},
		{"bad outcome", res(strings.Replace(ok, `"outcome": "up"`, `"outcome": "sideways"`, 1)), `x.json:7:56: results[0].outcome: want one of up, degraded, down, unknown; got "sideways"`},
		{"maintenance is the round's word", res(strings.Replace(ok, `"outcome": "up"`, `"outcome": "maintenance"`, 1)), `x.json:7:56: results[0].outcome: want one of up, degraded, down, unknown; got "maintenance"`},
		{"a result before its round", res(strings.Replace(ok, `"at": "2026-11-26T14:00:00Z"`, `"at": "2020-01-01T00:00:00Z"`, 1)),
			"x.json:7:26: results[0].at: 2020-01-01T00:00:00Z is 60518h0m0s before the file's at, 2026-11-26T14:00:00Z, when its round began"},
		{"latency as text", res(strings.Replace(ok, `"latency_ms": 12`, `"latency_ms": "12"`, 1)), "x.json:7:73: results[0].latency_ms: want a number (got string)"},
		{"negative latency", res(ok, strings.Replace(ok, `"latency_ms": 12`, `"latency_ms": -4`, 1)), "x.json:8:73: results[1].latency_ms: want 0 to 1e9 milliseconds (got -4)"},
		{"unknown field", res(strings.Replace(ok, `"attempts"`, `"tries": 1, "attempts"`, 1)), "x.json:7:170: results[0].tries: unknown key"},
		{"twice", res(ok, ok), `x.json:8:6: results[1].component: "api" twice (first at results[0])`},
		{"bad component", res(strings.Replace(ok, `"api"`, `"../api"`, 1)), `x.json:7:6: results[0].component: want a component id (got "../api")`},
		{"no time", res(strings.Replace(ok, `"at": "2026-11-26T14:00:00Z", `, "", 1)), "x.json:7:5: results[0].at: required: an RFC 3339 time"},
		{"more after", res(ok) + "{}", "x.json:10:1: want one JSON object; more follows it"},
		{"cut short", res(ok)[:200], "invalid JSON: the file ends before the JSON does"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := DecodeResults("x.json", []byte(tt.text))
			if len(probs) == 0 {
				t.Fatalf("DecodeResults = no problems, want %q", tt.want)
			}
			if got := problemText(probs); !strings.Contains(got, tt.want) {
				t.Errorf("DecodeResults problems =\n%s\nwant one containing\n%s", got, tt.want)
			}
		})
	}
	// Every problem comes back, each at its place: a wrong type does not
	// hide the rest.
	many := strings.Replace(res(ok, strings.Replace(ok, `"api"`, `"web"`, 1), strings.Replace(ok, `"api"`, `"db"`, 1)), `"candor_results": 1`, `"candor_results": "1"`, 1)
	many = strings.Replace(many, `"controls_passed": true`, `"controls_passed": "yes", "extra": [1, 2]`, 1)
	many = strings.Replace(many, `"latency_ms": 12`, `"latency_ms": "12"`, 1)                                    // results[0]
	many = strings.Replace(many, `"outcome": "up", "latency_ms": 12`, `"outcome": "maybe", "latency_ms": 12`, 1) // results[1]
	_, probs := DecodeResults("x.json", []byte(many))
	want := []string{
		"x.json:2:21: candor_results: want a number (got string)",
		"x.json:5:22: controls_passed: want true or false (got string)",
		"x.json:5:29: extra: unknown key",
		"x.json:7:73: results[0].latency_ms: want a number (got string)",
		`x.json:8:56: results[1].outcome: want one of up, degraded, down, unknown; got "maybe"`,
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("a file with five problems: DecodeResults =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, probs := DecodeResults("x.json", []byte(res(ok))); len(probs) > 0 {
		t.Errorf("the good file: %v", probs)
	}
	big := bytes.Repeat([]byte(" "), MaxResultsFile+1)
	if _, probs := DecodeResults("x.json", big); len(probs) != 1 || !strings.Contains(probs[0].Message, "a results file is at most") {
		t.Errorf("an oversized file: %v", probs)
	}
}

func TestParseShard(t *testing.T) {
	s, err := ParseShard("2/5")
	if err != nil || s != (Shard{2, 5}) || s.String() != "2/5" {
		t.Errorf("ParseShard(2/5) = %v, %v", s, err)
	}
	var in []int
	for k := range 12 {
		if s.Has(k) {
			in = append(in, k)
		}
	}
	if diff := cmp.Diff([]int{1, 6, 11}, in); diff != "" {
		t.Errorf("shard 2/5 holds (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "5", "0/5", "6/5", "1/0", "a/b", "1/1001", "1/5/2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) succeeded", bad)
		}
	}
}

func FuzzDecodeResults(f *testing.F) {
	f.Add(EncodeResults(seen("eu", false, candor.Down)))
	f.Add(EncodeResults(Vantage{Name: "us", At: t0, Blind: true, Shard: Shard{1, 2}}))
	f.Add([]byte(`{"candor_results": 1, "results": [{"component": 3}]}`))
	f.Add([]byte(`{"results": [{}, [], "x"], "at": null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, probs := DecodeResults("x.json", b)
		if len(probs) > 0 {
			return
		}
		enc := EncodeResults(v)
		again, probs := DecodeResults("x.json", enc)
		if len(probs) > 0 {
			t.Fatalf("re-reading a written file: %v\n%s", probs, enc)
		}
		if enc2 := EncodeResults(again); !bytes.Equal(enc, enc2) {
			t.Fatalf("round trip not stable:\n%s\n%s", enc, enc2)
		}
	})
}
