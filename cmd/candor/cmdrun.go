package main

import (
	"context"
	"fmt"

	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/probe"
)

// cmdRun does one round and builds the site. Outages are data: it exits 0
// when components are down, and 1 only when it could not do its job.
func cmdRun(ctx context.Context, e *env, args []string) int {
	var o buildOptions
	fs := newFlags(e, "run")
	o.register(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return 2
	}
	now, err := o.clock(e)
	if err != nil {
		return fail(e, "run", err)
	}
	cfg, problems, err := config.ReadFile(o.config, e.getenv)
	if err != nil {
		return fail(e, "run", err)
	}
	if len(problems) > 0 {
		printProblems(e.stderr, problems)
		annotate(e, problems)
		return fail(e, "run", errProblems)
	}
	checker := probe.New(probe.Options{Getenv: e.getenv, UserAgent: probe.UserAgent(version, cfg.BaseURL)})
	r, err := round(ctx, e, o.config, cfg, checker, o.data, now)
	if err != nil {
		return fail(e, "run", err)
	}
	printRound(e.stdout, cfg, r)
	if len(r.content.Problems) > 0 {
		printProblems(e.stderr, r.content.Problems)
		annotate(e, r.content.Problems)
	}
	n, err := writeSite(o, cfg, r.content, measure(r.store, cfg, r.content, now), now)
	if err != nil {
		return fail(e, "run", err)
	}
	fmt.Fprintf(e.stdout, "built %d files in %s\n", n, o.out)
	return 0
}
