package main

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"
)

// commit is the commit the binary was built from, set at release time with
// -ldflags "-X main.commit=<sha>"; `candor init` pins the action to it.
var commit = ""

// initFiles are what `candor init` writes. Files ending in .tmpl are
// text/template with [[ ]] delimiters, so that GitHub's ${{ }} stays as is.
//
//go:embed all:initfiles
var initFiles embed.FS

// Actions the written workflows use, each pinned to the full commit of a
// release, with the release in a comment. Re-check them before bumping.
const (
	pinCheckout       = "34e114876b0b11c390a56381ad16ebd13914f8d5 # v4.3.1"
	pinUploadPages    = "56afc609e74202658d3ffba0e8f6dda462b719fa # v3.0.1"
	pinDeployPages    = "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e # v4.0.5"
	pinUploadArtifact = "ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2"
	pinDownloadArtf   = "d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0"
	candorAction      = "candor-status/candor"
)

// initData fills the templates.
type initData struct {
	Notify                                                               bool
	Branch                                                               string
	Checkout, UploadPages, DeployPages, UploadArtifact, DownloadArtifact string
	Candor                                                               string
	Started, Resolved                                                    string
	// Vantages is the workflow's mode with several vantage points
	// (vantageModes), "" for one.
	Vantages string
}

// vantageModes are the workflows candor init --vantages writes, by mode:
// a second opinion only when something fails, or every vantage point
// every round.
var vantageModes = [...]string{"second-opinion", "full"}

// vantageBlock declares the vantage points the workflows of --vantages
// probe from, with a quorum of two of the three.
const vantageBlock = `# Where candor probes from. A round counts a check as failing only when
# policy.quorum of the vantage points that could see agree; the workflow
# names each one. A machine of your own can be one too: see the README.
vantages:
  - id: github-ubuntu
    name: GitHub, Ubuntu runner
  - id: github-windows
    name: GitHub, Windows runner
  - id: github-macos
    name: GitHub, macOS runner

`

const quorumLine = "  quorum: 2                 # vantage points that must agree before a check counts as failing\n"

// withVantages adds the vantage points to the init config.
func withVantages(cfg []byte) ([]byte, error) {
	s := string(cfg)
	i := strings.Index(s, "\npolicy:\n")
	if i < 0 {
		return nil, errors.New("init config: no policy block to add vantage points before")
	}
	i++
	return []byte(s[:i] + vantageBlock + "policy:\n" + quorumLine + s[i+len("policy:\n"):]), nil
}

// cmdInit writes a starting config, content folders and the two workflows
// into DIR (default "."). It refuses to overwrite files without --force.
func cmdInit(ctx context.Context, e *env, args []string) int {
	fs := withArgs(newFlags(e, "init"), "candor init [DIR] [flags]: writes candor.yml, content/ and the workflows into DIR (default: here)")
	force := fs.Bool("force", false, "overwrite files that exist")
	notify := fs.Bool("notify", false, "open GitHub issues for incidents the monitor opens")
	branch := fs.String("branch", "main", "the repository's default branch")
	vantages := fs.Bool("vantages", false, "probe from several vantage points: a failure counts only when policy.quorum of them agree")
	mode := fs.String("vantage-mode", vantageModes[0], "with --vantages: second-opinion (other runners probe only what failed) or full (every runner, every round)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return usageCode(err)
	}
	if len(pos) > 1 || !slices.Contains(vantageModes[:], *mode) {
		fmt.Fprintln(e.stderr, "usage: candor init [DIR] [--force] [--notify] [--branch main] [--vantages [--vantage-mode second-opinion|full]]")
		return 2
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	d := newInitData(*notify, *branch, e.now())
	if *vantages {
		d.Vantages = *mode
	}
	files, err := renderInit(d)
	if err != nil {
		return fail(e, "init", err)
	}
	if err := writeInit(dir, files, *force); err != nil {
		return fail(e, "init", err)
	}
	for _, p := range sortedKeys(files) {
		fmt.Fprintf(e.stdout, "wrote %s\n", path.Join(filepath.ToSlash(dir), p))
	}
	fmt.Fprint(e.stdout, initNext)
	if d.Vantages != "" {
		fmt.Fprintf(e.stdout, initVantages, d.Vantages)
	}
	return 0
}

const initVantages = `
vantage points (%s): the workflow probes from GitHub's Ubuntu, Windows and
macOS runners, and a check counts as failing only when policy.quorum agree.
A machine of your own can be one more: declare it under vantages: and run,
on its own schedule,
  GITHUB_TOKEN=... candor probe --vantage eu-1 --push --repo OWNER/NAME
with a fine-grained token limited to this repository and the permission
Contents: read and write, nothing else. What each mode costs: the README.
`

const initNext = `
next:
  1. edit candor.yml: title, base_url, your components
  2. candor check
  3. try a round here: candor run (policy.control must be a target this machine reaches)
  4. commit and push, then set Settings → Pages → Source to "GitHub Actions"
`

func newInitData(notify bool, branch string, now time.Time) initData {
	started := now.UTC().Truncate(time.Minute).Add(-time.Hour)
	d := initData{Notify: notify, Branch: branch,
		Checkout: pinCheckout, UploadPages: pinUploadPages, DeployPages: pinDeployPages, UploadArtifact: pinUploadArtifact, DownloadArtifact: pinDownloadArtf,
		Candor:  candorAction + "@main # development build: pin a release commit",
		Started: started.Format(time.RFC3339), Resolved: started.Add(10 * time.Minute).Format(time.RFC3339)}
	if commit != "" {
		d.Candor = candorAction + "@" + commit + " # " + version
	}
	return d
}

// renderInit returns the files to write by slash path.
func renderInit(d initData) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(initFiles, "initfiles", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		b, err := initFiles.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "initfiles/")
		if mode, ok := strings.CutPrefix(rel, "vantages/"); ok {
			if mode != d.Vantages+".yml.tmpl" {
				return nil
			}
			rel = statusWorkflow + ".tmpl" // in place of the one-vantage workflow
		} else if rel == statusWorkflow+".tmpl" && d.Vantages != "" {
			return nil
		}
		if name, ok := strings.CutSuffix(rel, ".tmpl"); ok {
			if b, err = execute(rel, b, d); err != nil {
				return err
			}
			rel = name
		}
		switch rel {
		case "content/incidents/example.md":
			rel = "content/incidents/" + d.Started[:10] + "-status-page-set-up.md"
		case "gitignore": // stored without its dot so it ignores nothing here
			rel = gitignore
		}
		if rel == "candor.yml" && d.Vantages != "" {
			if b, err = withVantages(b); err != nil {
				return err
			}
		}
		out[rel] = b
		return nil
	})
	return out, err
}

// statusWorkflow is the round's workflow.
const statusWorkflow = ".github/workflows/status.yml"

func execute(name string, text []byte, d initData) ([]byte, error) {
	t, err := template.New(name).Delims("[[", "]]").Option("missingkey=error").Parse(string(text))
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	err = t.Execute(&b, d)
	return b.Bytes(), err
}

// gitignore keeps local measurements and builds out of commits. An existing
// one is added to, never replaced.
const gitignore = ".gitignore"

// writeInit writes files under dir. Unless force, it first checks that
// none exists, and writes nothing if one does. A .gitignore that exists
// gets the lines it lacks.
func writeInit(dir string, files map[string][]byte, force bool) error {
	if old, err := os.ReadFile(filepath.Join(dir, gitignore)); err == nil {
		files[gitignore] = mergeIgnore(old, files[gitignore])
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if !force {
		var exist []string
		for _, p := range sortedKeys(files) {
			if p == gitignore {
				continue
			}
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
				exist = append(exist, p)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		if len(exist) > 0 {
			return fmt.Errorf("%s already exist%s in %s; use --force to overwrite",
				strings.Join(exist, ", "), map[bool]string{true: "s", false: ""}[len(exist) == 1], dir)
		}
	}
	for _, p := range sortedKeys(files) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(full, files[p], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// mergeIgnore is old with the patterns of add it lacks appended.
func mergeIgnore(old, add []byte) []byte {
	norm := func(l string) string { return strings.Trim(strings.TrimSpace(l), "/") }
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[norm(l)] = true
	}
	var missing []string
	for _, l := range strings.Split(string(add), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") && !have[norm(l)] {
			missing = append(missing, l)
		}
	}
	if len(missing) == 0 {
		return old
	}
	out := append([]byte(nil), old...)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	out = append(out, "# candor's local measurements and site\n"...)
	return append(out, strings.Join(missing, "\n")+"\n"...)
}

func sortedKeys(m map[string][]byte) []string { return slices.Sorted(maps.Keys(m)) }
