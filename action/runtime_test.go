package action

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/google/go-cmp/cmp"
)

// actionsEnv is a job's environment with temporary GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files.
func actionsEnv(t *testing.T, inputs map[string]string) (func(string) string, string, string) {
	dir := t.TempDir()
	out, sum := filepath.Join(dir, "output"), filepath.Join(dir, "summary")
	env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": out, "GITHUB_STEP_SUMMARY": sum}
	for k, v := range inputs {
		env["INPUT_"+strings.ToUpper(k)] = v
	}
	return func(k string) string { return env[k] }, out, sum
}

func TestInputs(t *testing.T) {
	tests := []struct {
		name    string
		in      map[string]string
		want    Inputs
		wantErr bool
	}{
		{"defaults", nil, Inputs{Command: "run", Config: "candor.yml", DataBranch: "candor-data", Out: "public"}, false},
		{"all set", map[string]string{"command": "check", "config": "ops/candor.yml", "token": "t", "data-branch": "data",
			"out": "site", "notify": "true"}, Inputs{Command: "check", Config: "ops/candor.yml", Token: "t", DataBranch: "data", Out: "site", Notify: true}, false},
		{"bad command", map[string]string{"command": "deploy"}, Inputs{}, true},
		{"bad notify", map[string]string{"notify": "sometimes"}, Inputs{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv, _, _ := actionsEnv(t, tt.in)
			got, err := NewRuntime(getenv, &bytes.Buffer{}).Inputs()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Inputs error = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && got != tt.want {
				t.Errorf("Inputs = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestOutputsAndSummaryGoToTheirFiles(t *testing.T) {
	getenv, out, sum := actionsEnv(t, nil)
	rt := NewRuntime(getenv, &bytes.Buffer{})
	if !rt.InActions() {
		t.Error("InActions = false with GITHUB_ACTIONS=true")
	}
	if err := rt.SetOutputs(Outputs{Status: "major", Changed: true, Opened: 1, Resolved: 2, Site: "public"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(out)
	got := parseOutputs(t, string(b))
	want := map[string]string{"status": "major", "changed": "true", "opened": "1", "resolved": "2", "site": "public"}
	if !cmp.Equal(got, want) {
		t.Errorf("outputs (-got +want):\n%s", cmp.Diff(got, want))
	}
	md := Round{Title: "Acme", Components: []Row{{Name: "API | v2", Measured: candor.Down, Shown: candor.StatusMajor, Latency: 1234567 * time.Microsecond}},
		Opened: []Link{{Title: "API down", URL: "https://s/i/1/"}}}.Markdown()
	if err := rt.Summary(md); err != nil {
		t.Fatal(err)
	}
	s, _ := os.ReadFile(sum)
	for _, w := range []string{"## Acme", `| API \| v2 | down | major_outage | 1.235s |`, "**Opened:**", "[API down](https://s/i/1/)"} {
		if !strings.Contains(string(s), w) {
			t.Errorf("summary lacks %q:\n%s", w, s)
		}
	}
}

// parseOutputs reads GITHUB_OUTPUT's name<<DELIM ... DELIM records.
func parseOutputs(t *testing.T, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := 0; i+2 < len(lines); i += 3 {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok || lines[i+2] != delim {
			t.Fatalf("malformed output record at line %d: %q", i, lines[i:i+3])
		}
		out[name] = lines[i+1]
	}
	return out
}

func TestOutsideActionsNothingFails(t *testing.T) {
	var w bytes.Buffer
	rt := NewRuntime(func(string) string { return "" }, &w)
	if rt.InActions() {
		t.Error("InActions = true with an empty environment")
	}
	if err := rt.SetOutputs(Outputs{Status: "none"}); err != nil {
		t.Errorf("SetOutputs locally: %v", err)
	}
	if err := rt.Summary("x"); err != nil {
		t.Errorf("Summary locally: %v", err)
	}
}

func TestUnwritableOutputIsAnError(t *testing.T) {
	env := map[string]string{"GITHUB_OUTPUT": filepath.Join(t.TempDir(), "missing", "out")}
	rt := NewRuntime(func(k string) string { return env[k] }, &bytes.Buffer{})
	if err := rt.SetOutputs(Outputs{}); err == nil {
		t.Error("SetOutputs into a missing folder succeeded")
	}
}

func TestAnnotateCapsAtTen(t *testing.T) {
	var problems []candor.Problem
	for i := range 13 {
		problems = append(problems, candor.Problem{Path: "./content/incidents/x.md", Line: i + 1, Col: 3, Field: "impact", Message: "want one of none, minor"})
	}
	var w bytes.Buffer
	NewRuntime(func(string) string { return "" }, &w).Annotate(problems)
	lines := strings.Split(strings.TrimSpace(w.String()), "\n")
	if len(lines) != MaxAnnotations {
		t.Fatalf("%d annotations, want %d:\n%s", len(lines), MaxAnnotations, w.String())
	}
	if want := "::error col=3,file=content/incidents/x.md,line=1,title=candor::impact: want one of none, minor"; lines[0] != want {
		t.Errorf("first annotation = %q, want %q", lines[0], want)
	}
	if !strings.Contains(lines[9], "4 more problems") {
		t.Errorf("last annotation = %q, want a count of the rest", lines[9])
	}
	w.Reset()
	NewRuntime(func(string) string { return "" }, &w).Annotate(problems[:10])
	if n := strings.Count(w.String(), "::error "); n != 10 || strings.Contains(w.String(), "more problems") {
		t.Errorf("10 problems gave %d annotations: %s", n, w.String())
	}
}

func TestMask(t *testing.T) {
	var w bytes.Buffer
	NewRuntime(func(string) string { return "" }, &w).Mask([]string{"s3cret", "", "multi\nline"})
	want := "::add-mask::s3cret\n::add-mask::multi\n::add-mask::line\n"
	if w.String() != want {
		t.Errorf("Mask wrote %q, want %q", w.String(), want)
	}
}
