package action

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestFetchScript runs action.yml's download step (.github/action/fetch.sh)
// against a fake release server: the release binary is used only at the
// release's tag or commit, and only with a matching sha256.
func TestFetchScript(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	binary := []byte("#!/bin/sh\necho candor\n")
	sum := sha256.Sum256(binary)
	good := hex.EncodeToString(sum[:]) + "  candor_linux_amd64\n" + hex.EncodeToString(sum[:]) + "  candor_windows_arm64.exe\n"
	tests := []struct {
		name, ref, os, arch, checksums string
		missing                        bool
		wantBin                        string // file name; "" for build from source
		wantFail                       bool
	}{
		{name: "tag", ref: "v0.1.0", os: "Linux", arch: "X64", checksums: good, wantBin: "candor_linux_amd64"},
		{name: "release commit", ref: sha, os: "Linux", arch: "X64", checksums: good, wantBin: "candor_linux_amd64"},
		{name: "windows arm", ref: "v0.1.0", os: "Windows", arch: "ARM64", checksums: good, wantBin: "candor_windows_arm64.exe"},
		{name: "other commit", ref: strings.Repeat("f", 40), os: "Linux", arch: "X64", checksums: good},
		{name: "branch", ref: "main", os: "Linux", arch: "X64", checksums: good},
		{name: "local action", ref: "", os: "Linux", arch: "X64", checksums: good},
		{name: "no release", ref: "v0.1.0", os: "Linux", arch: "X64", missing: true},
		{name: "unknown arch", ref: "v0.1.0", os: "Linux", arch: "ARM", checksums: good},
		{name: "bad checksum", ref: "v0.1.0", os: "Linux", arch: "X64", checksums: strings.Repeat("0", 64) + "  candor_linux_amd64\n", wantFail: true},
		{name: "not in checksums", ref: "v0.1.0", os: "Linux", arch: "X64", checksums: "abc  other\n", wantFail: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var got []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				got = append(got, r.URL.Path)
				mu.Unlock()
				name, ok := strings.CutPrefix(r.URL.Path, "/acme/candor/releases/download/v0.1.0/")
				switch {
				case !ok || tt.missing:
					http.NotFound(w, r)
				case name == "commit.txt":
					w.Write([]byte(sha + "\n"))
				case name == "checksums.txt":
					w.Write([]byte(tt.checksums))
				case strings.HasPrefix(name, "candor_"):
					w.Write(binary)
				default:
					t.Errorf("unexpected request %s", r.URL.Path)
					http.NotFound(w, r)
				}
			}))
			defer srv.Close()
			tmp := t.TempDir()
			out := filepath.Join(tmp, "output")
			cmd := exec.CommandContext(t.Context(), "bash", "../.github/action/fetch.sh")
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "RUNNER_OS=" + tt.os, "RUNNER_ARCH=" + tt.arch,
				"RUNNER_TEMP=" + tmp, "GITHUB_OUTPUT=" + out, "GITHUB_SERVER_URL=" + srv.URL,
				"ACTION_REPO=acme/candor", "CANDOR_VERSION=v0.1.0", "ACTION_REF=" + tt.ref}
			log, err := cmd.CombinedOutput()
			if (err != nil) != tt.wantFail {
				t.Fatalf("fetch.sh error = %v, wantFail %v\n%s", err, tt.wantFail, log)
			}
			outputs, _ := os.ReadFile(out)
			if tt.wantBin == "" {
				if len(outputs) > 0 {
					t.Errorf("outputs = %q, want none (build from source)\n%s", outputs, log)
				}
				for _, p := range got {
					if strings.Contains(p, "/candor_") && !tt.wantFail && !tt.missing {
						t.Errorf("downloaded %s though it will not be used", p)
					}
				}
				return
			}
			bin, ok := strings.CutPrefix(strings.TrimSpace(string(outputs)), "bin=")
			if !ok || filepath.Base(bin) != tt.wantBin {
				t.Fatalf("outputs = %q, want bin=.../%s\n%s", outputs, tt.wantBin, log)
			}
			b, err := os.ReadFile(bin)
			if err != nil || string(b) != string(binary) {
				t.Errorf("binary = %q, %v", b, err)
			}
			if st, _ := os.Stat(bin); st.Mode()&0o100 == 0 {
				t.Error("binary is not executable")
			}
		})
	}
}
