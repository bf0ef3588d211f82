package main

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

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
	roundAt := fs.String("round-at", "", "date the round at this time, RFC 3339: the at of the first opinion's results file, for the job that confirms it (default --now)")
	dryNotify := fs.Bool("dry-run-notify", false, "print the notifications the round would send; send none and leave the ledger as it is")
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	o.relative(fs)
	started := e.now()
	clock, err := o.clock(e)
	if err != nil {
		return fail(e, "run", err)
	}
	// --round-at is read before the lock is waited for, and only for a
	// round that merges: probes made here are made now, not at that time.
	var roundAtT time.Time
	if *roundAt != "" {
		if *probeOwn {
			return fail(e, "run", fmt.Errorf("--round-at dates the round other vantage points measured: use it with --probe=false, since this machine's own probes are made now"))
		}
		if roundAtT, err = roundTime(*roundAt, clock); err != nil {
			return fail(e, "run", err)
		}
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
	own := monitor.Round{Vantage: *vantage}
	if secrets, _ := probe.Secrets(*cfg, e.getenv); len(secrets) > 0 {
		own.Redact = probe.Redactor(secrets)
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
	var now time.Time
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
		// Deferred after Close, so it runs first: the lock is held past
		// the round's second.
		defer func() { holdPast(ctx, e, o.now, now) }()
		store = dir
	}
	// The round's time is taken once the data folder is ours: a run that
	// waited for another's lock probes after it, and must not carry a time
	// from before the other's round. Only a --now can be skewed, and it is
	// compared with when the run started, so the wait itself is no skew.
	now, _ = o.clock(e)
	if skew := clockSkew(now, started); o.now != "" && skew != "" {
		fmt.Fprintln(e.stdout, "warning: "+skew)
		warn(e, "%s", skew)
	}
	var checker *probe.Checker
	if *probeOwn {
		checker = probe.New(probe.Options{Getenv: e.getenv, UserAgent: userAgent(cfg, cmp.Or(*vantage, cfg.DefaultVantage()))})
	}
	chs := notifyChannels(e, cfg, gh)
	token := newToken()
	own.Now, own.Clock, own.Channels, own.Token, own.DryRunNotify = now, now, ledgerChannels(chs), token, *dryNotify
	if !roundAtT.IsZero() {
		own.Now = roundAtT
	}
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
	now = siteTime(now, r.History)
	m := measureRound(r, cfg, now)
	files, err := writeSite(o, cfg, r.Content, m, now)
	if err != nil {
		return fail(e, "run", err)
	}
	fmt.Fprintf(e.stdout, "built %d files in %s\n", files.files, o.out)
	notified := notifyRound(ctx, e, cfg, store, r, m, files.api, now, chs, token, *dryNotify)
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

// roundTime reads --round-at: a round may be dated before the clock (the
// record refuses it when it is older than a check already recorded), not
// after it.
func roundTime(text string, clock time.Time) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, text)
	if err != nil {
		return time.Time{}, fmt.Errorf("--round-at: want an RFC 3339 time such as 2026-11-26T15:00:00Z (got %q)", text)
	}
	if t.Sub(clock) > time.Minute {
		return time.Time{}, fmt.Errorf("--round-at %s: after the clock (%s): a round cannot be dated after it is recorded", stamp(t), stamp(clock))
	}
	return t.UTC(), nil
}

// holdPast waits, the lock still held, until the machine's clock has left
// the second of a round stamped by it (no --now): a run waiting for the
// lock then takes a later time, and its round is not taken for this one
// (a result at the same second is the same check).
func holdPast(ctx context.Context, e *env, flagNow string, now time.Time) {
	if flagNow != "" || now.IsZero() {
		return
	}
	d := now.Add(time.Second).Sub(e.now())
	if d <= 0 {
		return
	}
	t := time.NewTimer(min(d, time.Second))
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// siteTime is when the round's site is built: the round's time, or the
// store's last check when that is later (a back-dated round), so that a
// refused round never cuts the figures before what was measured.
func siteTime(now time.Time, hs *history.Store) time.Time { return candor.Later(now, hs.LastCheck()) }

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
