package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/probe"
	"github.com/candor-status/candor/workdir"
)

// round probes every component with checker (unless it is nil: the round
// then only merges r's files) and runs the monitor's round r (its time and
// notification channels set) on store.
func round(ctx context.Context, cfg *candor.Config, checker *probe.Checker, store monitor.Store, r monitor.Round) (*monitor.Report, error) {
	if checker != nil {
		r.Blind, _ = checker.Control(ctx, cfg.Policy.Control, cfg.Policy)
		r.Results = checker.Round(ctx, cfg.Components, cfg.Policy)
	}
	return monitor.Run(ctx, cfg, store, r)
}

// openLocal opens the status repository beside the config, with its
// measurements in dataDir, locked for this run; it waits up to wait for
// another run's lock.
func openLocal(ctx context.Context, cfgPath, dataDir string, wait time.Duration) (*workdir.Dir, error) {
	return workdir.Open(ctx, filepath.Dir(cfgPath), dataDir, workdir.Options{Wait: wait, DataStage: history.WriteStage})
}

// localRound is a round on the working directory.
func localRound(ctx context.Context, cfgPath string, cfg *candor.Config, checker *probe.Checker, dataDir string, now time.Time) (*monitor.Report, error) {
	dir, err := openLocal(ctx, cfgPath, dataDir, workdir.DefaultWait)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	return round(ctx, cfg, checker, dir, monitor.Round{Now: now})
}

// printRound writes a short table of what the round saw and changed.
func printRound(w io.Writer, cfg *candor.Config, r *monitor.Report) {
	if r.Blind {
		fmt.Fprintln(w, "monitor blind: every control check failed; recorded unknown, no incident opened or resolved")
	}
	if len(r.Merged) > 0 {
		fmt.Fprintln(w, "merged "+merged(cfg, r.Merged)+" by policy.quorum "+fmt.Sprint(cfg.Policy.Quorum))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tOUTCOME\tLATENCY\tMESSAGE")
	for _, res := range r.Results {
		msg := cmp.Or(res.Locations(cfg.VantageName), res.Message)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", componentName(cfg, res.Component), res.Outcome, latency(res), oneLine(msg))
	}
	tw.Flush()
	for _, ref := range refusals(r) {
		fmt.Fprintln(w, ref)
	}
	for _, ev := range r.Events {
		fmt.Fprintf(w, "%s %s: %s\n", ev.Kind, ev.Path, ev.Title)
	}
}

// merged names the vantage points of a round and where their results came
// from: "3 vantage points: eu (own probes), us (results/us.json), ap (…)".
func merged(cfg *candor.Config, ms []monitor.Merged) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		from := make([]string, len(m.Files))
		for j, f := range m.Files {
			from[j] = cmp.Or(f, "own probes")
		}
		parts[i] = cfg.VantageName(m.Vantage) + " (" + strings.Join(from, ", ")
		if m.Blind {
			parts[i] += "; blind"
		}
		parts[i] += ")"
	}
	return fmt.Sprintf("%d %s: %s", len(ms), plural(len(ms), "vantage point", "vantage points"), strings.Join(parts, ", "))
}

// refusals says, once per reason, which results the record refused.
func refusals(r *monitor.Report) []string {
	var out []string
	byReason := map[history.RefusalReason][]string{}
	var last time.Time
	for _, ref := range r.Refused {
		byReason[ref.Reason] = append(byReason[ref.Reason], ref.Result.Component)
		if ref.Last.After(last) {
			last = ref.Last
		}
	}
	for _, reason := range []history.RefusalReason{history.RefusedEarlier, history.RefusedSameSecond, history.RefusedFolded, history.RefusedID} {
		ids := byReason[reason]
		if len(ids) == 0 {
			continue
		}
		s := fmt.Sprintf("refused the results of %s at %s: %s", strings.Join(ids, ", "), stamp(r.Now), reason)
		if reason == history.RefusedEarlier {
			s += fmt.Sprintf(" (%s); measurements are append-only, so nothing recorded changed, and the page shows these components as not measured until a round after it", stamp(last))
		}
		out = append(out, s)
	}
	return out
}

// clockSkew says when the round's time is more than a minute from the
// machine's clock: a back-dated or future round is recorded only as the
// append-only rules allow.
func clockSkew(now, machine time.Time) string {
	d := now.Sub(machine)
	if d < 0 {
		d = -d
	}
	if d <= time.Minute {
		return ""
	}
	dir := "behind"
	if now.After(machine) {
		dir = "ahead of"
	}
	return fmt.Sprintf("the round's time %s is %s %s the machine's clock", stamp(now), d.Round(time.Second), dir)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
