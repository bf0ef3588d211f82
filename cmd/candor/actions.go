package main

import (
	"cmp"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action"
	"github.com/candor-status/candor/notify"
	"github.com/candor-status/candor/probe"
)

// inActions reports whether the command runs as a step of a GitHub
// Actions job.
func inActions(e *env) bool { return e.getenv("GITHUB_ACTIONS") == "true" }

// annotate reports problems as error annotations at file and line when
// running in Actions.
func annotate(e *env, cfgPath string, problems []candor.Problem) {
	if inActions(e) && len(problems) > 0 {
		action.NewRuntime(e.getenv, e.stdout).Annotate(inRepo(e, cfgPath, problems))
	}
}

// ghRun is candor run inside Actions: measurements come from and go to the
// data branch, incident files the monitor writes go to the default branch,
// both through the GitHub API as compare-and-swap commits.
type ghRun struct {
	e      *env
	rt     *action.Runtime
	in     action.Inputs
	repo   *action.Repo
	branch string // the default branch
	prefix string // the config's folder inside the repository
}

func newGHRun(e *env, cfg *candor.Config, cfgPath string) (*ghRun, error) {
	rt := action.NewRuntime(e.getenv, e.stdout)
	in, err := rt.Inputs()
	if err != nil {
		return nil, err
	}
	secrets, _ := probe.Secrets(*cfg, e.getenv)
	rt.Mask(append(secrets, notify.Secrets(cfg, e.getenv)...))
	token := in.Token
	if token == "" {
		token = e.getenv("GITHUB_TOKEN")
	}
	repo, err := action.NewRepo(e.getenv, token, action.Options{DataBranch: in.DataBranch})
	if err != nil {
		return nil, err
	}
	branch := e.getenv("GITHUB_REF_NAME")
	if branch == "" || e.getenv("GITHUB_REF_TYPE") == "tag" {
		branch = cfg.Branch
	}
	prefix, err := repoPrefix(e.getenv, cfgPath)
	if err != nil {
		return nil, err
	}
	return &ghRun{e: e, rt: rt, in: in, repo: repo, branch: branch, prefix: prefix}, nil
}

// repoPrefix is the config's folder as a slash path inside the repository
// ("" at its root), for the paths of the commits. The repository's root is
// the nearest folder above the config holding .git (actions/checkout may
// check out into a subfolder), else GITHUB_WORKSPACE, else the working
// folder.
func repoPrefix(getenv func(string) string, cfgPath string) (string, error) {
	dir, err := filepath.Abs(filepath.Dir(cfgPath))
	if err != nil {
		return "", err
	}
	root := gitRoot(dir)
	if root == "" {
		if root, err = filepath.Abs(cmp.Or(getenv("GITHUB_WORKSPACE"), ".")); err != nil {
			return "", err
		}
	}
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("config %s is outside the repository checked out at %s", cfgPath, root)
	}
	if rel == "." {
		return "", nil
	}
	return filepath.ToSlash(rel), nil
}

// inRepo makes problem paths repository-relative for annotations: the
// config's own problems carry its path as given, content problems a path
// relative to the config's folder.
func inRepo(e *env, cfgPath string, problems []candor.Problem) []candor.Problem {
	prefix, err := repoPrefix(e.getenv, cfgPath)
	if err != nil {
		return problems
	}
	out := slices.Clone(problems)
	for i := range out {
		if out[i].Path == cfgPath {
			out[i].Path = path.Join(prefix, filepath.Base(cfgPath))
		} else {
			out[i].Path = path.Join(prefix, out[i].Path)
		}
	}
	return out
}

// gitRoot is the nearest folder from dir upwards that holds .git, or "".
func gitRoot(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return ""
		}
		dir = up
	}
}

// annotate reports content problems, whose paths are relative to the
// config's folder, at their files in the repository.
func (g *ghRun) annotate(problems []candor.Problem) {
	g.rt.Annotate(g.inRepo(problems))
}

func (g *ghRun) inRepo(problems []candor.Problem) []candor.Problem {
	out := slices.Clone(problems)
	for i := range out {
		out[i].Path = path.Join(g.prefix, out[i].Path)
	}
	return out
}

func (g *ghRun) rel(p string) (string, bool) {
	if g.prefix == "" {
		return p, true
	}
	return strings.CutPrefix(p, g.prefix+"/")
}
