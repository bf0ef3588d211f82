package main

import (
	"context"
	"fmt"
	"os"

	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/monitor"
)

// cmdCheck validates candor.yml, every content file and, when there is
// one, the measurements folder (damaged lines, lines kept in quarantine),
// in one pass, and lists every problem sorted by path and line.
func cmdCheck(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "check")
	cfgPath := fs.String("config", "candor.yml", "the config file")
	data := fs.String("data", defaultData, "the measurements folder, checked when it exists")
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	beside(fs, *cfgPath, "data", data)
	cfg, problems, err := config.ReadFile(*cfgPath, nil)
	if err != nil {
		return fail(e, "check", err)
	}
	if len(cfg.Components) == 0 && len(problems) > 0 {
		cfg = nil // its components are unknown: do not call every one unknown
	}
	content, err := loadContent(*cfgPath, cfg)
	if err != nil {
		return fail(e, "check", err)
	}
	all := append(problems, content.Problems...)
	if cfg != nil {
		if _, err := os.Stat(*data); err == nil {
			_, damaged, err := history.Open(*data, monitor.HistoryOptions(cfg))
			if err != nil {
				return fail(e, "check", err)
			}
			all = append(all, damaged...)
		}
	}
	incident.SortProblems(all)
	annotate(e, *cfgPath, all)
	if len(all) > 0 {
		printProblems(e.stderr, all)
		fmt.Fprintf(e.stderr, "%d %s\n", len(all), plural(len(all), "problem", "problems"))
		return 1
	}
	for _, w := range config.Warnings(cfg) {
		fmt.Fprintf(e.stderr, "%s: warning: %s\n", *cfgPath, w)
		warn(e, "%s: %s", *cfgPath, w)
	}
	fmt.Fprintf(e.stdout, "ok: %s, %d %s, %d %s, %d maintenance %s\n", *cfgPath,
		len(cfg.Components), plural(len(cfg.Components), "component", "components"),
		len(content.Incidents), plural(len(content.Incidents), "incident", "incidents"),
		len(content.Maintenance), plural(len(content.Maintenance), "window", "windows"))
	return 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
