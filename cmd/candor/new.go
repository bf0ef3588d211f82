package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/internal/atomicfile"
	"github.com/candor-status/candor/repofile"
)

const newUsage = `usage:
  candor new incident --title T --components a,b --impact minor [--status investigating --text T --next 30m]
  candor new update FILE --status identified --text T [--next 30m]
`

// cmdNew writes a new incident file, or a new update into one, with the
// current time in UTC: what an engineer wants at 3 a.m. instead of YAML.
func cmdNew(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, newUsage)
		return 2
	}
	if isHelp(args[0]) {
		fmt.Fprint(e.stdout, newUsage)
		return 0
	}
	switch args[0] {
	case "incident":
		return newIncident(e, args[1:])
	case "update":
		return newUpdate(e, args[1:])
	}
	fmt.Fprintf(e.stderr, "candor new: want incident or update (got %q)\n%s", args[0], newUsage)
	return 2
}

// updateFlags are the flags that describe one update.
type updateFlags struct {
	status, text, next string
}

func (u *updateFlags) register(fs interface {
	StringVar(*string, string, string, string)
}, status string) {
	fs.StringVar(&u.status, "status", status, "investigating, identified, monitoring or resolved")
	fs.StringVar(&u.text, "text", "", "what is happening, in markdown")
	fs.StringVar(&u.next, "next", "", "when the next update is promised, as a duration from now (30m)")
}

// update is the update the flags describe; its error names the flag. A
// missing --text is left to the checks of the file written, which say it
// against its flag with every other mistake.
func (u *updateFlags) update(now time.Time) (candor.Update, error) {
	up := candor.Update{At: now, Status: candor.UpdateStatus(u.status), Text: u.text}
	if u.next != "" {
		d, err := config.ParseDuration(u.next)
		if err != nil || d < config.MinNextUpdate || d > config.MaxNextUpdate {
			return up, fmt.Errorf("--next: want a duration from %s to %s such as 30m (got %q)",
				config.FormatDuration(config.MinNextUpdate), config.FormatDuration(config.MaxNextUpdate), u.next)
		}
		up.NextUpdate = now.Add(d)
	}
	return up, nil
}

func newIncident(e *env, args []string) int {
	fs := newFlags(e, "new incident")
	cfgPath := fs.String("config", "candor.yml", "the config file")
	title := fs.String("title", "", "the incident's title")
	comps := fs.String("components", "", "affected component ids, comma separated")
	impact := fs.String("impact", "minor", "none, minor, major or critical")
	var u updateFlags
	u.register(fs, "investigating")
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, "new incident", err)
	}
	now := e.now().UTC().Truncate(time.Second)
	if u.text == "" && u.status == string(candor.Investigating) {
		u.text = "We are investigating."
	}
	// Every mistake of the flags is reported at once, each against its
	// flag: the checks of the file it would write find most of them.
	var mistakes []string
	up, err := u.update(now)
	if err != nil {
		mistakes = append(mistakes, err.Error())
	}
	inc := &candor.Incident{Title: *title, Impact: candor.Impact(*impact), Started: now, Updates: []candor.Update{up}}
	for _, c := range strings.Split(*comps, ",") {
		if c = strings.TrimSpace(c); c != "" {
			inc.Components = append(inc.Components, c)
		}
	}
	if len(inc.Components) == 0 {
		mistakes = append(mistakes, fmt.Sprintf("--components: required: the ids of the affected components, comma separated (known: %s)", strings.Join(componentIDs(cfg), ", ")))
	}
	if up.Status == candor.Resolved {
		inc.Resolved = now
	}
	dir := filepath.Join(filepath.Dir(*cfgPath), filepath.FromSlash(incident.IncidentDir))
	name, err := freeName(dir, now.Format("2006-01-02")+"-"+slugify(*title))
	if err != nil {
		return fail(e, "new incident", err)
	}
	inc.Slug = strings.TrimSuffix(name, ".md")
	data, err := incident.Format(inc)
	if err != nil {
		return fail(e, "new incident", err)
	}
	return writeChecked(e, "new incident", cfg, dir, name, data, 0, mistakes...)
}

func newUpdate(e *env, args []string) int {
	flags := withArgs(newFlags(e, "new update"), "candor new update FILE --status S --text T [--next 30m]: adds an update to the incident file FILE")
	cfgPath := flags.String("config", "candor.yml", "the config file")
	var u updateFlags
	u.register(flags, "")
	pos, err := parseFlags(flags, args)
	if err != nil {
		return usageCode(err)
	}
	if len(pos) != 1 {
		fmt.Fprint(e.stderr, newUsage)
		return 2
	}
	cfg, err := loadConfig(e, *cfgPath)
	if err != nil {
		return fail(e, "new update", err)
	}
	file := pos[0]
	old, err := repofile.ReadFile(file, incident.MaxFileSize)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			err = fmt.Errorf("%s: no such file: give the path of an incident file, such as content/incidents/2026-11-26-api-errors.md", file)
		}
		return fail(e, "new update", err)
	}
	var mistakes []string
	if u.status == "" {
		mistakes = append(mistakes, "--status: required: investigating, identified, monitoring or resolved")
		u.status = string(candor.Identified) // stands in, so the other flags are checked too
	}
	up, err := u.update(e.now().UTC().Truncate(time.Second))
	if err != nil {
		mistakes = append(mistakes, err.Error())
	}
	// The file's own mistakes are reported where they stand in it.
	inc, problems := incident.ParseIncident(filepath.ToSlash(file), old, knownIn(cfg))
	if len(problems) > 0 {
		printProblems(e.stderr, problems)
		return fail(e, "new update", fmt.Errorf("%s has problems of its own: fix them, then add the update", file))
	}
	data, err := incident.AddUpdate(old, up)
	if err != nil {
		return fail(e, "new update", fmt.Errorf("%s: %w", file, err))
	}
	code := writeChecked(e, "new update", cfg, filepath.Dir(file), filepath.Base(file), data, len(inc.Updates), mistakes...)
	if code == 0 && !inc.Open() && up.Status != candor.Resolved {
		fmt.Fprintf(e.stderr, "%s was resolved; this update reopens it\n", file)
	}
	return code
}

func componentIDs(cfg *candor.Config) []string {
	ids := make([]string, len(cfg.Components))
	for i, c := range cfg.Components {
		ids[i] = c.ID
	}
	return ids
}

// knownIn reports whether a component id is in the config.
func knownIn(cfg *candor.Config) func(string) bool {
	return func(id string) bool { _, ok := cfg.Component(id); return ok }
}

// writeChecked writes an incident file only when it passes the same checks
// as candor check, so the command can never leave a broken file behind.
// What the checks find was set by a flag (the update's fields are those of
// updates[update]), so it is reported against the flag, not against lines
// of a file that was never written.
func writeChecked(e *env, cmd string, cfg *candor.Config, dir, name string, data []byte, update int, mistakes ...string) int {
	p := path.Join(filepath.ToSlash(dir), name)
	_, problems := incident.ParseIncident(p, data, knownIn(cfg))
	for _, pr := range problems {
		mistakes = append(mistakes, flagProblem(pr, update, componentIDs(cfg)))
	}
	if len(mistakes) > 0 {
		for _, m := range mistakes {
			fmt.Fprintf(e.stderr, "candor %s: %s\n", cmd, m)
		}
		return 1
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(e, cmd, err)
	}
	if err := atomicfile.WriteFile(filepath.Join(dir, name), data); err != nil {
		return fail(e, cmd, err)
	}
	fmt.Fprintln(e.stdout, p)
	return 0
}

// flagProblem says a problem of the file `candor new` would write in terms
// of the flag that set the field: "--components: unknown component "nope"
// (known: api, web)".
func flagProblem(p candor.Problem, update int, known []string) string {
	u := fmt.Sprintf("updates[%d]", update)
	flag := ""
	switch {
	case p.Field == "title":
		flag = "--title"
	case p.Field == "impact":
		flag = "--impact"
	case p.Field == u+".status", p.Field == "resolved":
		flag = "--status"
	case p.Field == u+".text":
		flag = "--text"
	case p.Field == u+".next_update":
		flag = "--next"
	case p.Field == u+".at":
		return "the update's time, now: " + p.Message
	case strings.HasPrefix(p.Field, "components["):
		if got, ok := strings.CutPrefix(p.Message, "unknown component (got "); ok {
			return "--components: unknown component " + strings.TrimSuffix(got, ")") + " (known: " + strings.Join(known, ", ") + ")"
		}
		flag = "--components"
	}
	if flag == "" {
		return p.Error() // nothing a flag set: a fault of candor new itself
	}
	return flag + ": " + p.Message
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slugify(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 48 {
		s = strings.TrimRight(s[:48], "-")
	}
	if s == "" {
		s = "incident"
	}
	return s
}

// freeName returns base.md, or base-2.md, base-3.md... if taken.
func freeName(dir, base string) (string, error) {
	for n := 1; n < 1000; n++ {
		name := base + ".md"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.md", base, n)
		}
		if _, err := os.Stat(filepath.Join(dir, name)); os.IsNotExist(err) {
			return name, nil
		}
	}
	return "", fmt.Errorf("no free file name for %s in %s", base, dir)
}
