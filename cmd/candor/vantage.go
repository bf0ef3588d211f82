package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/action"
	"github.com/candor-status/candor/internal/atomicfile"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/probe"
	"github.com/candor-status/candor/repofile"
)

// vantageOptions are candor probe's flags for a vantage point's round.
type vantageOptions struct {
	vantage, out, only, shardText string
	push                          bool
	dataBranch, repo              string
	shard                         monitor.Shard
}

func (o *vantageOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.vantage, "vantage", "", "probe as this vantage point, one of candor.yml's vantages (needed by --out and --push)")
	fs.StringVar(&o.out, "out", "", "write the vantage point's results file here")
	fs.StringVar(&o.only, "components", "", "probe only these components: ids, comma-separated")
	fs.StringVar(&o.shardText, "shard", "", "probe only part i of n of the components, as i/n")
	fs.BoolVar(&o.push, "push", false, "commit the results file to the data branch through the GitHub API (needs GITHUB_TOKEN)")
	fs.StringVar(&o.dataBranch, "data-branch", "candor-data", "the branch --push commits to")
	fs.StringVar(&o.repo, "repo", "", "owner/name of the repository --push commits to (default $GITHUB_REPOSITORY, else candor.yml's repository)")
}

// check validates the flags against each other.
func (o *vantageOptions) check() error {
	if (o.out != "" || o.push) && o.vantage == "" {
		return errors.New("--out and --push need --vantage NAME: the vantage point the results stand for")
	}
	if o.shardText != "" {
		s, err := monitor.ParseShard(o.shardText)
		if err != nil {
			return fmt.Errorf("--shard: %w", err)
		}
		o.shard = s
	}
	return nil
}

// components are the components to probe, in the config's order: those
// --components names (all when it is empty), then the part --shard picks
// of the probed ones. Components without a probe come along only when
// --components is empty, to be printed as having none.
func (o *vantageOptions) components(cfg *candor.Config) ([]candor.Component, error) {
	if o.vantage != "" && !cfg.Vantage(o.vantage) {
		return nil, unknownVantage(cfg, "--vantage", o.vantage)
	}
	comps := cfg.Components
	if o.only != "" {
		asked := map[string]bool{}
		for _, id := range strings.Split(o.only, ",") {
			c, ok := cfg.Component(strings.TrimSpace(id))
			switch {
			case !ok:
				return nil, fmt.Errorf("--components: candor.yml has no component %q", strings.TrimSpace(id))
			case c.Probe == nil:
				return nil, fmt.Errorf("--components: %s has no probe", c.ID)
			}
			asked[c.ID] = true
		}
		// In the config's order, whatever the order asked: every shard
		// of a matrix splits the same list.
		comps = slices.DeleteFunc(slices.Clone(cfg.Components), func(c candor.Component) bool { return !asked[c.ID] })
	}
	var out []candor.Component
	k := 0
	for _, c := range comps {
		if c.Probe == nil {
			out = append(out, c) // printed as having no probe
			continue
		}
		if o.shard.Has(k) {
			out = append(out, c)
		}
		k++
	}
	return out, nil
}

func unknownVantage(cfg *candor.Config, flag, id string) error {
	var ids []string
	for _, v := range cfg.Vantages {
		ids = append(ids, v.ID)
	}
	if len(ids) == 0 {
		return fmt.Errorf("%s %s: candor.yml declares no vantages", flag, id)
	}
	return fmt.Errorf("%s %s: not among candor.yml's vantages (%s)", flag, id, strings.Join(ids, ", "))
}

// deliver writes the results file, pushes it, and in Actions sets the
// step's outputs: failing, the components a second opinion should check
// (every probed one when the vantage point was blind), and results.
func (o *vantageOptions) deliver(ctx context.Context, e *env, cfg *candor.Config, v monitor.Vantage) error {
	body := monitor.EncodeResults(v)
	if o.out != "" {
		if err := atomicfile.WriteFile(o.out, body); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "wrote the results of %s to %s\n", v.Name, o.out)
	}
	if o.push {
		if err := o.pushResults(ctx, e, cfg, v, body); err != nil {
			return err
		}
	}
	if inActions(e) {
		return action.NewRuntime(e.getenv, e.stdout).SetProbeOutputs(action.ProbeOutputs{Failing: failing(v), Results: o.out, At: v.At})
	}
	return nil
}

// failing are the components of v a second opinion should check.
func failing(v monitor.Vantage) []string {
	var out []string
	for _, r := range v.Results {
		if v.Blind || r.Outcome.Failing() {
			out = append(out, r.Component)
		}
	}
	return out
}

// pushedPath is where --push puts a vantage point's results in the data
// branch: one file per vantage point (and shard), replaced by each push.
func pushedPath(v monitor.Vantage) string {
	return monitor.PushedDir + "/" + v.Source() + ".json"
}

// pushResults commits the results file to the data branch as a
// compare-and-swap commit, re-applied when another writer moved the branch
// first. A newer file of the same vantage point already there is kept.
func (o *vantageOptions) pushResults(ctx context.Context, e *env, cfg *candor.Config, v monitor.Vantage, body []byte) error {
	token := e.getenv("GITHUB_TOKEN")
	if token == "" {
		return errors.New("--push: set GITHUB_TOKEN to a token that may write contents of the repository")
	}
	repo := cmp.Or(o.repo, e.getenv("GITHUB_REPOSITORY"), cfg.Repository)
	getenv := func(k string) string {
		if k == "GITHUB_REPOSITORY" {
			return repo
		}
		return e.getenv(k)
	}
	r, err := action.NewRepo(getenv, token, action.Options{DataBranch: o.dataBranch})
	if err != nil {
		return fmt.Errorf("--push: %w (name it with --repo owner/name)", err)
	}
	p := pushedPath(v)
	committed, err := r.Commit(ctx, o.dataBranch, "candor: results of "+v.Name+" at "+stamp(v.At), func(cur map[string][]byte) (map[string][]byte, error) {
		if old, ok := cur[p]; ok {
			if prev, probs := monitor.DecodeResults(p, old); len(probs) == 0 && prev.At.After(v.At) {
				return nil, nil // a newer round of this vantage point is there already
			}
		}
		return map[string][]byte{p: body}, nil
	})
	if err != nil {
		return fmt.Errorf("--push: %w", err)
	}
	if committed {
		fmt.Fprintf(e.stdout, "pushed the results of %s to %s:%s in %s\n", v.Name, o.dataBranch, p, repo)
	} else {
		fmt.Fprintf(e.stdout, "%s:%s already holds these results or newer ones: nothing pushed\n", o.dataBranch, p)
	}
	return nil
}

// userAgent names candor, the page and the vantage point in every request,
// so a target's operators can tell which location checked them.
func userAgent(cfg *candor.Config, vantage string) string {
	ua := probe.UserAgent(version, cfg.BaseURL)
	if vantage != "" {
		ua += " vantage/" + vantage
	}
	return ua
}

// readResults reads the results files (*.json) of dir, by their path as
// given; other files are not results and are left alone. A folder that is
// not there holds none: a workflow whose other vantage points all failed
// to report still records the round, and says so.
func readResults(e *env, dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		msg := fmt.Sprintf("--results: no folder %s: no other vantage point's results to merge", dir)
		fmt.Fprintln(e.stderr, msg)
		warn(e, "%s", msg)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("--results: %w", err)
	}
	out := map[string][]byte{}
	for _, de := range entries {
		if de.IsDir() || !strings.HasSuffix(de.Name(), ".json") {
			continue
		}
		p := filepath.Join(dir, de.Name())
		b, err := repofile.ReadFile(p, monitor.MaxResultsFile)
		var refused *repofile.RefusedError
		if errors.As(err, &refused) { // a link, a device, too big: not a results file
			msg := fmt.Sprintf("%s: refused: %s", filepath.ToSlash(p), refused.Reason)
			fmt.Fprintln(e.stderr, msg)
			warn(e, "%s", msg)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("--results: %w", err)
		}
		out[filepath.ToSlash(p)] = b
	}
	return out, nil
}
