package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/monitor"
	"github.com/candor-status/candor/probe"
)

// demoMarker marks a folder the demo made, so a rerun may replace it.
const demoMarker = ".candor-demo"

// cmdDemo shows the whole product offline: simulated services on loopback
// that fail, slow down and recover on a script, days of rounds with the
// clock stepping by the interval over a copy of the sample content, and the
// built site served on addr.
func cmdDemo(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "demo")
	dir := fs.String("dir", "candor-demo", "where to write the demo repository and site")
	addr := fs.String("addr", "127.0.0.1:8080", "where to serve the site")
	nowFlag := fs.String("now", "", "the simulated time of the last round, RFC 3339 (default: the clock)")
	days := fs.Int("days", 3, "how many days of rounds to simulate")
	serve := fs.Bool("serve", true, "serve the site when it is built")
	if err := parseNoArgs(fs, args); err != nil {
		return usageCode(err)
	}
	if *days < 1 || *days > 90 {
		fmt.Fprintf(e.stderr, "candor demo: --days: want 1 to 90 (got %d)\n", *days)
		return 2
	}
	o := buildOptions{now: *nowFlag}
	end, err := o.clock(e)
	if err != nil {
		return fail(e, "demo", err)
	}
	if err := demo(ctx, e, *dir, end, *days); err != nil {
		return fail(e, "demo", err)
	}
	if !*serve {
		return 0
	}
	if err := serveSite(ctx, e, filepath.Join(*dir, "public"), *addr); err != nil {
		return fail(e, "demo", err)
	}
	return 0
}

func demo(ctx context.Context, e *env, dir string, end time.Time, days int) error {
	if err := copySample(dir); err != nil {
		return err
	}
	cfgPath := filepath.Join(dir, "candor.yml")
	getenv := func(k string) string {
		if k == "NORTHWIND_API_TOKEN" {
			return demoToken
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
	start := end.Add(-time.Duration(days) * 24 * time.Hour)
	clock := &demoClock{}
	svc, err := startDemoServices(clock, newDemoScript(start))
	if err != nil {
		return err
	}
	defer svc.close()
	pointAt(cfg, svc)
	checker := probe.New(probe.Options{Getenv: getenv, UserAgent: probe.UserAgent(version, cfg.BaseURL), RootCAs: svc.roots, RetryPause: 10 * time.Millisecond})
	fmt.Fprintf(e.stdout, "candor demo: %d rounds from %s to %s UTC, every %s\n", int(end.Sub(start)/cfg.Interval)+1, start.Format("2006-01-02 15:04"), end.Format("2006-01-02 15:04"), cfg.Interval)
	dataDir := filepath.Join(dir, "data")
	var last *monitor.Report
	for t := start; !t.After(end); t = t.Add(cfg.Interval) {
		if err := ctx.Err(); err != nil {
			return err
		}
		clock.set(t)
		if last, err = localRound(ctx, cfgPath, cfg, checker, dataDir, t); err != nil {
			return err
		}
		if last.Blind {
			fmt.Fprintf(e.stdout, "%s  monitor blind: recorded unknown, declared nothing\n", t.Format("01-02 15:04"))
		}
		for _, ev := range last.Events {
			fmt.Fprintf(e.stdout, "%s  %s %s: %s\n", t.Format("01-02 15:04"), ev.Kind, ev.Path, ev.Title)
		}
	}
	o := buildOptions{config: cfgPath, out: filepath.Join(dir, "public")}
	files, err := writeSite(o, cfg, last.Content, measure(last.History, cfg, last.Content, end), end)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "built %d files in %s\n", len(files), o.out)
	return nil
}

// pointAt aims the sample's probes at the simulated services.
func pointAt(cfg *candor.Config, svc *demoServices) {
	for i := range cfg.Components {
		p := cfg.Components[i].Probe
		switch {
		case p == nil:
		case p.HTTP != nil && cfg.Components[i].ID == "api":
			p.HTTP.URL = svc.api.URL + "/health"
			p.HTTP.Expect.MaxLatency = 250 * time.Millisecond
			p.HTTP.Timeout = 3 * time.Second
		case p.HTTP != nil:
			p.HTTP.URL = svc.dash.URL + "/login"
		case p.TCP != nil:
			p.TCP.Address = svc.db.Addr().String()
			p.TCP.Expect = "ready"
			p.TCP.Timeout = time.Second
		case p.TLS != nil:
			p.TLS.Address = hostPort(svc.cdn.URL)
		case p.DNS != nil:
			p.DNS.Resolver = svc.dns.PacketConn.LocalAddr().String()
			p.DNS.Timeout = time.Second
		}
	}
	cfg.Policy.Control = []string{svc.control.URL + "/generate_204"}
	cfg.Policy.Timeout = 3 * time.Second
}

// copySample writes the embedded sample repository into dir, replacing an
// earlier demo but never a folder the demo did not make.
func copySample(dir string) error {
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
	err := fs.WalkDir(candor.Sample(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := fs.ReadFile(candor.Sample(), p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, demoMarker), []byte("made by candor demo\n"), 0o644)
}

// serveSite serves dir on addr until ctx ends.
func serveSite(ctx context.Context, e *env, dir, addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
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
