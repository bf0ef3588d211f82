package main

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/probe"
	"github.com/candor-status/candor/workdir"
)

// cmdRun does one round and builds the site. Outages are data: it exits 0
// when components are down, and 1 only when it could not do its job. In
// GitHub Actions it reads and writes the repository through the API;
// locally the working directory, with the data folder locked.
func cmdRun(ctx context.Context, e *env, args []string) int {
	var o buildOptions
	fs := newFlags(e, "run")
	o.register(fs)
	wait := fs.Duration("wait", workdir.DefaultWait, "how long to wait when another run is writing the data folder")
	resultsDir := fs.String("results", "", "merge the results files (*.json) of other vantage points in this folder")
	vantage := fs.String("vantage", "", "the vantage point this round's own probes stand for (default the first of candor.yml's vantages)")
	probeOwn := fs.Bool("probe", true, "probe from here; --probe=false merges only the results files")
	dryNotify := fs.Bool("dry-run-notify", false, "print the notifications the round would send; send none and leave the ledger as it is")
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
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
		if strings.HasPrefix(p.Field, "notify.") {
			fmt.Fprintf(e.stderr, "%s: the channel is skipped; what it is due waits for it\n", p.Error())
			continue
		}
		fmt.Fprintf(e.stderr, "%s: the component is recorded as unknown\n", p.Error())
	}
	annotate(e, o.config, missing)
	if len(problems) > 0 {
		printProblems(e.stderr, problems)
		annotate(e, o.config, problems)
		return fail(e, "run", errProblems)
	}
	own := monitor.Round{Now: now, Vantage: *vantage}
	if secrets, _ := probe.Secrets(*cfg, e.getenv); len(secrets) > 0 {
		own.Redact = func(s string) string { return probe.Redact(s, secrets) }
	}
	if *vantage != "" && !cfg.Vantage(*vantage) {
		return fail(e, "run", unknownVantage(cfg, "--vantage", *vantage))
	}
	if *resultsDir != "" {
		if own.Files, err = readResults(e, *resultsDir); err != nil {
			return fail(e, "run", err)
		}
	}
	var gh *ghRun
	var store monitor.Store
	if inActions(e) {
		if gh, err = newGHRun(e, cfg, o.config); err != nil {
			return fail(e, "run", err)
		}
		store = gh.store(o.config)
	} else {
		dir, err := openLocal(ctx, o.config, o.data, *wait)
		if err != nil {
			return fail(e, "run", err)
		}
		defer dir.Close()
		store = dir
	}
	if skew := clockSkew(now, e.now()); skew != "" {
		fmt.Fprintln(e.stdout, "warning: "+skew)
		warn(e, "%s", skew)
	}
	var checker *probe.Checker
	if *probeOwn {
		checker = probe.New(probe.Options{Getenv: e.getenv, UserAgent: userAgent(cfg, cmp.Or(*vantage, cfg.DefaultVantage()))})
	}
	chs := notifyChannels(e, cfg, gh)
	token := newToken()
	own.Channels, own.Token, own.DryRunNotify = ledgerChannels(chs), token, *dryNotify
	r, err := round(ctx, cfg, checker, store, own)
	if err != nil {
		return fail(e, "run", err)
	}
	printRound(e.stdout, cfg, r)
	if r.Blind && neverMeasured(r.History) {
		fmt.Fprintf(e.stderr, "candor run: every control check failed and nothing has been measured yet, so this machine cannot reach policy.control (%s): to try candor here, set policy.control in %s to a target this machine can reach; until then every round records unknown\n",
			strings.Join(cfg.Policy.Control, ", "), o.config)
	}
	report(e, o.config, dataName(e, o.data, gh), r)
	m := measureRound(r, cfg, now)
	files, err := writeSite(o, cfg, r.Content, m, now)
	if err != nil {
		return fail(e, "run", err)
	}
	fmt.Fprintf(e.stdout, "built %d files in %s\n", files.files, o.out)
	notified := notifyRound(ctx, e, cfg, store, r, m, files.api, chs, token, *dryNotify)
	if gh != nil {
		if err := gh.report(ctx, cfg, r, siteInput(cfg, r.Content, m, now), o.out, notified); err != nil {
			return fail(e, "run", err)
		}
	}
	if o.strict && len(r.Content.Problems) > 0 {
		// Measured and published all the same: --strict only fails the exit.
		return fail(e, "run", errProblems)
	}
	return 0
}

// report prints the round's problems and refusals to stderr and, in
// Actions, as annotations: broken content files, damaged measurements,
// incident files the monitor could not write into.
func report(e *env, cfgPath, dataName string, r *monitor.Report) {
	problems := append(append([]candor.Problem(nil), r.Content.Problems...), r.Problems...)
	incident.SortProblems(problems)
	printProblems(e.stderr, problems)
	annotate(e, cfgPath, problems)
	for _, p := range r.DataProblems {
		p.Path = dataName + p.Path
		fmt.Fprintln(e.stderr, p.Error())
		warn(e, "%s", p.Error())
	}
	for _, ref := range refusals(r) {
		warn(e, "%s", ref)
	}
	for _, f := range r.FileRefusals {
		if f.Pushed {
			f.Path = dataName + f.Path
		}
		fmt.Fprintln(e.stderr, f.Error())
		warn(e, "%s", f.Error())
	}
	for _, p := range r.Ignored {
		fmt.Fprintln(e.stderr, p.Error())
		warn(e, "%s", p.Error())
	}
}

// dataName names the measurements in problems: the data folder, or the
// data branch in Actions.
func dataName(e *env, dir string, gh *ghRun) string {
	if gh != nil {
		return gh.in.DataBranch + ":"
	}
	return filepath.ToSlash(dir) + "/"
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
