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
	"github.com/candor-status/candor/probe"
)

// cmdProbe checks every component once and prints what it measured, as a
// table or, with --json, as JSON. Outages are data: it exits 0 whatever the
// outcomes, 1 when it could not run (a bad config, a missing secret) and 2
// on a usage mistake.
func cmdProbe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "probe")
	cfgPath := fs.String("config", "candor.yml", "the config file")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return usageCode(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(e.stderr, "candor probe: unexpected argument %q\n", pos[0])
		return 2
	}
	cfg, err := loadConfigEnv(e, *cfgPath, e.getenv)
	if err != nil {
		return fail(e, "probe", err)
	}
	checker := probe.New(probe.Options{Getenv: e.getenv, UserAgent: probe.UserAgent(version, cfg.BaseURL)})
	if blind, _ := checker.Control(ctx, cfg.Policy.Control, cfg.Policy); blind {
		fmt.Fprintln(e.stderr, "monitor blind: every control check failed, so the results below say nothing about the product (candor run records them as unknown)")
	}
	results := checker.Round(ctx, cfg.Components, cfg.Policy)
	if *asJSON {
		err = printProbeJSON(e.stdout, results)
	} else {
		err = printProbeTable(e.stdout, cfg, results)
	}
	if err != nil {
		return fail(e, "probe", err)
	}
	return 0
}

// printProbeTable prints one row per result, and names the components
// that have no probe, by name as candor run does.
func printProbeTable(w io.Writer, cfg *candor.Config, results []candor.Result) error {
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
	for _, c := range cfg.Components {
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
	return r.Latency.Round(time.Millisecond).String()
}

// probeJSON is one result in `candor probe --json`.
type probeJSON struct {
	Component    string         `json:"component"`
	At           time.Time      `json:"at"`
	Outcome      candor.Outcome `json:"outcome"`
	LatencyMS    float64        `json:"latency_ms"`
	Phases       phasesJSON     `json:"phases_ms"`
	Attempts     int            `json:"attempts"`
	Class        string         `json:"class,omitempty"`
	Message      string         `json:"message"`
	CertDaysLeft *int           `json:"cert_days_left,omitempty"`
}

type phasesJSON struct {
	DNS       float64 `json:"dns"`
	Connect   float64 `json:"connect"`
	TLS       float64 `json:"tls"`
	FirstByte float64 `json:"first_byte"`
	Total     float64 `json:"total"`
}

// printProbeJSON prints the results as a JSON array, durations in
// milliseconds.
func printProbeJSON(w io.Writer, results []candor.Result) error {
	out := make([]probeJSON, len(results))
	for i, r := range results {
		out[i] = probeJSON{
			Component: r.Component, At: r.At.UTC(), Outcome: r.Outcome, LatencyMS: ms(r.Latency),
			Phases: phasesJSON{ms(r.Phases.DNS), ms(r.Phases.Connect), ms(r.Phases.TLS),
				ms(r.Phases.FirstByte), ms(r.Phases.Total)},
			Attempts: r.Attempts, Class: string(r.Class), Message: r.Message,
		}
		if r.CertDaysLeft >= 0 {
			out[i].CertDaysLeft = &r.CertDaysLeft
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
