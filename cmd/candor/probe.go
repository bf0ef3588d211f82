package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/probe"
)

// cmdProbe checks every component once and prints what it measured, as a
// table or, with --json, as JSON. As a vantage point (--vantage) it also
// writes its round as a results file (--out) or commits it to the data
// branch (--push), for candor run to merge. Outages are data: it exits 0
// whatever the outcomes, 1 when it could not run (a bad config, a missing
// secret, a push that failed) and 2 on a usage mistake.
func cmdProbe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "probe")
	cfgPath := fs.String("config", "candor.yml", "the config file")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	nowText := fs.String("now", "", "the time the results file says the round began, RFC 3339 (default: the clock)")
	var o vantageOptions
	o.register(fs)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return usageCode(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "candor probe: unexpected argument %q\n", pos[0])
		return 2
	}
	if err := o.check(); err != nil {
		fmt.Fprintf(e.stderr, "candor probe: %v\n", err)
		return 2
	}
	cfg, err := loadConfigEnv(e, *cfgPath, e.getenv)
	if err != nil {
		return fail(e, "probe", err)
	}
	comps, err := o.components(cfg)
	if err != nil {
		return fail(e, "probe", err)
	}
	clock := e.now()
	at, err := (&buildOptions{now: *nowText}).clock(e)
	if err != nil {
		return fail(e, "probe", err)
	}
	checker := probe.New(probe.Options{Getenv: e.getenv, UserAgent: userAgent(cfg, o.vantage)})
	blind, _ := checker.Control(ctx, cfg.Policy.Control, cfg.Policy)
	if blind {
		fmt.Fprintln(e.stderr, "monitor blind: every control check failed, so the results below say nothing about the product (candor run records them as unknown)")
	}
	results := checker.Round(ctx, comps, cfg.Policy)
	if *nowText != "" {
		redate(results, at.Sub(clock))
	}
	if *asJSON {
		err = printProbeJSON(e.stdout, results)
	} else {
		err = printProbeTable(e.stdout, cfg, comps, results)
	}
	if err != nil {
		return fail(e, "probe", err)
	}
	if o.vantage == "" {
		return 0
	}
	v := monitor.Vantage{Name: o.vantage, At: at, Blind: blind, Shard: o.shard, Results: results}
	if err := o.deliver(ctx, e, cfg, v); err != nil {
		return fail(e, "probe", err)
	}
	return 0
}

// redate moves each result's time by d: a round dated by --now has its
// checks dated in it, as a results file must (each after its round began).
func redate(results []candor.Result, d time.Duration) {
	for i := range results {
		results[i].At = results[i].At.Add(d).UTC()
	}
}

// printProbeTable prints one row per result, and names the components of
// comps (those asked for) that have no probe, by name as candor run does.
func printProbeTable(w io.Writer, cfg *candor.Config, comps []candor.Component, results []candor.Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tOUTCOME\tLATENCY\tMESSAGE")
	for _, r := range results {
		msg := r.Message
		if r.Class != "" {
			msg = string(r.Class) + ": " + msg
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", componentName(cfg, r.Component), r.Outcome, latency(r), msg)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var none []string
	for _, c := range comps {
		if c.Probe == nil {
			none = append(none, c.Name)
		}
	}
	if len(none) > 0 {
		_, err := fmt.Fprintf(w, "no probe: %s\n", strings.Join(none, ", "))
		return err
	}
	return nil
}

// componentName is how the commands name a component for people: its
// name (the config fills in the id when it has none).
func componentName(cfg *candor.Config, id string) string {
	if c, ok := cfg.Component(id); ok {
		return c.Name
	}
	return id
}

// latency is a result's latency for a person, to the millisecond (to
// 10 µs under 10 ms, so a loopback answer does not read 0s), or "-" when
// nothing was measured.
func latency(r candor.Result) string {
	switch {
	case r.Attempts == 0:
		return "-"
	case r.Latency < 10*time.Millisecond:
		return r.Latency.Round(10 * time.Microsecond).String()
	}
	return r.Latency.Truncate(time.Millisecond).String() // as recorded: whole milliseconds, cut
}

// printProbeJSON prints the results as a JSON array, durations in
// milliseconds: the entries of a results file.
func printProbeJSON(w io.Writer, results []candor.Result) error {
	out := make([]monitor.ResultJSON, len(results))
	for i, r := range results {
		out[i] = monitor.ToJSON(r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
