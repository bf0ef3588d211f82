package main

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/candor-status/candor"
	"github.com/candor-status/candor/config"
	"github.com/candor-status/candor/history"
	"github.com/candor-status/candor/probe"
)

// BenchmarkRound times one whole round of candor run for 50 components
// whose targets answer at once on loopback, over a store already holding
// seven days of 5-minute history: probing, recording, folding,
// reconciling, saving and building the site. With instant targets nearly
// all of it is candor's own overhead.
func BenchmarkRound(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	dir := b.TempDir()
	var cfgText strings.Builder
	cfgText.WriteString("title: Bench\nbase_url: https://status.example/\ncomponents:\n")
	for i := range 50 {
		fmt.Fprintf(&cfgText, "  - id: c%02d\n    group: G%d\n    sla: 99.9\n    probe: {http: {url: %q}}\n", i, i%5, srv.URL+"/health")
	}
	cfgPath := filepath.Join(dir, "candor.yml")
	os.WriteFile(cfgPath, []byte(cfgText.String()), 0o644)
	cfg, problems := config.Parse(cfgPath, []byte(cfgText.String()), nil)
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	seedDays(b, filepath.Join(dir, "data"), cfg, now, 7)
	checker := probe.New(probe.Options{UserAgent: "bench"})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := now.Add(time.Duration(i) * cfg.Interval)
		r, err := localRound(b.Context(), cfgPath, cfg, checker, filepath.Join(dir, "data"), t)
		if err != nil {
			b.Fatal(err)
		}
		o := buildOptions{config: cfgPath, out: filepath.Join(dir, "public")}
		if _, err := writeSite(o, cfg, r.Content, measure(r.History, cfg, r.Content, t), t); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildCommand times candor build end to end as a user runs it:
// 100 components with 90 days of 5-minute history (folded, as a store
// past its raw window is) and 5,000 incident files: reading the config,
// parsing and checking every incident, opening the measurements, building
// the site and writing it to disk.
func BenchmarkBuildCommand(b *testing.B) {
	dir := b.TempDir()
	var cfgText strings.Builder
	cfgText.WriteString("title: Bench\nbase_url: https://status.example/\ncomponents:\n")
	for i := range 100 {
		fmt.Fprintf(&cfgText, "  - id: c%02d\n    group: G%d\n    sla: 99.9\n    probe: {tcp: {address: \"127.0.0.1:1\"}}\n", i, i%5)
	}
	cfgPath := filepath.Join(dir, "candor.yml")
	os.WriteFile(cfgPath, []byte(cfgText.String()), 0o644)
	cfg, problems := config.Parse(cfgPath, []byte(cfgText.String()), nil)
	if len(problems) > 0 {
		b.Fatal(problems)
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	seedDays(b, filepath.Join(dir, "data"), cfg, now, 90)
	os.MkdirAll(filepath.Join(dir, "content/incidents"), 0o755)
	for i := range 5000 {
		t := now.Add(-time.Duration(i) * 4 * time.Hour)
		inc := fmt.Sprintf("---\ntitle: Incident %d\ncomponents: [c%02d]\nimpact: minor\nstarted: %s\nresolved: %s\nupdates:\n  - at: %s\n    status: investigating\n    text: Errors on the API.\n  - at: %s\n    status: resolved\n    text: Fixed.\n---\n",
			i, i%100, t.Format(time.RFC3339), t.Add(time.Hour).Format(time.RFC3339), t.Format(time.RFC3339), t.Add(time.Hour).Format(time.RFC3339))
		os.WriteFile(filepath.Join(dir, "content/incidents", fmt.Sprintf("i%05d.md", i)), []byte(inc), 0o644)
	}
	e := &env{getenv: func(string) string { return "" }, stdout: io.Discard, stderr: io.Discard, now: time.Now}
	args := []string{"--config", cfgPath, "--now", now.Format(time.RFC3339)}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := cmdBuild(b.Context(), e, args); code != 0 {
			b.Fatalf("build = exit %d", code)
		}
	}
}

// seedDays records days of 5-minute results for every component (1%
// down), folds everything past the raw window and saves.
func seedDays(b *testing.B, dir string, cfg *candor.Config, now time.Time, days int) {
	b.Helper()
	store, _, err := history.Open(dir, history.Options{Interval: cfg.Interval, Location: cfg.Location, RawWindow: cfg.Policy.RawWindow})
	if err != nil {
		b.Fatal(err)
	}
	for t := now.Add(-time.Duration(days) * 24 * time.Hour); t.Before(now); t = t.Add(cfg.Interval) {
		round := make([]candor.Result, 0, len(cfg.Components))
		for n, c := range cfg.Components {
			o := candor.Up
			if (t.Unix()/300+int64(n))%100 == 0 {
				o = candor.Down
			}
			round = append(round, candor.Result{Component: c.ID, At: t, Outcome: o, Latency: 40 * time.Millisecond, Attempts: 1})
		}
		store.Record(round)
	}
	store.Fold(now)
	if err := store.Save(); err != nil {
		b.Fatal(err)
	}
}
