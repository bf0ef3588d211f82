package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/incident"
	"github.com/rhysd/actionlint"
)

// lint runs actionlint over the workflow files and returns its errors as
// text; shellcheck and pyflakes are not run (not on every machine).
func lint(t *testing.T, files []string) string {
	t.Helper()
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Color: actionlint.ColorOptionKindNever, Oneline: true, LogWriter: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFiles(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) > 0 {
		return out.String()
	}
	return ""
}

func TestProjectWorkflowsPassActionlint(t *testing.T) {
	files, _ := filepath.Glob("../../.github/workflows/*.yml")
	if len(files) < 2 {
		t.Fatalf("found %d project workflows, want ci and release at least", len(files))
	}
	if msg := lint(t, files); msg != "" {
		t.Errorf("actionlint:\n%s", msg)
	}
}

func TestInitWorkflowsPassActionlint(t *testing.T) {
	for _, notify := range []bool{false, true} {
		for _, pinned := range []string{"", "0123456789abcdef0123456789abcdef01234567"} {
			d := newInitData(notify, "main", time.Now())
			if pinned != "" {
				d.Candor = candorAction + "@" + pinned + " # v1.2.3"
			}
			dir := t.TempDir()
			files, err := renderInit(d)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeInit(dir, files, false); err != nil {
				t.Fatal(err)
			}
			wf, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
			if len(wf) != 2 {
				t.Fatalf("init wrote %d workflows, want 2", len(wf))
			}
			if msg := lint(t, wf); msg != "" {
				t.Errorf("notify=%v pinned=%q: actionlint:\n%s", notify, pinned, msg)
			}
		}
	}
}

// TestActionlintCatchesBrokenWorkflow keeps the two tests above honest.
func TestActionlintCatchesBrokenWorkflow(t *testing.T) {
	files, err := renderInit(newInitData(false, "main", time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	for name, breakIt := range map[string]func(string) string{
		"unknown permission": func(s string) string { return strings.Replace(s, "pages: write", "pagez: write", 1) },
		"bad cron":           func(s string) string { return strings.Replace(s, "3-58/5 * * * *", "every 5 minutes", 1) },
		"unknown step output": func(s string) string {
			return strings.Replace(s, "steps.candor.outputs.site", "steps.nothing.outputs.site", 1)
		},
	} {
		p := filepath.Join(t.TempDir(), "status.yml")
		if err := os.WriteFile(p, []byte(breakIt(string(files[".github/workflows/status.yml"]))), 0o644); err != nil {
			t.Fatal(err)
		}
		if lint(t, []string{p}) == "" {
			t.Errorf("%s: actionlint passed a broken workflow", name)
		}
	}
}

var fullPin = regexp.MustCompile(`uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$`)

func TestInitPinsEveryAction(t *testing.T) {
	d := newInitData(true, "trunk", time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC))
	d.Candor = candorAction + "@0123456789abcdef0123456789abcdef01234567 # v1.2.3"
	files, err := renderInit(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{".github/workflows/status.yml", ".github/workflows/status-check.yml"} {
		n := 0
		for _, line := range strings.Split(string(files[p]), "\n") {
			if !strings.Contains(line, "uses:") {
				continue
			}
			n++
			if !fullPin.MatchString(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))) {
				t.Errorf("%s: %q is not pinned to a full commit with its version", p, line)
			}
		}
		if n < 3 {
			t.Errorf("%s: %d actions, want at least 3", p, n)
		}
	}
	status := string(files[".github/workflows/status.yml"])
	for _, want := range []string{"issues: write", "notify: true", `branches: ["trunk"]`, "cancel-in-progress: false", "actions: write"} {
		if !strings.Contains(status, want) {
			t.Errorf("status.yml with --notify lacks %q", want)
		}
	}
	plain, _ := renderInit(newInitData(false, "main", time.Now()))
	if s := string(plain[".github/workflows/status.yml"]); strings.Contains(s, "issues: write") || strings.Contains(s, "notify:") {
		t.Error("status.yml without --notify asks for issues: write")
	}
}

func TestInitContentParses(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 7, 31, 0, time.UTC)
	files, err := renderInit(newInitData(false, "main", now))
	if err != nil {
		t.Fatal(err)
	}
	cfg, problems := config.Parse("candor.yml", files["candor.yml"], nil)
	if len(problems) > 0 {
		t.Fatalf("candor.yml: %v", problems)
	}
	kinds := map[string]bool{}
	for _, c := range cfg.Components {
		kinds[c.Probe.Kind()] = true
	}
	for _, k := range []string{"http", "tcp", "dns", "tls", ""} {
		if !kinds[k] {
			t.Errorf("candor.yml has no component with probe kind %q", k)
		}
	}
	p := "content/incidents/2026-11-26-status-page-set-up.md"
	inc, problems := incident.ParseIncident(p, files[p], func(id string) bool { _, ok := cfg.Component(id); return ok })
	if len(problems) > 0 || inc == nil {
		t.Fatalf("%s: %v", p, problems)
	}
	if inc.Open() || !inc.Started.Equal(time.Date(2026, 11, 26, 14, 7, 0, 0, time.UTC)) {
		t.Errorf("example incident: open %v, started %v; want resolved, started an hour before init", inc.Open(), inc.Started)
	}
}
