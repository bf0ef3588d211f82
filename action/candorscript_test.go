package action

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCandorScript runs action.yml's candor step (.github/action/candor.sh)
// with a stand-in binary that prints its arguments: each input becomes
// one argument, whatever it holds, and bad inputs stop the step.
func TestCandorScript(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "candor")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\nfor a in \"$@\"; do printf '[%s]' \"$a\"; done\necho\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	base := map[string]string{"INPUT_CONFIG": "candor.yml", "INPUT_OUT": "public", "INPUT_PROBE": "true"}
	tests := []struct {
		name   string
		inputs map[string]string
		want   string // stdout, or the error's text when fail
		fail   bool
	}{
		{"run", map[string]string{"INPUT_COMMAND": "run"}, "[run][--config][candor.yml][--out][public]\n", false},
		{"run merging", map[string]string{"INPUT_COMMAND": "run", "INPUT_RESULTS": "results", "INPUT_VANTAGE": "github-ubuntu", "INPUT_PROBE": "false"},
			"[run][--config][candor.yml][--out][public][--results][results][--vantage][github-ubuntu][--probe=false]\n", false},
		{"confirm", map[string]string{"INPUT_COMMAND": "run", "INPUT_RESULTS": "results", "INPUT_PROBE": "false", "INPUT_ROUND_AT": "2026-11-26T14:03:07Z"},
			"[run][--config][candor.yml][--out][public][--results][results][--round-at][2026-11-26T14:03:07Z][--probe=false]\n", false},
		{"probe", map[string]string{"INPUT_COMMAND": "probe", "INPUT_VANTAGE": "eu-1", "INPUT_RESULTS": "results/eu-1.json", "INPUT_COMPONENTS": "api; rm -rf $HOME", "INPUT_SHARD": "2/5"},
			"[probe][--config][candor.yml][--vantage][eu-1][--out][results/eu-1.json][--components][api; rm -rf $HOME][--shard][2/5]\n", false},
		{"probe without vantage", map[string]string{"INPUT_COMMAND": "probe", "INPUT_RESULTS": "r.json"}, "input vantage: the command probe needs", true},
		{"probe without results", map[string]string{"INPUT_COMMAND": "probe", "INPUT_VANTAGE": "eu"}, "input results: the command probe needs", true},
		{"bad probe input", map[string]string{"INPUT_COMMAND": "run", "INPUT_PROBE": "no"}, "input probe: want true or false, got 'no'", true},
		{"bad command", map[string]string{"INPUT_COMMAND": "deploy"}, "input command: want run, check or probe, got 'deploy'", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.CommandContext(t.Context(), "bash", "../.github/action/candor.sh")
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "CANDOR_BIN=" + bin, "GITHUB_OUTPUT=" + filepath.Join(t.TempDir(), "out")}
			for k, v := range base {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			for k, v := range tt.inputs {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, err := cmd.CombinedOutput()
			if (err != nil) != tt.fail {
				t.Fatalf("candor.sh error = %v, want fail %v\n%s", err, tt.fail, out)
			}
			if tt.fail && !strings.Contains(string(out), tt.want) || !tt.fail && string(out) != tt.want {
				t.Errorf("candor.sh printed\n%s\nwant\n%s", out, tt.want)
			}
		})
	}
}
