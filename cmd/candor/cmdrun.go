package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/probe"
)

// cmdRun does one round and builds the site. Outages are data: it exits 0
// when components are down, and 1 only when it could not do its job. In
// GitHub Actions it reads and writes the repository through the API.
func cmdRun(ctx context.Context, e *env, args []string) int {
	var o buildOptions
	fs := newFlags(e, "run")
	o.register(fs)
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	dataGiven := flagGiven(fs, "data")
	o.relative(fs)
	now, err := o.clock(e)
	if err != nil {
		return fail(e, "run", err)
	}
	cfg, problems, err := config.ReadFile(o.config, e.getenv)
	if err != nil {
		return fail(e, "run", err)
	}
	// A missing secret makes its component unknown this round; it must not
	// stop the others from being measured.
	missing, problems := splitMissingSecrets(problems)
	for _, p := range missing {
		fmt.Fprintf(e.stderr, "%s: the component is recorded as unknown\n", p.Error())
	}
	annotate(e, o.config, missing)
	if len(problems) > 0 {
		printProblems(e.stderr, problems)
		annotate(e, o.config, problems)
		return fail(e, "run", errProblems)
	}
	var gh *ghRun
	if inActions(e) {
		if gh, err = newGHRun(e, cfg, o.config); err != nil {
			return fail(e, "run", err)
		}
		if !dataGiven {
			// The data branch is pulled into a folder of its own, never
			// over a data/ folder the repository may hold.
			o.data = filepath.Join(cmp.Or(e.getenv("RUNNER_TEMP"), os.TempDir()), "candor-data")
		}
		if err := gh.pull(ctx, o.data); err != nil {
			return fail(e, "run", err)
		}
	}
	checker := probe.New(probe.Options{Getenv: e.getenv, UserAgent: probe.UserAgent(version, cfg.BaseURL)})
	r, err := round(ctx, e, o.config, cfg, checker, o.data, now)
	if err != nil {
		return fail(e, "run", err)
	}
	printRound(e.stdout, cfg, r)
	if r.blind && neverMeasured(r.store) {
		fmt.Fprintf(e.stderr, "candor run: every control check failed and nothing has been measured yet, so this machine cannot reach policy.control (%s): to try candor here, set policy.control in %s to a target this machine can reach; until then every round records unknown\n",
			strings.Join(cfg.Policy.Control, ", "), o.config)
	}
	if len(r.content.Problems) > 0 {
		printProblems(e.stderr, r.content.Problems)
		if gh != nil {
			gh.annotate(r.content.Problems)
		}
	}
	changed := false
	if gh != nil {
		// Commit before building, so the page shows what the repository
		// holds: a person's push since the checkout, and not a change the
		// branch's head made moot.
		if changed, err = gh.push(ctx, cfg, r, now); err != nil {
			return fail(e, "run", err)
		}
		if err := gh.sync(o.config, cfg, r); err != nil {
			return fail(e, "run", err)
		}
	}
	files, err := writeSite(o, cfg, r.content, measure(r.store, cfg, r.content, now), now)
	if err != nil {
		return fail(e, "run", err)
	}
	fmt.Fprintf(e.stdout, "built %d files in %s\n", len(files), o.out)
	if gh != nil {
		if err := gh.report(ctx, cfg, r, files, changed, o.out); err != nil {
			return fail(e, "run", err)
		}
	}
	if o.strict && len(r.content.Problems) > 0 {
		// Measured and published all the same: --strict only fails the exit.
		return fail(e, "run", errProblems)
	}
	return 0
}

// neverMeasured reports whether no round has judged any component yet:
// every round so far was blind (a blind round leaves the counts alone).
func neverMeasured(store *history.Store) bool {
	for _, st := range store.States() {
		if st.Failing+st.Passing > 0 {
			return false
		}
	}
	return true
}

// splitMissingSecrets separates unset ${NAME} problems from the rest.
func splitMissingSecrets(problems []candor.Problem) (missing, rest []candor.Problem) {
	for _, p := range problems {
		if config.MissingSecret(p) {
			missing = append(missing, p)
		} else {
			rest = append(rest, p)
		}
	}
	return missing, rest
}
