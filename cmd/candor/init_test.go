package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/incident"
	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"
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

func TestInitVantagesWorkflows(t *testing.T) {
	for _, mode := range vantageModes {
		for _, notify := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s notify=%v", mode, notify), func(t *testing.T) {
				d := newInitData(notify, "trunk", time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC))
				d.Candor = candorAction + "@0123456789abcdef0123456789abcdef01234567 # v1.2.3"
				d.Vantages = mode
				files, err := renderInit(d)
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				if err := writeInit(dir, files, false); err != nil {
					t.Fatal(err)
				}
				wf, _ := filepath.Glob(filepath.Join(dir, ".github", "workflows", "*.yml"))
				if len(wf) != 2 {
					t.Fatalf("init --vantages wrote %d workflows, want 2", len(wf))
				}
				if msg := lint(t, wf); msg != "" {
					t.Errorf("actionlint:\n%s", msg)
				}
				status := string(files[statusWorkflow])
				for _, line := range strings.Split(status, "\n") {
					if l := strings.TrimPrefix(strings.TrimSpace(line), "- "); strings.HasPrefix(l, "uses:") && !fullPin.MatchString(l) {
						t.Errorf("%q is not pinned to a full commit with its version", line)
					}
				}
				cfg, problems := config.Parse("candor.yml", files["candor.yml"], nil)
				if len(problems) > 0 {
					t.Fatalf("candor.yml: %v", problems)
				}
				if cfg.Policy.Quorum != 2 || len(cfg.Vantages) != 3 {
					t.Errorf("config: quorum %d, %d vantages; want 2 of 3", cfg.Policy.Quorum, len(cfg.Vantages))
				}
				// Every vantage point the workflow probes as is declared,
				// and each one is probed somewhere.
				named := map[string]bool{}
				for _, m := range regexp.MustCompile(`vantage: ([a-z-]+)`).FindAllStringSubmatch(status, -1) {
					named[m[1]] = true
					if !cfg.Vantage(m[1]) {
						t.Errorf("the workflow probes as %q, which candor.yml does not declare", m[1])
					}
				}
				for _, v := range cfg.Vantages {
					if !named[v.ID] {
						t.Errorf("no job probes as %s", v.ID)
					}
				}
				if strings.Contains(status, "issues: write") != notify || strings.Contains(status, "notify: true") != notify {
					t.Errorf("notify=%v: issues permission and input do not follow it", notify)
				}
				checkVantageJobs(t, mode, []byte(status))
			})
		}
	}
	plain, _ := renderInit(newInitData(false, "main", time.Now()))
	if strings.Contains(string(plain["candor.yml"]), "vantages:") || strings.Contains(string(plain[statusWorkflow]), "command: probe") {
		t.Error("init without --vantages declares vantage points")
	}
}

// checkVantageJobs reads the workflow's jobs: who probes what, who
// decides, and that publishing is done once per round by the job that
// records.
func checkVantageJobs(t *testing.T, mode string, status []byte) {
	t.Helper()
	var wf struct {
		Permissions map[string]string
		Jobs        map[string]struct {
			Needs    any
			If       string
			RunsOn   any `yaml:"runs-on"`
			Strategy struct {
				Matrix struct{ Include []map[string]string }
			}
			Permissions map[string]string
			Outputs     map[string]string
			Steps       []struct {
				ID   string
				If   string
				Uses string
				With map[string]string
			}
		}
	}
	if err := yaml.Unmarshal(status, &wf); err != nil {
		t.Fatal(err)
	}
	if wf.Permissions["contents"] != "read" || len(wf.Permissions) != 1 {
		t.Errorf("workflow permissions = %v, want contents: read, the jobs that write asking for more", wf.Permissions)
	}
	deciders := map[string]string{"second-opinion": "confirm", "full": "round"}
	var recorders []string
	for name, job := range wf.Jobs {
		for _, st := range job.Steps {
			if strings.HasPrefix(st.Uses, candorAction+"@") && st.With["command"] == "" {
				recorders = append(recorders, name)
				if st.With["results"] != "results" {
					t.Errorf("%s: candor run merges %q, want the downloaded results", name, st.With["results"])
				}
			}
			if strings.HasPrefix(st.Uses, candorAction+"@") && st.With["command"] == "probe" && job.Permissions["contents"] == "write" && name != "round" {
				t.Errorf("%s probes with contents: write", name)
			}
		}
	}
	slices.Sort(recorders)
	want := []string{deciders[mode]}
	if mode == "second-opinion" {
		want = []string{"confirm", "round"} // round only on a quiet round
	}
	if !slices.Equal(recorders, want) {
		t.Errorf("jobs running candor run = %v, want %v", recorders, want)
	}
	decide := wf.Jobs[deciders[mode]]
	if !strings.Contains(decide.If, "!cancelled()") {
		t.Errorf("%s runs only if every vantage point's job succeeded: if = %q", deciders[mode], decide.If)
	}
	// Nothing a recording job waits for runs on a self-hosted runner: a job
	// whose labels no runner online has stays queued for a day or two, and
	// the round with it. Self-hosted machines push instead.
	for name, job := range wf.Jobs {
		labels := []string{fmt.Sprint(job.RunsOn)}
		for _, m := range job.Strategy.Matrix.Include {
			labels = append(labels, m["runner"])
		}
		for _, l := range labels {
			if l != "${{ matrix.runner }}" && !slices.Contains([]string{"ubuntu-latest", "windows-latest", "macos-latest"}, l) {
				t.Errorf("%s runs on %q, not one of GitHub's own runners", name, l)
			}
		}
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.Contains(line, "runs-on: [self-hosted") || strings.Contains(line, "runner: [self-hosted") {
			t.Errorf("the workflow proposes a self-hosted runner for a job the round waits for: %q", strings.TrimSpace(line))
		}
	}
	if !strings.Contains(string(status), "candor probe --vantage ID --push") {
		t.Error("the workflow does not say how a machine of one's own becomes a vantage point")
	}
	if mode == "second-opinion" {
		round := wf.Jobs["round"]
		// The round the confirm job records is the one the first opinion
		// measured, whenever the confirm job runs.
		if round.Outputs["at"] != "${{ steps.first.outputs.at }}" {
			t.Errorf("round does not pass its round's time on: outputs %v", round.Outputs)
		}
		for job, want := range map[string]string{"round": "${{ steps.first.outputs.at }}", "confirm": "${{ needs.round.outputs.at }}"} {
			for _, st := range wf.Jobs[job].Steps {
				if strings.HasPrefix(st.Uses, candorAction+"@") && st.With["command"] == "" && st.With["round-at"] != want {
					t.Errorf("%s records its round at %q, want %q", job, st.With["round-at"], want)
				}
			}
		}
	}
	if mode == "second-opinion" {
		round, second := wf.Jobs["round"], wf.Jobs["second-opinion"]
		if round.Outputs["failing"] != "${{ steps.first.outputs.failing }}" || second.If != "needs.round.outputs.failing != ''" {
			t.Errorf("the second opinion is not asked for only on a failure: outputs %v, if %q", round.Outputs, second.If)
		}
		for _, st := range round.Steps {
			if (st.ID == "candor" || st.ID == "deploy" || strings.Contains(st.Uses, "upload-pages")) && st.If != "steps.first.outputs.failing == ''" {
				t.Errorf("round: step %s %s runs on a failing round too (if %q): the confirm job publishes then", st.ID, st.Uses, st.If)
			}
		}
		probe := second.Steps[1]
		if probe.With["components"] != "${{ needs.round.outputs.failing }}" {
			t.Errorf("the second opinion probes %q, want only the failing components", probe.With["components"])
		}
	}
}
