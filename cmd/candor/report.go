package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// reportOptions are the report command's flags.
type reportOptions struct {
	config, data, month, now string
	json                     bool
}

func cmdReport(ctx context.Context, e *env, args []string) int {
	var o reportOptions
	fs := newFlags(e, "report")
	fs.StringVar(&o.config, "config", "candor.yml", "the config file")
	fs.StringVar(&o.data, "data", defaultData, dataUsage)
	fs.StringVar(&o.month, "month", "", "the month to report, YYYY-MM (default: the current month in the display zone)")
	fs.StringVar(&o.now, "now", "", "the time to report at, RFC 3339 (default: the clock)")
	fs.BoolVar(&o.json, "json", false, "print JSON instead of text")
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	beside(fs, o.config, "data", &o.data)
	now, err := (&buildOptions{now: o.now}).clock(e)
	if err != nil {
		return fail(e, "report", err)
	}
	cfg, err := loadConfig(e, o.config)
	if err != nil {
		return fail(e, "report", err)
	}
	year, month := now.In(cfg.Location).Year(), now.In(cfg.Location).Month()
	if o.month != "" {
		t, err := time.Parse("2006-01", o.month)
		if err != nil {
			fmt.Fprintf(e.stderr, "candor report: --month: want YYYY-MM such as 2026-11 (got %q)\n", o.month)
			return 2
		}
		year, month = t.Year(), t.Month()
	}
	if begins := time.Date(year, month, 1, 0, 0, 0, 0, cfg.Location); now.Before(begins) {
		fmt.Fprintf(e.stderr, "candor report: --month %s: the month has not begun: it begins %s, and now is %s\n",
			o.month, begins.Format("2006-01-02 15:04 MST"), now.In(cfg.Location).Format("2006-01-02 15:04 MST"))
		return 2
	}
	content, err := loadContent(o.config, cfg)
	if err != nil {
		return fail(e, "report", err)
	}
	// A broken incident file leaves only that file out of the report.
	printProblems(e.stderr, content.Problems)
	store, err := openStore(e, o.data, cfg)
	if err != nil {
		return fail(e, "report", err)
	}
	r := store.Report(cfg, year, month, now, content.Incidents, content.Maintenance)
	if o.json {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(r)
	} else {
		err = r.WriteText(e.stdout)
	}
	if err != nil {
		return fail(e, "report", err)
	}
	return 0
}
