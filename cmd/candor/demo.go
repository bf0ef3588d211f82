package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/incident"
	"github.com/candor-status/candor/internal/demo"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/probe"
	"github.com/candor-status/candor/workdir"
)

// demoMarker marks a folder the demo made, so a rerun may replace it.
const demoMarker = ".candor-demo"

// cmdDemo shows the whole product offline: the sample repository moved to
// end on today, its days of measurements written directly, the last hours
// run round by round against simulated services on loopback that fail,
// slow down and recover on a script, and the built site served on addr.
func cmdDemo(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "demo")
	dir := fs.String("dir", "candor-demo", "where to write the demo repository and site")
	addr := fs.String("addr", "127.0.0.1:8080", "where to serve the site")
	nowFlag := fs.String("now", "", "the simulated time of the last round, RFC 3339 (default: the clock)")
	days := fs.Int("days", 90, "how many days of measurements the site shows")
	serve := fs.Bool("serve", true, "serve the site when it is built")
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	if *days < 1 || *days > 90 {
		fmt.Fprintf(e.stderr, "candor demo: --days: want 1 to 90 (got %d)\n", *days)
		return 2
	}
	end, err := (&buildOptions{now: *nowFlag}).clock(e)
	if err != nil {
		return fail(e, "demo", err)
	}
	// The port first: simulating days for a site that cannot be served
	// wastes the time and then fails.
	var l net.Listener
	if *serve {
		if l, err = net.Listen("tcp", *addr); err != nil {
			return fail(e, "demo", fmt.Errorf("--addr %s: %v: stop what listens there or choose another address with --addr", *addr, err))
		}
		defer l.Close()
	}
	took := time.Now()
	if err := runDemo(ctx, e, *dir, end, *days); err != nil {
		return fail(e, "demo", err)
	}
	fmt.Fprintf(e.stdout, "candor demo: ready in %.1f s\n", time.Since(took).Seconds())
	if l == nil {
		return 0
	}
	if err := serveSite(ctx, e, filepath.Join(*dir, "public"), l); err != nil {
		return fail(e, "demo", err)
	}
	return 0
}

// runDemo writes the demo repository into dir and builds its site: days of
// measurements up to end, of which the last demo.Rounds are real rounds.
func runDemo(ctx context.Context, e *env, dir string, end time.Time, days int) error {
	if err := prepareDir(dir); err != nil {
		return err
	}
	if err := demo.WriteSample(dir, end); err != nil {
		return err
	}
	cfgPath := filepath.Join(dir, "candor.yml")
	getenv := func(k string) string {
		if k == "NORTHWIND_API_TOKEN" {
			return demo.Token
		}
		return ""
	}
	cfg, problems, err := config.ReadFile(cfgPath, getenv)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		printProblems(e.stderr, problems)
		return errProblems
	}
	end = end.Truncate(cfg.Interval)
	from := end.Add(-time.Duration(days) * 24 * time.Hour)
	rounds := end.Add(-demo.Rounds) // days is at least 1: from is before it
	dataDir := filepath.Join(dir, "data")
	p := newProgress(e.stdout)

	p.line("candor demo: %s of measurements up to %s UTC; the last %s round by round on simulated services", count(days, "day"), end.Format("2006-01-02 15:04"), spanWords(end.Sub(rounds)))
	took := time.Now()
	data, err := demo.History(cfg, from, rounds, demo.Shift(end))
	if err != nil {
		return err
	}
	content, _, err := incident.ReadFiles(dir)
	if err != nil {
		return err
	}
	p.line("  wrote the checks before %s in %.1f s", rounds.Format("01-02 15:04"), time.Since(took).Seconds())

	clock := &demo.Clock{}
	svc, err := demo.Start(clock, end)
	if err != nil {
		return err
	}
	defer svc.Close()
	svc.Aim(cfg)
	checker := probe.New(probe.Options{Getenv: getenv, UserAgent: probe.UserAgent(version, cfg.BaseURL), RootCAs: svc.Roots, RetryPause: 10 * time.Millisecond})
	// The rounds run on the repository in memory, written once at the end:
	// the same monitor, without a hundred writes of the measurements.
	store := demo.NewStore(data, content)
	total := int(end.Sub(rounds)/cfg.Interval) + 1
	var last *monitor.Report
	for n, t := 1, rounds; !t.After(end); n, t = n+1, t.Add(cfg.Interval) {
		if err := ctx.Err(); err != nil {
			return err
		}
		clock.Set(t)
		if last, err = round(ctx, cfg, checker, store, monitor.Round{Now: t}); err != nil {
			return err
		}
		if last.Blind {
			p.line("  %s  monitor blind: recorded unknown, declared nothing", t.Format("01-02 15:04"))
		}
		for _, ev := range last.Events {
			p.line("  %s  %s %s: %s", t.Format("01-02 15:04"), ev.Kind, ev.Path, ev.Title)
		}
		p.step("  round %d of %d, %s", n, total, t.Format("01-02 15:04"))
	}
	p.line("  ran %d rounds", total)
	if err := writeRepo(ctx, cfgPath, dataDir, store); err != nil {
		return err
	}
	o := buildOptions{config: cfgPath, out: filepath.Join(dir, "public")}
	site, err := writeSite(o, cfg, last.Content, measureRound(last, cfg, end), end)
	if err != nil {
		return err
	}
	p.line("built %d files in %s", site.files, o.out)
	return nil
}

// writeRepo writes what the demo's store holds into the repository.
func writeRepo(ctx context.Context, cfgPath, dataDir string, store *demo.Store) error {
	data, content := store.Files()
	d, err := openLocal(ctx, cfgPath, dataDir, workdir.DefaultWait)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Data(ctx, "candor demo", func(map[string][]byte) (map[string][]byte, error) { return data, nil }); err != nil {
		return err
	}
	_, err = d.Content(ctx, "candor demo", func(map[string][]byte) (map[string][]byte, error) { return content, nil })
	return err
}

// prepareDir empties dir for the demo, replacing an earlier demo but never
// a folder the demo did not make.
func prepareDir(dir string) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		if _, err := os.Stat(filepath.Join(dir, demoMarker)); err != nil {
			return fmt.Errorf("%s is not empty and is not an earlier demo: choose another --dir", dir)
		}
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, demoMarker), []byte("made by candor demo\n"), 0o644)
}

// progress prints what the demo does: lines, and on a terminal one line
// that counts the rounds in place.
type progress struct {
	w           io.Writer
	live, shown bool
}

func newProgress(w io.Writer) *progress {
	f, ok := w.(*os.File)
	live := false
	if ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			live = true
		}
	}
	return &progress{w: w, live: live}
}

// line prints a line, over the counting line if one shows.
func (p *progress) line(format string, args ...any) {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
	fmt.Fprintf(p.w, format+"\n", args...)
}

// step rewrites the counting line on a terminal; elsewhere it is silent.
func (p *progress) step(format string, args ...any) {
	if p.live {
		fmt.Fprintf(p.w, "\r\x1b[K"+format, args...)
		p.shown = true
	}
}

// serveSite serves dir on l until ctx ends.
func serveSite(ctx context.Context, e *env, dir string, l net.Listener) error {
	srv := &http.Server{Handler: siteHandler(dir), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(e.stdout, "serving the status page at http://%s/ (Ctrl-C to stop)\n", l.Addr())
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// siteHandler serves a built site as Pages does: the site's own 404.html
// for a path that does not exist.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(filepath.Clean("/"+r.URL.Path)))
		if _, err := os.Stat(name); err != nil {
			page, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				w.Write(page)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// count is n with its noun: "1 day", "90 days".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// spanWords is d in words for the progress line: "12 hours", "1 hour",
// "90 minutes".
func spanWords(d time.Duration) string {
	if d%time.Hour == 0 {
		return count(int(d/time.Hour), "hour")
	}
	return count(int(d.Round(time.Minute)/time.Minute), "minute")
}
