package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/candor-status/candor"
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
			hs, damaged, err := history.Open(*data, monitor.HistoryOptions(cfg))
			if err != nil {
				return fail(e, "check", err)
			}
			all = append(append(all, damaged...), aheadOfClock(hs, *data, e.now())...)
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

// aheadOfClock reports every component whose last check is more than a
// minute ahead of the machine's clock: every round until then is refused,
// and how to recover when that check's clock was wrong.
func aheadOfClock(hs *history.Store, dataDir string, now time.Time) []candor.Problem {
	var out []candor.Problem
	states := hs.States()
	for _, id := range slices.Sorted(maps.Keys(states)) {
		last := states[id].LastCheck
		if last.Sub(now) <= time.Minute {
			continue
		}
		dir := filepath.ToSlash(dataDir)
		out = append(out, candor.Problem{Path: dir + "/state.tsv", Field: id, Message: fmt.Sprintf(
			"the last check at %s is %s ahead of this machine's clock, so every round until then is refused; "+
				"if that round's clock was wrong, delete its lines from %s/raw/%s.tsv and %s's line from %s/state.tsv "+
				"(it is rebuilt from the raw file); see docs/history.md, \"A round dated ahead\"",
			stamp(last), howLong(last.Sub(now)), dir, id, id, dir)})
	}
	return out
}

// howLong is d for people: minutes, or days past two of them.
func howLong(d time.Duration) string {
	if d >= 48*time.Hour {
		return fmt.Sprintf("%d days", int(d.Hours()/24+0.5))
	}
	return d.Round(time.Minute).String()
}
