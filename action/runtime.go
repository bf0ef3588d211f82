// Package action is candor's glue to GitHub: the Actions runtime (inputs,
// outputs, step summary, annotations, masks) and the repository through the
// REST API (files, commits, issues, the workflow's schedule).
package action

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/sethvargo/go-githubactions"
)

// MaxAnnotations is how many error annotations Actions shows for one step;
// Annotate summarises the rest in one more.
const MaxAnnotations = 10

// Inputs are the action's inputs, with action.yml's defaults applied.
type Inputs struct {
	Command    string // run, check or probe
	Config     string // path of candor.yml
	Token      string
	DataBranch string
	Out        string // folder the site is built into
	Notify     bool   // open GitHub issues for incidents the monitor opens
}

// Runtime speaks to the Actions runner. Outside Actions (GITHUB_ACTIONS
// unset) it still works: outputs and the summary are skipped, annotations
// and masks are plain lines on the writer.
type Runtime struct {
	a      *githubactions.Action
	getenv func(string) string
}

// NewRuntime returns a Runtime reading the environment through getenv and
// writing workflow commands to w (the step's standard output).
func NewRuntime(getenv func(string) string, w io.Writer) *Runtime {
	a := githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(w))
	return &Runtime{a: a, getenv: getenv}
}

// InActions reports whether the process runs inside a GitHub Actions job.
func (rt *Runtime) InActions() bool { return rt.getenv("GITHUB_ACTIONS") == "true" }

// Inputs reads the INPUT_* variables that action.yml maps in its env:
// block. It fails on a command or notify value it does not know.
func (rt *Runtime) Inputs() (Inputs, error) {
	in := Inputs{
		Command:    or(rt.a.GetInput("command"), "run"),
		Config:     or(rt.a.GetInput("config"), "candor.yml"),
		Token:      rt.a.GetInput("token"),
		DataBranch: or(rt.a.GetInput("data-branch"), "candor-data"),
		Out:        or(rt.a.GetInput("out"), "public"),
	}
	if in.Command != "run" && in.Command != "check" && in.Command != "probe" {
		return in, fmt.Errorf("input command: want run, check or probe, got %q", in.Command)
	}
	if v := rt.a.GetInput("notify"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return in, fmt.Errorf("input notify: want true or false, got %q", v)
		}
		in.Notify = b
	}
	return in, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Outputs are what a round reports to later steps.
type Outputs struct {
	Status   string // the overall indicator: none, minor, major, critical, maintenance or unknown
	Changed  bool   // content or data was committed
	Opened   int    // incidents the monitor opened
	Resolved int    // incidents the monitor resolved
	Site     string // the built folder
}

// SetOutputs writes the outputs to the file GITHUB_OUTPUT names. Without
// it (outside Actions) it does nothing.
func (rt *Runtime) SetOutputs(o Outputs) error {
	if rt.getenv("GITHUB_OUTPUT") == "" {
		return nil
	}
	return catch(func() {
		rt.a.SetOutput("status", o.Status)
		rt.a.SetOutput("changed", strconv.FormatBool(o.Changed))
		rt.a.SetOutput("opened", strconv.Itoa(o.Opened))
		rt.a.SetOutput("resolved", strconv.Itoa(o.Resolved))
		rt.a.SetOutput("site", o.Site)
	})
}

// ProbeOutputs are what candor probe reports to later steps and jobs.
type ProbeOutputs struct {
	// Failing are the components a second opinion should check: those
	// that failed, or every one probed when the vantage point was blind.
	Failing []string
	Results string // the results file written, "" when none
	// At is when the round began, as the results file says: the confirm
	// job dates the round it records with it (candor run --round-at).
	At time.Time
}

// SetProbeOutputs writes failing (comma-separated), results and at to the file
// GITHUB_OUTPUT names. Without it (outside Actions) it does nothing.
func (rt *Runtime) SetProbeOutputs(o ProbeOutputs) error {
	if rt.getenv("GITHUB_OUTPUT") == "" {
		return nil
	}
	return catch(func() {
		rt.a.SetOutput("failing", strings.Join(o.Failing, ","))
		rt.a.SetOutput("results", o.Results)
		if !o.At.IsZero() {
			rt.a.SetOutput("at", o.At.UTC().Format(time.RFC3339))
		}
	})
}

// Summary appends markdown to the step summary, the file
// GITHUB_STEP_SUMMARY names. Without it (outside Actions) it does nothing.
func (rt *Runtime) Summary(markdown string) error {
	if rt.getenv("GITHUB_STEP_SUMMARY") == "" {
		return nil
	}
	return catch(func() { rt.a.AddStepSummary(markdown) })
}

// catch turns go-githubactions' panics on a failed write into an error.
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("actions runtime: %v", r)
		}
	}()
	f()
	return nil
}

// Annotate emits an error annotation at file and line for each problem, at
// most MaxAnnotations, then one that counts the rest: Actions would drop
// them silently. Paths are repository-relative, without "./".
func (rt *Runtime) Annotate(problems []candor.Problem) {
	for i, p := range problems {
		if i == MaxAnnotations-1 && len(problems) > MaxAnnotations {
			rt.a.Errorf("%d more problems in content; run candor check locally to see them all", len(problems)-i)
			return
		}
		rt.a.WithFieldsMap(fields(p)).Errorf("%s", message(p))
	}
}

func fields(p candor.Problem) map[string]string {
	f := map[string]string{"file": strings.TrimPrefix(p.Path, "./"), "title": "candor"}
	if p.Line > 0 {
		f["line"] = strconv.Itoa(p.Line)
	}
	if p.Col > 0 {
		f["col"] = strconv.Itoa(p.Col)
	}
	return f
}

func message(p candor.Problem) string {
	if p.Field != "" {
		return p.Field + ": " + p.Message
	}
	return p.Message
}

// Mask hides each non-empty value in later log lines. Call it with every
// secret the config expands, before anything could print one.
func (rt *Runtime) Mask(values []string) {
	for _, v := range values {
		for _, line := range strings.Split(v, "\n") {
			if strings.TrimSpace(line) != "" {
				rt.a.AddMask(line)
			}
		}
	}
}

// Warn emits a warning annotation without a file.
func (rt *Runtime) Warn(format string, args ...any) { rt.a.Warningf(format, args...) }
