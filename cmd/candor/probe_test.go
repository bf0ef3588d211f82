package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// probeSecret must never appear in the command's output.
const probeSecret = "pr0be-s3cr3t-value"

// probeSetup writes a config probing a healthy server, a closed port (with
// the secret in the query and a header) and a component without a probe.
func probeSetup(t *testing.T) (cfgPath string, getenv func(string) string) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.UserAgent(), "candor/") {
			w.WriteHeader(http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	cfg := `title: Test
base_url: https://status.test/
components:
  - id: api
    probe: {http: {url: "` + srv.URL + `/health"}}
  - id: db
    probe:
      http:
        url: "http://` + closed + `/?token=${TOKEN}"
        headers: {Authorization: "Bearer ${TOKEN}"}
        timeout: 2s
  - id: billing
policy: {timeout: 2s, retries: 0}
`
	cfgPath = filepath.Join(t.TempDir(), "candor.yml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TOKEN": probeSecret}
	return cfgPath, func(k string) string { return env[k] }
}

func runProbe(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(t.Context(), append([]string{"probe"}, args...), getenv, &out, &errb)
	if strings.Contains(out.String()+errb.String(), "s3cr3t") {
		t.Errorf("candor probe printed the secret:\n%s%s", out.String(), errb.String())
	}
	return code, out.String(), errb.String()
}

func TestProbeTable(t *testing.T) {
	cfgPath, getenv := probeSetup(t)
	code, out, errOut := runProbe(t, getenv, "--config", cfgPath)
	if code != 0 || errOut != "" {
		t.Fatalf("candor probe = %d, stderr %q; want 0 and nothing", code, errOut)
	}
	want := []string{
		`^COMPONENT +OUTCOME +LATENCY +MESSAGE\n`,
		`\napi +up +\d+(\.\d+)?(µs|ms|s) +200 OK\n`,
		`\ndb +down +\d+(\.\d+)?(µs|ms|s) +refused: connection refused by 127\.0\.0\.1:\d+\n`,
		`\nno probe: billing\n$`,
	}
	for _, re := range want {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("candor probe output does not match %s:\n%s", re, out)
		}
	}
}

func TestProbeJSON(t *testing.T) {
	cfgPath, getenv := probeSetup(t)
	code, out, _ := runProbe(t, getenv, "--json", "--config", cfgPath)
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil {
		t.Fatalf("candor probe --json = %d, %v:\n%s", code, err, out)
	}
	if len(got) != 2 || got[0]["component"] != "api" || got[0]["outcome"] != "up" ||
		got[1]["component"] != "db" || got[1]["class"] != "refused" || got[1]["attempts"] != 1.0 {
		t.Errorf("candor probe --json = %s, want api up, then db down refused after 1 attempt", out)
	}
	if _, ok := got[0]["phases_ms"].(map[string]any)["connect"]; !ok {
		t.Errorf("candor probe --json: no phases_ms.connect in %v", got[0])
	}
}

func TestProbeFails(t *testing.T) {
	cfgPath, _ := probeSetup(t)
	bad := filepath.Join(t.TempDir(), "candor.yml")
	os.WriteFile(bad, []byte("components:\n  - id: x\n    probe: {tcp: {address: nope}}\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"missing secret", []string{"--config", cfgPath}, 1,
			"candor.yml:9:14: components[1].probe.http.url: environment variable TOKEN is not set"},
		{"bad config", []string{"--config", bad}, 1, "want host:port"},
		{"no config", []string{"--config", filepath.Join(t.TempDir(), "none.yml")}, 1, "candor probe: read config"},
		{"bad flag", []string{"--nope"}, 2, "flag provided but not defined"},
		{"extra argument", []string{"--config", cfgPath, "extra"}, 2, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runProbe(t, func(string) string { return "" }, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) || out != "" {
				t.Errorf("candor probe %v = %d, stdout %q, stderr %q; want %d, nothing, %q",
					tt.args, code, out, errOut, tt.code, tt.stderr)
			}
		})
	}
}
